"""What every part of the SQLite store shares: the connection, its write transactions, the
``meta`` counters and the small value helpers the parts of :class:`~runsense.store.sqlite.SQLiteStore` use."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

#: the stored reference pace, as integers in ``meta`` (no schema change): the speed in µm/s, and the
#: first and last local date of the running it was taken from (proleptic ordinals)
REFERENCE_KEYS = ("reference_speed_um_s", "reference_first_day", "reference_last_day")


class StoreBase:
    """The connection and the helpers every concern's mixin builds on."""

    path: Path
    read_only: bool
    _db: sqlite3.Connection

    if TYPE_CHECKING:  # defined by ActivitiesMixin, used by the shoes and alerts parts

        def activity(self, activity_id: str) -> dict[str, Any]: ...

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            if self.schema_version >= 4:
                self._db.execute("UPDATE meta SET value = value + 1 WHERE key = 'writes'")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _meta(self, key: str) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    def _tuples(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows as plain tuples (cheaper than :class:`sqlite3.Row` for building tables)."""
        cursor = self._db.cursor()
        cursor.row_factory = None
        return cursor.execute(query, params).fetchall()


#: the largest row id SQLite can hold (a signed 64-bit integer)
_MAX_ROW_ID = 2**63 - 1


def row_id(value: int) -> int | None:
    """A row id as a query takes it: one SQLite cannot hold (``pain delete 99999999999999999999``)
    names no row, so it becomes None, which matches none (the caller's "no such entry"), instead
    of an OverflowError."""
    return value if -_MAX_ROW_ID - 1 <= value <= _MAX_ROW_ID else None


def now() -> str:
    """The current UTC time as stored in ``created_at`` columns."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def finite(value: object) -> float | None:
    """``value`` as a float, or None when missing, not a number, or infinite (SQL NULL)."""
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None
