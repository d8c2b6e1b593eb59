"""The store's pain log (spec §7.2): entries with their locations, leg symptoms and red flags."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from runsense.errors import NotFoundError
from runsense.records import field_names
from runsense.store._base import row_id

if TYPE_CHECKING:
    from runsense.records import NewPainEntry, PainEntry


class _Connected(Protocol):
    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...


class PainMixin:
    """Pain-log methods of :class:`~runsense.store.sqlite.SQLiteStore`."""

    def add_pain(self: _Connected, entry: NewPainEntry) -> int:
        """Store a validated pain entry (see :mod:`runsense.pain`)."""
        fields = _pain_fields(entry)
        with self._transaction() as db:
            cursor = db.execute(
                f"INSERT INTO pain ({', '.join(fields)}, created_at) VALUES ({', '.join('?' * (len(fields) + 1))})",
                (*fields.values(), datetime.now(UTC).isoformat(timespec="seconds")),
            )
        return int(cursor.lastrowid or 0)

    def pain_entries(self: _Connected) -> list[PainEntry]:
        """Every pain entry, oldest first."""
        rows = self._db.execute("SELECT * FROM pain ORDER BY local_time, id").fetchall()
        return [_pain_row(r) for r in rows]

    def pain_entry(self: _Connected, entry_id: int) -> PainEntry:
        """One pain entry."""
        row = self._db.execute("SELECT * FROM pain WHERE id = ?", (row_id(entry_id),)).fetchone()
        if row is None:
            raise NotFoundError(f"no pain entry {entry_id} (see `runsense pain list`)")
        return _pain_row(row)

    def update_pain(self: _Connected, entry_id: int, entry: NewPainEntry) -> None:
        """Replace a pain entry's fields with a validated entry."""
        PainMixin.pain_entry(self, entry_id)
        fields = _pain_fields(entry)
        with self._transaction() as db:
            db.execute(f"UPDATE pain SET {', '.join(f'{c} = ?' for c in fields)} WHERE id = ?", (*fields.values(), entry_id))

    def delete_pain(self: _Connected, entry_id: int) -> None:
        """Delete a pain entry."""
        PainMixin.pain_entry(self, entry_id)
        with self._transaction() as db:
            db.execute("DELETE FROM pain WHERE id = ?", (entry_id,))


#: the pain log's yes/no fields, stored as 0/1
_PAIN_BOOLS = ("leg_numbness", "leg_weakness", "stiffness_eases", "sleep_disturbed")



@cache
def _row_type() -> tuple[type[PainEntry], tuple[str, ...]]:
    """:class:`~runsense.records.PainEntry` and the fields read from their own columns (``local_date``
    follows from ``local_time``), loaded at the first pain read or write (the shoe list never needs them)."""
    from runsense.records import PainEntry

    return PainEntry, tuple(f for f in field_names(PainEntry) if f not in ("red_flags", "locations", *_PAIN_BOOLS))


def _pain_fields(entry: NewPainEntry) -> dict[str, Any]:
    """A validated entry as its columns; an entry without its locations (made by hand) is at its
    one ``location``, as the migration gave older rows. Anything else (a dict from an older caller)
    is refused before a transaction opens, naming what to use instead."""
    from runsense.records import NewPainEntry

    if not isinstance(entry, NewPainEntry):
        raise TypeError(f"a pain entry is a NewPainEntry made by runsense.pain.make_entry (which checks it), not {type(entry).__name__}")
    locations = list(entry.locations) or [entry.location]
    return {
        "local_time": entry.local_time, "local_date": entry.local_date, "score": entry.score, "location": locations[0],
        "locations": json.dumps(locations), "timing": entry.timing, "activity_id": entry.activity_id, "note": entry.note,
        "red_flags": json.dumps(list(entry.red_flags)), **{b: int(getattr(entry, b)) for b in _PAIN_BOOLS},
        "morning_stiffness_min": entry.morning_stiffness_min, "activity_interference": entry.activity_interference,
    }  # fmt: skip


def _pain_row(row: sqlite3.Row) -> PainEntry:
    """A stored pain entry: JSON lists decoded into tuples, yes/no fields as booleans."""
    row_type, names = _row_type()
    return row_type(**{k: row[k] for k in names}, red_flags=tuple(json.loads(row["red_flags"])), locations=tuple(json.loads(row["locations"])),
                     **{b: bool(row[b]) for b in _PAIN_BOOLS})  # fmt: skip
