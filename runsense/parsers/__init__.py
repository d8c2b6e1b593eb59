"""Readers: activity file bytes → :class:`~runsense.model.Activity` objects.

Readers never touch the store, never print, and raise only runsense errors: anything a
third-party decoder throws on hostile input is mapped to :class:`CorruptFileError` here.
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from runsense.errors import CorruptFileError, IssueCode, RunsenseError, UnsupportedFormatError
from runsense.model import Activity, validate_records
from runsense.parsers._xml import xml_head
from runsense.parsers.cleanup import finish_activity, require_real_date
from runsense.parsers.fit import read_fit
from runsense.parsers.gpx import read_gpx
from runsense.parsers.tcx import read_tcx

Reader = Callable[[bytes, str], list[Activity]]

#: reader per format name
READERS: dict[str, Reader] = {"fit": read_fit, "gpx": read_gpx, "tcx": read_tcx}

__all__ = ["READERS", "read_activities", "sniff_format"]


def sniff_format(data: bytes, source_name: str = "") -> str | None:
    """Tell FIT, GPX or TCX from the bytes (the name's suffix only breaks ties); ``None`` if neither."""
    if len(data) >= 12 and data[8:12] == b".FIT":
        return "fit"
    head = xml_head(data).lower()
    if head.startswith(b"<"):
        if b"<gpx" in head:
            return "gpx"
        if b"<trainingcenterdatabase" in head:
            return "tcx"
    suffix = source_name.lower().rsplit(".", 1)[-1] if "." in source_name else ""
    return suffix if suffix in READERS and suffix != "fit" and head.startswith(b"<") else None


def read_activities(data: bytes, source_name: str) -> list[Activity]:
    """Read one activity file (FIT, GPX or TCX, already decompressed).

    Returns
    -------
    list of Activity
        Usually one; multisport FIT files give one per leg.

    Raises
    ------
    UnsupportedFormatError
        The bytes are none of the three formats.
    ParseError
        Any other reason the file cannot be read, with what is wrong.
    """
    if not data:
        raise CorruptFileError(source_name, "the file is empty (0 bytes)")
    fmt = sniff_format(data, source_name)
    if fmt is None:
        suffix = source_name.lower().rsplit(".", 1)[-1]
        if suffix == "fit":
            raise CorruptFileError(source_name, "not a FIT file: the header has no '.FIT' signature (corrupt or not a FIT file)")
        if suffix in ("gpx", "tcx"):
            start = data[:40].decode("utf-8", "replace").strip()
            raise CorruptFileError(source_name, f"not a {suffix.upper()} file: it does not start with XML (it starts with {start!r})")
        raise UnsupportedFormatError(source_name, "not a FIT, GPX or TCX activity file")
    try:
        activities = [finish_activity(a) for a in READERS[fmt](data, source_name)]
    except RunsenseError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, UnicodeError, AttributeError, struct.error, EOFError, AssertionError) as exc:
        # a decoder tripping over hostile bytes; keep the file's name and what went wrong
        raise CorruptFileError(source_name, f"unreadable {fmt.upper()} data ({type(exc).__name__}: {exc})") from exc
    for activity in activities:
        validate_records(activity.records)
        _require_timeline(activity, source_name)
        require_real_date(activity)
    return activities


#: share of samples that may repeat another's timestamp before the clock counts as broken
_MAX_REPEATED_TIME_SHARE = 0.9


def _require_timeline(activity: Activity, source_name: str) -> None:
    """Refuse a file whose samples nearly all share a few timestamps (a broken clock, e.g. 1901)."""
    merged = sum(i.count for i in activity.issues if i.code == IssueCode.DUPLICATE_TIMESTAMPS_MERGED)
    total = activity.n_records + merged
    if total >= 10 and merged > _MAX_REPEATED_TIME_SHARE * total:
        first = activity.records.index[0].isoformat()
        raise CorruptFileError(source_name, f"the timestamps are broken: {merged} of {total} samples repeat another's time (from {first}); no usable timeline")
