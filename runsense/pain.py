"""Pain log (spec §7): entries and their red flags.

Pure functions over typed entries (:mod:`runsense.records`); the store keeps the entries, the CLI and dashboard show them.
The rules and patterns read from the log live in :mod:`runsense.pain_analysis`: logging an entry
(``runsense pain log``) must not wait for numpy, pandas and scipy to load.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from runsense.errors import InvalidInputError
from runsense.guidance import RED_FLAG_CODES, RED_FLAG_TIERS
from runsense.records import NewPainEntry
from runsense.text import note_text
from runsense.weeks import check_day

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


#: morning stiffness longer than this that eases with movement is the inflammatory pattern of
#: the "soon" red-flag tier (spec §7.5)
STIFFNESS_FLAG_MIN = 30
#: an upper bound on morning stiffness: a day has 1440 minutes; more is a typing slip
_STIFFNESS_MAX_MIN = 1440


def make_entry(
    score: int | str,
    *,
    when: datetime,
    location: str | Sequence[str] = "lower-back",
    timing: str = DEFAULT_TIMING,
    note: str = "",
    activity_id: str | None = None,
    red_flags: list[str] | tuple[str, ...] = (),
    leg_numbness: bool = False,
    leg_weakness: bool = False,
    stiffness_min: int | str | None = None,
    stiffness_eases: bool = False,
    sleep_disturbed: bool = False,
    interference: int | str | None = None,
    now: datetime | None = None,
) -> NewPainEntry:
    """Validate one pain entry (spec §7.2). Raises InvalidInputError saying what is wrong.

    Symptoms that are themselves "soon" red flags (§7.5) add their code, so the guidance shows at
    once: pain below the knee (a possible nerve root sign), numbness or tingling, or weakness in a
    leg, and morning stiffness over 30 minutes that eases with movement (an inflammatory pattern).
    ``location`` takes one location or several; ``location`` in the result is the first (what
    older readers of the log show), ``locations`` all of them.
    """
    score = parse_score(score)
    now = now or datetime.now()
    _refuse_future(when, now)
    check_day(when.date(), now.date() + timedelta(days=1), "entry's date")  # its earliest; the future to the minute above
    locations = parse_locations(location)
    timing_key = (timing or "").strip().lower().replace("_", "-")
    if timing_key not in TIMINGS:
        raise InvalidInputError(f"unknown timing {timing!r}; choose one of: {', '.join(sorted(set(TIMINGS)))}")
    stiffness = _whole_number(stiffness_min, "morning stiffness (minutes)", 0, _STIFFNESS_MAX_MIN)
    interference_score = _whole_number(interference, "activity interference", 0, 10)
    flags = set(_red_flag_codes(red_flags))
    entry = NewPainEntry(
        local_time=when.strftime("%Y-%m-%dT%H:%M"), score=score, location=locations[0], timing=TIMINGS[timing_key], note=note_text(note, "pain entry's note"),
        activity_id=activity_id, locations=tuple(locations), leg_numbness=bool(leg_numbness) or "leg-numbness" in flags,
        leg_weakness=bool(leg_weakness) or "leg-weakness" in flags, morning_stiffness_min=stiffness,
        stiffness_eases=bool(stiffness_eases) if stiffness else False, sleep_disturbed=bool(sleep_disturbed), activity_interference=interference_score,
    )  # fmt: skip
    return replace(entry, red_flags=tuple(sorted(flags | derived_flags(entry))))


def parse_locations(location: str | Sequence[str] | None) -> list[str]:
    """The entry's locations, in the order given, each once; at least one, each a known name."""
    given = [location] if isinstance(location, str) or location is None else list(location)
    names = [str(loc or "").strip().lower() for loc in given]
    if not any(names):
        raise InvalidInputError(f"the location is missing; choose one or more of: {', '.join(LOCATIONS)}")
    for name in names:
        if name not in LOCATIONS:
            raise InvalidInputError(f"unknown location {name!r}; choose one or more of: {', '.join(LOCATIONS)}")
    return list(dict.fromkeys(names))


def derived_flags(entry: NewPainEntry) -> set[str]:
    """The red-flag codes an entry's own fields raise (§7.5 "soon" tier); ticking the leg codes by
    hand sets the fields, so fields and flags always agree."""
    present = {
        "below-knee": any(loc.startswith("below-knee") for loc in entry.locations),
        "leg-numbness": entry.leg_numbness,
        "leg-weakness": entry.leg_weakness,
        "morning-stiffness": stiffness_is_inflammatory(entry.morning_stiffness_min, entry.stiffness_eases),
    }
    return {code for code, yes in present.items() if yes}


def ticked_flags(entry: NewPainEntry) -> list[str]:
    """The red flags the runner ticked, without those the entry's fields raise: what an edit
    starts from, so that changing a field (say, the location away from below the knee) takes its
    flag away with it."""
    return [code for code in entry.red_flags if code not in derived_flags(entry)]


def symptoms_text(entry: NewPainEntry) -> str:
    """The §7.2 extras of an entry in a few words, for the CLI's and the Pain page's tables; a dash when there are none."""
    parts = [name for name, yes in (("numbness/tingling", entry.leg_numbness), ("leg weakness", entry.leg_weakness), ("sleep disturbed", entry.sleep_disturbed)) if yes]
    if entry.morning_stiffness_min is not None:
        parts.append(f"stiff {entry.morning_stiffness_min} min" + (", eases with movement" if entry.stiffness_eases else ""))
    if entry.activity_interference is not None:
        parts.append(f"interference {entry.activity_interference}/10")
    return "; ".join(parts) or "—"


def stiffness_is_inflammatory(stiffness_min: int | None, eases_with_movement: bool) -> bool:
    """Spec §7.5 "soon" sign: morning stiffness over 30 minutes that eases with movement."""
    return stiffness_min is not None and stiffness_min > STIFFNESS_FLAG_MIN and eases_with_movement


def _whole_number(value: object, what: str, lo: int, hi: int) -> int | None:
    """An optional whole number in [lo, hi] from text or a number; empty means not given."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if isinstance(value, bool) or not re.fullmatch(r"[+-]?[0-9]+", text):
        raise InvalidInputError(f"{what} must be a whole number from {lo} to {hi}, not {text!r}")
    number = int(text)
    if not lo <= number <= hi:
        raise InvalidInputError(f"{what} must be a whole number from {lo} to {hi}, not {text!r}")
    return number


def _red_flag_codes(red_flags: Sequence[str]) -> list[str]:
    flags = [f.strip().lower() for f in red_flags]
    unknown = [f for f in flags if f not in RED_FLAG_CODES]
    if unknown:
        raise InvalidInputError(f"unknown red-flag code {unknown[0]!r}; the codes are: {', '.join(RED_FLAG_CODES)}")
    return flags


@dataclass(frozen=True, slots=True)
class Prompt:
    """A question an entry raises: the words, and how to answer in the CLI (the dashboard has the fields)."""

    text: str
    cli_answer: str


def prompts_for(entry: NewPainEntry) -> list[Prompt]:
    """Questions an entry should prompt (spec §7.5): the screen is asked again when pain is ≥ 5 or
    reaches the leg, and stiffness over 30 minutes needs its one deciding question answered."""
    asks = []
    leg = any(loc.startswith("below-knee") for loc in entry.locations) or entry.leg_numbness or entry.leg_weakness
    if leg:
        asks.append(Prompt("Symptoms in the leg: is it in both legs, is leg weakness getting rapidly worse, is there numbness between the legs, "
                           "or a new change in bladder or bowel control? Any of these is an emergency sign: log it as a warning sign.",
                           "--red-flag both-legs | rapid-weakness | saddle-numbness | bladder-bowel"))  # fmt: skip
    elif entry.score >= 5 and not entry.red_flags:
        asks.append(Prompt("With pain at 5 or more, check the warning signs: any of them?", "--red-flag CODE (see `runsense pain log --help`)"))
    stiffness = entry.morning_stiffness_min
    if stiffness is not None and stiffness > STIFFNESS_FLAG_MIN and not entry.stiffness_eases:
        asks.append(Prompt(f"Morning stiffness of {stiffness} minutes: does it ease as you move? If so, say so: with that, it is a sign worth a GP or physio visit.",
                           "--stiffness-eases"))  # fmt: skip
    return asks


def red_flag_guidance_for(codes: Sequence[str]) -> list[dict[str, Any]]:
    """What to do for the red flags of an entry, most urgent tier first (spec §7.5)."""
    out = []
    for tier in RED_FLAG_TIERS:
        signs = [tier.questions[c] for c in codes if c in tier.questions]
        if signs:
            out.append({"tier": tier.tier, "severity": tier.severity, "message": tier.message, "signs": signs})
    return out
