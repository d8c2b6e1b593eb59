"""The store's schema: forward-only migrations, each frozen at the version it brought.

A released migration is history: its text never changes, because stores in the wild were built
by it (``tests/test_schema.py`` diffs every migration against its copy in
``tests/fixtures/migrations/``). A new column or table is a new migration appended to
:data:`MIGRATIONS`; the column lists the code writes (:data:`SUMMARY_COLUMNS`,
:data:`RUN_METRIC_COLUMNS`) are checked against the schema the migrations build. Migrations
that need Python carry their own literal column lists and formats for the same reason.

The version lives in ``PRAGMA user_version``; index ``i`` of :data:`MIGRATIONS` brings a store
from version ``i`` to ``i + 1``.
"""

from __future__ import annotations

import itertools
import json
import math
import sqlite3
from collections.abc import Callable
from typing import Any


class _Numpy:
    """numpy for the released migration that uses it (:func:`_v5`), imported on first use: opening
    a store (the CLI's pain log and shoe list) must not wait for numpy, and a released migration's
    text cannot change (see ``tests/fixtures/migrations``)."""

    def __getattr__(self, name: str) -> Any:
        import numpy

        return getattr(numpy, name)


np = _Numpy()

#: columns of ``activities`` that hold per-activity averages (filled by the signal module)
SUMMARY_COLUMNS: tuple[str, ...] = (
    "moving_time_s",
    "avg_speed_mps",
    "avg_heart_rate_bpm",
    "cadence_spm",
    "step_length_m",
    "vertical_oscillation_mm",
    "stance_time_ms",
    "vertical_ratio_pct",
    "stance_time_balance_pct",
)

#: per-run results the weekly analysis reads, kept as columns beside the ``metrics`` JSON
RUN_METRIC_COLUMNS: tuple[str, ...] = ("cadence_in_band_share", "gct_balance_dev_flat_pp", "ascent_m_per_km", "steep_share")

#: the JSON document columns of ``activities``
JSON_COLUMNS: tuple[str, ...] = ("sensors", "device_summary", "issues", "metrics")

_V1 = """
CREATE TABLE sources (
    sha256 TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    format TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    imported_at TEXT NOT NULL,
    data BLOB NOT NULL              -- the original file, compressed (Zstandard, or zlib before schema 5), to re-derive later
);
CREATE TABLE activities (
    id TEXT PRIMARY KEY,
    source_sha256 TEXT NOT NULL REFERENCES sources(sha256),
    source_name TEXT NOT NULL,
    source_format TEXT NOT NULL,
    sport TEXT NOT NULL,
    sub_sport TEXT NOT NULL,
    start_ms INTEGER NOT NULL,      -- UTC, ms since the Unix epoch
    utc_offset_s INTEGER NOT NULL,
    utc_offset_source TEXT NOT NULL,
    local_date TEXT NOT NULL,       -- the runner's local calendar date, YYYY-MM-DD
    device TEXT NOT NULL,
    sensors TEXT NOT NULL,          -- JSON list
    cadence_unit_source TEXT NOT NULL,
    speed_source TEXT NOT NULL,
    distance_m REAL,
    duration_s REAL,
    timer_s REAL,
    n_records INTEGER NOT NULL,
    title TEXT NOT NULL,
    gear_name TEXT NOT NULL,
    device_summary TEXT NOT NULL,   -- JSON: the device's own session averages
    issues TEXT NOT NULL,           -- JSON list of recoverable problems
    metrics TEXT NOT NULL,          -- JSON: further derived metrics
    imported_at TEXT NOT NULL,
    moving_time_s REAL,
    avg_speed_mps REAL,
    avg_heart_rate_bpm REAL,
    cadence_spm REAL,
    step_length_m REAL,
    vertical_oscillation_mm REAL,
    stance_time_ms REAL,
    vertical_ratio_pct REAL,
    stance_time_balance_pct REAL
);
CREATE INDEX activities_start ON activities(start_ms);
CREATE INDEX activities_sport_start ON activities(sport, start_ms);
CREATE TABLE samples (
    activity_id TEXT PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE laps (
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    lap_index INTEGER NOT NULL,
    start_ms INTEGER,
    timer_s REAL,
    distance_m REAL,
    avg_speed_mps REAL,
    avg_cadence_spm REAL,
    avg_heart_rate_bpm REAL,
    PRIMARY KEY (activity_id, lap_index)
);
"""

_V2 = """
CREATE TABLE segments (          -- steady 30-s running segments, for the runner's speed models
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    start_s REAL NOT NULL,
    duration_s REAL NOT NULL,
    speed_mps REAL NOT NULL,
    cadence_spm REAL,
    step_length_m REAL,
    vertical_oscillation_mm REAL,
    stance_time_ms REAL,
    vertical_ratio_pct REAL,
    gct_balance_dev_pp REAL,
    grade_pct REAL
);
CREATE INDEX segments_activity ON segments(activity_id)
"""

_V3 = """
CREATE TABLE shoes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    brand TEXT NOT NULL DEFAULT '',
    purchase_date TEXT,
    start_distance_m REAL NOT NULL DEFAULT 0,
    notes TEXT NOT NULL DEFAULT '',
    default_for TEXT,                -- sport whose new activities get this shoe at import
    thresholds_m TEXT,               -- JSON [notice, warning, replace] in m; NULL: the global setting
    retired_at TEXT,
    created_at TEXT NOT NULL
);
ALTER TABLE activities ADD COLUMN shoe_id INTEGER REFERENCES shoes(id) ON DELETE SET NULL;
CREATE INDEX activities_shoe ON activities(shoe_id);
CREATE TABLE pain (
    id INTEGER PRIMARY KEY,
    local_time TEXT NOT NULL,        -- the runner's local date and time, YYYY-MM-DDTHH:MM
    local_date TEXT NOT NULL,
    score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    location TEXT NOT NULL,
    timing TEXT NOT NULL,
    activity_id TEXT REFERENCES activities(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    red_flags TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
CREATE INDEX pain_date ON pain(local_date);
CREATE TABLE alerts (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,        -- one alert per crossing: e.g. shoe:3:notice, flag:CAD-TREND-DOWN:2026-W41
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    acknowledged_at TEXT,
    notified_at TEXT
)
"""

_V4 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT INTO meta (key, value) VALUES ('writes', 0)
"""


#: the steady-segment columns as they were at schema 5 and 6 (rows of headerless float64)
_V5_SEGMENT_COLUMNS = (
    "start_s", "duration_s", "speed_mps", "cadence_spm", "step_length_m", "vertical_oscillation_mm",
    "stance_time_ms", "vertical_ratio_pct", "gct_balance_dev_pp", "grade_pct",
)  # fmt: skip


def _v5(db: sqlite3.Connection) -> None:
    """Steady segments: one packed blob per activity instead of one row per segment (ten years of
    weekly trends read 2,600 values, not 290,000 rows); activities indexed by source file."""
    columns = ", ".join(_V5_SEGMENT_COLUMNS)
    db.execute("CREATE TABLE segments_packed (activity_id TEXT PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE, data BLOB NOT NULL)")
    rows = db.execute(f"SELECT activity_id, {columns} FROM segments ORDER BY activity_id, rowid")
    for activity_id, group in itertools.groupby(rows, key=lambda r: r[0]):
        table = np.array([tuple(r)[1:] for r in group], dtype="<f8")  # None -> NaN
        db.execute("INSERT INTO segments_packed (activity_id, data) VALUES (?, ?)", (activity_id, table.tobytes()))
    db.execute("DROP TABLE segments")
    db.execute("ALTER TABLE segments_packed RENAME TO segments")
    # a re-import looks up every file's activities by its hash: without an index, a table scan each
    db.execute("CREATE INDEX activities_source ON activities(source_sha256)")


def _v6(db: sqlite3.Connection) -> None:
    """Per-run results the weekly analysis reads as columns and rows, not JSON: the in-band cadence
    share and the flat-ground GCT balance on each activity, and the within-run fatigue changes in
    their own table (ten years of flags without parsing 2,600 JSON documents). A count of imports
    beside the count of writes, so caches of other data survive an import."""
    run_columns = ("cadence_in_band_share", "gct_balance_dev_flat_pp")
    db.execute("INSERT INTO meta (key, value) VALUES ('imports', 0)")
    for column in run_columns:
        db.execute(f"ALTER TABLE activities ADD COLUMN {column} REAL")
    db.execute("""
        CREATE TABLE fatigue (           -- last third against first at matched pace, for runs long enough
            activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
            metric TEXT NOT NULL,
            delta REAL NOT NULL,
            ci_low REAL NOT NULL,        -- 95 % bootstrap CI of delta
            ci_high REAL NOT NULL,
            PRIMARY KEY (activity_id, metric)
        ) WITHOUT ROWID""")  # fmt: skip
    for activity_id, text in db.execute("SELECT id, metrics FROM activities").fetchall():
        metrics = json.loads(text)
        db.execute(f"UPDATE activities SET {' = ?, '.join(run_columns)} = ? WHERE id = ?", (*(_v6_finite(metrics.get(c)) for c in run_columns), activity_id))
        fatigue = metrics.get("fatigue") or {}
        for metric, delta in fatigue.get("delta", {}).items() if fatigue.get("eligible") else ():
            values = (delta, *fatigue["ci95"][metric])
            if all(_v6_finite(v) is not None for v in values):
                db.execute("INSERT INTO fatigue VALUES (?, ?, ?, ?, ?)", (activity_id, metric, *map(float, values)))


def _v6_finite(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _v7(db: sqlite3.Connection) -> None:
    """Segment blobs describe themselves: a header with the format version, dtype and column names
    (see :mod:`runsense.store._codec`), so adding or reordering a segment column can never
    misread a stored run. Blobs of schema 5 and 6 get the header of the columns they hold."""
    header = b"RSG1 <f8 " + ",".join(_V5_SEGMENT_COLUMNS).encode() + b"\n"
    for activity_id, data in db.execute("SELECT activity_id, data FROM segments").fetchall():
        db.execute("UPDATE segments SET data = ? WHERE activity_id = ?", (header + bytes(data), activity_id))


_V8 = """
CREATE TABLE cadence_plans (     -- spec §2.4: steps up from the runner's cadence at reference pace
    id INTEGER PRIMARY KEY,
    start_week TEXT NOT NULL,        -- ISO week of the first step, YYYY-Www
    baseline_spm REAL NOT NULL,      -- cadence at reference pace when the plan started
    reference_speed_mps REAL NOT NULL,
    step_pct REAL NOT NULL,
    max_pct REAL NOT NULL,
    hold_weeks INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    ended_at TEXT                    -- NULL: the plan in force (at most one)
)
"""

_V9 = """
CREATE TABLE strength_sessions (   -- strength, core and mobility work logged by hand
    id INTEGER PRIMARY KEY,
    local_date TEXT NOT NULL,        -- YYYY-MM-DD
    minutes REAL NOT NULL CHECK (minutes > 0),
    kind TEXT NOT NULL,              -- core | glutes | mobility | other
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX strength_date ON strength_sessions(local_date);
CREATE TABLE markers (             -- dated changes shown on every time chart: cadence work, new shoes, physio...
    id INTEGER PRIMARY KEY,
    local_date TEXT NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,              -- cadence | shoes | physio | strength | other
    created_at TEXT NOT NULL
)
"""

def _v10(db: sqlite3.Connection) -> None:
    """Surface and hills on each activity: where it was run (road, trail, track, treadmill,
    unknown; ``surface_source`` says whether the file or the runner said so), climbing per km and
    the share of moving time on grades over 4 %. Stored runs get their surface and climbing from
    their samples (computed here, frozen); their steep share stays unknown until re-imported."""
    import zlib

    import zstandard

    db.execute("ALTER TABLE activities ADD COLUMN surface TEXT NOT NULL DEFAULT 'unknown'")
    db.execute("ALTER TABLE activities ADD COLUMN surface_source TEXT NOT NULL DEFAULT 'file'")
    db.execute("ALTER TABLE activities ADD COLUMN ascent_m_per_km REAL")
    db.execute("ALTER TABLE activities ADD COLUMN steep_share REAL")
    by_sub_sport = {"treadmill": "treadmill", "indoor_running": "treadmill", "virtual_activity": "treadmill", "trail": "trail",
                    "trail_running": "trail", "mountain": "trail", "track": "track", "road": "road", "street": "road"}  # fmt: skip
    rows = db.execute("SELECT a.id, a.sport, a.sub_sport, a.speed_source, s.data FROM activities a JOIN samples s ON s.activity_id = a.id").fetchall()
    for activity_id, sport, sub_sport, speed_source, blob in rows:
        columns = _v10_columns(zstandard.ZstdDecompressor().decompress(blob) if blob[:4] == b"\x28\xb5\x2f\xfd" else zlib.decompress(blob)) if blob[:2] != b"PK" else {}
        has_track = "lat_deg" in columns and bool(np.isfinite(columns["lat_deg"]).any())
        surface = "trail" if sport == "trail_running" else by_sub_sport.get(sub_sport) or (
            "treadmill" if speed_source == "estimated" and not has_track else "road" if has_track else "unknown")
        per_km = None
        altitude, distance = columns.get("altitude_m"), columns.get("distance_m")
        if altitude is not None and distance is not None and np.isfinite(altitude).sum() > 1 and np.isfinite(distance).sum() > 1:
            values = altitude[np.isfinite(altitude)]
            starts = np.arange(0, len(values), 30)
            rises = np.diff(np.r_[values[0], np.add.reduceat(values, starts) / np.diff(np.r_[starts, len(values)]), values[-1]])
            km = (np.nanmax(distance) - np.nanmin(distance)) / 1000
            per_km = float(rises[rises > 0].sum() / km) if km > 0.2 else None
        db.execute("UPDATE activities SET surface = ?, ascent_m_per_km = ? WHERE id = ?", (surface, per_km, activity_id))


def _v10_columns(raw: bytes) -> dict[str, np.ndarray]:
    """The columns of a sample blob (the ``RS1`` layout of :mod:`runsense.store._codec`)."""
    header, _, body = raw.partition(b"\n")
    parts = header.split(b" ")
    n = int(parts[1])
    out, offset = {}, 0
    for spec in parts[2].decode().split(",") if n else ():
        name, dtype = spec.split(":")
        length = 1 if name == "t0_ms" else n - 1 if name == "dt_ms" else n
        array = np.frombuffer(body, dtype=np.dtype(dtype), count=length, offset=offset)
        offset += array.nbytes
        out[name] = array.astype(float)
    return out


_V11 = """
CREATE TABLE ostrc_checkins (      -- the weekly OSTRC-O2 check-in: answers as indexes into the questionnaire's options
    week TEXT PRIMARY KEY,           -- ISO week the answers are about, YYYY-Www (answering again replaces them)
    participation INTEGER NOT NULL CHECK (participation BETWEEN 0 AND 3),
    volume INTEGER NOT NULL CHECK (volume BETWEEN 0 AND 4),
    performance INTEGER NOT NULL CHECK (performance BETWEEN 0 AND 4),
    symptoms INTEGER NOT NULL CHECK (symptoms BETWEEN 0 AND 3),
    created_at TEXT NOT NULL
)
"""

_V12 = """
-- the full pain log (spec §7.2): locations as a JSON list (location stays the first, for older
-- readers), leg symptoms (set where the sign was ticked as a red flag), morning stiffness (NULL: not asked, as in older entries) and whether it
-- eases with movement, disturbed sleep, and activity interference 0-10 (optional)
ALTER TABLE pain ADD COLUMN locations TEXT NOT NULL DEFAULT '[]';
UPDATE pain SET locations = json_array(location);
ALTER TABLE pain ADD COLUMN leg_numbness INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pain ADD COLUMN leg_weakness INTEGER NOT NULL DEFAULT 0;
UPDATE pain SET leg_numbness = 1 WHERE EXISTS (SELECT 1 FROM json_each(red_flags) WHERE value = 'leg-numbness');
UPDATE pain SET leg_weakness = 1 WHERE EXISTS (SELECT 1 FROM json_each(red_flags) WHERE value = 'leg-weakness');
ALTER TABLE pain ADD COLUMN morning_stiffness_min INTEGER;
ALTER TABLE pain ADD COLUMN stiffness_eases INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pain ADD COLUMN sleep_disturbed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pain ADD COLUMN activity_interference INTEGER
"""

_V13 = """
CREATE TABLE strength_sets (       -- the sets of a strength activity from the watch (FIT `set` messages), rests included
    activity_id TEXT NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    set_index INTEGER NOT NULL,      -- order in the file
    start_ms INTEGER,                -- UTC, ms since the Unix epoch (NULL: the watch did not say)
    duration_s REAL,
    set_type TEXT NOT NULL,          -- active | rest
    category TEXT NOT NULL,          -- FIT exercise_category (push_up, plank, squat...); '' when not recognised
    repetitions INTEGER,
    weight_kg REAL,
    PRIMARY KEY (activity_id, set_index)
)
"""

def _v14(db: sqlite3.Connection) -> None:
    """Alerts keep their figures, not their words in one unit: ``message`` becomes ``template`` (the
    words with a ``{name}`` field for each distance, pace, climb or shoe mileage) and ``quantities``
    holds those figures in SI (a JSON list of ``{"name", "kind", "value"}``), so an alert raised in km
    reads in miles after the runner switches. Stored alerts are read back from their words as
    written then (the formats below are those of schema 13's code: frozen here)."""
    import re

    per = {"km": 1000.0, "mi": 1609.344}
    number = r"\d{1,3}(?:,\d{3})*"
    flag_figures = re.compile(rf"(?P<distance>{number}\.\d) (?P<du>km|mi)\b|(?P<min>\d+):(?P<sec>\d\d) /(?P<pu>km|mi)\b|(?P<climb>\d+) m per (?P<cu>km|mi)\b")
    shoe_figures = re.compile(rf"(?P<mileage>{number}) (?P<mu>km|mi)(?=, past its \w+ mark of )|(?<= mark of )(?P<mark>{number}) (?P<ku>km|mi)(?=\. )")
    db.execute("ALTER TABLE alerts RENAME COLUMN message TO template")
    db.execute("ALTER TABLE alerts ADD COLUMN quantities TEXT NOT NULL DEFAULT '[]'")
    for alert_id, kind, message, payload_text in db.execute("SELECT id, kind, template, payload FROM alerts").fetchall():
        payload = json.loads(payload_text)
        pattern = shoe_figures if kind == "shoe_mileage" else flag_figures if kind == "flag" else None
        quantities: list[dict[str, Any]] = []
        template, last = "", 0
        for match in pattern.finditer(message) if pattern is not None else ():
            name, g = f"q{len(quantities)}", dict.fromkeys(("distance", "min", "climb", "mileage")) | match.groupdict()
            if g["distance"]:
                quantity = {"kind": "distance", "value": float(g["distance"].replace(",", "")) * per[g["du"]]}
            elif g["min"]:
                if not (seconds := int(g["min"]) * 60 + int(g["sec"])):
                    continue  # "0:00 /km" is no pace a flag writes: left as words
                quantity = {"kind": "pace", "value": per[g["pu"]] / seconds}
            elif g["climb"]:
                quantity = {"kind": "climb", "value": float(g["climb"]) * 1000.0 / per[g["cu"]]}
            elif g["mileage"]:
                shown = float(g["mileage"].replace(",", "")) * per[g["mu"]]
                quantity = {"kind": "mileage", "value": payload["distance_km"] * 1000.0 if isinstance(payload.get("distance_km"), int | float) else shown}
            else:
                shown = float(g["mark"].replace(",", "")) * per[g["ku"]]
                quantity = {"kind": "mark", "value": payload["threshold_km"] * 1000.0 if isinstance(payload.get("threshold_km"), int | float) else shown}
            quantities.append({"name": name, **quantity})
            template += message[last : match.start()].replace("{", "{{").replace("}", "}}") + "{" + name + "}"
            last = match.end()
        if quantities:
            template += message[last:].replace("{", "{{").replace("}", "}}")
            db.execute("UPDATE alerts SET template = ?, quantities = ? WHERE id = ?", (template, json.dumps(quantities), alert_id))


Migration = str | Callable[[sqlite3.Connection], None]

#: forward-only migrations (SQL scripts, or functions for those that need Python)
MIGRATIONS: tuple[Migration, ...] = (_V1, _V2, _V3, _V4, _v5, _v6, _v7, _V8, _V9, _v10, _V11, _V12, _V13, _v14)
SCHEMA_VERSION = len(MIGRATIONS)


def apply(db: sqlite3.Connection, migration: Migration) -> None:
    """Run one migration inside the caller's transaction."""
    if callable(migration):
        migration(db)
        return
    for statement in statements(migration):
        db.execute(statement)


def statements(script: str) -> list[str]:
    """Split a migration script into statements (``executescript`` would commit mid-migration)."""
    found, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            found.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        found.append(buffer.strip())
    return [s for s in found if s.strip(" \n;")]


def expected_tables() -> dict[str, tuple[str, ...]]:
    """Every table of a current store and its columns, from the migrations themselves (what a
    restored file must hold before it may replace the store)."""
    db = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS:
            apply(db, migration)
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: tuple(r[1] for r in db.execute(f"PRAGMA table_info({name})")) for name in names}
    finally:
        db.close()


def missing_columns() -> list[str]:
    """Columns the code writes that the migrations never create, as ``table.column``: a column
    added to a list above without its migration (every import into an existing store would fail)."""
    tables = expected_tables()
    written = {"activities": (*SUMMARY_COLUMNS, *RUN_METRIC_COLUMNS, *JSON_COLUMNS)}
    return [f"{table}.{c}" for table, columns in written.items() for c in columns if c not in tables.get(table, ())]
