"""Data access for the dashboard: a store per request, and the weekly analysis cached per data version.

Callbacks keep only ids in the browser; every request opens its own connection (SQLite WAL lets an
import write meanwhile) and closes it. The analysis of ten years takes about 0.2 s, so it is cached
in-process against the store's data version (activity count and last row), which any import
changes, and the id each restore writes anew (a restore rolls the counters back). One analysis runs
at a time, in the background: a request that saw a newer version waits for it at most
:data:`STALE_WAIT_S`, and shows the newest analysis there is when the one under way began before
the request (it could not hold the request's data). While an import commits file
after file, pages stay quick and at most one analysis behind; after a single change (an upload),
the next page shows it. Rendered pages are kept per analysis shown and per version of the other data.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flask import current_app

from runsense.analysis import Analysis, analyse
from runsense.settings import Settings
from runsense.signal.config import SignalConfig
from runsense.store import SQLiteStore, Store, open_store

T = TypeVar("T")
#: how long a request waits for the analysis of the store's newest data before showing older
STALE_WAIT_S = 1.0
_lock = threading.Lock()
_analyser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="runsense-analysis")


@dataclass(frozen=True, slots=True)
class _Computed:
    version: tuple[int, ...]  # the store's data version it analysed
    read_at: float  # time.monotonic() when it began reading: it holds every change committed before
    analysis: Analysis


_running: dict[str, tuple[Future[_Computed], float]] = {}  # by store path: the analysis under way, and when it began
_cache: dict[str, _Computed] = {}  # the newest analysis of each store, by path


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


def analysis(s: Store) -> Analysis:
    """The weekly analysis of the store's current data, with the thresholds of the app's settings;
    or the newest there is, while the one that will hold this request's data is still computing (it
    waits for that at most :data:`STALE_WAIT_S`)."""
    return _current(s).analysis


def _current(s: Store) -> _Computed:
    asked_at = time.monotonic()
    path, version, config = str(s.path), data_version(s), settings().signal
    with _lock:
        newest = _cache.get(path)
        if newest is not None and newest.analysis.config != config:
            newest = None  # made with other thresholds (another app on this store, in this process)
        if newest is not None and newest.version == version:
            return newest
        future, started_at = _running.get(path, (None, 0.0))
        if future is None or future.done():
            future, started_at = _running[path] = (_analyser.submit(_analyse, s.path, config), time.monotonic())
    if newest is not None and started_at < asked_at:
        return newest  # the analysis under way read the store before this request: waiting would not do
    try:
        return future.result(timeout=None if newest is None else STALE_WAIT_S)
    except FutureTimeout:
        return newest  # type: ignore[return-value]


def data_version(s: Store) -> tuple[int, ...]:
    """The store's data version, prefixed by its :meth:`~runsense.store.Store.store_id`: a restore can bring
    back counters this store had before, never the id it writes."""
    return (s.store_id(), *s.data_version())


def _analyse(path: Path, config: SignalConfig) -> _Computed:
    """Analyse the store at ``path`` in a connection of its own, and keep the result as its newest."""
    read_at = time.monotonic()
    with open_store(path, read_only=True) as s, s.snapshot():
        computed = _Computed(data_version(s), read_at, analyse(s, config))
    with _lock:
        kept = _cache.get(str(path))
        if kept is None or kept.read_at < computed.read_at:
            _cache[str(path)] = computed
    return computed


_rendered: dict[tuple, object] = {}


def rendered(s: Store, name: str, args: tuple, build: Callable[[], T]) -> T:
    """A callback's output, reused while the analysis it shows and the store's other data (pain,
    shoes, alerts) stay the same, in the units of the app that draws it. An import alone changes
    neither until its analysis is ready."""
    computed = _current(s)
    key = (str(s.path), computed.version, computed.analysis.config, settings().units, s.store_id(), s.writes_besides_imports(), name, args)
    with _lock:
        if key in _rendered:
            return _rendered[key]  # type: ignore[return-value]
    value = build()
    with _lock:
        if len(_rendered) > 256:
            _rendered.clear()
        _rendered[key] = value
    return value
