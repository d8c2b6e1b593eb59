"""What went wrong with the store file, in the runner's words.

SQLite and the operating system report a damaged file, a read-only file, a full disk and a file
another program keeps locked as error codes; :func:`explain_fault` turns each into one clear
:class:`~runsense.errors.StoreError` that names the file and says what to do. Only this package knows SQLite's codes.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from runsense.errors import DamagedStoreError, DiskFullError, ReadOnlyStoreError, StoreError

#: OS errors that mean "no room to write": a full disk, a quota, a file-size limit
_NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})

_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_INDEX", "SQLITE_CORRUPT_SEQUENCE", "SQLITE_CORRUPT_VTAB"})


#: how every SQLite database file starts
_SQLITE_HEADER = b"SQLite format 3\x00"


def damaged(path: Path, detail: str) -> DamagedStoreError:
    """The one message for a store that SQLite cannot read; a file that is no SQLite database at
    all (an activity file or a note given as ``--db``) is more likely the wrong file, and said so."""
    detail = detail if len(detail) <= 100 else detail[:100] + "…"  # damaged text can be long
    if not _starts_as_sqlite(path):
        return DamagedStoreError(f"{path} is not a runsense store: it is not an SQLite database ({detail}). Check --db or RUNSENSE_DB; "
                                 "if it is your store, it is damaged: restore a backup (runsense restore FILE)")  # fmt: skip
    return DamagedStoreError(f"your store {path} is damaged ({detail}): restore a backup (runsense restore FILE); `runsense export` saves what is still readable")


def _starts_as_sqlite(path: Path) -> bool:
    """Whether the file begins as every SQLite database does (an unreadable or missing one: say so as damaged)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return True


def read_only(path: Path, detail: str) -> ReadOnlyStoreError:
    """The one message for a store that cannot be written."""
    return ReadOnlyStoreError(
        f"the store {path} cannot be written ({detail}): reading commands (activities, report, backup, export) still work; "
        "to change it, make the file and its folder writable"
    )


def disk_full(path: Path, detail: str) -> DiskFullError:
    """The one message for a write the disk refused."""
    return DiskFullError(f"no space left to write {path} ({detail}): free some space and try again; nothing already stored was lost")


def busy(path: Path, detail: str) -> StoreError:
    """The one message for a store another program kept locked longer than a write waits."""
    return StoreError(f"the store {path} is in use by another program (another runsense import or command, the dashboard, a sqlite3 shell) "
                      f"and stayed locked ({detail}): try again when it has finished; nothing already stored was lost")


def explain_fault(exc: BaseException, path: Path) -> StoreError | None:
    """A clear store error for a low-level failure while using the store at ``path``; ``None`` when
    the failure is not about the file (then it is a bug, reported as such)."""
    if isinstance(exc, OSError):
        return disk_full(path, exc.strerror or str(exc)) if exc.errno in _NO_SPACE else None
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name in _DAMAGED or "malformed" in text or "not a database" in text or "decode to UTF-8" in text:
        return damaged(path, text)
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return disk_full(path, text)
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return read_only(path, text)
    if name.startswith("SQLITE_CANTOPEN") and path.exists():
        return read_only(path, text)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return busy(path, text)
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"could not read or write {path} ({text}): its disk may be full or failing; nothing already stored was lost")
    return None
