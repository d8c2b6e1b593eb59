"""A strength session as a Garmin watch records it: a FIT ``strength_training`` activity with its sets.

No public watch file we hold carries ``set`` messages, so tests make one here with the project's
FIT writer, laid out as a Garmin watch lays it out: heart rate every second, then one ``set``
message per exercise and per rest (duration, repetitions, weight, set type, and the exercise
category as an array field of two: the exercise, then an unused slot), then the lap, the session
(sport ``training``, sub-sport ``strength_training``) and the activity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from runsense.examples.fit_writer import FitWriter

_GARMIN_FR965 = 4315  # fitdecode profile: garmin_product 'fr965'
_UNKNOWN_CATEGORY = 65534  # the profile's exercise_category 'unknown'
_UNUSED = 65535  # uint16 invalid: an array slot left empty


@dataclass(frozen=True, slots=True)
class PlannedSet:
    """One exercise of the session, and the rest after it (0: none)."""

    category: str  # a FIT exercise_category ("push_up", "plank"…); "" for one the watch did not recognise
    duration_s: float
    repetitions: int | None = None
    weight_kg: float | None = None
    rest_s: float = 0.0


def strength_fit_bytes(start_utc: datetime, sets: Sequence[PlannedSet], *, utc_offset: timedelta = timedelta(0), heart_rate_bpm: float = 100.0) -> bytes:
    """A FIT strength activity starting at ``start_utc`` that holds ``sets`` in order, each active
    set followed by its rest set."""
    from fitdecode import profile

    categories = {name: number for number, name in profile.FIELD_TYPES["exercise_category"].enum.items()}
    start = start_utc.timestamp()
    rows = []  # (start, duration, repetitions, weight, type, category)
    clock = start
    for planned in sets:
        rows.append((clock, planned.duration_s, planned.repetitions, planned.weight_kg, "active", categories[planned.category] if planned.category else _UNKNOWN_CATEGORY))
        clock += planned.duration_s
        if planned.rest_s > 0:
            rows.append((clock, planned.rest_s, None, None, "rest", _UNUSED))
            clock += planned.rest_s
    end = clock
    t = np.arange(start, end + 1)
    w = FitWriter()
    w.write("file_id", {"type": "activity", "manufacturer": "garmin", "product": _GARMIN_FR965, "serial_number": 3_400_123_456, "time_created": start})
    w.write("device_info", {"timestamp": start, "device_index": 0, "manufacturer": "garmin", "product": _GARMIN_FR965})
    w.write("event", {"timestamp": start, "event": "timer", "event_type": "start"})
    w.write("record", {"timestamp": t, "heart_rate": heart_rate_bpm + 15 * np.sin((t - start) / 90)})
    w.write("set", {
        "timestamp": np.array([r[0] + r[1] for r in rows]),
        "start_time": np.array([r[0] for r in rows]),
        "duration": np.array([r[1] for r in rows]),
        "repetitions": np.array([np.nan if r[2] is None else r[2] for r in rows]),
        "weight": np.array([np.nan if r[3] is None else r[3] for r in rows]),
        "set_type": np.array([r[4] for r in rows]),
        "category": np.array([[r[5], _UNUSED] for r in rows]),
        "message_index": np.arange(len(rows)),
    })  # fmt: skip
    summary = {"timestamp": end, "start_time": start, "total_elapsed_time": end - start, "total_timer_time": end - start}
    w.write("lap", summary)
    w.write("session", {**summary, "sport": "training", "sub_sport": "strength_training"})
    w.write("activity", {"timestamp": end, "local_timestamp": end + utc_offset.total_seconds(), "num_sessions": 1})
    return w.to_bytes()
