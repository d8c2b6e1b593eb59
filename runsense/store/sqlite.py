"""SQLite store: one file, WAL mode, versioned schema, one transaction per imported file.

Durability choices:

* ``journal_mode=WAL`` so the dashboard reads while an import writes;
* ``synchronous=NORMAL``: with WAL a crash of runsense or the OS never corrupts the database
  and never leaves half a transaction; a power cut can lose at most the last few committed
  imports, which a re-import restores (the files are still on the watch or in the export);
* ``busy_timeout`` of 30 s, so a reader and a writer wait for each other instead of failing.

The schema and its migrations live in :mod:`runsense.store.schema`; opening a store applies the
missing ones in order, forward only, each in its own transaction.
"""


from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from runsense.errors import NotFoundError, OutdatedStoreError, StoreError
from runsense.store import schema
from runsense.store._activities import ActivitiesMixin, StoredActivity
from runsense.store._alerts import AlertsMixin
from runsense.store._journal import JournalMixin
from runsense.store._maintenance import MaintenanceMixin
from runsense.store._pain import PainMixin
from runsense.store._plans import PlansMixin
from runsense.store._shoes import ShoesMixin
from runsense.store.faults import explain_fault

#: how long a write waits for another program's transaction before the store is said to be busy
BUSY_TIMEOUT_MS = 30_000


class SQLiteStore(ActivitiesMixin, ShoesMixin, PainMixin, AlertsMixin, MaintenanceMixin, PlansMixin, JournalMixin):
    """The runsense store in one SQLite file. Use as a context manager, one per thread.

    Each concern's methods live in its own mixin (``_activities``, ``_shoes``, ``_pain``,
    ``_alerts``, ``_maintenance``, ``_plans``, ``_journal``); this class opens, upgrades and closes.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False, salvage: bool = False) -> None:
        """Open the store at ``path``, creating or upgrading it unless ``read_only``. ``salvage``
        (read-only) relaxes SQLite's checks of the schema, so that a truncated store still gives
        what it holds to an export."""
        self.path = Path(path)
        self.read_only = read_only or salvage
        if self.read_only and not self.path.exists():
            raise NotFoundError(f"no runsense database at {self.path}: import some activities first")
        if self.path.exists() and not self.path.is_file():
            raise StoreError(f"{self.path} is not a file: the store must be a file (see --db)")
        if not self.read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                # health data: readable by its owner only
                os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            self._db = _connect(self.path, read_only=self.read_only, salvage=salvage)
            self._prepare()
        except (sqlite3.DatabaseError, OSError) as exc:
            fault = explain_fault(exc, self.path)
            if fault is None:
                raise
            raise fault from exc

    def _prepare(self) -> None:
        self._db.row_factory = sqlite3.Row
        self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_MS)}")
        self._db.execute("PRAGMA foreign_keys = ON")
        if not self.read_only:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        elif (version := self.schema_version) != schema.SCHEMA_VERSION:
            if version > schema.SCHEMA_VERSION:
                raise StoreError(f"{self.path} was written by a newer runsense (schema {version}, this one knows {schema.SCHEMA_VERSION}); upgrade runsense")
            msg = f"{self.path} is at schema version {version}; this runsense needs {schema.SCHEMA_VERSION}: run any runsense command once to upgrade it"
            raise OutdatedStoreError(msg)

    # -- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self) -> None:
        version = self.schema_version
        if version > schema.SCHEMA_VERSION:
            msg = f"{self.path} was written by a newer runsense (schema {version}, this one knows {schema.SCHEMA_VERSION}); upgrade runsense"
            raise StoreError(msg)
        for target in range(version + 1, schema.SCHEMA_VERSION + 1):
            with self._transaction() as db:
                schema.apply(db, schema.MIGRATIONS[target - 1])
                db.execute(f"PRAGMA user_version = {target}")

    @contextmanager
    def snapshot(self) -> Iterator[SQLiteStore]:
        """Reads inside see one state of the store, whatever other connections commit meanwhile
        (a read transaction: WAL keeps its snapshot). Within a transaction already, that one's."""
        if self._db.in_transaction:
            yield self
            return
        self._db.execute("BEGIN")
        try:
            yield self
        finally:
            self._db.execute("COMMIT")


def _connect(path: Path, *, read_only: bool, salvage: bool = False) -> sqlite3.Connection:
    """Open the file at ``path`` itself: a ``#`` or ``?`` in its name is part of the name.

    A read-only connection needs a URI; it is built from the absolute path by :meth:`Path.as_uri`,
    which percent-encodes every character a URI would give a meaning to. A WAL store in a folder
    no one can write (a read-only mount) opens only as immutable, which is then safe: with no
    ``-wal`` file beside it, no writer can be changing it.
    """
    options: dict[str, Any] = {"timeout": 30, "isolation_level": None, "check_same_thread": False}
    if not read_only:
        return sqlite3.connect(path, **options)
    uri = f"{path.absolute().as_uri()}?mode=ro"
    try:
        return _read_only(uri, salvage, options)
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "") != "SQLITE_CANTOPEN" or Path(f"{path}-wal").exists():
            raise
        return _read_only(f"{uri}&immutable=1", salvage, options)


def _read_only(uri: str, salvage: bool, options: dict[str, Any]) -> sqlite3.Connection:
    db = sqlite3.connect(uri, uri=True, **options)
    try:
        if salvage:
            db.execute("PRAGMA writable_schema = ON")  # on a read-only connection this only relaxes schema checks
        db.execute("PRAGMA schema_version").fetchone()  # opens the file (and its WAL) now, not at the first query
    except sqlite3.Error:
        db.close()
        raise
    return db


__all__ = ["SQLiteStore", "StoredActivity"]
