"""The clinic report: one to three pages a physio can read, print and file.

:func:`build_report` gathers a period of the store into a typed :class:`ClinicReport` (red flags
first, the headline change at matched pace with its CI, weekly form, load and pain, flags with
their evidence, shoes, strength work, markers, the references cited, the disclaimer);
:mod:`runsense.clinic.html` renders it as one HTML page (with a print stylesheet) and
:func:`write_pdf` turns that page into a PDF with WeasyPrint, charts as vector graphics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from runsense import display
from runsense.analysis import analyse, strength_sessions
from runsense.compare import Comparison, Period, compare
from runsense.errors import InvalidInputError
from runsense.guidance import DISCLAIMER, red_flag_guidance
from runsense.journal import Marker
from runsense.ostrc import Checkin
from runsense.pain_analysis import pain_flags
from runsense.records import PainEntry
from runsense.references import REFERENCES, cited
from runsense.signal import columns as col
from runsense.signal.config import SignalConfig
from runsense.signal.flags import Flag, rank
from runsense.signal.sensors import SensorChange
from runsense.signal.strength import DEFAULT_STRENGTH_TARGET, sessions_per_week
from runsense.store import Store

RED_FLAG_CODES = ("RF-EMERG", "RF-URGENT", "RF-SOON")


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One week of the period, as the charts and tables show it."""

    week: str
    monday: date
    distance_m: float
    runs: int
    cadence_at_ref_spm: float | None
    cadence_ci: tuple[float, float] | None
    spike: bool  # a SPIKE flag fired this week
    strength_sessions: int


@dataclass(frozen=True, slots=True)
class PainDay:
    """The highest score logged on a day, and the morning score if one was logged."""

    day: date
    max_score: int
    morning_score: int | None


@dataclass(frozen=True, slots=True)
class ClinicReport:
    """Everything the clinic report shows, for one period."""

    period: Period
    generated: date
    units: str
    reference_pace_mps: float
    headline: Comparison | None
    headline_split: str  # how the period was split for the headline
    weeks: tuple[WeekRow, ...]
    pain_days: tuple[PainDay, ...]
    red_flags: tuple[Flag, ...]
    flags: tuple[Flag, ...]
    shoes: tuple[tuple[str, float, float], ...]  # name, distance in the period, distance in all (m)
    markers: tuple[Marker, ...]
    band_spm: tuple[float, float]  # the cadence band drawn (signal.cadence.band_spm)
    references: tuple[tuple[int, str], ...]
    checkins: tuple[Checkin, ...] = ()  # weekly OSTRC-O2 check-ins about weeks of the period
    sensor_changes: tuple[SensorChange, ...] = ()  # new running-dynamics sensors whose first day is in the period
    strength_target: tuple[int, int] = DEFAULT_STRENGTH_TARGET
    disclaimer: str = DISCLAIMER

    @property
    def red_flag_guidance(self) -> list[dict[str, object]]:
        """The whole red-flag screen, printed on every report."""
        return red_flag_guidance()


def build_report(store: Store, period: Period, *, units: str = "km", today: date | None = None, config: SignalConfig | None = None) -> ClinicReport:
    """The clinic report of ``period``, with the thresholds of ``config`` (default: the spec's).
    InvalidInputError when the period holds no runs and no pain."""
    today = today or date.today()
    period.check("report period", today)
    analysis = analyse(store, config)
    with store.snapshot():
        pain = store.pain_entries()
        markers = tuple(m for m in store.markers() if period.start.isoformat() <= m.local_date <= period.end.isoformat())
        shoes_all = {s.id: (s.name, float(s.distance_m or 0)) for s in store.shoes()}
        strength = sessions_per_week(strength_sessions(store))
    lo, hi = period.start.isoformat(), period.end.isoformat()
    runs = analysis.runs
    inside = runs[(runs["local_date"] >= lo) & (runs["local_date"] <= hi)] if len(runs) else runs
    entries = [e for e in pain if lo <= e.local_date <= hi]
    if inside.empty and not entries:
        span = f"your running spans {runs['local_date'].min()} to {runs['local_date'].max()}" if len(runs) else "there is no running yet"
        raise InvalidInputError(f"nothing to report from {period.start} to {period.end}: no runs and no pain entries ({span})")
    flags = [f for f in analysis.flags if f.week and lo <= _monday(f.week).isoformat() <= hi]
    flags = rank(flags + pain_flags(pain, list(runs["local_date"]) if len(runs) else [], period.start, period.end, analysis.config.pain))
    red = tuple(f for f in flags if f.code in RED_FLAG_CODES)
    others = tuple(f for f in flags if f.code not in RED_FLAG_CODES)
    headline, split = _headline(store, period, markers, analysis.config)
    numbers = sorted({n for f in flags for n in cited(f.reference + " " + f.message)})
    return ClinicReport(
        period=period,
        generated=today,
        units=units,
        reference_pace_mps=analysis.v_ref_mps,
        headline=headline,
        headline_split=split,
        weeks=_weeks(analysis, period, flags, strength),
        pain_days=_pain_days(entries),
        red_flags=red,
        flags=others,
        shoes=_shoes(inside, shoes_all),
        markers=markers,
        band_spm=analysis.config.cadence.band_spm,
        references=tuple((n, REFERENCES[n]) for n in numbers),
        checkins=tuple(c for w, c in sorted(analysis.checkins.items()) if lo <= (_monday(w) + _SIX_DAYS).isoformat() and _monday(w).isoformat() <= hi),
        sensor_changes=tuple(c for c in analysis.sensor_changes if lo <= c.first_day <= hi),
    )


#: which marker splits the period for the headline: an intervention before a change of shoes
_SPLIT_PREFERENCE = ("cadence", "strength", "physio", "other", "shoes")


def _headline(store: Store, period: Period, markers: tuple[Marker, ...], config: SignalConfig) -> tuple[Comparison | None, str]:
    """What changed: before and after the period's intervention marker (cadence work first, then
    strength, physio, other, shoes; the earliest of its kind), else its first half against its second."""
    inside = [m for m in markers if m.local_date > period.start.isoformat()]
    chosen = min(inside, key=lambda m: (_SPLIT_PREFERENCE.index(m.kind) if m.kind in _SPLIT_PREFERENCE else len(_SPLIT_PREFERENCE), m.local_date), default=None)
    split_day = date.fromisoformat(chosen.local_date) if chosen else None
    how = f"before and after the marker of {split_day}" if split_day else "the first half of the period against the second"
    split_day = split_day or period.start + timedelta(days=period.days // 2)
    try:
        return compare(store, Period(period.start, split_day - timedelta(days=1)), Period(split_day, period.end), config), how
    except InvalidInputError:
        return None, how


def _weeks(analysis, period: Period, flags: list[Flag], strength: dict[str, int]) -> tuple[WeekRow, ...]:
    weeks = analysis.weeks
    if weeks.empty:
        return ()
    spikes = {f.week for f in flags if f.code.startswith("SPIKE")}
    rows = []
    for row in weeks.to_dict("records"):
        monday = _monday(row["week"])
        if not (period.start <= monday + _SIX_DAYS and monday <= period.end):
            continue
        value, low, high = (row.get(k) for k in (_CADENCE.at_ref, _CADENCE.ci_low, _CADENCE.ci_high))
        rows.append(WeekRow(row["week"], monday, float(row["distance_m"]), int(row["runs"]), display.finite(value),
                            (float(low), float(high)) if display.finite(low) is not None and display.finite(high) is not None else None,
                            row["week"] in spikes, strength.get(row["week"], 0)))  # fmt: skip
    return tuple(rows)


def _pain_days(entries: list[PainEntry]) -> tuple[PainDay, ...]:
    days: dict[str, list[PainEntry]] = {}
    for e in entries:
        days.setdefault(e.local_date, []).append(e)
    out = []
    for day, logged in sorted(days.items()):
        mornings = [e.score for e in logged if e.timing == "morning"]
        out.append(PainDay(date.fromisoformat(day), max(e.score for e in logged), max(mornings) if mornings else None))
    return tuple(out)


def _shoes(inside, shoes_all: dict[int, tuple[str, float]]) -> tuple[tuple[str, float, float], ...]:
    used: dict[int, float] = {}
    for shoe_id, distance in zip(inside["shoe_id"], inside["distance_m"].fillna(0), strict=True) if len(inside) else ():
        if shoe_id == shoe_id and shoe_id is not None and int(shoe_id) in shoes_all:
            used[int(shoe_id)] = used.get(int(shoe_id), 0.0) + float(distance)
    return tuple((shoes_all[i][0], d, shoes_all[i][1]) for i, d in sorted(used.items(), key=lambda kv: -kv[1]))


def write_pdf(report: ClinicReport, target: Path) -> None:
    """The report as a PDF (WeasyPrint from the report's own HTML: the same page, printed)."""
    from weasyprint import HTML  # imported here: only this command needs it (and its system libraries)

    from runsense.clinic.html import render

    HTML(string=render(report)).write_pdf(target)


_SIX_DAYS = timedelta(days=6)
_CADENCE = col.of("cadence_spm")


def _monday(week: str) -> date:
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)
