"""The sets of a FIT strength activity (``set`` messages, global number 225) as typed sets.

A Garmin ``strength_training`` activity writes one ``set`` message per exercise done and per rest
between them: ``set_type`` (active or rest), ``duration`` (s), ``repetitions``, ``weight`` (kg),
``category`` (the profile's ``exercise_category``), ``start_time`` and ``timestamp`` (its end).

Both decoders hand the same values here (fitdecode and the fast path decode a message alike), so
one function makes the sets of both. ``category`` is an *array* field: watches write one or more
categories per set (the exercise and its alternatives), which fitdecode returns as a tuple of raw
numbers (enum names only for a single value); the first the profile names is kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime

from fitdecode import profile

from runsense.model import StrengthSet
from runsense.units import FIT_EPOCH_S

_CATEGORIES: dict[int, str] = dict(profile.FIELD_TYPES["exercise_category"].enum)
#: the names a set's category may have ("unknown", a set the watch did not recognise, is none)
_NAMES = frozenset(_CATEGORIES.values()) - {"unknown"}
#: FIT times are uint32 seconds: anything past is damage
_FIT_TIME_END = 2**32


def exercise_category(value: object) -> str:
    """The exercise category of a set's ``category`` field: a name, a raw number, or a tuple of
    either (an array field); "" when the watch wrote none the profile knows."""
    if isinstance(value, tuple):
        return next((name for item in value if (name := exercise_category(item))), "")
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        value = _CATEGORIES.get(value, "")
    return value if isinstance(value, str) and value in _NAMES else ""  # a damaged string field is no exercise


def strength_sets(messages: Iterable[dict[str, object]], shift_s: float = 0.0) -> tuple[StrengthSet, ...]:
    """Typed sets of decoded ``set`` messages, in file order; ``shift_s`` places device-relative
    times on the calendar (see :func:`runsense.parsers.fit.anchor_device_time`)."""
    return tuple(_strength_set(v, shift_s) for v in messages)


def set_time_s(values: dict[str, object]) -> float | None:
    """When a set started, in FIT seconds: its ``start_time``, else its end less its duration."""
    start, end, duration = (_number(values.get(k)) for k in ("start_time", "timestamp", "duration"))
    if start is not None:
        return start
    return end - (duration or 0.0) if end is not None else None


def _strength_set(values: dict[str, object], shift_s: float) -> StrengthSet:
    start = set_time_s(values)
    start = start + shift_s if start is not None and 0 <= start + shift_s < _FIT_TIME_END else None  # a damaged time is no time
    repetitions = _within(values.get("repetitions"), 0xFFFF)
    set_type = values.get("set_type")
    return StrengthSet(
        start_time=None if start is None else datetime.fromtimestamp(start + FIT_EPOCH_S, UTC),
        duration_s=_within(values.get("duration"), 0xFFFFFFFF / 1000),
        set_type=set_type if isinstance(set_type, str) else _guess_type(values) if set_type is None else str(set_type),
        category=exercise_category(values.get("category")),
        repetitions=None if repetitions is None else int(repetitions),
        weight_kg=_within(values.get("weight"), 0xFFFF / 16),
    )


def _guess_type(values: dict[str, object]) -> str:
    """A set that does not say its type: active when it names an exercise or counts repetitions."""
    return "active" if exercise_category(values.get("category")) or _within(values.get("repetitions"), 0xFFFF) else "rest"


def _within(value: object, most: float) -> float | None:
    """A number between 0 and the most its FIT field can hold, else None (damage, not a value)."""
    number = _number(value)
    return number if number is not None and 0 <= number <= most else None


def _number(value: object) -> float | None:
    """A finite number, else None (a damaged file can declare a float where the profile has an integer)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return float(value) if math.isfinite(value) else None
