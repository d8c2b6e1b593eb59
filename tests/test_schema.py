"""The storage contract: migrations frozen at their version, self-describing segment blobs, and
stores of every released schema upgraded and read back whole after the schema grows."""

from __future__ import annotations

import inspect
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from runsense import model
from runsense.ingest import import_paths
from runsense.signal import derive
from runsense.store import open_store, schema
from runsense.store._codec import decode_segments, encode_segments
from tests.conftest import ROOT, corpus_path

MIGRATIONS_DIR = ROOT / "tests" / "fixtures" / "migrations"
#: stores written by released versions of runsense: schema 3 (two example runs, a shoe, a pain
#: entry), schema 6 (two real device runs with a shoe, two pain entries, one linked to a run) and
#: schema 12 (a Garmin and a COROS run, a shoe past its notice mark with its alert, two full §7.2 pain
#: entries, a marker, a strength session, an OSTRC check-in)
FIXTURES = {v: ROOT / "tests" / "fixtures" / f"store_v{v}.sqlite" for v in (3, 6, 12)}
NEW_RUN = "sports-lib/6860622783.fit"


@pytest.mark.parametrize("version", range(1, schema.SCHEMA_VERSION + 1))
def test_each_migration_is_frozen_as_released(version):
    """A released migration built stores in the wild: changing its text would build another schema.
    Add a migration instead (and its copy here)."""
    migration = schema.MIGRATIONS[version - 1]
    if callable(migration):
        text, copy = inspect.getsource(migration), MIGRATIONS_DIR / f"v{version}.py.txt"
    else:
        text, copy = migration, MIGRATIONS_DIR / f"v{version}.sql"
    assert copy.exists(), f"migration {version} has no frozen copy: add {copy.name} when releasing it"
    assert text == copy.read_text(), f"migration {version} differs from its released text ({copy.name})"


def test_every_column_the_code_writes_is_made_by_a_migration():
    assert schema.missing_columns() == []


def test_a_summary_column_without_its_migration_is_caught(monkeypatch):
    monkeypatch.setattr(schema, "SUMMARY_COLUMNS", (*schema.SUMMARY_COLUMNS, "foot_strike_angle_deg"))
    assert schema.missing_columns() == ["activities.foot_strike_angle_deg"]


def _upgraded_copy(version: int, tmp_path) -> Path:
    path = tmp_path / f"v{version}.sqlite"
    shutil.copy(FIXTURES[version], path)
    return path


def _read_every_run_back(store) -> None:
    """Every activity's row, samples, laps and segments read back, and consistent."""
    activities = store.activities()
    assert activities
    for activity in activities:
        assert store.activity(activity.id) == activity
        assert len(store.records(activity.id)) == activity.n_records
        store.laps(activity.id)
    segments = store.segments("running")
    running = {a.id for a in activities if a.sport == "running" and a.speed_source != "estimated"}
    assert set(segments["activity_id"].astype(str)) == running
    assert segments["speed_mps"].notna().all()
    assert (segments["duration_s"] > 0).all()
    assert store.integrity_check() == "ok"


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_a_released_store_upgrades_takes_an_import_and_reads_back_whole(version, tmp_path):
    path = _upgraded_copy(version, tmp_path)
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == version
    old_ids = {r[0] for r in old.execute("SELECT id FROM activities")}
    old_pain = old.execute("SELECT id, score, activity_id FROM pain ORDER BY id").fetchall()
    old.close()
    with open_store(path) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
        report = import_paths(store, [corpus_path(NEW_RUN)], workers=1)
        assert len(report.imported) == 1
        assert not report.failed
        assert {a.id for a in store.activities()} == old_ids | {report.imported[0]["id"]}
        assert [(p.id, p.score, p.activity_id) for p in store.pain_entries()] == old_pain
        _read_every_run_back(store)


def _row_counts(path: Path) -> dict[str, int]:
    """Rows per table; segments counted per run (schema 4 packed a run's rows into one blob)."""
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        counts["segments"] = db.execute("SELECT COUNT(DISTINCT activity_id) FROM segments").fetchone()[0]
        return counts


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_an_upgrade_keeps_every_stored_row(version, tmp_path):
    """Nothing stored is ever lost: every table of a released store keeps its rows through the upgrade."""
    path = _upgraded_copy(version, tmp_path)
    before = _row_counts(path)
    with open_store(path) as store:
        assert store.schema_version == schema.SCHEMA_VERSION
    after = _row_counts(path)
    assert {t: after.get(t) for t in before} == before


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_adding_a_summary_column_with_its_migration(version, tmp_path, monkeypatch):
    """The change a developer makes to add a per-run average: the column in the list, and a migration."""
    monkeypatch.setattr(schema, "SUMMARY_COLUMNS", (*schema.SUMMARY_COLUMNS, "foot_strike_angle_deg"))
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "ALTER TABLE activities ADD COLUMN foot_strike_angle_deg REAL"))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    assert schema.missing_columns() == []
    with open_store(_upgraded_copy(version, tmp_path)) as store:
        report = import_paths(store, [corpus_path(NEW_RUN)], workers=1)
        assert len(report.imported) == 1
        assert not report.failed
        table = store.activity_table(None, ["id", "foot_strike_angle_deg"])  # where the analyses read a per-run average
        assert set(table["id"]) == {a.id for a in store.activities()}
        _read_every_run_back(store)


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_adding_a_segment_column_reads_old_runs_by_name(version, tmp_path, monkeypatch):
    """Segment blobs name their columns: a new column reads as NaN for runs stored before it, and
    every other column keeps its values (no blob is reshaped by today's column count)."""
    path = _upgraded_copy(version, tmp_path)
    with open_store(path) as store:
        before = store.segments("running")
    columns = (*model.SEGMENT_COLUMNS[:3], "foot_strike_angle_deg", *model.SEGMENT_COLUMNS[3:])  # not even at the end
    monkeypatch.setattr(model, "SEGMENT_COLUMNS", columns)
    real = derive.steady_segments

    def with_new_column(*args, **kwargs):
        segments = real(*args, **kwargs)
        segments.insert(3, "foot_strike_angle_deg", 8.0)
        return segments

    monkeypatch.setattr(derive, "steady_segments", with_new_column)
    with open_store(path) as store:
        after = store.segments("running")
        assert list(after.columns[1:-1]) == list(columns)
        assert after["foot_strike_angle_deg"].isna().all()
        pd.testing.assert_frame_equal(after[before.columns], before)
        report = import_paths(store, [corpus_path(NEW_RUN)], workers=1)
        new_id = report.imported[0]["id"]
        segments = store.segments("running", include_estimated_speed=True)  # that run's speed is the watch's estimate
        new = segments[segments["activity_id"] == new_id]
        assert len(new) > 10
        assert (new["foot_strike_angle_deg"] == 8.0).all()
        assert segments[segments["activity_id"] != new_id]["foot_strike_angle_deg"].isna().all()
        _read_every_run_back(store)


def test_segment_blobs_describe_themselves():
    table = pd.DataFrame(np.arange(20.0).reshape(2, 10), columns=list(model.SEGMENT_COLUMNS))
    blob = encode_segments(table)
    assert blob.startswith(b"RSG1 <f8 start_s,duration_s,speed_mps,")
    values, counts = decode_segments([blob, blob])
    assert counts.tolist() == [2, 2]
    assert values.shape == (4, 10)
    # written with the columns in another order and one the model does not know
    shuffled = table[list(reversed(model.SEGMENT_COLUMNS))].assign(unknown=1.0)
    values, _ = decode_segments([encode_segments(shuffled)])
    np.testing.assert_array_equal(values, table.to_numpy())


def test_a_blob_without_a_header_is_refused_not_misread():
    from runsense.errors import StoreError

    with pytest.raises(StoreError, match="segment blob"):
        decode_segments([np.zeros(10).tobytes()])
