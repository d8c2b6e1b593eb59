"""Two periods side by side, as a physio compares them: "the 6 weeks before cadence work vs the 6 after".

Form is compared at the runner's reference pace (each segment moved along its week's speed
model, the 42-day one the weekly values use, then the period's time-weighted median), so a period
run slower does not look like a form change. (A model fitted on each period alone was tried and
dropped: on the demo story, whose true contact time did not change between the two periods, it
showed a "clear" rise of 19 ms, because a period that drifts is a poor basis for a speed slope.) CIs resample whole runs (a run's segments are not
independent), and a change is called clear only when the 95 % CI of the difference excludes 0. Pain is compared with the spec's
minimal clinically important change (§7.1: 2 points or 30 % of the earlier period's median).
Load, flags, shoes and strength work come alongside, never as a verdict.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from runsense.analysis import FORM_METRICS, analyse, segments_at_ref, strength_sessions
from runsense.errors import InvalidInputError
from runsense.guidance import DISCLAIMER
from runsense.journal import Marker
from runsense.pain_analysis import pain_flags
from runsense.records import PainEntry
from runsense.signal.config import PainConfig, SignalConfig
from runsense.signal.sensors import DYNAMICS_METRICS, SensorChange
from runsense.signal.strength import sessions_per_week
from runsense.store import Store
from runsense.weeks import EARLIEST_DAY


@dataclass(frozen=True, slots=True)
class Period:
    """Dates ``start`` to ``end``, both included."""

    start: date
    end: date

    @classmethod
    def parse(cls, text: str, *, what: str = "period", today: date | None = None) -> Period:
        """``YYYY-MM-DD..YYYY-MM-DD``; InvalidInputError saying what is wrong."""
        first, sep, last = text.partition("..")
        try:
            start, end = date.fromisoformat(first.strip()), date.fromisoformat(last.strip())
        except ValueError:
            raise InvalidInputError(f"the {what} must be written FROM..TO with dates YYYY-MM-DD, e.g. 2026-09-01..2026-10-12, not {text!r}") from None
        if not sep:
            raise InvalidInputError(f"the {what} must be written FROM..TO, not {text!r}")
        period = cls(start, end)
        period.check(what, today)
        return period.until(today)

    def check(self, what: str = "period", today: date | None = None) -> None:
        """InvalidInputError when the period ends before it starts, starts in the future, or starts
        before any watch recorded (a 1900 would stretch every chart over a century)."""
        if self.start > (today or date.today()):
            raise InvalidInputError(f"the {what} starts in the future ({self.start})")
        if self.start < EARLIEST_DAY:
            raise InvalidInputError(f"the {what} starts ({self.start}) before {EARLIEST_DAY}, the earliest date a watch records: check the year")
        if self.end < self.start:
            raise InvalidInputError(f"the {what} ends ({self.end}) before it starts ({self.start})")

    def until(self, today: date | None = None) -> Period:
        """The period, ending today at the latest: days still to come hold no runs, and counting
        them would dilute every weekly average."""
        today = today or date.today()
        return self if self.end <= today else Period(self.start, today)

    @property
    def days(self) -> int:
        """Calendar days covered."""
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return f"{self.start}..{self.end}"


@dataclass(frozen=True, slots=True)
class FormAtRef:
    """One form metric of a period at the reference pace: the median and its 95 % CI."""

    metric: str
    label: str
    unit: str
    value: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True, slots=True)
class PainSummary:
    """A period's pain log: how much was logged, its median, and the days at 3/10 or more."""

    entries: int
    median: float | None
    days_at_least_3: int
    days_logged: int
    red_flags: int


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """Everything compared, for one period."""

    period: Period
    runs: int
    distance_m: float
    distance_per_week_m: float
    longest_run_m: float | None
    form: tuple[FormAtRef, ...]
    pain: PainSummary
    flags: dict[str, int]  # code → how many times it fired in the period
    shoes: dict[str, float]  # shoe name → distance run in it in the period
    strength_per_week: float


@dataclass(frozen=True, slots=True)
class FormChange:
    """After minus before, at reference pace, with its 95 % CI; ``clear`` when the CI excludes 0."""

    metric: str
    label: str
    unit: str
    change: float | None
    ci_low: float | None
    ci_high: float | None
    clear: bool


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two periods, what changed between them, and the markers that fall in or between them."""

    before: PeriodSummary
    after: PeriodSummary
    reference_speed_mps: float
    form_changes: tuple[FormChange, ...]
    pain_change: float | None  # median after minus before
    pain_change_matters: bool | None  # beyond the MCID (None: not enough pain logged)
    markers: tuple[Marker, ...]
    sensor_change: SensorChange | None = None  # a new dynamics sensor within the periods: its metrics are compared from its first day
    disclaimer: str = DISCLAIMER

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        out = asdict(self)
        for side in ("before", "after"):
            out[side]["period"] = {"start": str(getattr(self, side).period.start), "end": str(getattr(self, side).period.end)}
        return out


def compare(store: Store, before: Period, after: Period, config: SignalConfig | None = None) -> Comparison:
    """Compare two periods of the store. InvalidInputError when they overlap or one holds no data."""
    if before.end >= after.start and after.end >= before.start:
        raise InvalidInputError(f"the periods overlap ({before} and {after}): compare two separate stretches of time")
    config = config or SignalConfig()
    analysis = analyse(store, config)
    with store.snapshot():
        segments = store.segments("running")
        pain = store.pain_entries()
        shoes = {s.id: s.name for s in store.shoes()}
        markers = store.markers()
        strength = sessions_per_week(strength_sessions(store))
    runs = analysis.runs
    for period, what in ((before, "before"), (after, "after")):
        if not _has_data(runs, pain, period):
            span = f"your running spans {runs['local_date'].min()} to {runs['local_date'].max()}" if len(runs) else "there is no running yet"
            raise InvalidInputError(f"no runs and no pain entries in the {what} period {period}: {span}")
    low, high = min(before.start, after.start), max(before.end, after.end)
    sensor_change = _sensor_change_within(analysis.sensor_changes, runs, low.isoformat(), high.isoformat())
    form = _form_by_period(segments_at_ref(segments, analysis), [before, after], sensor_change.first_day if sensor_change else None)
    summaries = [_summary(period, runs, pain, shoes, strength, analysis.flags, form.get(i, ((), {}))[0], analysis.config.pain) for i, period in enumerate((before, after))]
    draws = [form.get(i, ((), {}))[1] for i in range(2)]
    changes = tuple(_change(b, a, draws[0].get(b.metric), draws[1].get(a.metric)) for b, a in zip(summaries[0].form, summaries[1].form, strict=True))
    in_span = tuple(m for m in markers if low.isoformat() <= m.local_date <= high.isoformat())
    b_pain, a_pain = summaries[0].pain.median, summaries[1].pain.median
    pain_change = None if b_pain is None or a_pain is None else a_pain - b_pain
    mcid = analysis.config.pain  # spec §7.1: the smallest change in back pain that matters to the person who has it
    matters = None if pain_change is None else abs(pain_change) >= mcid.mcid_points or (b_pain > 0 and abs(pain_change) >= mcid.mcid_pct / 100 * b_pain)
    return Comparison(summaries[0], summaries[1], analysis.v_ref_mps, changes, pain_change, matters, in_span, sensor_change)


def _sensor_change_within(changes: list[SensorChange], runs: pd.DataFrame, low: str, high: str) -> SensorChange | None:
    """The last new running-dynamics sensor that took over inside ``low..high`` after some running
    in it (a span that starts with the new sensor compares like with like)."""
    days = runs["local_date"] if len(runs) else pd.Series(dtype=str)
    for change in reversed(changes):
        if low < change.first_day <= high and ((days >= low) & (days < change.first_day)).any():
            return change
    return None


def _has_data(runs: pd.DataFrame, pain: list[PainEntry], period: Period) -> bool:
    lo, hi = period.start.isoformat(), period.end.isoformat()
    ran = bool(len(runs)) and bool(((runs["local_date"] >= lo) & (runs["local_date"] <= hi)).any())
    return ran or any(lo <= e.local_date <= hi for e in pain)


def _form_by_period(adjusted: pd.DataFrame, periods: list[Period], dynamics_from: str | None = None) -> dict[int, tuple[tuple[FormAtRef, ...], dict[str, np.ndarray]]]:
    """Each period's form at the reference pace: the time-weighted median of its segments, each
    moved to ``v_ref`` along its week's speed model (as the weekly values are), with bootstrap
    draws that resample whole runs (segments of one run are not independent: a CI over segments
    would call every wiggle a change). The metrics a new sensor measures differently (§4.3) count
    only from ``dynamics_from``, the first day on it, so no change of sensor passes for one of form."""
    rng = np.random.default_rng(20261130)  # fixed: the same store gives the same CIs
    out = {}
    for i, period in enumerate(periods):
        inside = adjusted[(adjusted["local_date"] >= period.start.isoformat()) & (adjusted["local_date"] <= period.end.isoformat())]
        if inside.empty:
            continue
        runs = pd.factorize(inside["activity_id"])[0]
        weights = inside["duration_s"].to_numpy(dtype=float)
        forms, draws = [], {}
        for metric, (label_text, unit) in FORM_METRICS.items():
            values = inside[metric].to_numpy(dtype=float)
            if dynamics_from is not None and metric in DYNAMICS_METRICS:
                values = np.where(inside["local_date"].to_numpy(dtype=str) >= dynamics_from, values, np.nan)
            ok = np.isfinite(values) & (weights > 0)
            value = _weighted_median(values[ok], weights[ok]) if ok.any() else None
            medians = _run_bootstrap(values, weights, runs, rng)
            low, high = (None, None) if medians is None else (float(np.percentile(medians, 2.5)), float(np.percentile(medians, 97.5)))
            forms.append(FormAtRef(metric, label_text, unit, value, low, high))
            if medians is not None:
                draws[metric] = medians
        out[i] = (tuple(forms), draws)
    return out


def _run_bootstrap(values: np.ndarray, weights: np.ndarray, runs: np.ndarray, rng: np.random.Generator, draws: int = 400) -> np.ndarray | None:
    """Bootstrap draws of the time-weighted median, resampling whole runs; None with < 3 runs."""
    ok = np.isfinite(values) & (weights > 0)
    values, weights, runs = values[ok], weights[ok], runs[ok]
    runs = np.unique(runs, return_inverse=True)[1]
    n_runs = int(runs.max()) + 1 if len(runs) else 0
    if n_runs < 3:
        return None
    order = np.argsort(runs, kind="stable")
    values, weights, runs = values[order], weights[order], runs[order]
    starts = np.searchsorted(runs, np.arange(n_runs))
    ends = np.r_[starts[1:], len(runs)]
    medians = np.empty(draws)
    for d in range(draws):
        picked = rng.integers(0, n_runs, size=n_runs)
        index = np.concatenate([np.arange(starts[p], ends[p]) for p in picked])
        medians[d] = _weighted_median(values[index], weights[index])
    return medians


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _summary(period: Period, runs: pd.DataFrame, pain: list[dict[str, object]], shoes: dict[int, str], strength: dict[str, int],
             flags: list, form: tuple[FormAtRef, ...], pain_config: PainConfig) -> PeriodSummary:  # fmt: skip
    lo, hi = period.start.isoformat(), period.end.isoformat()
    inside = runs[(runs["local_date"] >= lo) & (runs["local_date"] <= hi)] if len(runs) else runs
    distances = inside["distance_m"].fillna(0) if len(inside) else pd.Series(dtype=float)
    weeks = period.days / 7
    entries = [e for e in pain if lo <= e.local_date <= hi]
    daily_max = pd.Series([e.score for e in entries], index=[e.local_date for e in entries], dtype=float).groupby(level=0).max()
    period_flags = [f for f in flags if f.week and lo <= _monday(f.week) <= hi]
    run_dates = list(runs["local_date"]) if len(runs) else []
    period_flags += pain_flags(pain, run_dates, period.start, period.end, pain_config)  # all entries: persistence rules look back
    counts: dict[str, int] = {}
    for flag in period_flags:
        counts[flag.code] = counts.get(flag.code, 0) + 1
    by_shoe: dict[str, float] = {}
    for shoe_id, distance in zip(inside["shoe_id"], distances, strict=True) if len(inside) else ():
        if shoe_id == shoe_id and shoe_id is not None and int(shoe_id) in shoes:
            by_shoe[shoes[int(shoe_id)]] = by_shoe.get(shoes[int(shoe_id)], 0.0) + float(distance)
    in_weeks = {w: n for w, n in strength.items() if lo <= _monday(w) <= hi}
    return PeriodSummary(
        period=period,
        runs=len(inside),
        distance_m=float(distances.sum()),
        distance_per_week_m=float(distances.sum()) / weeks,
        longest_run_m=float(distances.max()) if len(distances) else None,
        form=form or tuple(FormAtRef(m, label, unit, None, None, None) for m, (label, unit) in FORM_METRICS.items()),
        pain=PainSummary(len(entries), float(np.median([e.score for e in entries])) if entries else None,
                         int((daily_max >= 3).sum()), len(daily_max), sum(bool(e.red_flags) for e in entries)),  # fmt: skip
        flags=dict(sorted(counts.items())),
        shoes=by_shoe,
        strength_per_week=sum(in_weeks.values()) / weeks,
    )


def _change(before: FormAtRef, after: FormAtRef, before_draws: np.ndarray | None, after_draws: np.ndarray | None) -> FormChange:
    """After minus before, with the 95 % CI of the difference from the two periods' run bootstraps."""
    if before.value is None or after.value is None:
        return FormChange(before.metric, before.label, before.unit, None, None, None, False)
    if before_draws is None or after_draws is None:
        return FormChange(before.metric, before.label, before.unit, after.value - before.value, None, None, False)
    low, high = np.percentile(after_draws - before_draws, [2.5, 97.5])
    return FormChange(before.metric, before.label, before.unit, after.value - before.value, float(low), float(high), bool(low > 0 or high < 0))


def _monday(week: str) -> str:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1).isoformat()



#: the longest side of a comparison around a split point: ten years
MAX_AROUND_WEEKS = 520


def around(day: date, weeks: int, today: date | None = None) -> tuple[Period, Period]:
    """The ``weeks`` before ``day`` and the ``weeks`` from ``day`` on (ending today at the latest):
    a marker as the split point."""
    if not 1 <= weeks <= MAX_AROUND_WEEKS:
        raise InvalidInputError(f"compare 1 to {MAX_AROUND_WEEKS} weeks on each side, not {weeks}")
    after = Period(day, day + timedelta(weeks=weeks, days=-1))
    after.check("period after the split", today)
    return Period(day - timedelta(weeks=weeks), day - timedelta(days=1)), after.until(today)
