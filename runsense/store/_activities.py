"""The store's activities: one source file and its activities imported in one transaction, their
reads (rows, samples, laps, the tables and segments the analyses take) and sport corrections."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING, Any

from runsense.errors import Issue, NotFoundError
from runsense.records import field_names
from runsense.store import schema
from runsense.store._base import REFERENCE_KEYS, StoreBase, finite

if TYPE_CHECKING:
    import pandas as pd

    from runsense.model import Activity, ActivityMeta, Records, RunKey, StrengthSet
    from runsense.records import ActivityRow

# numpy, pandas, the sample codec and the model's tables are imported by the methods that build or
# read activities: the CLI's pain log and shoe list open this store too, and must not wait for them.


def _run_metrics(metrics: dict[str, Any]) -> tuple[float | None, ...]:
    return tuple(finite(metrics.get(column)) for column in schema.RUN_METRIC_COLUMNS)


def _fatigue_rows(activity_id: str, metrics: dict[str, Any]) -> list[tuple[str, str, float, float, float]]:
    fatigue = metrics.get("fatigue") or {}
    if not fatigue.get("eligible"):
        return []
    rows = []
    for metric, delta in fatigue.get("delta", {}).items():
        low, high = fatigue["ci95"][metric]
        if all(finite(v) is not None for v in (delta, low, high)):
            rows.append((activity_id, metric, float(delta), float(low), float(high)))
    return rows


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
    sets: tuple[StrengthSet, ...] = ()  # a strength activity's sets, rests included

    @classmethod
    def pack(cls, activity: Activity, utc_offset_s: int, utc_offset_source: str, summary: dict[str, float], metrics: dict[str, Any], segments: pd.DataFrame) -> StoredActivity:
        """Pack an activity's samples and segments for storage."""
        from runsense.store._codec import encode_records, encode_segments

        return cls(activity.meta, activity.laps, activity.issues, activity.n_records, encode_records(activity.records), encode_segments(segments),
                   utc_offset_s, utc_offset_source, summary, metrics, sets=activity.sets)  # fmt: skip



class ActivitiesMixin(StoreBase):
    """Activity methods of :class:`~runsense.store.sqlite.SQLiteStore`."""

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
        row = {
            "id": meta.activity_id, "source_sha256": sha256, "source_name": meta.source_name, "source_format": meta.source_format,
            "sport": meta.sport, "title": meta.title, "gear_name": meta.gear_name, "imported_at": now, "shoe_id": item.shoe_id, **_derived_columns(item),
        }  # fmt: skip
        db.execute(f"INSERT INTO activities ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
        _insert_details(db, meta.activity_id, item)

    def replace_derived(self, items: Sequence[tuple[StoredActivity, str, str]]) -> list[str]:
        """Store what was derived again for stored activities from their own files, all in one transaction.

        Each item is ``(derived, sport, surface_source)``: the sport and whose surface it was derived
        with. Only what the file and the derivation give changes (samples, laps, sets, segments,
        averages, metrics, issues, device, times); the activity's sport, title, gear, shoe and
        pain links stay. An activity deleted, or given another sport or surface, since it was read is
        left alone. Returns the ids that were replaced.
        """
        done = []
        with self._transaction() as db:
            for item, sport, surface_source in items:
                values = _derived_columns(item)
                cursor = db.execute(f"UPDATE activities SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ? AND sport = ? AND surface_source = ?"
                                    " AND (surface_source != 'runner' OR surface = ?)", (*values.values(), item.meta.activity_id, sport, surface_source, values["surface"]))  # fmt: skip
                if cursor.rowcount != 1:
                    continue
                for table in ("samples", "segments", "fatigue", "strength_sets", "laps"):
                    db.execute(f"DELETE FROM {table} WHERE activity_id = ?", (item.meta.activity_id,))
                _insert_details(db, item.meta.activity_id, item)
                done.append(item.meta.activity_id)
            if done:
                db.execute("INSERT INTO meta (key, value) VALUES ('edits', 1) ON CONFLICT (key) DO UPDATE SET value = value + 1")  # see data_version
        return done

    def change_sport(self, activity_id: str, sport: str, *, summary: dict[str, float], metrics: dict[str, Any], segments: pd.DataFrame,
                     issues: list[Issue], shoe_id: int | None) -> None:  # fmt: skip
        """Store an activity's corrected sport with what was derived again for it, in one transaction."""
        from runsense.store._codec import encode_segments

        values = {"sport": sport, "shoe_id": shoe_id, "issues": json.dumps([i.to_dict() for i in issues]), "metrics": json.dumps(metrics, default=float),
                  **{c: finite(summary.get(c)) for c in schema.SUMMARY_COLUMNS}, **dict(zip(schema.RUN_METRIC_COLUMNS, _run_metrics(metrics), strict=True)),
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

    def delete_activity(self, activity_id: str) -> ActivityRow:
        """Delete one activity (a unique id prefix is enough) with its samples, laps and alerts; pain
        entries stay, unlinked. Its source file goes too when no other activity came from it, so
        importing the file again brings the activity back. Returns the deleted activity's row."""
        row = self.activity(activity_id)
        with self._transaction() as db:
            db.execute("DELETE FROM activities WHERE id = ?", (row.id,))
            db.execute("DELETE FROM alerts WHERE key LIKE ? AND acknowledged_at IS NULL", ("%:" + row.id,))  # ids are hex: no LIKE wildcards
            db.execute("DELETE FROM sources WHERE sha256 = ? AND NOT EXISTS (SELECT 1 FROM activities WHERE source_sha256 = ?)", (row.source_sha256, row.source_sha256))
        return row

    # -- reads -------------------------------------------------------------------------------
    def source_activity_ids(self, sha256: str) -> list[str] | None:
        """Ids of the activities stored from a source file, or ``None`` if it was never imported."""
        if self._db.execute("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)).fetchone() is None:
            return None
        return [r[0] for r in self._db.execute("SELECT id FROM activities WHERE source_sha256 = ? ORDER BY start_ms", (sha256,))]

    def activities_starting_between(self, first_ms: int, last_ms: int) -> list[tuple[str, RunKey]]:
        """Every stored activity starting in ``[first_ms, last_ms]`` with what tells whether it is
        the same run as another file's (the rule is :func:`runsense.model.same_run`)."""
        from runsense.model import RunKey

        rows = self._db.execute("SELECT id, sport, start_ms, duration_s, distance_m FROM activities WHERE start_ms BETWEEN ? AND ?", (first_ms, last_ms))
        return [(str(r["id"]), RunKey(r["sport"], r["start_ms"], r["duration_s"], r["distance_m"])) for r in rows]

    def activities(self, sport: str | None = None) -> list[ActivityRow]:
        """Every activity's metadata and averages, oldest first."""
        query = (
            "SELECT a.*, s.name AS shoe FROM activities a LEFT JOIN shoes s ON s.id = a.shoe_id"
            + (" WHERE a.sport = ?" if sport else "") + " ORDER BY a.start_ms"
        )
        return [_activity_row(r) for r in self._db.execute(query, (sport,) if sport else ())]

    def sports(self) -> list[str]:
        """The sports of the stored activities."""
        return [r[0] for r in self._db.execute("SELECT DISTINCT sport FROM activities ORDER BY sport")]

    def activity(self, activity_id: str) -> ActivityRow:
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
        from runsense.model import LAP_COLUMNS, empty_laps

        rows = self._db.execute("SELECT * FROM laps WHERE activity_id = ? ORDER BY lap_index", (activity_id,)).fetchall()
        if not rows:
            return empty_laps()
        import pandas as pd

        frame = pd.DataFrame([dict(r) for r in rows])
        frame["start_time"] = pd.to_datetime(frame["start_ms"], unit="ms", utc=True)
        return frame[list(LAP_COLUMNS)].astype({c: float for c in LAP_COLUMNS if c != "start_time"})

    def strength_sets(self, activity_id: str) -> list[StrengthSet]:
        """A strength activity's sets from the watch, in order, rests included (none for other activities)."""
        from runsense.model import StrengthSet

        rows = self._db.execute("SELECT start_ms, duration_s, set_type, category, repetitions, weight_kg FROM strength_sets WHERE activity_id = ? ORDER BY set_index",
                                (activity_id,)).fetchall()  # fmt: skip
        return [StrengthSet(None if r[0] is None else datetime.fromtimestamp(r[0] / 1000, UTC), *r[1:]) for r in rows]

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

        from runsense.model import SEGMENT_COLUMNS
        from runsense.store._codec import decode_segments

        table, counts = decode_segments([r[2] for r in rows])
        frame = pd.DataFrame(table, columns=list(SEGMENT_COLUMNS))  # one copy, into contiguous columns
        # each activity's id and date once, repeated by code (categoricals: no 290,000 strings)
        codes = np.repeat(np.arange(len(rows)), counts)
        frame.insert(0, "activity_id", pd.Categorical.from_codes(codes, pd.Index([r[0] for r in rows], dtype=object)))
        dates, date_codes = np.unique(np.array([r[1] for r in rows], dtype=object), return_inverse=True)
        frame["local_date"] = pd.Categorical.from_codes(date_codes[codes], dates, ordered=True)  # ordered: ISO dates sort as text
        return frame

    def source_bytes(self, sha256: str) -> bytes:
        """The original bytes of an imported file; DamagedStoreError naming it when its stored copy is damaged."""
        row = self._db.execute("SELECT name, data FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        if row is None:
            raise NotFoundError(f"no source file {sha256[:12]}…")
        from runsense.store._codec import DECOMPRESS_ERRORS, decompress
        from runsense.store.faults import damaged

        try:
            return decompress(row[1])
        except DECOMPRESS_ERRORS as exc:
            raise damaged(self.path, f"the stored copy of {row[0]} cannot be read: {exc}") from None

    def data_version(self) -> tuple[int, ...]:
        """Changes whenever activities are added, removed or given another sport, or the reference
        pace changes: a cache key for derived weekly data."""
        row = self._db.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0), COALESCE(SUM(n_records), 0) FROM activities").fetchone()
        return (*(int(v) for v in row), self._meta(REFERENCE_KEYS[0]), self._meta("edits"))


def _derived_columns(item: StoredActivity) -> dict[str, Any]:
    """The columns of ``activities`` that reading and deriving a file give (what a re-derive replaces)."""
    meta = item.meta
    start_ms = int(meta.start_time.timestamp() * 1000)
    return {
        "sub_sport": meta.sub_sport,
        "start_ms": start_ms,
        "utc_offset_s": item.utc_offset_s,
        "utc_offset_source": item.utc_offset_source,
        "local_date": datetime.fromtimestamp(start_ms / 1000 + item.utc_offset_s, UTC).date().isoformat(),
        "device": meta.device,
        "sensors": json.dumps(list(meta.sensors)),
        "cadence_unit_source": meta.cadence_unit_source,
        "speed_source": meta.speed_source,
        "distance_m": finite(meta.distance_m),
        "duration_s": finite(meta.duration_s),
        "timer_s": finite(meta.timer_s),
        "n_records": item.n_records,
        "device_summary": json.dumps(meta.device_summary),
        "issues": json.dumps([i.to_dict() for i in item.issues]),
        "metrics": json.dumps(item.metrics, default=float),
        **{c: finite(item.summary.get(c)) for c in schema.SUMMARY_COLUMNS},
        **dict(zip(schema.RUN_METRIC_COLUMNS, _run_metrics(item.metrics), strict=True)),
        "surface": item.metrics.get("surface", "unknown"),
    }


def _insert_details(db: sqlite3.Connection, activity_id: str, item: StoredActivity) -> None:
    """An activity's samples, segments, fatigue changes, strength sets and laps."""
    db.execute("INSERT INTO samples (activity_id, n, data) VALUES (?, ?, ?)", (activity_id, item.n_records, item.samples_blob))
    if item.segments_blob:
        db.execute("INSERT INTO segments (activity_id, data) VALUES (?, ?)", (activity_id, item.segments_blob))
    db.executemany("INSERT INTO fatigue VALUES (?, ?, ?, ?, ?)", _fatigue_rows(activity_id, item.metrics))
    db.executemany("INSERT INTO strength_sets VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _set_rows(activity_id, item.sets))
    laps = item.laps
    if len(laps):
        import numpy as np

        from runsense.model import LAP_COLUMNS

        start = laps["start_time"].to_numpy(dtype="datetime64[ms]")
        start_ms = np.where(np.isnat(start), None, start.astype(np.int64)).tolist()
        values = [np.where(np.isfinite(v := laps[c].to_numpy(dtype=float)), v, None).tolist() for c in LAP_COLUMNS[1:]]
        db.executemany("INSERT INTO laps VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(activity_id, i, *row) for i, row in enumerate(zip(start_ms, *values, strict=True))])


def _set_rows(activity_id: str, sets: Sequence[StrengthSet]) -> list[tuple[object, ...]]:
    return [(activity_id, i, None if s.start_time is None else round(s.start_time.timestamp() * 1000), finite(s.duration_s), s.set_type, s.category,
             s.repetitions, finite(s.weight_kg)) for i, s in enumerate(sets)]  # fmt: skip


def _prefix(activity_id: str) -> str:
    escaped = activity_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


@cache
def _row_type() -> tuple[type[ActivityRow], tuple[str, ...]]:
    """:class:`~runsense.records.ActivityRow` and its fields, loaded at the first activity read: the
    pain log and the shoe list open this store without building that forty-odd-field class."""
    from runsense.records import ActivityRow

    return ActivityRow, field_names(ActivityRow)


def _activity_row(row: sqlite3.Row) -> ActivityRow:
    """A stored activity, its JSON documents decoded (lists as tuples) and its start in its own UTC offset."""
    row_type, names = _row_type()
    columns = dict(zip(row.keys(), row, strict=True))  # one pass: a Row looks each name up by scanning its columns
    out = {key: columns[key] for key in names if key != "start_time"}
    for key in schema.JSON_COLUMNS:
        value = json.loads(out[key])
        out[key] = tuple(value) if isinstance(value, list) else value
    out["issues"] = tuple(Issue.from_dict(i) for i in out["issues"])
    out["start_time"] = datetime.fromtimestamp(row["start_ms"] / 1000, timezone(timedelta(seconds=row["utc_offset_s"]))).isoformat()
    return row_type(**out)


__all__ = ["ActivitiesMixin", "StoredActivity"]
