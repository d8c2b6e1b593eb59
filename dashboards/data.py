"""Data access for the dashboard: a store per request, and the weekly analysis cached per data version.

Callbacks keep only ids in the browser; every request opens its own connection (SQLite WAL lets an
import write meanwhile) and closes it. The analysis of ten years takes about half a second, so it is
cached in-process against the store's data version (activity count and last row), which any import
changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

from runsense.analysis import Analysis, analyse
from runsense.settings import Settings
from runsense.store import SQLiteStore, open_store

_lock = threading.Lock()
_cache: dict[tuple[str, tuple[int, ...]], Analysis] = {}


def db_path() -> Path:
    """The database this app serves."""
    return Path(current_app.config["RUNSENSE_DB"])


def settings() -> Settings:
    """The runner's settings, read when the app started."""
    return current_app.config["RUNSENSE_SETTINGS"]


@contextmanager
def store(*, write: bool = False) -> Iterator[SQLiteStore]:
    """A connection for this request (read-only unless writing)."""
    path = db_path()
    with open_store(path, read_only=not write and path.exists()) as s:
        yield s


def analysis(s: SQLiteStore) -> Analysis:
    """The weekly analysis for the store's current data, computed once per data version."""
    key = (str(s.path), s.data_version())
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    result = analyse(s)
    with _lock:
        for old in [k for k in _cache if k[0] == key[0]]:
            del _cache[old]
        _cache[key] = result
    return result
