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

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runsense import model
from runsense.errors import Issue, NotFoundError, OutdatedStoreError, StoreError
from runsense.model import LAP_COLUMNS, Activity, ActivityMeta, ReferencePace, empty_laps
from runsense.store import schema
from runsense.store._journal import JournalMixin
from runsense.store._pain import PainMixin
from runsense.store._plans import PlansMixin
from runsense.store.faults import explain_fault

if TYPE_CHECKING:
    import pandas as pd

    from runsense.model import Records

# numpy, pandas and the sample codec are imported by the methods that build or read tables: the
# CLI's pain log and shoe list open this store too, and must not wait for them to load.


def _run_metrics(metrics: dict[str, Any]) -> tuple[float | None, ...]:
    return tuple(_finite(metrics.get(column)) for column in schema.RUN_METRIC_COLUMNS)


def _fatigue_rows(activity_id: str, metrics: dict[str, Any]) -> list[tuple[str, str, float, float, float]]:
    fatigue = metrics.get("fatigue") or {}
    if not fatigue.get("eligible"):
        return []
    rows = []
    for metric, delta in fatigue.get("delta", {}).items():
        low, high = fatigue["ci95"][metric]
        if all(_finite(v) is not None for v in (delta, low, high)):
            rows.append((activity_id, metric, float(delta), float(low), float(high)))
    return rows


#: the stored reference pace, as integers in ``meta`` (no schema change): the speed in µm/s, and the
#: first and last local date of the running it was taken from (proleptic ordinals)
_REFERENCE_KEYS = ("reference_speed_um_s", "reference_first_day", "reference_last_day")


@dataclass(frozen=True, slots=True)
class StoredActivity:
    """One activity ready to store: metadata, laps and issues, its samples and steady segments
    already packed, and what the importer derived. Small and cheap to send from a worker process."""

    meta: ActivityMeta
    laps: pd.DataFrame
    issues: tuple[Issue, ...]
    n_records: int
    samples_blob: bytes
    segments_blob: bytes
    utc_offset_s: int
    utc_offset_source: str
    summary: dict[str, float]
    metrics: dict[str, Any]
    shoe_id: int | None = None

    @classmethod
    def pack(cls, activity: Activity, utc_offset_s: int, utc_offset_source: str, summary: dict[str, float], metrics: dict[str, Any], segments: pd.DataFrame) -> StoredActivity:
        """Pack an activity's samples and segments for storage."""
        from runsense.store._codec import encode_records, encode_segments

        return cls(activity.meta, activity.laps, activity.issues, activity.n_records, encode_records(activity.records), encode_segments(segments),
                   utc_offset_s, utc_offset_source, summary, metrics)  # fmt: skip


class SQLiteStore(PlansMixin, JournalMixin, PainMixin):
    """The runsense store in one SQLite file. Use as a context manager, one per thread."""

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
        self._db.execute("PRAGMA busy_timeout = 30000")
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

    @property
    def schema_version(self) -> int:
        """The schema version of the open database."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

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

    def _meta(self, key: str) -> int:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return int(row[0]) if row else 0

    # -- writes ------------------------------------------------------------------------------
    def add_import(
        self, sha256: str, name: str, fmt: str, data: bytes, items: list[StoredActivity], *, compressed: bytes | None = None, replaces: dict[str, str] | None = None
    ) -> None:
        """Store one source file (``compressed``: its :func:`compress` form, if already made) and its activities, all or nothing.

        ``replaces`` maps a new activity's id to a stored activity of the same run that it takes the
        place of: pain entries move to the new one, which keeps the old one's shoe (and title, if it
        has none); the old activity goes, its source file stays stored.
        """
        from runsense.store._codec import compress

        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._transaction() as db:
            db.execute(
                "INSERT INTO sources (sha256, name, format, size_bytes, imported_at, data) VALUES (?, ?, ?, ?, ?, ?)",
                (sha256, name, fmt, len(data), now, compressed if compressed is not None else compress(data)),
            )
            for item in items:
                self._insert_activity(db, sha256, item, now)
            for new, old in (replaces or {}).items():
                db.execute(
                    "UPDATE activities SET shoe_id = COALESCE((SELECT shoe_id FROM activities WHERE id = :old), shoe_id),"
                    " title = CASE WHEN title = '' THEN (SELECT title FROM activities WHERE id = :old) ELSE title END WHERE id = :new",
                    {"old": old, "new": new},
                )
                db.execute("UPDATE pain SET activity_id = ? WHERE activity_id = ?", (new, old))
                db.execute("DELETE FROM activities WHERE id = ?", (old,))
            db.execute("UPDATE meta SET value = value + 1 WHERE key = 'imports'")

    def _insert_activity(self, db: sqlite3.Connection, sha256: str, item: StoredActivity, now: str) -> None:
        meta = item.meta
        start_ms = int(meta.start_time.timestamp() * 1000)
        local_date = datetime.fromtimestamp(start_ms / 1000 + item.utc_offset_s, UTC).date().isoformat()
        row = {
            "id": meta.activity_id,
            "source_sha256": sha256,
            "source_name": meta.source_name,
            "source_format": meta.source_format,
            "sport": meta.sport,
            "sub_sport": meta.sub_sport,
            "start_ms": start_ms,
            "utc_offset_s": item.utc_offset_s,
            "utc_offset_source": item.utc_offset_source,
            "local_date": local_date,
            "device": meta.device,
            "sensors": json.dumps(list(meta.sensors)),
            "cadence_unit_source": meta.cadence_unit_source,
            "speed_source": meta.speed_source,
            "distance_m": _finite(meta.distance_m),
            "duration_s": _finite(meta.duration_s),
            "timer_s": _finite(meta.timer_s),
            "n_records": item.n_records,
            "title": meta.title,
            "gear_name": meta.gear_name,
            "device_summary": json.dumps(meta.device_summary),
            "issues": json.dumps([i.to_dict() for i in item.issues]),
            "metrics": json.dumps(item.metrics, default=float),
            "imported_at": now,
            "shoe_id": item.shoe_id,
            **{c: _finite(item.summary.get(c)) for c in schema.SUMMARY_COLUMNS},
            **dict(zip(schema.RUN_METRIC_COLUMNS, _run_metrics(item.metrics), strict=True)),
            "surface": item.metrics.get("surface", "unknown"),
        }
        db.execute(f"INSERT INTO activities ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        db.execute("INSERT INTO samples (activity_id, n, data) VALUES (?, ?, ?)", (meta.activity_id, item.n_records, item.samples_blob))
        if item.segments_blob:
            db.execute("INSERT INTO segments (activity_id, data) VALUES (?, ?)", (meta.activity_id, item.segments_blob))
        db.executemany("INSERT INTO fatigue VALUES (?, ?, ?, ?, ?)", _fatigue_rows(meta.activity_id, item.metrics))
        laps = item.laps
        if len(laps):
            import numpy as np

            start = laps["start_time"].to_numpy(dtype="datetime64[ms]")
            start_ms = np.where(np.isnat(start), None, start.astype(np.int64)).tolist()
            values = [np.where(np.isfinite(v := laps[c].to_numpy(dtype=float)), v, None).tolist() for c in LAP_COLUMNS[1:]]
            db.executemany("INSERT INTO laps VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(meta.activity_id, i, *row) for i, row in enumerate(zip(start_ms, *values, strict=True))])

    def change_sport(self, activity_id: str, sport: str, *, summary: dict[str, float], metrics: dict[str, Any], segments: pd.DataFrame,
                     issues: list[Issue], shoe_id: int | None) -> None:  # fmt: skip
        """Store an activity's corrected sport with what was derived again for it, in one transaction."""
        from runsense.store._codec import encode_segments

        values = {"sport": sport, "shoe_id": shoe_id, "issues": json.dumps([i.to_dict() for i in issues]), "metrics": json.dumps(metrics, default=float),
                  **{c: _finite(summary.get(c)) for c in schema.SUMMARY_COLUMNS}, **dict(zip(schema.RUN_METRIC_COLUMNS, _run_metrics(metrics), strict=True)),
                  "surface": metrics.get("surface", "unknown")}  # fmt: skip
        with self._transaction() as db:
            db.execute(f"UPDATE activities SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?", (*values.values(), activity_id))
            db.execute("DELETE FROM segments WHERE activity_id = ?", (activity_id,))
            if blob := encode_segments(segments):
                db.execute("INSERT INTO segments (activity_id, data) VALUES (?, ?)", (activity_id, blob))
            db.execute("DELETE FROM fatigue WHERE activity_id = ?", (activity_id,))
            db.executemany("INSERT INTO fatigue VALUES (?, ?, ?, ?, ?)", _fatigue_rows(activity_id, metrics))
            db.execute("INSERT INTO meta (key, value) VALUES ('edits', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1")  # see data_version

    def set_surface(self, activity_id: str, surface: str, source: str) -> None:
        """Store an activity's surface and who said so (``file`` or ``runner``), in the column and its metrics."""
        with self._transaction() as db:
            (text,) = db.execute("SELECT metrics FROM activities WHERE id = ?", (activity_id,)).fetchone()
            metrics = json.dumps(json.loads(text) | {"surface": surface}, default=float)  # Python's JSON: the metrics may hold NaN
            db.execute("UPDATE activities SET surface = ?, surface_source = ?, metrics = ? WHERE id = ?", (surface, source, metrics, activity_id))
            db.execute("INSERT INTO meta (key, value) VALUES ('edits', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1")  # see data_version

    def delete_activity(self, activity_id: str) -> dict[str, Any]:
        """Delete one activity (a unique id prefix is enough) with its samples, laps and alerts; pain
        entries stay, unlinked. Its source file goes too when no other activity came from it, so
        importing the file again brings the activity back. Returns the deleted activity's row."""
        row = self.activity(activity_id)
        with self._transaction() as db:
            db.execute("DELETE FROM activities WHERE id = ?", (row["id"],))
            db.execute("DELETE FROM alerts WHERE key LIKE ? AND acknowledged_at IS NULL", ("%:" + row["id"],))  # ids are hex: no LIKE wildcards
            db.execute("DELETE FROM sources WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM activities WHERE source_sha256 = ?)", (row["source_sha256"], row["source_sha256"]))
        return row

    # -- reads -------------------------------------------------------------------------------
    def source_activity_ids(self, sha256: str) -> list[str] | None:
        """Ids of the activities stored from a source file, or ``None`` if it was never imported."""
        if self._db.execute("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)).fetchone() is None:
            return None
        return [r[0] for r in self._db.execute("SELECT id FROM activities WHERE source_sha256 = ? ORDER BY start_ms", (sha256,))]

    def find_same_run(self, sport: str, start_ms: int, duration_s: float, distance_m: float, *, window_s: int = 60) -> str | None:
        """The id of a stored activity that is this run from another file, if any.

        Same sport (a ``generic`` one, as TCX writes "Other", matches any), start within
        ``window_s``, and duration and distance within 10 % / 5 % (or 2 min / 200 m) when known.
        """
        rows = self._db.execute(
            "SELECT id, duration_s, distance_m FROM activities WHERE (sport = ? OR sport = 'generic' OR ? = 'generic')"
            " AND start_ms BETWEEN ? AND ? ORDER BY ABS(start_ms - ?)",
            (sport, sport, start_ms - window_s * 1000, start_ms + window_s * 1000, start_ms),
        ).fetchall()
        for row in rows:
            if _close(row["duration_s"], duration_s, rel=0.10, floor=120) and _close(row["distance_m"], distance_m, rel=0.05, floor=200):
                return str(row["id"])
        return None

    def activities(self, sport: str | None = None) -> list[dict[str, Any]]:
        """Every activity's metadata and averages, oldest first."""
        query = (
            "SELECT a.*, s.name AS shoe FROM activities a LEFT JOIN shoes s ON s.id = a.shoe_id"
            + (" WHERE a.sport = ?" if sport else "") + " ORDER BY a.start_ms"
        )
        return [_activity_row(r) for r in self._db.execute(query, (sport,) if sport else ())]

    def sports(self) -> list[str]:
        """The sports of the stored activities."""
        return [r[0] for r in self._db.execute("SELECT DISTINCT sport FROM activities ORDER BY sport")]

    def activity(self, activity_id: str) -> dict[str, Any]:
        """One activity's metadata; a unique prefix of the id is enough. A whole id is looked up by
        its key (one row read: what export salvages from a damaged store)."""
        query = "SELECT a.*, s.name AS shoe FROM activities a LEFT JOIN shoes s ON s.id = a.shoe_id WHERE "
        rows = self._db.execute(query + "a.id = ?", (activity_id,)).fetchall()
        if not rows:
            rows = self._db.execute(query + "a.id LIKE ? ESCAPE '\\' LIMIT 2", (_prefix(activity_id),)).fetchall()
        if len(rows) != 1:
            detail = "is ambiguous: give more characters" if rows else "does not exist"
            raise NotFoundError(f"activity {activity_id!r} {detail} (see `runsense activities`)")
        return _activity_row(rows[0])

    def records(self, activity_id: str) -> Records:
        """One activity's samples as a canonical records table."""
        row = self._db.execute("SELECT data FROM samples WHERE activity_id = ?", (activity_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"activity {activity_id!r} has no stored samples")
        from runsense.store._codec import decode_records

        return decode_records(row[0])

    def laps(self, activity_id: str) -> pd.DataFrame:
        """One activity's laps."""
        rows = self._db.execute("SELECT * FROM laps WHERE activity_id = ? ORDER BY lap_index", (activity_id,)).fetchall()
        if not rows:
            return empty_laps()
        import pandas as pd

        frame = pd.DataFrame([dict(r) for r in rows])
        frame["start_time"] = pd.to_datetime(frame["start_ms"], unit="ms", utc=True)
        return frame[list(LAP_COLUMNS)].astype({c: float for c in LAP_COLUMNS if c != "start_time"})

    def activity_table(self, sport: str | None = "running", columns: Sequence[str] | None = None) -> pd.DataFrame:
        """Activities as a DataFrame, oldest first, for weekly analyses: the named ``columns`` (default:
        every column but the JSON documents, which :meth:`activity` parses)."""
        known = self._columns("activities")
        if columns is None:
            columns = [c for c in known if c not in schema.JSON_COLUMNS]
        elif unknown := set(columns) - set(known):
            raise ValueError(f"no such activity columns: {', '.join(sorted(unknown))}")
        where = " WHERE sport = ?" if sport else ""
        rows = self._tuples(f"SELECT {', '.join(columns)} FROM activities{where} ORDER BY start_ms", (sport,) if sport else ())
        import pandas as pd

        return pd.DataFrame.from_records(rows, columns=columns, coerce_float=True)

    def fatigue_changes(self, sport: str = "running", *, significant: bool = False) -> pd.DataFrame:
        """Within-run fatigue changes of every ``sport`` activity long enough to compare: one row per
        activity and metric with ``delta`` (last third minus first, at matched pace) and its 95 % CI;
        ``significant``: only the changes whose CI excludes 0."""
        where = " AND (f.ci_low > 0 OR f.ci_high < 0)" if significant else ""
        rows = self._tuples(f"SELECT f.activity_id, f.metric, f.delta, f.ci_low, f.ci_high FROM fatigue f JOIN activities a ON a.id = f.activity_id WHERE a.sport = ?{where}", (sport,))
        import pandas as pd

        return pd.DataFrame.from_records(rows, columns=["activity_id", "metric", "delta", "ci_low", "ci_high"], coerce_float=True)

    def _tuples(self, query: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        """Rows as plain tuples (cheaper than :class:`sqlite3.Row` for building tables)."""
        cursor = self._db.cursor()
        cursor.row_factory = None
        return cursor.execute(query, params).fetchall()

    def _columns(self, table: str) -> list[str]:
        return [r[1] for r in self._db.execute(f"PRAGMA table_info({table})")]

    def segments(self, sport: str = "running", *, include_estimated_speed: bool = False) -> pd.DataFrame:
        """Steady segments of every ``sport`` activity, oldest first, with the activity's id and local date.

        Treadmill and other runs whose speed is estimated are left out of pace-matched baselines
        unless asked for (spec §1.4). One packed blob per activity: ten years read in milliseconds.
        """
        where = "a.sport = ?" + ("" if include_estimated_speed else " AND a.speed_source != 'estimated'")
        rows = self._tuples(f"SELECT a.id, a.local_date, g.data FROM activities a JOIN segments g ON g.activity_id = a.id WHERE {where} ORDER BY a.start_ms", (sport,))
        import numpy as np
        import pandas as pd

        from runsense.store._codec import decode_segments

        table, counts = decode_segments([r[2] for r in rows])
        frame = pd.DataFrame(table, columns=list(model.SEGMENT_COLUMNS))  # one copy, into contiguous columns
        # each activity's id and date once, repeated by code (categoricals: no 290,000 strings)
        codes = np.repeat(np.arange(len(rows)), counts)
        frame.insert(0, "activity_id", pd.Categorical.from_codes(codes, pd.Index([r[0] for r in rows], dtype=object)))
        dates, date_codes = np.unique(np.array([r[1] for r in rows], dtype=object), return_inverse=True)
        frame["local_date"] = pd.Categorical.from_codes(date_codes[codes], dates, ordered=True)  # ordered: ISO dates sort as text
        return frame

    # -- shoes --------------------------------------------------------------------------------
    def add_shoe(self, name: str, *, brand: str = "", purchase_date: str | None = None, start_distance_m: float = 0.0,
                 notes: str = "", default_for: str | None = None, thresholds_m: tuple[float, float, float] | None = None) -> int:  # fmt: skip
        """Register a shoe; names are unique regardless of case."""
        if self._db.execute("SELECT 1 FROM shoes WHERE name = ?", (name,)).fetchone():
            raise StoreError(f"a shoe named {name!r} already exists (see `runsense shoes list`)")
        with self._transaction() as db:
            if default_for:
                db.execute("UPDATE shoes SET default_for = NULL WHERE default_for = ?", (default_for,))
            cursor = db.execute(
                "INSERT INTO shoes (name, brand, purchase_date, start_distance_m, notes, default_for, thresholds_m, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name, brand, purchase_date, start_distance_m, notes, default_for, json.dumps(thresholds_m) if thresholds_m else None, _now()),
            )
        return int(cursor.lastrowid or 0)

    def update_shoe(self, name: str, /, **fields: Any) -> None:
        """Change a shoe's fields (brand, notes, start_distance_m, default_for, thresholds_m, name, retired_at).

        ``name`` is positional-only, so that ``name=`` among the fields renames the shoe.
        """
        shoe = self.shoe(name)
        allowed = {"name", "brand", "purchase_date", "start_distance_m", "notes", "default_for", "thresholds_m", "retired_at"}
        unknown = set(fields) - allowed
        if unknown:
            raise StoreError(f"shoes have no field {sorted(unknown)[0]!r}")
        new_name = fields.get("name")
        if new_name is not None and self._db.execute("SELECT 1 FROM shoes WHERE name = ? AND id != ?", (new_name, shoe["id"])).fetchone():
            raise StoreError(f"a shoe named {new_name!r} already exists (see `runsense shoes list`)")
        if "thresholds_m" in fields and fields["thresholds_m"] is not None:
            fields["thresholds_m"] = json.dumps(list(fields["thresholds_m"]))
        with self._transaction() as db:
            if fields.get("default_for"):
                db.execute("UPDATE shoes SET default_for = NULL WHERE default_for = ?", (fields["default_for"],))
            db.execute(f"UPDATE shoes SET {', '.join(f'{k} = ?' for k in fields)} WHERE id = ?", (*fields.values(), shoe["id"]))

    def shoe(self, name: str) -> dict[str, Any]:
        """One shoe with its computed distance; case-insensitive name."""
        rows = [s for s in self.shoes(include_retired=True) if s["name"].lower() == name.lower()]
        if not rows:
            raise NotFoundError(f"no shoe named {name!r} (see `runsense shoes list`, or add it with `runsense shoes add`)")
        return rows[0]

    def shoes(self, *, include_retired: bool = True) -> list[dict[str, Any]]:
        """Every shoe with ``distance_m`` = starting distance + the assigned activities (a query, never a counter)."""
        rows = self._db.execute(
            "SELECT s.*, s.start_distance_m + COALESCE(SUM(a.distance_m), 0) AS distance_m, COUNT(a.id) AS activities,"
            " MAX(a.local_date) AS last_used FROM shoes s LEFT JOIN activities a ON a.shoe_id = s.id"
            + ("" if include_retired else " WHERE s.retired_at IS NULL")
            + " GROUP BY s.id ORDER BY s.retired_at IS NOT NULL, s.created_at"
        ).fetchall()
        out = []
        for row in rows:
            item = dict(row)
            item["thresholds_m"] = json.loads(item["thresholds_m"]) if item["thresholds_m"] else None
            out.append(item)
        return out

    def default_shoe_id(self, sport: str) -> int | None:
        """The shoe new ``sport`` activities get at import, if one is set and not retired."""
        row = self._db.execute("SELECT id FROM shoes WHERE default_for = ? AND retired_at IS NULL", (sport,)).fetchone()
        return int(row[0]) if row else None

    def assign_shoe(self, shoe_id: int | None, *, activity_ids: list[str] | None = None, date_from: str | None = None, date_to: str | None = None) -> int:
        """Assign a shoe to activities by id (prefixes allowed) or to every foot activity in a local-date range."""
        with self._transaction() as db:
            if activity_ids:
                ids = [self.activity(i)["id"] for i in activity_ids]
                for activity_id in ids:
                    db.execute("UPDATE activities SET shoe_id = ? WHERE id = ?", (shoe_id, activity_id))
                return len(ids)
            cursor = db.execute(
                "UPDATE activities SET shoe_id = ? WHERE local_date BETWEEN ? AND ? AND sport IN ('running', 'walking', 'hiking', 'trail_running')",
                (shoe_id, date_from or "0000-01-01", date_to or "9999-12-31"),
            )
            return cursor.rowcount

    def shoe_for_gear(self, gear: str, created_at_date: str | None = None) -> int:
        """The shoe named like a Strava gear, created if new (for the Strava export import)."""
        row = self._db.execute("SELECT id FROM shoes WHERE name = ?", (gear,)).fetchone()
        if row:
            return int(row[0])
        return self.add_shoe(gear, notes="created from a Strava export's gear", purchase_date=created_at_date)

    # -- alerts -------------------------------------------------------------------------------
    def add_alert(self, key: str, kind: str, severity: str, message: str, payload: dict[str, Any]) -> bool:
        """Record an alert once per key (one per crossing); returns True if it is new."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO alerts (key, kind, severity, message, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (key, kind, severity, message, json.dumps(payload, default=float), _now()),
            )
        return cursor.rowcount == 1

    def withdraw_alerts(self, keys: list[str]) -> None:
        """Remove alerts that no longer hold (a shoe whose runs moved to another pair); the same
        crossing later is news again."""
        with self._transaction() as db:
            db.executemany("DELETE FROM alerts WHERE key = ?", [(k,) for k in keys])

    def update_alert(self, key: str, message: str, payload: dict[str, Any]) -> None:
        """Restate an open alert whose figures changed (a shoe's mileage after runs moved)."""
        with self._transaction() as db:
            db.execute("UPDATE alerts SET message = ?, payload = ? WHERE key = ? AND acknowledged_at IS NULL", (message, json.dumps(payload, default=float), key))

    def withdraw_activity_alerts(self, activity_id: str) -> None:
        """Remove the open alerts about one activity (its sport changed: they are derived again)."""
        with self._transaction() as db:
            db.execute("DELETE FROM alerts WHERE key LIKE ? AND acknowledged_at IS NULL", ("%:" + activity_id,))  # ids are hex: no LIKE wildcards

    def alerts(self, *, include_acknowledged: bool = False) -> list[dict[str, Any]]:
        """Alerts, newest first."""
        query = "SELECT * FROM alerts" + ("" if include_acknowledged else " WHERE acknowledged_at IS NULL") + " ORDER BY created_at DESC, id DESC"
        return [dict(r) | {"payload": json.loads(r["payload"])} for r in self._db.execute(query)]

    def acknowledge_alert(self, alert_id: int) -> None:
        """Mark an alert as seen; it stays in the history."""
        with self._transaction() as db:
            if db.execute("UPDATE alerts SET acknowledged_at = ? WHERE id = ?", (_now(), alert_id)).rowcount == 0:
                raise NotFoundError(f"no alert {alert_id} (see `runsense alerts`)")

    def mark_notified(self, alert_ids: list[int]) -> None:
        """Record that alerts were sent to the runner's notification services."""
        with self._transaction() as db:
            db.executemany("UPDATE alerts SET notified_at = ? WHERE id = ?", [(_now(), i) for i in alert_ids])

    def source_bytes(self, sha256: str) -> bytes:
        """The original bytes of an imported file."""
        row = self._db.execute("SELECT data FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise NotFoundError(f"no source file {sha256[:12]}…")
        from runsense.store._codec import decompress

        return decompress(row[0])

    def data_version(self) -> tuple[int, ...]:
        """Changes whenever activities are added, removed or given another sport, or the reference
        pace changes: a cache key for derived weekly data."""
        row = self._db.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0), COALESCE(SUM(n_records), 0) FROM activities").fetchone()
        return (*(int(v) for v in row), self._meta(_REFERENCE_KEYS[0]), self._meta("edits"))

    # -- the reference pace ------------------------------------------------------------------
    def reference_pace(self) -> ReferencePace | None:
        """The stored reference pace, or None while none is set."""
        speed_um_s, first, last = (self._meta(key) for key in _REFERENCE_KEYS)
        if speed_um_s <= 0 or first <= 0 or last < first:  # never set, or reset
            return None
        return ReferencePace(speed_um_s / 1e6, date.fromordinal(first), date.fromordinal(last))

    def set_reference_pace(self, reference: ReferencePace) -> None:
        """Store the reference pace; it stays until the next call or :meth:`clear_reference_pace`."""
        values = (round(reference.speed_mps * 1e6), reference.first_day.toordinal(), reference.last_day.toordinal())
        with self._transaction() as db:
            db.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(zip(_REFERENCE_KEYS, values, strict=True)))

    def clear_reference_pace(self) -> None:
        """Forget the stored reference pace (the next analysis takes it from the data again)."""
        with self._transaction() as db:
            db.execute(f"DELETE FROM meta WHERE key IN ({', '.join('?' * len(_REFERENCE_KEYS))})", _REFERENCE_KEYS)

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _prefix(activity_id: str) -> str:
    escaped = activity_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _finite(value: object) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _close(a: float | None, b: float | None, *, rel: float, floor: float) -> bool:
    if a is None or b is None or a != a or b != b:
        return True
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), floor)



def _activity_row(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for key in schema.JSON_COLUMNS:
        out[key] = json.loads(out[key])
    offset = out["utc_offset_s"]
    out["start_time"] = datetime.fromtimestamp(out["start_ms"] / 1000, timezone(timedelta(seconds=offset))).isoformat()
    return out
