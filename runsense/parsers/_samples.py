"""Samples gathered while an XML file streams past: compact columns and times parsed in chunks.

A Python float in a list costs 32 bytes and a time string about 80; a GPX of three million
points held that way needs gigabytes before pandas sees it. Here each value costs 8 bytes
(``array('d')``) and times are parsed to ``int64`` nanoseconds every :data:`_TIME_CHUNK` samples.
A file with more than :data:`MAX_SAMPLES` samples (all its activities together) or more than
:data:`MAX_ACTIVITIES` activities is refused while it is read, which bounds the memory of one
import whatever the file holds.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from runsense.errors import Issue, IssueCode, UnsafeInputError

#: most samples one activity file may hold: 69 hours at one a second. Parsing and analysing cost
#: about 0.5 KB a sample (the samples table and pandas' working copies), so with the file itself
#: this keeps one import under 400 MB
MAX_SAMPLES = 250_000  # the FIT reader's MAX_RECORDS is the same limit
#: most activities one file may hold (an old Garmin Training Center history can hold hundreds; each
#: becomes its own table and analysis)
MAX_ACTIVITIES = 1_000
_TIME_CHUNK = 65_536
_FIRST, _LAST = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")


class SampleBudget:
    """What one file may still hold, shared by all its activities."""

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self._samples_left = MAX_SAMPLES
        self._activities_left = MAX_ACTIVITIES

    def take_sample(self) -> None:
        """Count one sample. Raises UnsafeInputError past :data:`MAX_SAMPLES`."""
        self._samples_left -= 1
        if self._samples_left < 0:
            raise UnsafeInputError(self.source_name, f"holds over {MAX_SAMPLES:,} samples (69 hours at one a second); refused to keep memory bounded")

    def take_activity(self) -> None:
        """Count one activity. Raises UnsafeInputError past :data:`MAX_ACTIVITIES`."""
        self._activities_left -= 1
        if self._activities_left < 0:
            raise UnsafeInputError(self.source_name, f"holds over {MAX_ACTIVITIES:,} activities; refused to keep memory bounded")


class SampleColumns:
    """Per-sample values (NaN where absent) and times, appended one sample at a time."""

    def __init__(self, names: Iterable[str], budget: SampleBudget) -> None:
        self.columns: dict[str, array[float]] = {name: array("d") for name in names}
        self._budget = budget
        self._times_ns: array[int] = array("q")
        self._pending: list[str | None] = []
        self._first_time: str | None = None
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, time_text: str | None, values: Mapping[str, float]) -> None:
        """Append one sample; names missing from ``values`` are NaN.

        Raises
        ------
        UnsafeInputError
            The file holds more than :data:`MAX_SAMPLES` samples.
        """
        self._budget.take_sample()
        self._count += 1
        for name, column in self.columns.items():
            column.append(values.get(name, np.nan))
        if self._first_time is None and time_text:
            self._first_time = time_text
        self._pending.append(time_text)
        if len(self._pending) >= _TIME_CHUNK:
            self._flush_times()

    def any_time(self) -> bool:
        """Whether any sample has a time text."""
        return self._first_time is not None

    def arrays(self) -> dict[str, np.ndarray]:
        """Each column as a float64 array (sharing the gathered memory)."""
        return {name: np.frombuffer(column, dtype=np.float64) if len(column) else np.array([]) for name, column in self.columns.items()}

    def timestamps(self) -> tuple[pd.DatetimeIndex, int | None, list[Issue]]:
        """The samples' UTC times (NaT where unreadable), the local offset they say, and issues.

        A time with ``Z`` or ``+00:00`` says UTC (offset unknown); another offset gives the
        runner's local offset; a time with none is assumed UTC with a ``NAIVE_TIME_ASSUMED_UTC`` issue.
        """
        self._flush_times()
        ns = np.frombuffer(self._times_ns, dtype=np.int64) if len(self._times_ns) else np.array([], dtype=np.int64)
        index = pd.DatetimeIndex(ns.view("M8[ns]"), name="timestamp").tz_localize("UTC")
        offset_s, naive = _offset_of(self._first_time)
        issues = [Issue(IssueCode.NAIVE_TIME_ASSUMED_UTC, "times carry no time zone; assumed UTC")] if naive else []
        return index, offset_s, issues

    def _flush_times(self) -> None:
        if self._pending:
            parsed = pd.DatetimeIndex(pd.to_datetime(pd.Series(self._pending, dtype=object), utc=True, format="ISO8601", errors="coerce"))
            # a time pandas reads but nanoseconds cannot hold (year 1 or 9999) is unreadable, like any other
            in_range = (parsed >= _FIRST) & (parsed <= _LAST)
            self._times_ns.frombytes(parsed.where(in_range).as_unit("ns").asi8.astype(np.int64).tobytes())
            self._pending = []


def _offset_of(sample: str | None) -> tuple[int | None, bool]:
    """The UTC offset, s, a time text carries (None for UTC or none), and whether it has none."""
    sample = (sample or "").strip()
    if not sample or sample.endswith(("Z", "z")):
        return None, False
    tail = sample[-6:]
    if len(tail) == 6 and tail[0] in "+-" and tail[3] == ":" and tail[1:3].isdigit() and tail[4:6].isdigit():
        offset_s = (1 if tail[0] == "+" else -1) * (int(tail[1:3]) * 3600 + int(tail[4:6]) * 60)
        return offset_s or None, False
    return None, True
