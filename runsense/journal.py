"""What the runner does besides running, written down: strength and core sessions, and markers of
changes (started cadence work, new shoes, a physio visit) that charts and comparisons split on.

Validation lives here, once, for the CLI and the dashboard alike; the store keeps what passes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING

from runsense.errors import InvalidInputError
from runsense.text import no_control_characters, note_text
from runsense.weeks import check_day

if TYPE_CHECKING:
    from runsense.model import StrengthSet

#: kinds of strength session (the articles' advice: core and glutes two to three times a week,
#: hip mobility for tight hip flexors)
STRENGTH_KINDS = ("core", "glutes", "mobility", "other")
#: kinds of marker, each with what it usually means on a chart
MARKER_KINDS = ("cadence", "shoes", "physio", "strength", "other")
#: the longest session one entry can hold (a typo guard: 20 not 200)
MAX_SESSION_MIN = 240
#: the shortest session that counts (our rule; the spec is silent): the advice is core and glute
#: work two to three times a week, and neither a watch activity stopped after a few seconds nor a
#: minute typed by mistake is one. A shorter watch activity counts when the watch counted the
#: repetitions of an exercise in it (:func:`counts_as_session`)
MIN_SESSION_MIN = 5


@dataclass(frozen=True, slots=True)
class StrengthSession:
    """One strength or core session: logged by hand, or a strength activity from the watch."""

    local_date: str  # YYYY-MM-DD
    minutes: float
    kind: str
    note: str = ""
    id: int | None = None
    activity_id: str | None = None  # set when it came from a watch file

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Marker:
    """A dated change worth seeing on every time chart, and a split point for comparisons."""

    local_date: str  # YYYY-MM-DD
    label: str
    kind: str
    id: int | None = None

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return asdict(self)


def parse_day(text: str, *, today: date | None = None, what: str = "date") -> date:
    """A ``YYYY-MM-DD`` date from the FIT epoch to today (:func:`runsense.weeks.check_day`);
    InvalidInputError saying which and why."""
    try:
        day = date.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InvalidInputError(f"the {what} must be written YYYY-MM-DD, not {text!r}") from None
    return check_day(day, today or date.today(), what)


def make_strength_session(day: str, minutes: float, kind: str, note: str = "", *, today: date | None = None) -> StrengthSession:
    """A validated strength session; InvalidInputError naming what is wrong."""
    kind_key = kind.strip().lower()
    if kind_key not in STRENGTH_KINDS:
        raise InvalidInputError(f"unknown strength kind {kind!r}; choose one of: {', '.join(STRENGTH_KINDS)}")
    if not isinstance(minutes, int | float) or isinstance(minutes, bool) or not MIN_SESSION_MIN <= minutes <= MAX_SESSION_MIN:
        raise InvalidInputError(f"a session's minutes must be at least {MIN_SESSION_MIN} (shorter is not a session) and at most {MAX_SESSION_MIN}, not {minutes!r}")
    return StrengthSession(parse_day(day, today=today, what="session's date").isoformat(), float(minutes), kind_key, note_text(note, "session's note"))


def make_marker(day: str, label: str, kind: str = "other", *, today: date | None = None) -> Marker:
    """A validated marker; InvalidInputError naming what is wrong."""
    kind_key = kind.strip().lower()
    if kind_key not in MARKER_KINDS:
        raise InvalidInputError(f"unknown marker kind {kind!r}; choose one of: {', '.join(MARKER_KINDS)}")
    label = " ".join(label.split())
    if not label:
        raise InvalidInputError("a marker needs a few words saying what changed, e.g. \"started cadence work\"")
    if len(label) > 120:
        raise InvalidInputError(f"a marker's label is at most 120 characters (this one has {len(label)}): put details in a pain or shoe note")
    no_control_characters(label, "marker's label")
    return Marker(parse_day(day, today=today, what="marker's date").isoformat(), label, kind_key)


#: watch activities that are strength or mobility sessions: (sport, sub_sport) or sport alone → kind
_STRENGTH_ACTIVITIES = {
    ("training", "strength_training"): "other",
    ("training", "flexibility_training"): "mobility",
    ("training", "yoga"): "mobility",
    ("training", "pilates"): "core",
    ("weight_training", None): "other",
    ("workout", None): "other",
    ("crossfit", None): "other",
    ("yoga", None): "mobility",
    ("pilates", None): "core",
}


def counts_as_session(duration_s: float | None, sets: Sequence[StrengthSet] = ()) -> bool:
    """Whether a strength activity from the watch counts as a session: it lasted at least
    :data:`MIN_SESSION_MIN` minutes, or the watch counted the repetitions of an exercise in it (a
    short set of real work). A few seconds with no counted exercise (a watch started by mistake,
    the one automatic set some watches write for the whole activity) does not."""
    if duration_s is not None and math.isfinite(duration_s) and duration_s >= MIN_SESSION_MIN * 60:
        return True
    return any(s.active and (s.repetitions or 0) > 0 for s in sets)


def strength_kind(sport: str, sub_sport: str | None) -> str | None:
    """The strength kind of a watch activity (a Garmin ``strength_training``, a Strava "Weight
    Training", yoga…), or None when it is not one."""
    return _STRENGTH_ACTIVITIES.get((sport, sub_sport)) or _STRENGTH_ACTIVITIES.get((sport, None))
