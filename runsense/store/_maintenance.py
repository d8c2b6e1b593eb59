"""The store's upkeep: write counters and its id (cache keys), the reference pace, counts, salvage, backup and integrity."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runsense.errors import StoreError
from runsense.store._base import REFERENCE_KEYS, StoreBase
from runsense.store.faults import explain_fault

if TYPE_CHECKING:
    from runsense.model import ReferencePace

# the model is imported where the reference pace is read: `runsense pain log` opens this store too


class MaintenanceMixin(StoreBase):
    """Maintenance methods of :class:`~runsense.store.sqlite.SQLiteStore`."""

    def write_version(self) -> int:
        """A counter every write transaction bumps: a cache key for anything derived from the store."""
        return self._meta("writes")

    def writes_besides_imports(self) -> int:
        """A counter of every write but imports (pain entries, shoes, alerts, settings): with the
        data version of an analysis, a cache key that an import alone does not change."""
        return self._meta("writes") - self._meta("imports")

    def store_id(self) -> int:
        """A random number every restore writes anew (0 before the first): the counters above come
        back with a restored backup, so a cache must be keyed by this too (a restored store's counters
        may repeat values the replaced store had, with other data behind them)."""
        return self._meta("instance")

    def reference_pace(self) -> ReferencePace | None:
        """The stored reference pace, or None while none is set."""
        from runsense.model import ReferencePace

        speed_um_s, first, last = (self._meta(key) for key in REFERENCE_KEYS)
        if speed_um_s <= 0 or first <= 0 or last < first:  # never set, or reset
            return None
        return ReferencePace(speed_um_s / 1e6, date.fromordinal(first), date.fromordinal(last))

    def set_reference_pace(self, reference: ReferencePace) -> None:
        """Store the reference pace; it stays until the next call or :meth:`clear_reference_pace`."""
        values = (round(reference.speed_mps * 1e6), reference.first_day.toordinal(), reference.last_day.toordinal())
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(zip(REFERENCE_KEYS, values, strict=True)))

    def clear_reference_pace(self) -> None:
        """Forget the stored reference pace (the next analysis takes it from the data again)."""
        with self._transaction() as db:
            db.execute(f"DELETE FROM meta WHERE key IN ({', '.join('?' * len(REFERENCE_KEYS))})", REFERENCE_KEYS)

    def counts(self) -> dict[str, int]:
        """How many sources, activities and samples the store holds."""
        return {
            "sources": self._db.execute("SELECT COUNT(*) FROM sources").fetchone()[0],
            "activities": self._db.execute("SELECT COUNT(*) FROM activities").fetchone()[0],
            "samples": self._db.execute("SELECT COALESCE(SUM(n), 0) FROM samples").fetchone()[0],
        }

    def readable_keys(self, table: str) -> list[Any]:
        """Keys of the rows of ``table`` (``activities`` or ``pain``) that can still be
        listed after damage to the file: those a table scan reaches before an unreadable page, and
        those each of the table's indexes lists. For salvage; a sound store gives every key."""
        key = {"activities": "id", "pain": "id"}[table]
        indexes = [name for (name,) in self._tuples("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,))]
        keys: dict[Any, None] = {}
        quoted = ['"' + name.replace('"', '""') + '"' for name in indexes]
        for source in [table, *(f"{table} INDEXED BY {name}" for name in quoted)]:
            with contextlib.suppress(sqlite3.DatabaseError):
                for (value,) in self._db.execute(f"SELECT {key} FROM {source}"):
                    keys.setdefault(value, None)
        return list(keys)

    def backup(self, target: str | os.PathLike[str]) -> None:
        """Copy the whole store to ``target`` with SQLite's online backup API (safe while others read or write).

        The copy is written to a temporary file beside ``target`` and takes its name only once
        complete and on disk: a full disk or a crash never leaves a partial backup under that name.
        """
        import tempfile  # here: only a backup needs it

        target = Path(target)
        if target.exists() or target.is_symlink():
            raise StoreError(f"{target} already exists: choose a new file name for the backup")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)  # 0600: health data
        except OSError as exc:
            raise StoreError(f"cannot write a backup into {target.parent}: {exc.strerror}") from None
        os.close(handle)
        temp = Path(name)
        try:
            destination = sqlite3.connect(temp)
            try:
                self._db.backup(destination)
            finally:
                destination.close()
            _fsync(temp)
            _publish(temp, target)
        except (sqlite3.DatabaseError, OSError) as exc:
            fault = explain_fault(exc, target)
            if fault is None:
                raise
            raise fault from exc
        finally:
            for leftover in (temp, Path(f"{temp}-journal")):
                leftover.unlink(missing_ok=True)

    def renew_store_id(self) -> None:
        """Write a new :meth:`store_id`: every way of putting other contents in place (a restore)
        must, or the dashboard may serve pages of the contents it replaced."""
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('instance', ?)", (int.from_bytes(os.urandom(8), "big") >> 2,))

    def integrity_check(self) -> str:
        """SQLite's own verdict on the file (``"ok"`` when sound)."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def _publish(temp: Path, target: Path) -> None:
    """Give a finished file its name, never replacing a file that appeared there meanwhile (a hard
    link fails if the name exists; file systems without links, such as FAT, get a rename)."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise StoreError(f"{target} already exists: choose a new file name for the backup") from None
    except OSError:
        os.replace(temp, target)


__all__ = ["MaintenanceMixin"]
