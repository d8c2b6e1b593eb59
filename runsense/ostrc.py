"""The weekly OSTRC-O2 check-in (spec §7.2; Clarsen et al. 2020 [51]): four questions about the past
week's back problems, scored 0 (no problem) to 100.

The revised questionnaire (OSTRC-O2) asks about participation, training volume, performance and
symptoms; each answer carries points, and the four add up to the severity score. A *substantial*
problem is one that reduced training volume or performance to a moderate or major extent, or
stopped or reduced participation (the questionnaire's own definition). When the runner could not
take part at all, the other three answers follow (the form skips them) and the score is 100.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from runsense.errors import InvalidInputError

#: each question: what it asks, and its answers with their points
QUESTIONS: dict[str, tuple[str, tuple[tuple[str, int], ...]]] = {
    "participation": (
        "Have you had any difficulties taking part in normal training because of back problems during the past week?",
        (("full participation without back problems", 0), ("full participation, but with back problems", 8),
         ("reduced participation because of back problems", 17), ("could not participate because of back problems", 25)),
    ),
    "volume": (
        "To what extent have you reduced your training volume because of back problems during the past week?",
        (("no reduction", 0), ("to a minor extent", 6), ("to a moderate extent", 13), ("to a major extent", 19), ("could not participate at all", 25)),
    ),
    "performance": (
        "To what extent have back problems affected your performance during the past week?",
        (("no effect", 0), ("to a minor extent", 6), ("to a moderate extent", 13), ("to a major extent", 19), ("could not participate at all", 25)),
    ),
    "symptoms": (
        "To what extent have you experienced back pain or other back symptoms during the past week?",
        (("no symptoms", 0), ("to a mild extent", 8), ("to a moderate extent", 17), ("to a severe extent", 25)),
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Checkin:
    """One week's answers (indexes into :data:`QUESTIONS`' answers) and what they add up to."""

    week: str  # ISO week the answers are about, YYYY-Www
    participation: int
    volume: int
    performance: int
    symptoms: int

    @property
    def score(self) -> int:
        """Severity, 0–100: the sum of the answers' points."""
        return sum(QUESTIONS[q][1][getattr(self, q)][1] for q in QUESTIONS)

    @property
    def substantial(self) -> bool:
        """A substantial problem: reduced or no participation, or volume or performance reduced to
        a moderate or major extent."""
        return self.participation >= 2 or self.volume >= 2 or self.performance >= 2

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return asdict(self) | {"score": self.score, "substantial": self.substantial}


def make_checkin(week: str, participation: int, volume: int | None, performance: int | None, symptoms: int | None) -> Checkin:
    """A validated check-in; InvalidInputError naming the answer that is out of range. When the
    runner could not participate, the other answers follow (the form skips them)."""
    from datetime import date, timedelta

    from runsense.plan import week_start  # the one ISO-week parser
    from runsense.weeks import EARLIEST_DAY

    if week_start(week) > date.today():
        raise InvalidInputError(f"the check-in is about a past or current week, and {week} has not started yet")
    if week_start(week) + timedelta(days=6) < EARLIEST_DAY:
        raise InvalidInputError(f"the check-in week {week} ended before {EARLIEST_DAY}, the earliest date a watch records: check the year")
    answers = {"participation": participation, "volume": volume, "performance": performance, "symptoms": symptoms}
    if participation == len(QUESTIONS["participation"][1]) - 1:
        answers |= {"volume": len(QUESTIONS["volume"][1]) - 1, "performance": len(QUESTIONS["performance"][1]) - 1, "symptoms": len(QUESTIONS["symptoms"][1]) - 1}
    for question, answer in answers.items():
        options = QUESTIONS[question][1]
        if answer is None:
            raise InvalidInputError(f"the {question} question needs an answer from 0 to {len(options) - 1}")
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(options):
            choices = "; ".join(f"{i} = {text}" for i, (text, _) in enumerate(options))
            raise InvalidInputError(f"the {question} answer must be one of {choices}; not {answer!r}")
    return Checkin(week, **answers)  # type: ignore[arg-type]
