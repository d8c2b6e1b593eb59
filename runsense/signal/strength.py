"""Strength and core work per week against the articles' advice, and STRENGTH-LOW (information).

Runners with lower back pain are told, above all, to strengthen the core and glutes two to three
times a week. Sessions come from the journal (logged by hand) and from the watch (a Garmin
``strength_training`` activity, a Strava "Weight Training", yoga, …: see
:func:`runsense.journal.strength_kind`); they count in no running load and no shoe mileage. A
watch's strength activity also holds its sets (:class:`~runsense.model.StrengthSet`), shown as
:class:`SetRow` rows.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from runsense.journal import StrengthSession
from runsense.model import StrengthSet
from runsense.signal.flags import Flag

#: the articles' advice: strength and core work two to three times a week
DEFAULT_STRENGTH_TARGET = (2, 3)


def sessions_per_week(sessions: list[StrengthSession]) -> dict[str, int]:
    """Strength sessions per ISO week (``YYYY-Www``)."""
    counts: dict[str, int] = {}
    for session in sessions:
        year, number, _ = date.fromisoformat(session.local_date).isocalendar()
        week = f"{year}-W{number:02d}"
        counts[week] = counts.get(week, 0) + 1
    return counts


def strength_low_weeks(counts: dict[str, int], weeks: list[str], target: tuple[int, int] = DEFAULT_STRENGTH_TARGET) -> list[tuple[str, int, int]]:
    """Weeks (of ``weeks``, in order) that close a second week in a row under the target's lower
    bound, each with that week's and the previous week's count. Only once the runner has logged
    strength at all: a runner who never uses the log is not nagged every week."""
    if not counts:
        return []
    out = []
    for previous, week in itertools.pairwise(weeks):
        this, before = counts.get(week, 0), counts.get(previous, 0)
        if this < target[0] and before < target[0] and min(counts) <= previous:
            out.append((week, this, before))
    return out


def strength_flags(counts: dict[str, int], weeks: list[str], target: tuple[int, int] = DEFAULT_STRENGTH_TARGET) -> list[Flag]:
    """STRENGTH-LOW (information): a second week in a row under the strength target."""
    return [
        Flag(
            code="STRENGTH-LOW",
            severity="info",
            metric="strength_sessions",
            value=float(this),
            threshold=float(target[0]),
            unit="sessions/week",
            template=(
                f"{_sessions(this)} of strength or core work this week and {_sessions(before)} the week before, under your target of "
                f"{target[0]}–{target[1]} a week. Runners with back pain are advised to strengthen the core and glutes two to three "
                "times a week. Information, not a diagnosis: log sessions with `runsense strength log` or on the Plan page."
            ),
            evidence="CONV",
            reference="source articles",
            week=week,
        )
        for week, this, before in strength_low_weeks(counts, weeks, target)
    ]


def _sessions(n: int) -> str:
    return "no session" if n == 0 else "1 session" if n == 1 else f"{n} sessions"


@dataclass(frozen=True, slots=True)
class SetRow:
    """One exercise set of a strength activity, as the runner reads it (rests are not listed)."""

    number: int
    exercise: str
    repetitions: int | None
    weight_kg: float | None
    duration_s: float | None


def exercise_name(category: str) -> str:
    """A FIT exercise category as words ("push_up" → "push up")."""
    return category.replace("_", " ") if category else "unnamed exercise"


def set_rows(sets: Sequence[StrengthSet]) -> list[SetRow]:
    """The active sets, numbered from 1 in the order they were done."""
    active = [s for s in sets if s.active]
    return [SetRow(i, exercise_name(s.category), s.repetitions, s.weight_kg, s.duration_s) for i, s in enumerate(active, start=1)]


def sets_summary(sets: Sequence[StrengthSet]) -> str:
    """One line about a session's sets: how many, of which exercises, and the time spent on them."""
    rows = set_rows(sets)
    if not rows:
        return "no sets recorded"
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.exercise] = counts.get(row.exercise, 0) + 1
    exercises = ", ".join(f"{name} ×{n}" for name, n in counts.items())
    minutes = sum(r.duration_s or 0.0 for r in rows) / 60
    return f"{len(rows)} {'set' if len(rows) == 1 else 'sets'} ({exercises}), {minutes:.1f} min of exercise; rests not counted"
