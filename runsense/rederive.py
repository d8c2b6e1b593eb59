"""Derive the stored activities again from their original files: ``runsense rederive``.

The store keeps every imported file (``sources``, compressed). After a change to the analysis
thresholds read at import (``[signal.*]``: validity ranges, the cadence band, fatigue, segments) or
an upgrade of runsense that reads or derives more (strength sets from FIT ``set`` messages, schema
13), the values derived from those files are stale; this reads each file again through the same
path as an import (:func:`runsense.parsers.read_activities`, then
:func:`runsense.ingest.derive_for_store`) and replaces what the file and the derivation give:
samples, laps, sets, steady segments, averages, metrics, reading notes, device and times.

What the runner decided stays (:mod:`runsense.corrections`): the sport (derived again *as* that
sport, its "changed by the runner" note kept), a surface the runner gave, the shoe, the title and
gear of an export, pain links, and deletions (an activity deleted, or replaced by a richer copy of
the same run, is not brought back: only activities still stored are derived again). The stored
reference pace does not move.

Each file is written in one transaction, so a crash leaves every activity either as it was or
derived again, never half. A file that can no longer be read (or whose activity is no longer in
it) keeps its stored values and is reported by name; the rest go on.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from typing import Any

from runsense.alerts import refresh_alerts
from runsense.errors import IssueCode, ParseError, RunsenseError
from runsense.ingest import derive_for_store
from runsense.model import Activity
from runsense.parsers import read_activities
from runsense.records import ActivityRow, Alert
from runsense.settings import Settings
from runsense.signal.config import SignalConfig
from runsense.store import Store, StoredActivity

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RederiveProblem:
    """A stored file whose activities kept their stored values, and why."""

    source: str
    activity_ids: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "ids": list(self.activity_ids), "reason": self.reason}


@dataclass(frozen=True, slots=True)
class RederiveProgress:
    """Sent after each stored file."""

    name: str
    outcome: str  # rederived, kept (a problem) or skipped (changed meanwhile)
    files_done: int
    files_total: int


@dataclass
class RederiveReport:
    """What a re-derive did: activities derived again, the files that kept their values, the strength
    activities that gained sets, the alerts raised; ``to_dict`` is the ``--json`` shape."""

    files: int = 0
    rederived: list[str] = field(default_factory=list)
    problems: list[RederiveProblem] = field(default_factory=list)
    gained_sets: list[str] = field(default_factory=list)
    changed_meanwhile: list[str] = field(default_factory=list)
    new_alerts: list[Alert] = field(default_factory=list)

    def to_dict(self, units: str) -> dict[str, Any]:
        return {"files": self.files, "rederived": len(self.rederived), "gained_sets": self.gained_sets, "changed_meanwhile": self.changed_meanwhile,
                "problems": [p.to_dict() for p in self.problems], "new_alerts": [a.to_dict(units) for a in self.new_alerts]}  # fmt: skip


def rederive_with_settings(store: Store, settings: Settings, *, progress: Callable[[RederiveProgress], None] | None = None) -> RederiveReport:
    """Derive every stored activity again with the runner's settings (time zone, ``[signal]``), then
    raise the alerts the new values earn (and withdraw shoe alerts a pair no longer earns)."""
    report = rederive(store, local_tz=settings.tz, config=settings.signal, progress=progress)
    if report.rederived:
        report.new_alerts = refresh_alerts(store, settings)
    return report


def rederive(store: Store, *, local_tz: tzinfo | None = None, config: SignalConfig | None = None,
             progress: Callable[[RederiveProgress], None] | None = None) -> RederiveReport:  # fmt: skip
    """Derive every stored activity again from its stored file (see the module's notes); ``local_tz``
    only for a file that does not say its local time and an activity stored without one."""
    config = config or SignalConfig()
    by_source: dict[str, list[ActivityRow]] = defaultdict(list)
    for row in store.activities():
        by_source[row.source_sha256].append(row)
    report = RederiveReport(files=len(by_source))
    for done, (sha256, rows) in enumerate(by_source.items(), start=1):
        name = rows[0].source_name
        items = _derive_file(store, sha256, rows, local_tz, config, report)
        outcome = "kept"
        if items:
            without_sets = [item.meta.activity_id for item, _, _ in items if item.sets and not store.strength_sets(item.meta.activity_id)]
            replaced = store.replace_derived(items)
            report.rederived += replaced
            report.changed_meanwhile += [item.meta.activity_id for item, _, _ in items if item.meta.activity_id not in replaced]
            report.gained_sets += [i for i in without_sets if i in replaced]
            outcome = "rederived" if replaced else "skipped"
        if progress is not None:
            progress(RederiveProgress(name, outcome, done, report.files))
    return report


def _derive_file(store: Store, sha256: str, rows: list[ActivityRow], local_tz: tzinfo | None, config: SignalConfig,
                 report: RederiveReport) -> list[tuple[StoredActivity, str, str]]:  # fmt: skip
    """The stored activities of one file derived again, each with the sport and surface source it was
    derived with; a problem recorded (and nothing returned for it) when the file cannot be read."""
    name, ids = rows[0].source_name, tuple(row.id for row in rows)
    try:
        parsed = {activity.meta.activity_id: activity for activity in read_activities(store.source_bytes(sha256), name)}
        items = []
        for row in rows:
            activity = parsed.get(row.id)
            if activity is None:
                report.problems.append(RederiveProblem(name, (row.id,), "this activity is no longer read from its file (kept as stored)"))
                continue
            items.append((_derive_as_stored(activity, row, local_tz, config), row.sport, row.surface_source))
        return items
    except RunsenseError as exc:
        reason = exc.detail if isinstance(exc, ParseError) else str(exc)
    except Exception as exc:
        log.exception("internal error reading %s again", name)
        reason = f"internal error while reading this file ({type(exc).__name__}: {exc}); please report it"
    report.problems.append(RederiveProblem(name, ids, f"{reason} (kept as stored)"))
    return []


def _derive_as_stored(activity: Activity, row: ActivityRow, local_tz: tzinfo | None, config: SignalConfig) -> StoredActivity:
    """Derive one parsed activity as the stored one is: its sport, title and gear, its UTC offset when
    the file does not say one, its surface when the runner gave it, its sport-change note."""
    meta = activity.meta
    offset = {} if meta.utc_offset_s is not None else {"utc_offset_s": row.utc_offset_s, "utc_offset_source": row.utc_offset_source}
    meta = replace(meta, sport=row.sport, title=row.title, gear_name=row.gear_name, **offset)
    item = derive_for_store(replace(activity, meta=meta), local_tz, config)
    changed = tuple(i for i in row.issues if i.code == IssueCode.SPORT_CHANGED)
    issues = tuple(i for i in item.issues if not (changed and i.code == IssueCode.SPORT_INFERRED)) + changed
    metrics = item.metrics | ({"surface": row.surface} if row.surface_source == "runner" else {})
    return replace(item, issues=issues, metrics=metrics)


__all__ = ["RederiveProblem", "RederiveProgress", "RederiveReport", "rederive", "rederive_with_settings"]
