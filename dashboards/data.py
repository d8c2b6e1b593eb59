"""Data access for the dashboard: a store per request, and the weekly analysis cached per data version.

Callbacks keep only ids in the browser; every request opens its own connection (SQLite WAL lets an
import write meanwhile) and closes it. The analysis of ten years takes about 0.2 s, so it is
cached in-process against the store's data version (activity count and last row), which any import
changes; concurrent requests for a new version wait for one computation instead of each starting one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from flask import current_app

from runsense.analysis import Analysis, analyse
from runsense.settings import Settings
from runsense.store import SQLiteStore, open_store

T = TypeVar("T")
_lock = threading.Lock()
_compute_lock = threading.Lock()  # single flight: one analysis at a time, the others wait for it
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
    with _compute_lock:
        with _lock:
            cached = _cache.get(key)  # computed by the request we waited for
        if cached is not None:
            return cached
        result = analyse(s)
        with _lock:
            for old in [k for k in _cache if k[0] == key[0]]:
                del _cache[old]
            _cache[key] = result
    return result


_rendered: dict[tuple, object] = {}


def rendered(s: SQLiteStore, name: str, args: tuple, build: Callable[[], T]) -> T:
    """A callback's output, reused until anything in the store changes (any write bumps its version)."""
    key = (str(s.path), s.write_version(), name, args)
    with _lock:
        if key in _rendered:
            return _rendered[key]  # type: ignore[return-value]
    value = build()
    with _lock:
        if len(_rendered) > 256:
            _rendered.clear()
        _rendered[key] = value
    return value
