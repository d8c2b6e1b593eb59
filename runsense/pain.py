"""Pain log (spec §7): entries and their red flags.

Pure functions over plain data; the store keeps the entries, the CLI and dashboard show them.
The rules and patterns read from the log live in :mod:`runsense.pain_analysis`: logging an entry
(``runsense pain log``) must not wait for numpy, pandas and scipy to load.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from runsense.errors import InvalidInputError
from runsense.guidance import RED_FLAG_CODES, RED_FLAG_TIERS

LOCATIONS = (
    "lower-back", "lower-back-left", "lower-back-right", "buttock-left", "buttock-right", "thigh-left", "thigh-right",
    "below-knee-left", "below-knee-right", "foot-left", "foot-right",
)  # fmt: skip
#: spec §7.2 contexts, with the names runners type
TIMINGS = {
    "morning": "morning", "next-morning": "morning", "on-waking": "morning",
    "before-run": "before-run", "pre-run": "before-run",
    "during-run": "during-run",
    "after-run": "after-run", "post-run": "after-run",
    "evening": "evening", "other": "other",
}  # fmt: skip
#: the timing an entry gets when the runner names none, in the CLI and the dashboard alike. Not
#: "morning": the morning rules (§7.3) compare mornings, and an evening score wrongly taken for a
#: morning one would raise or hide PAIN-24H and PAIN-TREND.
DEFAULT_TIMING = "other"
#: the flag code of each red-flag tier (§10)
RED_FLAG_CODE = {"emergency": "RF-EMERG", "urgent": "RF-URGENT", "soon": "RF-SOON"}
_SCORE_RULE = "the pain score must be a whole number from 0 (no pain) to 10 (worst imaginable)"


def parse_score(value: object) -> int:
    """The 0–10 score from what the runner typed (text or a number): the one rule for the CLI and the dashboard.

    Raises InvalidInputError naming the value: 11, -3, 4.5, an empty field or a word are refused,
    never clamped or rounded into a score the runner did not give.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        raise InvalidInputError(f"{_SCORE_RULE}: the score is missing")
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?[0-9]+", text):  # ASCII digits only: int() would take "٣" but not "²"
        raise InvalidInputError(f"{_SCORE_RULE}, not {text!r}")
    score = int(text)
    if not 0 <= score <= 10:
        raise InvalidInputError(f"{_SCORE_RULE}, not {text!r}")
    return score


def entry_time(day: str | None, time: str | None, now: datetime) -> datetime:
    """When an entry is for, from the date (YYYY-MM-DD) and time (HH:MM) the runner typed.

    No date means today. No time means now, for an entry about today; an entry about another day
    needs its time (a made-up 12:00 could move it across a run and change the next-morning rule).
    """
    day, time = (day or "").strip(), (time or "").strip()
    try:
        when = datetime.strptime(day, "%Y-%m-%d") if day else now
    except ValueError:
        raise InvalidInputError(f"the date must be YYYY-MM-DD, not {day!r}") from None
    if not time:
        if when.date() > now.date():
            _refuse_future(when, now)
        if when.date() != now.date():
            raise InvalidInputError(f"the time is missing: give the time (HH:MM) of the entry for {when:%Y-%m-%d}")
        return now.replace(second=0, microsecond=0)
    try:
        clock = datetime.strptime(time, "%H:%M")
    except ValueError:
        raise InvalidInputError(f"the time must be HH:MM (24-hour), not {time!r}") from None
    return when.replace(hour=clock.hour, minute=clock.minute, second=0, microsecond=0)


def _refuse_future(when: datetime, now: datetime) -> None:
    """An entry is about something felt: never later than now (5 minutes' leeway for clocks)."""
    if when > now + timedelta(minutes=5):
        raise InvalidInputError(f"the entry's date {when:%Y-%m-%d %H:%M} is in the future")


def make_entry(
    score: int | str,
    *,
    when: datetime,
    location: str = "lower-back",
    timing: str = DEFAULT_TIMING,
    note: str = "",
    activity_id: str | None = None,
    red_flags: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
) -> dict[str, Any]:
    """Validate one pain entry (spec §7.2). Raises InvalidInputError saying what is wrong.

    Pain below the knee is itself a "soon" red flag (a possible nerve root sign), so it is added.
    """
    score = parse_score(score)
    _refuse_future(when, now or datetime.now())
    location = (location or "").strip().lower()
    if location not in LOCATIONS:
        raise InvalidInputError(f"unknown location {location!r}; choose one of: {', '.join(LOCATIONS)}")
    timing_key = (timing or "").strip().lower().replace("_", "-")
    if timing_key not in TIMINGS:
        raise InvalidInputError(f"unknown timing {timing!r}; choose one of: {', '.join(sorted(set(TIMINGS)))}")
    flags = [f.strip().lower() for f in red_flags]
    unknown = [f for f in flags if f not in RED_FLAG_CODES]
    if unknown:
        raise InvalidInputError(f"unknown red-flag code {unknown[0]!r}; the codes are: {', '.join(RED_FLAG_CODES)}")
    if location.startswith("below-knee") and "below-knee" not in flags:
        flags.append("below-knee")
    return {
        "local_time": when.strftime("%Y-%m-%dT%H:%M"),
        "score": score,
        "location": location,
        "timing": TIMINGS[timing_key],
        "note": (note or "").strip(),
        "activity_id": activity_id,
        "red_flags": sorted(set(flags)),
    }


def red_flag_guidance_for(codes: list[str]) -> list[dict[str, Any]]:
    """What to do for the red flags of an entry, most urgent tier first (spec §7.5)."""
    out = []
    for tier in RED_FLAG_TIERS:
        signs = [tier.questions[c] for c in codes if c in tier.questions]
        if signs:
            out.append({"tier": tier.tier, "severity": tier.severity, "message": tier.message, "signs": signs})
    return out
