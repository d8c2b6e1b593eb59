"""The one "import files" service, shared by the CLI and the dashboard's upload.

:func:`import_with_settings` is what both run: the runner's time zone, ``[limits]`` and
``[signal]`` thresholds, then the alerts the new runs raise, sent to the notification services.
Under it, :func:`import_paths`, for each candidate file: read the bytes (containers handled by :mod:`runsense.sources`),
recognise re-imports by content hash, parse, recognise the same run from another format
or export, derive the per-activity summary, and store the file and its activities in one
transaction. One bad file never stops the others, and never changes what was stored before.
"""

from __future__ import annotations

import hashlib
import logging
import math
import multiprocessing
import os
import sqlite3
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

from runsense.alerts import notify_new, refresh_alerts
from runsense.baseline import settle_reference
from runsense.errors import CorruptFileError, NotAnActivityError, ParseError, RunsenseError
from runsense.memory import keep_heap_headroom
from runsense.model import FOOT_SPORTS, SAME_RUN_WINDOW_S, Activity, ActivityMeta, RunKey, same_run
from runsense.parsers import read_activities
from runsense.records import Alert
from runsense.settings import Settings
from runsense.signal import derive_activity
from runsense.signal.config import SignalConfig
from runsense.signal.terrain import surface_of
from runsense.sources import ExportInfo, Limits, SourceFile, iter_sources, total_input_bytes
from runsense.store import SUMMARY_COLUMNS, Store, StoredActivity, explain_fault
from runsense.store._codec import compress

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What happened to every file of one import; ``to_dict`` is the ``--json`` shape."""

    imported: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    n_records: int = 0
    #: what the runner should know about the reference pace after this import (spec §2.3), if anything
    reference_note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """``{"imported": [...], "duplicates": [...], "skipped": [...], "failed": [...], "reference_note": ...}``."""
        return {"imported": self.imported, "duplicates": self.duplicates, "skipped": self.skipped, "failed": self.failed,
                "reference_note": self.reference_note}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Progress:
    """Sent after each file: bytes of input done so far, and what the file came to."""

    name: str
    outcome: str
    input_bytes_done: int
    input_bytes_total: int
    records: int


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """An import as the runner is told of it: what became of each file, the alerts it raised, and
    why they could not be sent, if they could not."""

    report: ImportReport
    new_alerts: list[Alert]
    notify_problem: str | None


def import_with_settings(
    store: Store,
    paths: list[Path],
    settings: Settings,
    *,
    shoe: str | None = None,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> ImportOutcome:
    """Import with the runner's settings (time zone, ``[limits]``, ``[signal]``), then raise the
    alerts the new runs earn and send them to the ``[notify]`` services: the CLI's ``import`` and
    the dashboard's upload alike."""
    report = import_paths(store, paths, local_tz=settings.tz, limits=settings.limits, progress=progress, shoe=shoe, workers=workers, config=settings.signal)
    new_alerts = refresh_alerts(store, settings) if report.imported else []
    return ImportOutcome(report, new_alerts, notify_new(store, settings, new_alerts))


def import_paths(
    store: Store,
    paths: list[Path],
    *,
    local_tz: tzinfo | None = None,
    limits: Limits | None = None,
    progress: ProgressCallback | None = None,
    shoe: str | None = None,
    workers: int | None = None,
    config: SignalConfig | None = None,
) -> ImportReport:
    """Import every activity file found under ``paths`` into ``store``.

    Parameters
    ----------
    local_tz
        The runner's time zone, used when a file does not say its local offset (GPX, TCX in
        UTC). ``None`` means this computer's time zone.
    progress
        Called after each file, e.g. to drive a progress bar.
    shoe
        Name of a registered shoe for every foot activity of this import. Otherwise the gear named
        in a Strava export (created as a shoe if new), else the default shoe for the sport.
    workers
        Processes that parse and derive in parallel (this process alone writes). Default: every
        core for imports over 20 MB, else 1. At most ``4 × workers`` files are in flight, so
        memory stays bounded however large the archive.
    config
        The analysis thresholds (the runner's ``[signal]`` settings); default: the spec's.
    """
    config = config or SignalConfig()
    shoe_id = store.shoe(shoe).id if shoe else None  # unknown shoe: fails before anything is read
    report = ImportReport()
    total = total_input_bytes(paths)
    if workers is None:
        workers = (os.cpu_count() or 1) if total > 20_000_000 else 1
    done = 0

    def finish(source: SourceFile, outcome: str, before: int) -> None:
        nonlocal done
        done += source.input_bytes
        if progress is not None:
            progress(Progress(source.name, outcome, min(done, total), total, report.n_records - before))

    window = 4 * workers
    with _executor(workers) as pool:
        pending: deque[tuple[SourceFile, str, int, Future[Any]]] = deque()

        def drain(limit: int) -> None:
            while len(pending) > limit:
                source, sha256, before, future = pending.popleft()
                analysed = _result(future)
                if isinstance(analysed, FailedFile):
                    finish(source, _record_error(report, source.name, analysed.error), before)
                    continue
                finish(source, _store_file(store, source, sha256, analysed, shoe_id, report), before)

        for source in iter_sources(paths, limits):
            before = report.n_records
            sha256 = _check(store, source, report)
            if sha256 is None:
                finish(source, "duplicate" if source.error is None else "failed", before)
                continue
            pending.append((source, sha256, before, pool.submit(analyse_file, source.data or b"", source.name, source.export, local_tz, config)))
            drain(window if workers > 1 else 0)
        drain(0)
    if report.imported:
        report.reference_note = settle_reference(store, min(date.fromisoformat(i["start_time"][:10]) for i in report.imported), config)
    return report


def _result(future: Future[AnalysedFile | FailedFile]) -> AnalysedFile | FailedFile:
    """A worker's answer, with any runsense error it raised detached from its traceback."""
    try:
        return future.result()
    except RunsenseError as exc:
        return FailedFile(_detached(exc))


class _InlineExecutor(Executor):
    """Runs each task at once in this process: the one-worker import, without a process pool."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future, as a pool would
            future.set_exception(exc.with_traceback(None))  # a traceback would hold this frame, and so the future: a cycle
        return future


#: scheduling priority of import workers, below interactive programs (``nice``; 0 is the default)
WORKER_NICENESS = 10


def _executor(workers: int) -> Executor:
    if workers <= 1:
        return _InlineExecutor()
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker)


def _start_worker() -> None:
    """An import worker is batch work: it yields the cores to anything interactive (the dashboard,
    the runner's other programs) and keeps heap headroom (see :mod:`runsense.memory`)."""
    os.nice(WORKER_NICENESS)
    keep_heap_headroom()


def _check(store: Store, source: SourceFile, report: ImportReport) -> str | None:
    """The file's SHA-256 if it needs reading; None when it failed to open or was imported before."""
    if source.error is not None:
        _record_error(report, source.name, source.error)
        return None
    sha256 = hashlib.sha256(source.data or b"").hexdigest()
    existing = store.source_activity_ids(sha256)
    if existing is not None:
        report.duplicates += [{"source": source.name, "id": i, "reason": "this file was imported before"} for i in existing] or [
            {"source": source.name, "id": None, "reason": "this file was imported before"}
        ]
        return None
    return sha256


@dataclass(frozen=True, slots=True)
class AnalysedFile:
    """What a worker sends back for one file: its activities, packed, and the file compressed for keeping."""

    items: list[StoredActivity]
    compressed: bytes


@dataclass(frozen=True, slots=True)
class FailedFile:
    """What a worker sends back for a file it could not read: the error alone, with no traceback.

    A raised error would keep its traceback, whose frames hold the file's bytes and everything
    parsed from them; in a one-process import the future → error → traceback → frame → future
    cycle kept every failed file of an archive alive (a 2.5 MB zip of failing members reached 7 GB).
    """

    error: RunsenseError


def analyse_file(data: bytes, name: str, export: ExportInfo | None, local_tz: tzinfo | None, config: SignalConfig | None = None) -> AnalysedFile | FailedFile:
    """Parse one file, derive everything and pack it for storage (runs in a worker process; touches no store).

    Never raises for a bad file: a runsense error comes back as a :class:`FailedFile`, and anything
    else a decoder throws on hostile bytes as an internal error naming the file, so one bad file
    never stops an import.
    """
    try:
        items = [derive_for_store(_with_export_info(activity, export), local_tz, config or SignalConfig()) for activity in read_activities(data, name)]
        return AnalysedFile(items, compress(data))
    except RunsenseError as exc:
        return FailedFile(_detached(exc))
    except Exception as exc:
        log.exception("internal error reading %s", name)
        return FailedFile(CorruptFileError(name, f"internal error while reading this file ({type(exc).__name__}: {exc}); please report it"))


def _detached(error: RunsenseError) -> RunsenseError:
    """The error without its traceback and the errors it was raised from (their frames hold the file)."""
    error.__traceback__ = None
    error.__cause__ = error.__context__ = None
    return error


def _store_file(store: Store, source: SourceFile, sha256: str, analysed: AnalysedFile, shoe_id: int | None, report: ImportReport) -> str:
    """Write one file's activities in one transaction: those not stored from another file yet, and
    those that replace a stored copy of the same run with fewer metrics (a GPX, then the FIT)."""
    items = []
    replaces: dict[str, dict[str, Any]] = {}
    for item in analysed.items:
        meta = item.meta
        same = _stored_same_run(store, meta)
        if same is not None:
            stored = store.activity(same)
            if metric_count(item.summary) <= metric_count({column: getattr(stored, column) for column in SUMMARY_COLUMNS}):
                report.duplicates.append({"source": source.name, "id": same, "reason": "the same run is already stored from another file"})
                continue
            replaces[meta.activity_id] = {"id": same, "source": stored.source_name, "reason": "the same run with fewer metrics"}
        items.append(replace(item, shoe_id=_shoe_for(store, meta, shoe_id)))
    if not items:
        return "duplicate"
    try:
        store.add_import(sha256, source.name, items[0].meta.source_format, source.data or b"", items, compressed=analysed.compressed,
                         replaces={new: old["id"] for new, old in replaces.items()})  # fmt: skip
    except RunsenseError as exc:
        return _record_error(report, source.name, exc)
    except sqlite3.IntegrityError:
        # another import stored this file (or this activity) between our check and our write
        stored = store.source_activity_ids(sha256) or [i.meta.activity_id for i in items]
        report.duplicates += [{"source": source.name, "id": i, "reason": "imported meanwhile by another import"} for i in stored]
        return "duplicate"
    except (OSError, sqlite3.Error) as exc:
        if (fault := explain_fault(exc, store.path)) is not None:
            raise fault from exc  # the store takes no writes (full disk, read-only, damaged, locked): every other file would fail alike
        log.exception("could not store %s", source.name)
        report.failed.append({"source": source.name, "error": f"could not be stored ({type(exc).__name__}: {exc}); nothing of it was kept"})
        return "failed"
    for item in items:
        meta = item.meta
        entry = {"id": meta.activity_id, "source": source.name, "sport": meta.sport, "start_time": _local_iso(meta.start_time, item.utc_offset_s)}
        if shoe_id is not None and item.shoe_id is None:
            entry["shoe_not_applied"] = f"a {meta.sport} activity takes no running shoe (change its sport with `runsense activity ID --sport running`, then assign the shoe)"
        report.imported.append(entry | ({"replaces": replaces[meta.activity_id]} if meta.activity_id in replaces else {}))
        report.n_records += item.n_records
    return "imported"


def metric_count(summary: Mapping[str, Any]) -> int:
    """How many of the averages runsense shows a run has (speed, heart rate, cadence, running
    dynamics): of two files of one run, the one with more is kept."""
    return sum(1 for column in SUMMARY_COLUMNS if isinstance(value := summary.get(column), int | float) and math.isfinite(value))


def _record_error(report: ImportReport, name: str, error: RunsenseError) -> str:
    detail = error.detail if isinstance(error, ParseError) else str(error)
    if isinstance(error, NotAnActivityError):
        report.skipped.append({"source": name, "reason": detail})
        return "skipped"
    report.failed.append({"source": name, "error": detail})
    return "failed"


def _with_export_info(activity: Activity, info: ExportInfo | None) -> Activity:
    """Apply what a Strava export's activities.csv says: title, gear, and the sport if the file has none."""
    if info is None:
        return activity
    meta = activity.meta
    sport = info.sport if meta.sport == "generic" and info.sport != "generic" else meta.sport
    return replace(activity, meta=replace(meta, title=info.title or meta.title, gear_name=info.gear, sport=sport))


def _shoe_for(store: Store, meta: ActivityMeta, explicit: int | None) -> int | None:
    if meta.sport not in FOOT_SPORTS:
        return None
    if explicit is not None:
        return explicit
    if meta.gear_name:
        return _shoe_for_gear(store, meta.gear_name, meta.start_time.date().isoformat())
    return store.default_shoe_id(meta.sport)


def _shoe_for_gear(store: Store, gear: str, first_used: str) -> int:
    """The shoe named like a Strava export's gear, created if new (bought by its first activity's date)."""
    shoe_id = store.shoe_id_named(gear)
    if shoe_id is not None:
        return shoe_id
    return store.add_shoe(gear, notes="created from a Strava export's gear", purchase_date=first_used)


def _stored_same_run(store: Store, meta: ActivityMeta) -> str | None:
    """The id of a stored activity that is this run from another file, if any (nearest start first)."""
    key = RunKey(meta.sport, int(meta.start_time.timestamp() * 1000), meta.duration_s, meta.distance_m)
    window_ms = SAME_RUN_WINDOW_S * 1000
    candidates = store.activities_starting_between(key.start_ms - window_ms, key.start_ms + window_ms)
    for activity_id, stored in sorted(candidates, key=lambda c: abs(c[1].start_ms - key.start_ms)):
        if same_run(stored, key):
            return activity_id
    return None


def derive_for_store(activity: Activity, local_tz: tzinfo | None, config: SignalConfig) -> StoredActivity:
    """Derive everything for one parsed activity and pack it for the store: the one derive path of
    an import and of a re-derive (:mod:`runsense.rederive`)."""
    meta = activity.meta
    if meta.utc_offset_s is not None:
        offset_s, offset_source = meta.utc_offset_s, meta.utc_offset_source
    else:
        local = meta.start_time.astimezone(local_tz) if local_tz is not None else meta.start_time.astimezone()
        offset = local.utcoffset()
        offset_s = int(offset.total_seconds()) if offset is not None else 0
        offset_source = "configured_tz" if local_tz is not None else "system_tz"
    derived = derive_activity(activity.records, meta.sport, config)
    has_track = bool(activity.records["lat_deg"].notna().any())
    metrics = derived.metrics | {"surface": surface_of(meta.sport, meta.sub_sport, has_track, meta.speed_source)}
    metrics |= {"decoder": meta.decoder} if meta.decoder else {}
    return StoredActivity.pack(activity, offset_s, offset_source, derived.summary, metrics, derived.segments)


def _local_iso(start: datetime, offset_s: int) -> str:
    return start.astimezone(timezone(timedelta(seconds=offset_s))).isoformat()
