"""Weekly analysis over the store: load, matched-pace form, trends and flags, as one report.

This is the layer the CLI's ``report`` and the dashboard share. It reads activity rows and
steady segments (never samples), and calls the pure functions of :mod:`runsense.signal`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from runsense import display
from runsense.attention import attention, red_flags_between
from runsense.baseline import Reference, current_reference
from runsense.coach import weekly_cadence_at_ref
from runsense.errors import InvalidInputError
from runsense.journal import StrengthSession, counts_as_session, strength_kind
from runsense.model import FOOT_SPORTS
from runsense.ostrc import Checkin
from runsense.pain_analysis import entries_frame, pain_association, pain_flags
from runsense.plan import CadencePlan, follow
from runsense.records import ActivityRow, Alert, PainEntry
from runsense.signal import columns as col
from runsense.signal.config import SignalConfig
from runsense.signal.flags import Flag, cap_week, comeback_flags, fatigue_flags, form_flags, ramp_flags, rank, run_balance_flags, spike_flags, start_baseline
from runsense.signal.load import acwr, daily_distance, iso_week, session_spikes, week_monday, weekly_load
from runsense.signal.sensors import DYNAMICS_METRICS, SensorChange, dated_changes, sensor_epochs, weekly_sensors, within_epochs
from runsense.signal.strength import DEFAULT_STRENGTH_TARGET, sessions_per_week, strength_flags
from runsense.signal.summary import running_share
from runsense.signal.terrain import SURFACES, terrain_context, weekly_terrain
from runsense.signal.trends import reference_period, trend_slope, weekly_form
from runsense.store import Store
from runsense.week_report import FormBlock, LoadBlock, PainBlock, PlanBlock, RunLine, StrengthBlock, TerrainBlock, TrendBlock, WeekReport
from runsense.weeks import EARLIEST_DAY, monday_of, parse_week, week_of, week_span

#: form metrics in reports, with display label and unit
FORM_METRICS = {
    "cadence_spm": ("cadence", "spm"),
    "step_length_m": ("step length", "m"),
    "vertical_oscillation_mm": ("vertical oscillation", "mm"),
    "stance_time_ms": ("ground contact time", "ms"),
    "vertical_ratio_pct": ("vertical ratio", "%"),
    "gct_balance_dev_pp": ("GCT balance, distance from 50/50", "pp"),
}
TREND_WINDOWS = (4, 12, 26)
#: below this share of the moving time counted as running, an activity's form figures say what was left out
FORM_BASIS_NOTE_BELOW = 0.9
#: the activity columns an analysis reads (one row per run in ``Analysis.runs``)
RUN_COLUMNS = (
    "id", "source_name", "title", "start_ms", "local_date", "distance_m", "duration_s", "moving_time_s", "avg_speed_mps",
    "avg_heart_rate_bpm", "cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct",
    "stance_time_balance_pct", "shoe_id",
    "cadence_in_band_share", "gct_balance_dev_flat_pp", "surface", "ascent_m_per_km", "steep_share", "sensors", "device",
)  # fmt: skip


@dataclass
class Analysis:
    """Everything weekly, computed once per request."""

    runs: pd.DataFrame
    weeks: pd.DataFrame  # one row per week: load + form at ref
    v_ref_mps: float
    acwr: pd.DataFrame
    flags: list[Flag] = field(default_factory=list)
    config: SignalConfig = field(default_factory=SignalConfig)
    strength_per_week: dict[str, int] = field(default_factory=dict)  # strength and core sessions per ISO week
    terrain: pd.DataFrame = field(default_factory=pd.DataFrame)  # per week: climbing per km, steep share, surface shares
    checkins: dict[str, Checkin] = field(default_factory=dict)  # the weekly OSTRC-O2 check-ins by ISO week
    reference: Reference = field(default_factory=lambda: Reference(float("nan"), "none"))
    sensor_changes: list[SensorChange] = field(default_factory=list)  # new running-dynamics sensors, oldest first

    @property
    def week_ids(self) -> list[str]:
        return list(self.weeks["week"]) if not self.weeks.empty else []


def analyse(store: Store, config: SignalConfig | None = None) -> Analysis:
    """Weekly load, form at reference pace, and every flag, for all running in the store."""
    config = config or SignalConfig()
    with store.snapshot():  # an import committing meanwhile must not add segments of runs not read
        runs = store.activity_table("running", RUN_COLUMNS)
        segments = store.segments("running")
        changes = store.fatigue_changes("running", significant=True)
        strength = sessions_per_week(strength_sessions(store))
        checkins = {c.week: c for c in store.checkins()}
        stored_reference = store.reference_pace()
    if runs.empty:
        return Analysis(runs, pd.DataFrame(), float("nan"), pd.DataFrame(), [], config, strength, checkins=checkins)
    runs = runs.assign(week=iso_week(runs["local_date"]))
    week_of = dict(zip(runs["id"].tolist(), runs["week"].tolist(), strict=True))
    load = weekly_load(runs, config.load)
    if not segments.empty:
        segments = segments.assign(week=_per_activity(segments["activity_id"], week_of))
    reference = current_reference(stored_reference, segments, config)
    v_ref = reference.speed_mps
    form = weekly_form(segments, list(load["week"]), v_ref, config) if not segments.empty else pd.DataFrame({col.WEEK: load["week"]})
    weeks = load.merge(form, on=col.WEEK, how="left")
    weeks[col.QUALIFYING] = weeks.get(col.QUALIFYING, pd.Series(False, index=weeks.index)).fillna(False).astype(bool)
    spikes = session_spikes(runs, config.load)
    runs = runs.merge(spikes, on="id", how="left")
    daily = daily_distance(runs)
    ratios = acwr(daily, config.load)
    flags = spike_flags(spikes, runs, config) + comeback_flags(spikes, runs, config) + ramp_flags(load, config)
    weeks[col.REFERENCE_PERIOD] = _reference_weeks(weeks[col.WEEK], reference, segments, config)
    sensors = weekly_sensors(runs, weeks[col.WEEK])
    epoch, sensor_changes = sensor_epochs(list(weeks[col.WEEK]), sensors)
    sensor_changes = dated_changes(sensor_changes, runs)
    weeks[col.DYNAMICS_SENSOR], weeks[col.SENSOR_EPOCH] = sensors, epoch
    if col.at_ref("cadence_spm") in weeks:
        flags += form_flags(weeks, v_ref, config, weeks[col.REFERENCE_PERIOD].to_numpy(), epoch)
    flags += fatigue_flags(changes, week_of, config)
    flags += run_balance_flags(runs, config)
    terrain = weekly_terrain(runs)
    flags = terrain_context(flags, terrain) + strength_flags(strength, list(load["week"]))
    return Analysis(runs, weeks, v_ref, ratios, rank(flags), config, strength, terrain, checkins, reference, sensor_changes)


def strength_sessions(store: Store) -> list[StrengthSession]:
    """Strength and core sessions, oldest first: logged by hand, and strength activities from the
    watch that count as one (:func:`runsense.journal.counts_as_session`: not a few seconds)."""
    activities = store.activity_table(None, ["id", "local_date", "sport", "sub_sport", "duration_s"])
    from_watch = [
        StrengthSession(a.local_date, round(float(np.nan_to_num(a.duration_s)) / 60, 1), kind, activity_id=a.id)
        for a in activities.itertuples(index=False)
        if (kind := strength_kind(a.sport, a.sub_sport))
        and (counts_as_session(a.duration_s) or counts_as_session(a.duration_s, store.strength_sets(a.id)))  # sets read only for a short one
    ]
    return sorted(store.strength_sessions() + from_watch, key=lambda s: s.local_date)


def _reference_weeks(weeks: pd.Series, reference: Reference, segments: pd.DataFrame, config: SignalConfig) -> pd.Series:
    """The weeks of the reference period (its first 28 days of running), whose form is the start baseline."""
    period = reference if reference.first_day is not None else reference_period(segments, config.cadence.v_ref_days)
    if period is None:
        return pd.Series(False, index=weeks.index)
    first, last = iso_week(pd.Series([period.first_day, period.last_day]))
    return weeks.between(first, last)  # YYYY-Www sorts as text


def _per_activity(activity_ids: pd.Series, value_of: dict[str, str]) -> pd.Categorical:
    """Each segment's activity's value (e.g. its ISO week), looked up once per activity, not per segment."""
    ids = activity_ids.astype("category")
    values, codes = np.unique(np.array([value_of[i] for i in ids.cat.categories], dtype=object), return_inverse=True)
    return pd.Categorical.from_codes(codes[ids.cat.codes.to_numpy()], values)


def weekly_report(
    analysis: Analysis,
    week: str | None = None,
    *,
    pain_entries: list[PainEntry] | None = None,
    alerts: list[Alert] | None = None,
    today: date | None = None,
    units: str = "km",
    plan: CadencePlan | None = None,
) -> WeekReport:
    """One week's report: red flags and open alerts first, then distance, runs, form against the
    band and the baseline, load, trends, the week's pain entries and flags.

    ``week`` is ``YYYY-Www``; default: the current week (``today``'s), with or without running, so
    a red flag logged in a week without runs is never out of sight. Any week up to the current one
    can be asked for; a later one only if it holds runs (a watch with a wrong clock).
    ``units`` (km or mi) is how the report words distances and paces (its JSON also gives every
    distance and pace in both units). A shoe alert raised after the week is not shown on
    it: a past week never shows today's mileage. ``plan``, the cadence plan in force, is judged at
    matched pace in the week (hit / not yet), unless a red flag holds training suggestions back.
    """
    today = today or date.today()
    pain_entries = pain_entries or []
    week = parse_week(week) if week else week_of(today)
    weeks = weeks_through(analysis.weeks, week)
    if week not in set(analysis.week_ids) and monday_of(week) > today:
        raise InvalidInputError(f"week {week} is in the future: this week is {week_of(today)}")
    if week not in set(analysis.week_ids) and monday_of(week) + timedelta(days=6) < EARLIEST_DAY:
        raise InvalidInputError(f"week {week} ended before {EARLIEST_DAY}, the earliest date a watch records: check the year")
    i = int(np.flatnonzero(weeks[col.WEEK].to_numpy() == week)[0])
    row = weeks.iloc[i]
    monday = week_monday(week).date()
    sunday = monday + timedelta(days=6)
    in_week = analysis.runs[analysis.runs["week"] == week] if "week" in analysis.runs else analysis.runs
    week_flags = [f for f in analysis.flags if f.week == week]
    week_pain = [e for e in pain_entries if monday.isoformat() <= e.local_date <= sunday.isoformat()]
    if pain_entries:
        week_flags = rank(week_flags + pain_flags(pain_entries, list(analysis.runs.get("local_date", [])), monday, sunday, analysis.config.pain))
    week_red_flags = red_flags_between(pain_entries, monday, sunday)
    care = attention(pain_entries, alerts or [], today, week_has_red_flag=bool(week_red_flags))
    held_flags = [f for f in week_flags if not f.code.startswith(("RF-", "PAIN-"))] if care.suggestions_held else []
    capped = cap_week([f for f in week_flags if f not in held_flags], analysis.config.form_trend.max_week_flags)
    previous = weeks.iloc[max(0, i - 4) : i]
    return WeekReport(
        red_flags=care.red_flags + [r for r in week_red_flags if r not in care.red_flags],
        alerts=[a for a in care.alerts if not _raised_after(a, sunday)],
        suggestions_held=care.suggestions_held,
        week=week, start=monday, end=sunday, units=units,
        distance_m=float(row["distance_m"]), moving_time_s=float(row["moving_time_s"]), runs=int(row["runs"]),
        usual_distance_m=display.finite(previous["distance_m"].mean()) if len(previous) else None,
        v_ref_mps=analysis.v_ref_mps, reference=analysis.reference,
        qualifying_for_form=bool(row[col.QUALIFYING]),
        form={metric: _form_block(analysis, weeks, i, in_week, metric) for metric in FORM_METRICS},
        load=_load_block(analysis, row, in_week, week, held=bool(care.suggestions_held)),
        trends={n: _trends(weeks.iloc[max(0, i - n + 1) : i + 1]) for n in TREND_WINDOWS},
        activities=[RunLine(r.id, r.local_date, r.distance_m, display.finite(r.cadence_spm), r.spike_category) for r in in_week.itertuples(index=False)],
        pain=_pain_block(week_pain),
        sensor_change=next((c for c in analysis.sensor_changes if c.week == week), None),
        strength=StrengthBlock(analysis.strength_per_week.get(week, 0), DEFAULT_STRENGTH_TARGET),
        cadence_plan=None if care.suggestions_held else _plan_week(analysis, plan, week),
        terrain=_week_terrain(analysis.terrain, week),
        ostrc=analysis.checkins.get(week),
        flags=capped.shown, held_flags=held_flags, flags_held_back=capped.held_back, flags_held_back_note=capped.note,
        message=_week_message(analysis, int(row["runs"])),
    )  # fmt: skip


def _form_block(analysis: Analysis, weeks: pd.DataFrame, i: int, in_week: pd.DataFrame, metric: str) -> FormBlock:
    """One metric's week at reference pace against its usual and its start (NaN-free: None where unknown)."""
    label, unit = FORM_METRICS[metric]
    row, names = weeks.iloc[i], col.of(metric)
    model = row.get(names.method)
    cadence = metric == "cadence_spm"
    return FormBlock(
        metric, label, unit,
        week_average=_weighted(in_week, metric) if metric != "gct_balance_dev_pp" else None,  # no per-run column: only at reference pace
        at_ref=display.finite(row.get(names.at_ref)),
        ci95=(display.finite(row.get(names.ci_low)), display.finite(row.get(names.ci_high))),
        baseline=_baseline_value(weeks, metric, i, analysis.config.form_trend.baseline_weeks),
        start_baseline=_start_value(weeks, metric, i),
        slope_per_mps=display.finite(row.get(names.slope)),
        model=model if isinstance(model, str) else None,
        target_band=tuple(analysis.config.cadence.band_spm) if cadence else None,
        in_band_share=_weighted(in_week, "cadence_in_band_share") if cadence else None,
    )  # fmt: skip


def _load_block(analysis: Analysis, row: pd.Series, in_week: pd.DataFrame, week: str, *, held: bool) -> LoadBlock:
    """The week's ramp, longest run and acute:chronic ratio (none after the last run: no load to compare)."""
    acwr_value = None
    monday = week_monday(week)
    if not analysis.acwr.empty and monday <= analysis.acwr.index.max():
        upto = analysis.acwr.loc[: min(monday + pd.Timedelta(days=6), analysis.acwr.index.max())]
        acwr_value = display.finite(upto["acwr_ewma"].iloc[-1]) if len(upto) else None
    limit = display.finite(analysis.runs["planned_distance_limit_m"].iloc[-1]) if len(analysis.runs) and not held else None
    return LoadBlock(display.finite(row["ramp_ratio"]), display.finite(in_week["distance_m"].max()) if len(in_week) else None, acwr_value, limit)


def _trends(window: pd.DataFrame) -> dict[str, TrendBlock]:
    """Each metric's slope per week over the window's qualifying weeks."""
    out = {}
    for metric in col.FORM_METRICS:
        if col.at_ref(metric) in window:
            t = trend_slope(window[col.at_ref(metric)].where(window[col.QUALIFYING]))
            out[metric] = TrendBlock(display.finite(t.slope_per_week), (display.finite(t.ci_low), display.finite(t.ci_high)), t.is_trend)
    return out


def _pain_block(entries: list[PainEntry]) -> PainBlock:
    mornings = [e.score for e in entries if e.timing == "morning"]
    nudge = None if entries else "No pain entries this week: log your morning back pain with `runsense pain log SCORE --timing morning`."
    return PainBlock(entries, display.finite(np.mean(mornings)) if mornings else None, nudge)


def _plan_week(analysis: Analysis, plan: CadencePlan | None, week: str) -> PlanBlock | None:
    """The plan's step in ``week`` and whether the week reached it at matched pace; None before the plan."""
    if plan is None or week < plan.start_week:  # YYYY-Www sorts as text
        return None
    weekly, _ = weekly_cadence_at_ref(analysis)
    progress = follow(plan, weekly, week)
    return PlanBlock(progress.weeks[-1], tuple(plan.targets_spm), progress.metronome_spm, plan.start_week)


def _week_message(analysis: Analysis, runs: int) -> str | None:
    """A line for a week without runs: what to do when there is no running at all."""
    if analysis.runs.empty:
        return "No running yet: import your watch files with `runsense import PATH`."
    return "No runs this week." if runs == 0 else None


def weeks_through(weeks: pd.DataFrame, week: str) -> pd.DataFrame:
    """The analysis's weeks, extended with empty weeks (no runs, no form) to reach ``week``
    (before the first run, after the last, or in a store without running)."""
    if week in set(weeks.get("week", [])):
        return weeks
    known = list(weeks["week"]) if not weeks.empty else []
    span = week_span(min([week, *known[:1]]), max([week, *known[-1:]]))
    base = weeks.set_index(col.WEEK) if known else pd.DataFrame(columns=["distance_m", "moving_time_s", "runs", "ramp_ratio", col.QUALIFYING])
    out = base.reindex(span)
    out[["distance_m", "moving_time_s", "runs"]] = out[["distance_m", "moving_time_s", "runs"]].astype(float).fillna(0.0)
    out[col.QUALIFYING] = out[col.QUALIFYING].astype("boolean").fillna(False).astype(bool)
    return out.rename_axis(col.WEEK).reset_index()


def _week_terrain(terrain: pd.DataFrame, week: str) -> TerrainBlock:
    """One week's climbing per km, steep share and surface shares of distance (None where unknown)."""
    rows = terrain[terrain["week"] == week] if not terrain.empty else terrain
    if rows.empty:
        return TerrainBlock()
    row = rows.iloc[0]
    surfaces = {s: share for s in SURFACES if (share := display.finite(row.get(f"{s}_share"))) is not None and share > 0}
    return TerrainBlock(display.finite(row["ascent_m_per_km"]), display.finite(row["steep_share"]), surfaces)


def _raised_after(alert: Alert, sunday: date) -> bool:
    """A shoe alert raised after the week's Sunday: the mileage it names was not reached that week."""
    return alert.kind == "shoe_mileage" and alert.created_at[:10] > sunday.isoformat()


def _weighted(runs: pd.DataFrame, column: str) -> float | None:
    if runs.empty or column not in runs:
        return None
    values = pd.to_numeric(runs[column], errors="coerce").to_numpy(dtype=float)
    weights = runs["moving_time_s"].fillna(0).to_numpy(dtype=float)
    ok = np.isfinite(values) & (weights > 0)
    return float((values[ok] * weights[ok]).sum() / weights[ok].sum()) if ok.any() else None


def _sensor_epoch(weeks: pd.DataFrame, metric: str) -> np.ndarray:
    """Each week's stretch of one running-dynamics sensor for ``metric`` (all one stretch for the
    metrics the sensor does not decide); weeks added without runs keep the stretch before them."""
    if metric not in DYNAMICS_METRICS or col.SENSOR_EPOCH not in weeks:
        return np.zeros(len(weeks), dtype=int)
    return weeks[col.SENSOR_EPOCH].astype(float).ffill().fillna(0).to_numpy(dtype=int)


def _baseline_value(weeks: pd.DataFrame, metric: str, i: int, n: int) -> float | None:
    column = col.at_ref(metric)
    if column not in weeks:
        return None
    epoch = _sensor_epoch(weeks, metric)
    history = weeks.iloc[:i][epoch[:i] == epoch[i]]
    values = history.loc[history[col.QUALIFYING], column].dropna().tail(n)
    return display.finite(values.mean()) if len(values) >= 2 else None


def _start_value(weeks: pd.DataFrame, metric: str, i: int) -> float | None:
    column = col.at_ref(metric)
    if column not in weeks:
        return None
    values, q = weeks[column].to_numpy(dtype=float), weeks[col.QUALIFYING].to_numpy(dtype=bool)
    in_start = weeks[col.REFERENCE_PERIOD].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return display.finite(within_epochs(lambda part: start_baseline(values[part], q[part], in_start[part]), _sensor_epoch(weeks, metric))[i])


def form_basis(store: Store, row: ActivityRow, config: SignalConfig | None = None) -> dict[str, Any]:
    """What an activity's form averages were taken over: the share of its moving time counted as
    running, and a line saying what was left out when that was not nearly all of it.

    The share is stored at import; for activities imported before it was, it is computed from the
    stored samples (one read), with the validity thresholds of ``config``.
    """
    validity = (config or SignalConfig()).validity
    share = (row.metrics or {}).get("running_share")
    if share is None and row.sport in FOOT_SPORTS:
        share = running_share(store.records(row.id), validity)
    share = display.finite(share)
    note = None
    if share and share < FORM_BASIS_NOTE_BELOW:
        note = (f"Form figures are from the {share:.0%} of the moving time that was running (at least {validity.min_run_speed_mps:g} m/s "
                f"and {validity.min_run_spm:g} spm, or the "
                f"watch's running flag); the other {1 - share:.0%}, walking or standing, is left out.")  # fmt: skip
    elif not share and row.sport in FOOT_SPORTS:
        note = "No form figures: no part of it was recognised as running (that needs the watch's running flag, or speed with cadence)."
    return {"running_share": share, "note": note}


def pain_insights(store: Store, analysis: Analysis | None = None, config: SignalConfig | None = None) -> dict[str, Any]:
    """The n-of-1 association between training and next-morning pain (spec §7.6), as plain data:
    load, form at the reference pace, hills and strength work against the next morning's pain.
    ``analysis``: the store's, if already made (else one is, with ``config``)."""
    analysis = analysis or analyse(store, config)
    entries = entries_frame(store.pain_entries())
    if entries.empty or analysis.runs.empty:
        return pain_association(pd.DataFrame(), pd.Series(dtype=float), analysis.config.correlation).to_dict()
    mornings = entries[entries["timing"] == "morning"]
    morning = mornings.groupby(pd.to_datetime(mornings["local_date"]))["score"].max().astype(float)
    runs = analysis.runs.merge(run_form_at_ref(store.segments("running"), analysis), left_on="id", right_index=True, how="left")
    runs = runs.assign(day=pd.to_datetime(runs["local_date"]), minutes=runs["moving_time_s"].fillna(0) / 60)
    daily = runs.groupby("day").agg(
        distance_km=("distance_m", lambda d: d.sum() / 1000), duration_min=("minutes", "sum"), spike_ratio=("spike_ratio", "max"),
        ascent_m_per_km=("ascent_m_per_km", "mean"), steep_share=("steep_share", "mean"),
        **{column: (column, "mean") for column in _AT_REF_EXPOSURES.values()},
    )  # fmt: skip
    daily["spike_ratio"] = daily["spike_ratio"].clip(lower=0).fillna(0)
    strength = pd.Series(1.0, index=pd.to_datetime([s.local_date for s in strength_sessions(store)])).groupby(level=0).sum()
    daily = daily.join(strength.rename("strength_sessions"), how="outer").apply(pd.to_numeric, errors="coerce").astype(float)
    return pain_association(daily, morning, analysis.config.correlation).to_dict()


#: per-run form at the reference pace used as §7.6 exposures: segment column → exposure name
_AT_REF_EXPOSURES = {
    "cadence_spm": "cadence_at_ref_spm",
    "vertical_oscillation_mm": "vertical_oscillation_at_ref_mm",
    "stance_time_ms": "stance_time_at_ref_ms",
    "gct_balance_dev_pp": "gct_balance_dev_pp",
}


def segments_at_ref(segments: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """Steady segments with each form metric moved to the reference pace along its week's speed
    model (the slope the weekly values use): ``activity_id``, ``local_date``, ``duration_s`` and one
    column per metric of :data:`FORM_METRICS`. Empty without weekly models."""
    if segments.empty or analysis.weeks.empty or not math.isfinite(analysis.v_ref_mps):
        return pd.DataFrame(columns=["activity_id", "local_date", "duration_s", *FORM_METRICS])
    week_of = dict(zip(analysis.runs["id"], analysis.runs["week"], strict=True))
    weeks = analysis.weeks.set_index(col.WEEK)
    week = segments["activity_id"].astype(str).map(week_of)
    frame = segments[week.notna()]
    week = week[week.notna()]
    out = {"activity_id": frame["activity_id"].astype(str), "local_date": frame["local_date"].astype(str), "duration_s": frame["duration_s"]}
    for metric in FORM_METRICS:
        slope = week.map(weeks[col.slope(metric)]).fillna(0.0) if col.slope(metric) in weeks else 0.0
        out[metric] = frame[metric] - slope * (frame["speed_mps"] - analysis.v_ref_mps)
    return pd.DataFrame(out)


def run_form_at_ref(segments: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """Each run's form at the reference pace: the median of its steady segments moved along its
    week's speed model to ``v_ref``. One row per activity id, named as §7.6 exposures."""
    adjusted = segments_at_ref(segments, analysis)
    if adjusted.empty:
        return pd.DataFrame(columns=list(_AT_REF_EXPOSURES.values()))
    return adjusted.groupby("activity_id")[list(_AT_REF_EXPOSURES)].median().rename(columns=_AT_REF_EXPOSURES)
