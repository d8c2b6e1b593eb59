"""The weekly report as typed blocks: what ``runsense report`` prints and the Week page shows.

:func:`runsense.analysis.weekly_report` builds a :class:`WeekReport`; the CLI, the dashboard and
:mod:`runsense.week_advice` read its attributes, and :meth:`WeekReport.to_dict` is the
``report --json`` document (its shape is pinned by ``tests/test_report_shape.py``). Values stay
in SI units with the unit in their name; the ``*_km``/``*_mi`` and pace fields of the JSON, and the
wording of flags, come from :mod:`runsense.display` in the report's ``units``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from runsense import display
from runsense.attention import RedFlag
from runsense.baseline import Reference
from runsense.guidance import DISCLAIMER, red_flag_guidance
from runsense.ostrc import Checkin
from runsense.plan import PlanWeek
from runsense.records import Alert, PainEntry
from runsense.signal.flags import Flag
from runsense.signal.sensors import SensorChange

#: what every report says about the acute:chronic ratio (spec §5.4)
ACWR_NOTE = "ACWR is shown as information only: in 5,205 runners its spikes were not linked to injury [27]."


def _difference(value: float | None, base: float | None) -> float | None:
    return None if value is None or base is None else value - base


@dataclass(frozen=True, slots=True)
class FormBlock:
    """One form metric in the week: the raw average, the value at reference pace with its 95 % CI,
    and the baselines it is compared with (the usual of the previous qualifying weeks, the start)."""

    metric: str  # a name of runsense.signal.columns.FORM_METRICS
    label: str
    unit: str
    week_average: float | None  # time-weighted over the week's runs, at their own paces
    at_ref: float | None
    ci95: tuple[float | None, float | None]
    baseline: float | None
    start_baseline: float | None
    slope_per_mps: float | None  # the speed model the week's segments were moved along
    model: str | None  # theil_sen | prior | none
    target_band: tuple[float, float] | None = None  # cadence only: the coaching band, spm
    in_band_share: float | None = None  # cadence only: share of running time inside the band

    @property
    def change(self) -> float | None:
        """At reference pace, against the usual."""
        return _difference(self.at_ref, self.baseline)

    @property
    def change_from_start(self) -> float | None:
        return _difference(self.at_ref, self.start_baseline)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "label": self.label, "unit": self.unit, "week_average": self.week_average, "at_ref": self.at_ref, "ci95": list(self.ci95),
            "baseline": self.baseline, "change": self.change, "start_baseline": self.start_baseline, "change_from_start": self.change_from_start,
            "slope_per_mps": self.slope_per_mps, "model": self.model,
        }  # fmt: skip
        if self.target_band is not None:
            out |= {"target_band": list(self.target_band), "in_band_share": self.in_band_share}
        return out


@dataclass(frozen=True, slots=True)
class TrendBlock:
    """A Theil–Sen slope per week over a window, with its 95 % CI; a trend only when the CI excludes 0."""

    slope_per_week: float | None
    ci95: tuple[float | None, float | None]
    is_trend: bool

    def to_dict(self) -> dict[str, Any]:
        return {"slope_per_week": self.slope_per_week, "ci95": list(self.ci95), "is_trend": self.is_trend}


@dataclass(frozen=True, slots=True)
class LoadBlock:
    """The week's training load: ramp on the week before, the longest run, the acute:chronic ratio
    (information only) and the long-run limit that keeps the next one in the usual band."""

    ramp_ratio: float | None
    longest_run_m: float | None
    acwr_ewma: float | None
    next_long_run_limit_m: float | None  # None while a red flag holds suggestions back

    def to_dict(self) -> dict[str, Any]:
        return {"ramp_ratio": self.ramp_ratio, "longest_run_m": self.longest_run_m, **display.distance_fields("longest_run", self.longest_run_m),
                "acwr_ewma": self.acwr_ewma, "acwr_note": ACWR_NOTE, "next_long_run_limit_m": self.next_long_run_limit_m}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RunLine:
    """One run of the week."""

    id: str
    local_date: str
    distance_m: float
    cadence_spm: float | None
    spike_category: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start_time": self.local_date, "distance_m": self.distance_m, **display.distance_fields("distance", self.distance_m),
                "cadence_spm": self.cadence_spm, "spike_category": self.spike_category}  # fmt: skip


@dataclass(frozen=True, slots=True)
class PainBlock:
    """The week's pain entries (as the store gives them), the morning average, and a nudge when there are none."""

    entries: list[PainEntry]
    morning_average: float | None
    nudge: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"entries": [e.to_dict() for e in self.entries], "morning_average": self.morning_average, "nudge": self.nudge}


@dataclass(frozen=True, slots=True)
class StrengthBlock:
    """Strength and core sessions in the week against the target per week."""

    sessions: int
    target_per_week: tuple[int, int]

    def to_dict(self) -> dict[str, Any]:
        return {"sessions": self.sessions, "target_per_week": list(self.target_per_week)}


@dataclass(frozen=True, slots=True)
class TerrainBlock:
    """Climbing per km (distance-weighted), the share of time on steep grades, and each surface's share of distance."""

    ascent_m_per_km: float | None = None
    steep_share: float | None = None
    surfaces: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"ascent_m_per_km": self.ascent_m_per_km, "steep_share": self.steep_share, "surfaces": dict(self.surfaces)}


@dataclass(frozen=True, slots=True)
class PlanBlock:
    """The cadence plan's step in force in the week and whether the week reached it at matched pace."""

    week: PlanWeek
    targets_spm: tuple[int, ...]
    metronome_spm: int
    start_week: str

    def to_dict(self) -> dict[str, Any]:
        return self.week.to_dict() | {"targets_spm": list(self.targets_spm), "metronome_spm": self.metronome_spm, "start_week": self.start_week}


@dataclass(frozen=True, slots=True)
class WeekReport:
    """One week: what needs attention first (red flags, open alerts, whether suggestions are held
    back), then distance, runs, form at reference pace, load, trends, pain, advice and flags.

    Flags are :class:`~runsense.signal.flags.Flag`\\ s, ranked, worded in :attr:`units` by
    :meth:`to_dict`; ``flags`` are the ones shown (at most 3 form or load flags), ``flags_held_back``
    the rest, ``held_flags`` the form and load flags a red flag holds back.
    """

    red_flags: list[RedFlag]
    alerts: list[Alert]
    suggestions_held: str | None
    week: str
    start: date
    end: date
    units: str
    distance_m: float
    moving_time_s: float
    runs: int
    usual_distance_m: float | None
    v_ref_mps: float
    reference: Reference
    qualifying_for_form: bool
    form: dict[str, FormBlock]
    load: LoadBlock
    trends: dict[int, dict[str, TrendBlock]]  # by window length in weeks, then by metric
    activities: list[RunLine]
    pain: PainBlock
    sensor_change: SensorChange | None
    strength: StrengthBlock
    cadence_plan: PlanBlock | None
    terrain: TerrainBlock
    ostrc: Checkin | None
    flags: list[Flag]
    held_flags: list[Flag]
    flags_held_back: list[Flag]
    flags_held_back_note: str | None
    message: str | None  # for a week without runs

    @property
    def reference_pace(self) -> str:
        """The reference pace in the report's units, e.g. ``5:33 /km``."""
        return display.pace(self.v_ref_mps, self.units)

    def to_dict(self) -> dict[str, Any]:
        """The ``report --json`` document."""
        return {
            "disclaimer": DISCLAIMER,
            "red_flag_guidance": red_flag_guidance(),
            "week": self.week,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "units": self.units,
            "distance_m": self.distance_m,
            **display.distance_fields("distance", self.distance_m),
            "moving_time_s": self.moving_time_s,
            "runs": self.runs,
            "usual_distance_m": self.usual_distance_m,
            **display.distance_fields("usual_distance", self.usual_distance_m),
            "reference_pace": self.reference_pace,
            "reference": self.reference.to_dict(self.units),
            "v_ref_mps": display.finite(self.v_ref_mps),
            **{f"reference_{k}": v for k, v in display.pace_fields(self.v_ref_mps).items()},
            "qualifying_for_form": self.qualifying_for_form,
            "form": {metric: block.to_dict() for metric, block in self.form.items()},
            "load": self.load.to_dict(),
            "trends": {f"{n}_weeks": {m: t.to_dict() for m, t in by_metric.items()} for n, by_metric in self.trends.items()},
            "activities": [r.to_dict() for r in self.activities],
            "pain": self.pain.to_dict(),
            "sensor_change": self.sensor_change.to_dict() if self.sensor_change else None,
            "strength": self.strength.to_dict(),
            "cadence_plan": self.cadence_plan.to_dict() if self.cadence_plan else None,
            "terrain": self.terrain.to_dict(),
            "ostrc": self.ostrc.to_dict() if self.ostrc else None,
            "red_flags": [r.to_dict() for r in self.red_flags],
            "alerts": [a.as_stored(self.units) for a in self.alerts],  # the store's row, as report --json always gave it, its words in the report's units
            "suggestions_held": self.suggestions_held,
            "held_flags": [f.to_dict(self.units) for f in self.held_flags],
            "flags": [f.to_dict(self.units) for f in self.flags],
            "flags_held_back": {"count": len(self.flags_held_back), "codes": [f.code for f in self.flags_held_back], "note": self.flags_held_back_note},
            "message": self.message,
        }
