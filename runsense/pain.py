"""Pain log (spec §7): entries and their red flags.

Pure functions over plain data; the store keeps the entries, the CLI and dashboard show them.
The rules and patterns read from the log live in :mod:`runsense.pain_analysis`: logging an entry
(``runsense pain log``) must not wait for numpy, pandas and scipy to load.
"""

from __future__ import annotations

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


def make_entry(
    score: int,
    *,
    when: datetime,
    location: str = "lower-back",
    timing: str = "other",
    note: str = "",
    activity_id: str | None = None,
    red_flags: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
) -> dict[str, Any]:
    """Validate one pain entry (spec §7.2). Raises InvalidInputError saying what is wrong.

    Pain below the knee is itself a "soon" red flag (a possible nerve root sign), so it is added.
    """
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
        raise InvalidInputError(f"pain score must be a whole number from 0 (no pain) to 10 (worst imaginable), not {score!r}")
    now = now or datetime.now()
    if when > now + timedelta(minutes=5):
        raise InvalidInputError(f"the entry's date {when:%Y-%m-%d %H:%M} is in the future")
    location = location.strip().lower()
    if location not in LOCATIONS:
        raise InvalidInputError(f"unknown location {location!r}; choose one of: {', '.join(LOCATIONS)}")
    timing_key = timing.strip().lower().replace("_", "-")
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
        "note": note,
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
