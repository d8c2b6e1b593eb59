"""The cadence plan (spec §2.4, CAD-DRILL): small steps up from the runner's own cadence.

The advice runners with a low cadence are given is to raise it in small steps at the **same
pace**: +5 % first, +10 % at most from where they started, each step held at least two weeks.
A plan starts from the runner's cadence at reference pace (the matched-pace figure of the weekly
analysis, never an absolute 180) and is judged the same way every week: a step is *hit* when
that week's cadence at reference pace reaches its target. The next step starts only after the
current one has been held for ``hold_weeks`` and was hit in the latest of them, so a plan never
pushes a runner who has not got there yet.

Pure functions over weekly figures: the store keeps the plan, :mod:`runsense.analysis` gives
the weekly cadence at reference pace.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, timedelta

from runsense.errors import InvalidInputError
from runsense.signal.config import CadenceConfig

#: the ceiling of every plan, whatever the settings say: +10 % from the runner's own cadence (spec §2.4)
MAX_CLIMB_PCT = 10.0
#: the spec's steps (§2.4, §11 ``cadence.drill_step_pct`` and ``drill_max_pct``) when no settings say otherwise
_DRILL = CadenceConfig()

#: a week counts as hit when its cadence at reference pace is within this of the target (the
#: weekly figure is a median of whole-step samples: a 0.4 spm shortfall is not a miss)
HIT_TOLERANCE_SPM = 1.0


@dataclass(frozen=True, slots=True)
class CadencePlan:
    """A cadence plan as started: where from, and how it climbs."""

    baseline_spm: float  # cadence at reference pace when the plan started
    reference_speed_mps: float  # the pace it is judged at
    start_week: str  # ISO week of the plan's first step, e.g. "2026-W49"
    step_pct: float = _DRILL.drill_step_pct
    max_pct: float = _DRILL.drill_max_pct
    hold_weeks: int = 2

    @property
    def targets_spm(self) -> tuple[int, ...]:
        """Each step's target in whole spm: +step_pct per step, never above +max_pct of the baseline."""
        ceiling = math.floor(self.baseline_spm * (1 + self.max_pct / 100) + 1e-9)
        targets: list[int] = []
        k = 1
        while k * self.step_pct <= self.max_pct + 1e-9:
            target = min(round(self.baseline_spm * (1 + k * self.step_pct / 100)), ceiling)
            if not targets or target > targets[-1]:
                targets.append(target)
            k += 1
        return tuple(targets)

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return asdict(self) | {"targets_spm": list(self.targets_spm)}


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """One week of a plan: the step in force, and whether that week reached it at matched pace."""

    week: str
    step: int  # 1-based
    target_spm: int
    cadence_at_ref_spm: float | None
    status: str  # "hit", "not yet", or "no data" (no steady running at reference pace that week)

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class PlanProgress:
    """A plan followed week by week up to a given week."""

    plan: CadencePlan
    weeks: tuple[PlanWeek, ...]
    step: int  # the step in force in the last week
    target_spm: int
    next_step_spm: int | None  # None on the last step
    complete: bool  # the last step was held and hit

    @property
    def metronome_spm(self) -> int:
        """The beat to set in a metronome app: the current target, one beat per step."""
        return self.target_spm

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return {"plan": self.plan.to_dict(), "step": self.step, "target_spm": self.target_spm, "next_step_spm": self.next_step_spm,
                "complete": self.complete, "metronome_spm": self.metronome_spm, "weeks": [w.to_dict() for w in self.weeks]}  # fmt: skip


def start_plan(weekly_cadence_at_ref: Mapping[str, float], reference_speed_mps: float, start_week: str, *,
               step_pct: float = _DRILL.drill_step_pct, max_pct: float = _DRILL.drill_max_pct, hold_weeks: int = 2,
               baseline_weeks: int = 4) -> CadencePlan:  # fmt: skip
    """A plan from the runner's cadence at reference pace: the mean of the last ``baseline_weeks``
    weeks up to ``start_week`` that have one. Raises InvalidInputError when there is none yet."""
    if not 0 < step_pct <= max_pct <= MAX_CLIMB_PCT:
        raise InvalidInputError(f"the cadence plan climbs in steps of 0–{max_pct:g} % up to {MAX_CLIMB_PCT:g} % at most (spec §2.4), "
                                f"not steps of {step_pct:g} % up to {max_pct:g} % (see signal.cadence.drill_step_pct and drill_max_pct)")
    if hold_weeks < 2:
        raise InvalidInputError(f"each step of a cadence plan is held at least 2 weeks, not {hold_weeks}")
    week_start(start_week)  # a clear error for a malformed week
    known = sorted((w, v) for w, v in weekly_cadence_at_ref.items() if w <= start_week and v is not None and math.isfinite(v))
    if not known or not math.isfinite(reference_speed_mps):
        raise InvalidInputError(
            "no cadence at matched pace yet: the plan starts from your cadence at your reference pace, which needs steady running "
            "with cadence (a few runs of 10 minutes or more, from a watch or pod that records cadence). Import some runs, then try again."
        )
    recent = [v for _, v in known[-baseline_weeks:]]
    return CadencePlan(round(sum(recent) / len(recent), 1), reference_speed_mps, start_week, step_pct, max_pct, hold_weeks)


def follow(plan: CadencePlan, weekly_cadence_at_ref: Mapping[str, float], through_week: str) -> PlanProgress:
    """Judge every week from the plan's start through ``through_week``, stepping up as the rule allows."""
    targets = plan.targets_spm
    weeks: list[PlanWeek] = []
    step, held = 0, 0
    for week in iso_weeks(plan.start_week, through_week):
        if held >= plan.hold_weeks and weeks and weeks[-1].status == "hit" and step + 1 < len(targets):
            step, held = step + 1, 0
        value = weekly_cadence_at_ref.get(week)
        value = value if value is not None and math.isfinite(value) else None
        status = "no data" if value is None else "hit" if value >= targets[step] - HIT_TOLERANCE_SPM else "not yet"
        weeks.append(PlanWeek(week, step + 1, targets[step], None if value is None else round(value, 1), status))
        held += 1
    last_step = step + 1 == len(targets)
    complete = last_step and held >= plan.hold_weeks and bool(weeks) and weeks[-1].status == "hit"
    return PlanProgress(plan, tuple(weeks), step + 1, targets[step], None if last_step else targets[step + 1], complete)


def week_start(week: str) -> date:
    """Monday of an ISO week written ``YYYY-Www``; InvalidInputError naming it when it is not one."""
    try:
        year, number = week.split("-W")
        return date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        raise InvalidInputError(f"{week!r} is not an ISO week: write it like 2026-W49") from None


def iso_week_of(day: date) -> str:
    """The ISO week ``YYYY-Www`` a date falls in."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def iso_weeks(first: str, last: str) -> list[str]:
    """Every ISO week from ``first`` through ``last`` (empty when ``last`` is before ``first``)."""
    day, end = week_start(first), week_start(last)
    out = []
    while day <= end:
        out.append(iso_week_of(day))
        day += timedelta(weeks=1)
    return out
