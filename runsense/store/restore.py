"""Restore a backup into the store's place, so that nothing stored can be lost on the way.

The order is the safety:

1. the backup is opened once, by path, as a regular file, and its bytes (and those of a ``-wal``
   or ``-journal`` beside it, which hold its last changes) are copied into a temporary file beside
   the store: what is checked from then on is exactly what will be installed;
2. the copy is checked as a complete runsense store (a known schema version, every table and
   column that version has, ``PRAGMA integrity_check``), then upgraded and checked again: until
   here the live store has not been touched, and any refusal leaves it as it was;
3. with no other connection to the live store, it is kept under a second name and the copy takes
   its name in one atomic rename; the old store is deleted only once the new one opens, and put
   back if it does not.
"""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from runsense.errors import NotFoundError, StoreError
from runsense.store import schema
from runsense.store.faults import explain_fault
from runsense.store.schema import SCHEMA_VERSION
from runsense.store.sqlite import SQLiteStore

_MAGIC = b"SQLite format 3\x00"
#: files SQLite keeps beside a database while it is in use, holding changes not yet in it
_SIDECARS = ("-wal", "-journal")
#: how long to wait for the dashboard or an import to finish with the live store
_EXCLUSIVE_WAIT_S = 10.0


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore installed."""

    source: Path
    schema_version: int  # the backup's, before any upgrade
    counts: dict[str, int]


def restore_store(store_path: str | os.PathLike[str], backup_path: str | os.PathLike[str]) -> RestoreResult:
    """Replace the store at ``store_path`` with the backup at ``backup_path``, after checking it.

    Raises :class:`StoreError` naming the backup and what is wrong with it; then nothing changed.
    """
    store_path, source = Path(store_path), Path(backup_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    temp = _copy_candidate(source, store_path.parent)
    try:
        version = _check(temp, source)
        counts = _upgrade(temp, source)
        _install(temp, store_path)
    finally:
        _remove(temp)
    return RestoreResult(source, version, counts)


def _copy_candidate(source: Path, folder: Path) -> Path:
    """Copy the backup (and any ``-wal``/``-journal`` beside it) into a new 0600 file in ``folder``."""
    try:  # non-blocking, so that a FIFO given as the backup cannot hang the restore
        handle = os.fdopen(os.open(source, os.O_RDONLY | os.O_NONBLOCK), "rb")
    except FileNotFoundError:
        raise NotFoundError(f"no backup at {source}") from None
    except OSError as exc:
        raise StoreError(f"cannot read {source}: {exc.strerror}") from None
    with handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise StoreError(f"{source} is not a regular file: give the backup file itself; nothing was changed")
        if handle.read(len(_MAGIC)) != _MAGIC:
            raise StoreError(f"{source} is not a runsense backup (not an SQLite database); nothing was changed")
        handle.seek(0)
        temp = _new_temp(folder)
        try:
            _write_copy(handle, temp)
            for suffix in _SIDECARS:
                with suppress(FileNotFoundError), Path(f"{source}{suffix}").open("rb") as sidecar:
                    _write_copy(sidecar, Path(f"{temp}{suffix}"))
        except OSError as exc:
            _remove(temp)
            raise explain_fault(exc, folder) or StoreError(f"cannot copy {source}: {exc}") from exc
    return temp


def _new_temp(folder: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=".runsense-restore-", suffix=".sqlite", dir=folder)  # 0600: health data
    os.close(handle)
    return Path(name)


def _write_copy(handle: object, target: Path) -> None:
    with target.open("wb") as out:
        os.chmod(target, 0o600)
        shutil.copyfileobj(handle, out, 1 << 20)  # type: ignore[arg-type]
        out.flush()
        os.fsync(out.fileno())


def _check(temp: Path, source: Path) -> int:
    """The copy's schema version, once it is known to be a complete, sound runsense store of that version."""
    try:
        db = sqlite3.connect(temp, isolation_level=None)
        try:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
            found = {t: _columns(db, t) for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            triggers = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{source} is not a readable SQLite database ({exc}); nothing was changed") from None
    if version < 1 or version > SCHEMA_VERSION:
        detail = "no runsense schema version" if version < 1 else f"schema {version}, written by a newer runsense: this one knows {SCHEMA_VERSION}; upgrade runsense first"
        raise StoreError(f"{source} is not a runsense backup this runsense can restore ({detail}); nothing was changed")
    if verdict != "ok":
        raise StoreError(f"{source} is damaged (integrity check: {verdict}); nothing was changed")
    if triggers:  # runsense makes none: code someone else left to run on every later write
        raise StoreError(f"{source} holds triggers runsense never makes ({', '.join(triggers[:3])}); nothing was changed")
    if missing := _missing(found, _expected_schema(version)):
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise StoreError(f"{source} is not a complete runsense store at schema {version} (missing {shown}); nothing was changed")
    return version


def _missing(found: dict[str, set[str]], expected: dict[str, set[str]]) -> list[str]:
    """The tables, and columns of present tables, that ``expected`` has and ``found`` lacks."""
    missing = []
    for table, columns in expected.items():
        if table not in found:
            missing.append(table)
        else:
            missing.extend(f"{table}.{column}" for column in sorted(columns - found[table]))
    return missing


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {name for (name,) in db.execute("SELECT name FROM pragma_table_info(?)", (table,))}


@functools.cache
def _expected_schema(version: int) -> dict[str, set[str]]:
    """Every table and its columns in a store at ``version``: the migrations themselves, applied
    to an empty database, are the one statement of what a store holds."""
    db = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for migration in schema.MIGRATIONS[:version]:
            schema.apply(db, migration)
        return {t: _columns(db, t) for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        db.close()


def _upgrade(temp: Path, source: Path) -> dict[str, int]:
    """Bring the copy to this runsense's schema, give it a new store id (caches of the replaced
    contents must not be served for it) and check it again; what it holds, by kind."""
    try:
        with SQLiteStore(temp) as store:
            store.renew_store_id()
            verdict = store.integrity_check()
            counts = store.counts()
    except Exception as exc:  # an untrusted file: whatever fails in its upgrade makes it unusable
        raise StoreError(f"{source} cannot be upgraded to this runsense ({exc}); nothing was changed") from exc
    if verdict != "ok":
        raise StoreError(f"{source} fails SQLite's integrity check after its upgrade ({verdict}); nothing was changed")
    return counts


def _install(temp: Path, store_path: Path) -> None:
    """Put the checked copy in the store's place; keep the old store until the new one opens."""
    if not store_path.exists():
        os.replace(temp, store_path)
        return
    kept = store_path.with_name(f"{store_path.name}.before-restore-{time.strftime('%Y%m%dT%H%M%S')}")
    with _exclusive(store_path):
        _move_with_sidecars(store_path, kept, link=True)
        os.replace(temp, store_path)
    try:
        with SQLiteStore(store_path):
            pass
    except Exception:
        _remove(store_path, keep_file=True)  # the new file's -wal and -shm must not meet the old store
        _move_with_sidecars(kept, store_path, link=False)
        raise
    _remove(kept)


@contextmanager
def _exclusive(store_path: Path) -> Iterator[None]:
    """Hold the live store so no other connection reads or writes it while it is swapped.

    Leaving WAL mode succeeds only when no other connection is open, and checkpoints the WAL into
    the file; an exclusive lock then keeps newcomers out until the rename is done. A damaged store
    cannot be locked; it is swapped as it is (its ``-wal`` moves with it, never onto the copy).
    """
    db = sqlite3.connect(store_path, timeout=0.1, isolation_level=None)
    try:
        try:
            _leave_wal(db)
            db.execute("BEGIN EXCLUSIVE")
        except sqlite3.DatabaseError as exc:
            if _busy(exc):
                raise StoreError(f"the store {store_path} is in use (the dashboard or an import?): stop it and restore again; nothing was changed") from None
            # damaged: nothing to lock or checkpoint
        yield
    finally:
        db.close()


def _busy(exc: sqlite3.DatabaseError) -> bool:
    return getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def _leave_wal(db: sqlite3.Connection) -> None:
    """Switch to a rollback journal, waiting a while for other connections to close."""
    deadline = time.monotonic() + _EXCLUSIVE_WAIT_S
    while True:
        try:
            db.execute("PRAGMA journal_mode = DELETE").fetchone()
            return
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _move_with_sidecars(source: Path, target: Path, *, link: bool) -> None:
    """Give a store (and its ``-wal``, ``-shm`` and ``-journal``) another name; with ``link``, the
    store keeps its own name too until it is replaced."""
    if link:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    else:
        os.replace(source, target)
    for suffix in ("-wal", "-shm", "-journal"):
        with suppress(FileNotFoundError):
            os.replace(f"{source}{suffix}", f"{target}{suffix}")


def _remove(path: Path, *, keep_file: bool = False) -> None:
    """Delete a database file and the files SQLite keeps beside it (only those, with ``keep_file``)."""
    for suffix in ("-wal", "-shm", "-journal") if keep_file else ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
