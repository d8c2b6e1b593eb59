"""Weekly analysis over the store: load, matched-pace form, trends and flags, as one report.

This is the layer the CLI's ``report`` and the dashboard share. It reads activity rows and
steady segments (never samples), and calls the pure functions of :mod:`runsense.signal`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from runsense import display
from runsense.attention import attention, red_flags_between
from runsense.baseline import Reference, current_reference
from runsense.coach import weekly_cadence_at_ref
from runsense.errors import InvalidInputError
from runsense.guidance import DISCLAIMER, red_flag_guidance
from runsense.journal import StrengthSession, strength_kind
from runsense.model import FOOT_SPORTS
from runsense.ostrc import Checkin
from runsense.pain_analysis import entries_frame, pain_association, pain_flags
from runsense.plan import CadencePlan, follow
from runsense.records import ActivityRow, Alert, PainEntry
from runsense.signal.config import SignalConfig
from runsense.signal.flags import Flag, cap_week, comeback_flags, fatigue_flags, form_flags, ramp_flags, rank, run_balance_flags, spike_flags, start_baseline
from runsense.signal.load import acwr, daily_distance, iso_week, session_spikes, week_monday, weekly_load
from runsense.signal.sensors import DYNAMICS_METRICS, SensorChange, dated_changes, sensor_epochs, weekly_sensors, within_epochs
from runsense.signal.strength import DEFAULT_STRENGTH_TARGET, sessions_per_week, strength_flags
from runsense.signal.summary import running_share
from runsense.signal.terrain import SURFACES, terrain_context, weekly_terrain
from runsense.signal.trends import MATCHED_METRICS, reference_period, trend_slope, weekly_form
from runsense.store import Store
from runsense.weeks import monday_of, parse_week, week_of, week_span

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
    form = weekly_form(segments, list(load["week"]), v_ref, config) if not segments.empty else pd.DataFrame({"week": load["week"]})
    weeks = load.merge(form, on="week", how="left")
    weeks["qualifying"] = weeks.get("qualifying", pd.Series(False, index=weeks.index)).fillna(False).astype(bool)
    spikes = session_spikes(runs, config.load)
    runs = runs.merge(spikes, on="id", how="left")
    daily = daily_distance(runs)
    ratios = acwr(daily, config.load)
    flags = spike_flags(spikes, runs) + comeback_flags(spikes, runs, config) + ramp_flags(load, config)
    weeks["reference_period"] = _reference_weeks(weeks["week"], reference, segments, config)
    sensors = weekly_sensors(runs, weeks["week"])
    epoch, sensor_changes = sensor_epochs(list(weeks["week"]), sensors)
    sensor_changes = dated_changes(sensor_changes, runs)
    weeks["dynamics_sensor"], weeks["sensor_epoch"] = sensors, epoch
    if "cadence_spm_at_ref" in weeks:
        flags += form_flags(weeks, v_ref, config, weeks["reference_period"].to_numpy(), epoch)
    flags += fatigue_flags(changes, week_of, config)
    flags += run_balance_flags(runs, config)
    terrain = weekly_terrain(runs)
    flags = terrain_context(flags, terrain) + strength_flags(strength, list(load["week"]))
    return Analysis(runs, weeks, v_ref, ratios, rank(flags), config, strength, terrain, checkins, reference, sensor_changes)


def strength_sessions(store: Store) -> list[StrengthSession]:
    """Strength and core sessions, oldest first: logged by hand, and strength activities from the watch."""
    activities = store.activity_table(None, ["id", "local_date", "sport", "sub_sport", "duration_s"])
    from_watch = [
        StrengthSession(a.local_date, round(float(np.nan_to_num(a.duration_s)) / 60, 1), kind, activity_id=a.id)
        for a in activities.itertuples(index=False)
        if (kind := strength_kind(a.sport, a.sub_sport))
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
) -> dict[str, Any]:
    """One week's report: red flags and open alerts first, then distance, runs, form against the
    band and the baseline, load, trends, the week's pain entries and flags.

    ``week`` is ``YYYY-Www``; default: the current week (``today``'s), with or without running, so
    a red flag logged in a week without runs is never out of sight. Any week up to the current one
    can be asked for; a later one only if it holds runs (a watch with a wrong clock).
    ``units`` (km or mi) is how the reference pace is written; every distance and pace is also
    given in both units (``*_km``, ``*_mi``). A shoe alert raised after the week is not shown on
    it: a past week never shows today's mileage. ``plan``, the cadence plan in force, is judged at
    matched pace in the week (hit / not yet), unless a red flag holds training suggestions back.
    """
    today = today or date.today()
    pain_entries = pain_entries or []
    week = parse_week(week) if week else week_of(today)
    weeks = weeks_through(analysis.weeks, week)
    if week not in set(analysis.week_ids) and monday_of(week) > today:
        raise InvalidInputError(f"week {week} is in the future: this week is {week_of(today)}")
    i = int(np.flatnonzero(weeks["week"].to_numpy() == week)[0])
    row = weeks.iloc[i]
    monday = week_monday(week)
    in_week = analysis.runs[analysis.runs["week"] == week] if "week" in analysis.runs else analysis.runs
    previous = weeks.iloc[max(0, i - 4) : i]
    form = {}
    for metric, (label, unit) in FORM_METRICS.items():
        at_ref = _num(row.get(f"{metric}_at_ref"))
        baseline = _baseline_value(weeks, metric, i, analysis.config.form_trend.baseline_weeks)
        start = _start_value(weeks, metric, i)
        raw_column = {"gct_balance_dev_pp": None}.get(metric, metric)
        raw = _weighted(in_week, raw_column) if raw_column else None
        form[metric] = {
            "label": label, "unit": unit, "week_average": raw, "at_ref": at_ref,
            "ci95": [_num(row.get(f"{metric}_ci_low")), _num(row.get(f"{metric}_ci_high"))],
            "baseline": baseline, "change": None if at_ref is None or baseline is None else at_ref - baseline,
            "start_baseline": start, "change_from_start": None if at_ref is None or start is None else at_ref - start,
            "slope_per_mps": _num(row.get(f"{metric}_slope")), "model": row.get(f"{metric}_method"),
        }  # fmt: skip
    form["cadence_spm"]["target_band"] = list(analysis.config.cadence.band_spm)
    form["cadence_spm"]["in_band_share"] = _weighted(in_week, "cadence_in_band_share")
    week_flags = [f for f in analysis.flags if f.week == week]
    sunday_date = (monday + pd.Timedelta(days=6)).date()
    week_pain = [e for e in pain_entries if monday.date().isoformat() <= e.local_date <= sunday_date.isoformat()]
    if pain_entries:
        week_flags = rank(week_flags + pain_flags(pain_entries, list(analysis.runs.get("local_date", [])), monday.date(), sunday_date))
    week_red_flags = red_flags_between(pain_entries, monday.date(), sunday_date)
    care = attention(pain_entries, alerts or [], today, week_has_red_flag=bool(week_red_flags))
    red_flags = care.red_flags + [r for r in week_red_flags if r not in care.red_flags]
    held_flags = [f for f in week_flags if not f.code.startswith(("RF-", "PAIN-"))] if care.suggestions_held else []
    capped = cap_week([f for f in week_flags if f not in held_flags], analysis.config.form_trend.max_week_flags)
    acwr_value = None
    if not analysis.acwr.empty and monday <= analysis.acwr.index.max():  # after the last run there is no load to compare
        sunday = monday + pd.Timedelta(days=6)
        upto = analysis.acwr.loc[: min(sunday, analysis.acwr.index.max())]
        acwr_value = _num(upto["acwr_ewma"].iloc[-1]) if len(upto) else None
    trends = {}
    for n in TREND_WINDOWS:
        window = weeks.iloc[max(0, i - n + 1) : i + 1]
        trends[f"{n}_weeks"] = {
            m: (lambda t: {"slope_per_week": _num(t.slope_per_week), "ci95": [_num(t.ci_low), _num(t.ci_high)], "is_trend": t.is_trend})(
                trend_slope(window[f"{m}_at_ref"].where(window["qualifying"]))
            )
            for m in MATCHED_METRICS
            if f"{m}_at_ref" in window
        }
    usual_m = _num(previous["distance_m"].mean()) if len(previous) else None
    longest_m = _num(in_week["distance_m"].max()) if len(in_week) else None
    return {
        "disclaimer": DISCLAIMER,
        "red_flag_guidance": red_flag_guidance(),
        "week": week,
        "start": monday.date().isoformat(),
        "end": (monday + pd.Timedelta(days=6)).date().isoformat(),
        "units": units,
        "distance_m": float(row["distance_m"]),
        **display.distance_fields("distance", row["distance_m"]),
        "moving_time_s": float(row["moving_time_s"]),
        "runs": int(row["runs"]),
        "usual_distance_m": usual_m,
        **display.distance_fields("usual_distance", usual_m),
        "reference_pace": display.pace(analysis.v_ref_mps, units),
        "reference": analysis.reference.to_dict(),
        "v_ref_mps": _num(analysis.v_ref_mps),
        **{f"reference_{k}": v for k, v in display.pace_fields(analysis.v_ref_mps).items()},
        "qualifying_for_form": bool(row["qualifying"]),
        "form": form,
        "load": {
            "ramp_ratio": _num(row["ramp_ratio"]),
            "longest_run_m": longest_m,
            **display.distance_fields("longest_run", longest_m),
            "acwr_ewma": acwr_value,
            "acwr_note": "ACWR is shown as information only: in 5,205 runners its spikes were not linked to injury [27].",
            "next_long_run_limit_m": _num(analysis.runs["planned_distance_limit_m"].iloc[-1]) if len(analysis.runs) and not care.suggestions_held else None,
        },
        "trends": trends,
        "activities": [
            {"id": r.id, "start_time": r.local_date, "distance_m": r.distance_m, **display.distance_fields("distance", r.distance_m),
             "cadence_spm": _num(r.cadence_spm), "spike_category": r.spike_category}
            for r in in_week.itertuples(index=False)
        ],
        "pain": {
            "entries": [e.to_dict() for e in week_pain],
            "morning_average": _num(np.mean([e.score for e in week_pain if e.timing == "morning"])) if any(e.timing == "morning" for e in week_pain) else None,
            "nudge": None if week_pain else "No pain entries this week: log your morning back pain with `runsense pain log SCORE --timing morning`.",
        },
        "sensor_change": next((c.to_dict() for c in analysis.sensor_changes if c.week == week), None),
        "strength": {"sessions": analysis.strength_per_week.get(week, 0), "target_per_week": list(DEFAULT_STRENGTH_TARGET)},
        "cadence_plan": None if care.suggestions_held else _plan_week(analysis, plan, week),
        "terrain": _week_terrain(analysis.terrain, week),
        "ostrc": analysis.checkins[week].to_dict() if week in analysis.checkins else None,
        "red_flags": [r.to_dict() for r in red_flags],
        "alerts": [asdict(a) for a in care.alerts if not _raised_after(a, sunday_date)],
        "suggestions_held": care.suggestions_held,
        "held_flags": [f.to_dict() for f in held_flags],
        "flags": [f.to_dict() for f in capped.shown],
        "flags_held_back": {"count": len(capped.held_back), "codes": [f.code for f in capped.held_back], "note": capped.note},
        "message": _week_message(analysis, int(row["runs"])),
    }


def _plan_week(analysis: Analysis, plan: CadencePlan | None, week: str) -> dict[str, Any] | None:
    """The plan's step in ``week`` and whether the week reached it at matched pace; None before the plan."""
    if plan is None or week < plan.start_week:  # YYYY-Www sorts as text
        return None
    weekly, _ = weekly_cadence_at_ref(None, analysis)
    progress = follow(plan, weekly, week)
    return progress.weeks[-1].to_dict() | {"targets_spm": list(plan.targets_spm), "metronome_spm": progress.metronome_spm, "start_week": plan.start_week}


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
    base = weeks.set_index("week") if known else pd.DataFrame(columns=["distance_m", "moving_time_s", "runs", "ramp_ratio", "qualifying"])
    out = base.reindex(span)
    out[["distance_m", "moving_time_s", "runs"]] = out[["distance_m", "moving_time_s", "runs"]].astype(float).fillna(0.0)
    out["qualifying"] = out["qualifying"].astype("boolean").fillna(False).astype(bool)
    return out.rename_axis("week").reset_index()


def _week_terrain(terrain: pd.DataFrame, week: str) -> dict[str, Any]:
    """One week's climbing per km, steep share and surface shares of distance (None where unknown)."""
    rows = terrain[terrain["week"] == week] if not terrain.empty else terrain
    if rows.empty:
        return {"ascent_m_per_km": None, "steep_share": None, "surfaces": {}}
    row = rows.iloc[0]
    surfaces = {s: share for s in SURFACES if (share := _num(row.get(f"{s}_share"))) is not None and share > 0}
    return {"ascent_m_per_km": _num(row["ascent_m_per_km"]), "steep_share": _num(row["steep_share"]), "surfaces": surfaces}


def _raised_after(alert: Alert, sunday: date) -> bool:
    """A shoe alert raised after the week's Sunday: the mileage it names was not reached that week."""
    return alert.kind == "shoe_mileage" and alert.created_at[:10] > sunday.isoformat()


def _num(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


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
    if metric not in DYNAMICS_METRICS or "sensor_epoch" not in weeks:
        return np.zeros(len(weeks), dtype=int)
    return weeks["sensor_epoch"].astype(float).ffill().fillna(0).to_numpy(dtype=int)


def _baseline_value(weeks: pd.DataFrame, metric: str, i: int, n: int) -> float | None:
    column = f"{metric}_at_ref"
    if column not in weeks:
        return None
    epoch = _sensor_epoch(weeks, metric)
    history = weeks.iloc[:i][epoch[:i] == epoch[i]]
    values = history.loc[history["qualifying"], column].dropna().tail(n)
    return _num(values.mean()) if len(values) >= 2 else None


def _start_value(weeks: pd.DataFrame, metric: str, i: int) -> float | None:
    column = f"{metric}_at_ref"
    if column not in weeks:
        return None
    values, q = weeks[column].to_numpy(dtype=float), weeks["qualifying"].to_numpy(dtype=bool)
    in_start = weeks["reference_period"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return _num(within_epochs(lambda part: start_baseline(values[part], q[part], in_start[part]), _sensor_epoch(weeks, metric))[i])


def form_basis(store: Store, row: ActivityRow) -> dict[str, Any]:
    """What an activity's form averages were taken over: the share of its moving time counted as
    running, and a line saying what was left out when that was not nearly all of it.

    The share is stored at import; for activities imported before it was, it is computed from the
    stored samples (one read).
    """
    share = (row.metrics or {}).get("running_share")
    if share is None and row.sport in FOOT_SPORTS:
        share = running_share(store.records(row.id))
    share = _num(share)
    note = None
    if share and share < FORM_BASIS_NOTE_BELOW:
        note = (f"Form figures are from the {share:.0%} of the moving time that was running (at least 1.8 m/s and 130 spm, or the "
                f"watch's running flag); the other {1 - share:.0%}, walking or standing, is left out.")  # fmt: skip
    elif not share and row.sport in FOOT_SPORTS:
        note = "No form figures: no part of it was recognised as running (that needs the watch's running flag, or speed with cadence)."
    return {"running_share": share, "note": note}


def pain_insights(store: Store, analysis: Analysis | None = None) -> dict[str, Any]:
    """The n-of-1 association between training and next-morning pain (spec §7.6), as plain data:
    load, form at the reference pace, hills and strength work against the next morning's pain."""
    analysis = analysis or analyse(store)
    entries = entries_frame(store.pain_entries())
    if entries.empty or analysis.runs.empty:
        return pain_association(pd.DataFrame(), pd.Series(dtype=float)).to_dict()
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
    return pain_association(daily, morning).to_dict()


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
    weeks = analysis.weeks.set_index("week")
    week = segments["activity_id"].astype(str).map(week_of)
    frame = segments[week.notna()]
    week = week[week.notna()]
    out = {"activity_id": frame["activity_id"].astype(str), "local_date": frame["local_date"].astype(str), "duration_s": frame["duration_s"]}
    for metric in FORM_METRICS:
        slope = week.map(weeks[f"{metric}_slope"]).fillna(0.0) if f"{metric}_slope" in weeks else 0.0
        out[metric] = frame[metric] - slope * (frame["speed_mps"] - analysis.v_ref_mps)
    return pd.DataFrame(out)


def run_form_at_ref(segments: pd.DataFrame, analysis: Analysis) -> pd.DataFrame:
    """Each run's form at the reference pace: the median of its steady segments moved along its
    week's speed model to ``v_ref``. One row per activity id, named as §7.6 exposures."""
    adjusted = segments_at_ref(segments, analysis)
    if adjusted.empty:
        return pd.DataFrame(columns=list(_AT_REF_EXPOSURES.values()))
    return adjusted.groupby("activity_id")[list(_AT_REF_EXPOSURES)].median().rename(columns=_AT_REF_EXPOSURES)
