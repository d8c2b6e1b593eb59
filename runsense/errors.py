"""Errors and recoverable issues.

Every public error inherits :class:`RunsenseError`::

    RunsenseError                  base; the CLI turns it into ``error: ...`` and exit code 1
    ├── ParseError                 a file could not be read (carries source_name and detail)
    │   ├── UnsupportedFormatError not a FIT, GPX or TCX file
    │   ├── CorruptFileError       CRC, EOF, header or XML syntax problems; wraps the reader's error
    │   ├── UnsafeInputError       refused for safety: entity declarations, zip paths, bombs, size limits
    │   └── NotAnActivityError     readable, but holds no activity (settings, workout, route, no samples)
    ├── SchemaError                a DataFrame breaks the canonical model (a programming error)
    ├── StoreError                 the database refused an operation
    │   ├── NotFoundError          unknown activity, shoe or pain entry
    │   ├── DamagedStoreError      the store file is truncated or corrupt: restore a backup
    │   ├── ReadOnlyStoreError     the store cannot be written (reading commands still work)
    │   ├── OutdatedStoreError     opened read-only, the store is at an older schema (a writable open upgrades it)
    │   └── DiskFullError          the disk (or a file size limit) refused a write
    ├── ConfigError                a bad settings file or environment value
    └── InvalidInputError          a value the runner typed is out of range (score 11, a future date)

Fatal problems raise. Recoverable ones become :class:`Issue` entries on the activity, so a
file with a bad CRC or a truncated tail still imports, with the problem said out loud.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RunsenseError(Exception):
    """Base class of every error runsense raises on purpose."""


class ParseError(RunsenseError):
    """A file could not be read as an activity."""

    def __init__(self, source_name: str, detail: str) -> None:
        self.source_name = source_name
        self.detail = detail
        super().__init__(f"{source_name}: {detail}")

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickle with both arguments, so errors cross from import worker processes intact."""
        return (self.__class__, (self.source_name, self.detail))


class UnsupportedFormatError(ParseError):
    """The bytes are not a FIT, GPX or TCX file (or a container of them)."""


class CorruptFileError(ParseError):
    """The file is damaged beyond what a lenient read can recover."""


class UnsafeInputError(ParseError):
    """The input was refused for safety: entity declarations, unsafe zip paths, size limits."""


class NotAnActivityError(ParseError):
    """The file is valid but holds no recorded activity (a settings file, a route, no samples).

    The importer reports these as *skipped*, not *failed*.
    """


class SchemaError(RunsenseError):
    """A records table breaks the canonical model; this is a bug in runsense, not in the file."""


class StoreError(RunsenseError):
    """The store refused an operation."""


class NotFoundError(StoreError):
    """No such activity, shoe or pain entry."""


class DamagedStoreError(StoreError):
    """The store file is truncated or corrupt; the message names it and says how to restore a backup."""


class ReadOnlyStoreError(StoreError):
    """The store (or its folder) cannot be written; commands that only read still work."""


class OutdatedStoreError(StoreError):
    """Opened read-only, the store is at an older schema version; opening it writable upgrades it."""


class DiskFullError(StoreError):
    """A write was refused for lack of space; nothing already stored was lost."""


class ConfigError(RunsenseError):
    """A settings file or environment value is invalid; the message names the key."""


class InvalidInputError(RunsenseError):
    """A value the runner gave is invalid; the message says what is allowed."""


class IssueCode(enum.StrEnum):
    """Recoverable problems met while reading or deriving an activity."""

    CRC_MISMATCH = "crc_mismatch"
    TRUNCATED = "truncated"
    DUPLICATE_TIMESTAMPS_MERGED = "duplicate_timestamps_merged"
    UNSORTED_TIMESTAMPS_SORTED = "unsorted_timestamps_sorted"
    SAMPLES_WITHOUT_TIME_DROPPED = "samples_without_time_dropped"
    INVALID_VALUES_MASKED = "invalid_values_masked"
    CADENCE_UNITS_UNKNOWN = "cadence_units_unknown"
    NAIVE_TIME_ASSUMED_UTC = "naive_time_assumed_utc"
    LOCAL_OFFSET_ASSUMED = "local_offset_assumed"
    DEVELOPER_POWER_USED = "developer_power_used"
    NO_GPS = "no_gps"
    MALFORMED_XML_RECOVERED = "malformed_xml_recovered"
    DEVICE_TIME_ANCHORED = "device_time_anchored"
    IMPOSSIBLE_POSITIONS_DROPPED = "impossible_positions_dropped"
    IMPOSSIBLE_SPEEDS_DROPPED = "impossible_speeds_dropped"
    DISTANCE_FROM_TRACK = "distance_from_track"
    SPORT_INFERRED = "sport_inferred"
    SPORT_CHANGED = "sport_changed"


@dataclass(frozen=True, slots=True)
class Issue:
    """One recoverable problem met reading or deriving an activity, with how many samples or
    messages it touched: made by the readers (and a sport correction), stored as JSON with the
    activity, read back typed on :class:`~runsense.records.ActivityRow` (``issues``)."""

    code: IssueCode | str  # a str only for a code this version does not know (a store a newer runsense wrote)
    message: str
    count: int = 1

    def to_dict(self) -> dict[str, object]:
        """Plain-JSON form for the store and ``--json`` output."""
        return {"code": str(self.code), "message": self.message, "count": self.count}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Issue:
        """Inverse of :meth:`to_dict`; an unknown code is kept as its text, so the activity stays readable."""
        code = str(data["code"])
        return cls(IssueCode(code) if code in _ISSUE_CODES else code, str(data["message"]), int(data.get("count", 1)))  # type: ignore[call-overload]


_ISSUE_CODES = frozenset(IssueCode)
