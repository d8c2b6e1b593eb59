"""Take your data elsewhere: activities, samples, shoes and pain as CSV or JSON files.

Exports hold health data and text from other people's files, so they are written with care:

* nothing existing is overwritten unless asked (``force``), and then the old file is unlinked and
  a new one made, never written through (a symlink or hard link at that name is not followed);
* files are 0600 and new folders 0700, like the store;
* CSV cells that a spreadsheet would run as a formula (a leading ``=``, ``+``, ``-``, ``@``, tab or
  carriage return, OWASP's list) are prefixed with ``'``;
* from a damaged store, whatever is readable is exported and what is not is listed, row by row.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from runsense.errors import InvalidInputError, RunsenseError
from runsense.records import ActivityRow
from runsense.store import SQLiteStore  # not the Store protocol: a damaged SQLite file is salvaged row by row (readable_keys)

_ACTIVITY_FIELDS = (
    "id", "source_name", "source_format", "sport", "sub_sport", "start_time", "local_date", "distance_m", "duration_s", "timer_s", "moving_time_s",
    "n_records", "avg_speed_mps", "avg_heart_rate_bpm", "cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms",
    "vertical_ratio_pct", "stance_time_balance_pct", "shoe", "device", "title", "gear_name",
)  # fmt: skip
FORMATS = ("csv", "json")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: activity ids become file names: anything else (from a hostile backup) is not written
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")

T = TypeVar("T")


class ExportConflictError(RunsenseError):
    """The export would overwrite files; the message lists them."""


@dataclass
class ExportResult:
    """How many of each were written, and what could not be read (each with the reason)."""

    counts: dict[str, int]
    skipped: list[str] = field(default_factory=list)


def export_all(store: SQLiteStore, folder: Path, fmt: str = "csv", *, samples: bool = True, force: bool = False) -> ExportResult:
    """Write ``activities``, ``shoes``, ``pain`` (and ``samples/<id>``) as CSV or JSON into ``folder``.

    Raises :class:`ExportConflictError` (before writing anything) if any of those files exists and
    ``force`` is not set.
    """
    if fmt not in FORMATS:
        raise InvalidInputError(f"unknown export format {fmt!r}: choose csv or json")
    skipped: list[str] = []
    tables = {
        "activities": [_activity_fields(a) for a in _salvage(store.activities, lambda: store.readable_keys("activities"), store.activity, "activity", skipped)],
        "shoes": [s.to_dict() for s in _whole(store.shoes, "shoes", skipped)],
        "pain": [e.to_dict() | {"red_flags": ";".join(e.red_flags)} for e in _salvage(store.pain_entries, lambda: store.readable_keys("pain"), store.pain_entry, "pain entry", skipped)],
    }
    ids = [a["id"] for a in tables["activities"] if _safe_id(a["id"], skipped)] if samples else []
    targets = [folder / f"{name}.{fmt}" for name in tables] + [folder / "samples" / f"{i}.{fmt}" for i in ids]
    linked_samples = [folder / "samples"] if samples and (folder / "samples").is_symlink() else []  # would lead the writes elsewhere
    _refuse_overwrites(targets + linked_samples, force)
    _make_folder(folder)
    for name, rows in tables.items():
        _write_new(folder / f"{name}.{fmt}", _render(rows, fmt), force)
    n_samples = _export_samples(store, folder / "samples", ids, fmt, force, skipped) if samples else 0
    counts = {name: len(rows) for name, rows in tables.items()} | {"samples": n_samples}
    return ExportResult(counts, skipped)


def neutralise(value: object) -> object:
    """A CSV cell a spreadsheet shows as text: strings that would start a formula get a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _activity_fields(activity: ActivityRow) -> dict[str, Any]:
    return {k: getattr(activity, k) for k in _ACTIVITY_FIELDS}


def _salvage(read_all: Callable[[], list[T]], keys: Callable[[], list[Any]], read_one: Callable[[Any], T], what: str, skipped: list[str]) -> list[T]:
    """Every row, or when the table cannot be read whole (a damaged store), each row that can be."""
    try:
        return read_all()
    except Exception:  # noqa: BLE001 - damage shows as many kinds of error; each row is tried next
        pass
    rows = []
    for key in _attempt(keys, f"the list of each {what}", skipped) or []:
        try:
            rows.append(read_one(key))
        except Exception as exc:  # noqa: BLE001 - one unreadable row is reported, the rest still export
            skipped.append(f"{what} {key}: {_reason(exc)}")
    return rows


def _whole(read_all: Callable[[], list[T]], what: str, skipped: list[str]) -> list[T]:
    return _attempt(read_all, what, skipped) or []


def _attempt(read: Callable[[], T], what: str, skipped: list[str]) -> T | None:
    try:
        return read()
    except Exception as exc:  # noqa: BLE001 - damage to the store: say what is missing and go on
        skipped.append(f"{what}: {_reason(exc)}")
        return None


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _safe_id(activity_id: str, skipped: list[str]) -> bool:
    if _SAFE_ID.fullmatch(activity_id) and activity_id not in (".", ".."):
        return True
    skipped.append(f"samples of activity {activity_id!r}: its id is not a safe file name")
    return False


def _refuse_overwrites(targets: Iterable[Path], force: bool) -> None:
    existing = [path for path in targets if path.exists() or path.is_symlink()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise ExportConflictError(f"the export would overwrite {len(existing)} existing file{'s' if len(existing) != 1 else ''} ({shown}): choose an empty folder, or add --force")


def _make_folder(folder: Path) -> None:
    if (folder.exists() or folder.is_symlink()) and not folder.is_dir():
        raise ExportConflictError(f"{folder} is not a folder: choose a folder to export into")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def _write_new(path: Path, text: str, force: bool) -> None:
    """Create ``path`` as a new 0600 file; with ``force``, whatever had that name is unlinked first."""
    if force and (path.is_symlink() or path.is_file()):
        path.unlink()
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with open(handle, "w", encoding="utf-8", newline="") as out:
        out.write(text)


def _render(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=1, default=str)
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: neutralise(json.dumps(v) if isinstance(v, list | dict) else v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _export_samples(store: SQLiteStore, folder: Path, ids: list[str], fmt: str, force: bool, skipped: list[str]) -> int:
    if force and folder.is_symlink():
        folder.unlink()
    _make_folder(folder)
    total = 0
    for activity_id in ids:
        try:
            frame = store.records(activity_id).reset_index()
        except Exception as exc:  # noqa: BLE001 - one damaged activity's samples; the others still export
            skipped.append(f"samples of activity {activity_id}: {_reason(exc)}")
            continue
        frame["timestamp"] = frame["timestamp"].map(lambda t: t.isoformat())
        text = frame.to_csv(index=False) if fmt == "csv" else frame.to_json(orient="records")
        _write_new(folder / f"{activity_id}.{fmt}", text, force)
        total += len(frame)
    return total
