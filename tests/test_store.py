"""The SQLite store: sample blobs, schema versions, durability settings, file permissions."""

from __future__ import annotations

import json
import sqlite3
import stat

import numpy as np
import pandas as pd
import pytest

from runsense.errors import NotFoundError, StoreError
from runsense.ingest import import_paths
from runsense.model import RECORD_COLUMNS, make_records
from runsense.store import SCHEMA_VERSION, open_store
from runsense.store._codec import decode_records, encode_records
from tests.conftest import corpus_path, read_corpus_file


def test_sample_blob_round_trip_keeps_values_and_missing_columns():
    (activity,), _ = read_corpus_file("sports-lib/6860622783.fit")
    records = activity.records
    back = decode_records(encode_records(records))
    assert back.index.equals(records.index)
    for column in RECORD_COLUMNS:
        np.testing.assert_allclose(back[column], records[column], rtol=1e-6, atol=1e-9, equal_nan=True, err_msg=column)
    assert back["power_w"].isna().all() == records["power_w"].isna().all()


def test_sample_blob_is_compact():
    (activity,), _ = read_corpus_file("sports-lib/6860622783.fit")
    blob = encode_records(activity.records)
    assert len(blob) / activity.n_records < 40  # bytes per sample, all columns


def test_empty_records_round_trip():
    empty = make_records(pd.DatetimeIndex([], tz="UTC"), {})
    assert decode_records(encode_records(empty)).empty


def test_new_store_is_wal_current_schema_and_private(tmp_path):
    path = tmp_path / "new.sqlite"
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_store_from_a_newer_runsense_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer runsense"):
        open_store(path)


def test_activity_found_by_unique_prefix_and_unknown_id_is_clear(store, tmp_path):
    path = tmp_path / "run.fit"
    path.write_bytes(corpus_path("sports-lib/6860622783.fit").read_bytes())
    report = import_paths(store, [path])
    full = report.imported[0]["id"]
    assert store.activity(full[:6]).id == full
    with pytest.raises(NotFoundError, match="does not exist"):
        store.activity("zzzz")


def test_read_only_store_sees_what_was_written(store, tmp_path):
    path = tmp_path / "run.fit"
    path.write_bytes(corpus_path("sports-lib/6860622783.fit").read_bytes())
    import_paths(store, [path])
    with open_store(store.path, read_only=True) as reader:
        (row,) = reader.activities()
        records = reader.records(row.id)
    assert len(records) == row.n_records == 3101
    assert reader is not None


def test_original_bytes_are_kept(store, tmp_path):
    data = corpus_path("sports-lib/6860622783.fit").read_bytes()
    path = tmp_path / "run.fit"
    path.write_bytes(data)
    import_paths(store, [path])
    (row,) = store.activities()
    assert store.source_bytes(row.source_sha256) == data


def test_samples_in_the_first_npz_format_stay_readable():
    import io

    (activity,), _ = read_corpus_file("sports-lib/6860622783.fit")
    records = activity.records
    ms = records.index.asi8 // 1_000_000
    buffer = io.BytesIO()
    np.savez_compressed(buffer, t0_ms=ms[:1], dt_ms=np.diff(ms).astype(np.int32), cadence_spm=records["cadence_spm"].to_numpy(np.float32))
    back = decode_records(buffer.getvalue())
    assert back.index.equals(records.index)
    np.testing.assert_allclose(back["cadence_spm"], records["cadence_spm"], rtol=1e-6, equal_nan=True)


def test_backup_restore_and_export_round_trip(store, tmp_path):
    from runsense.export import export_all
    from runsense.ingest import import_paths
    from runsense.store import restore_store

    (tmp_path / "run.fit").write_bytes(corpus_path("sports-lib/6860622783.fit").read_bytes())
    import_paths(store, [tmp_path / "run.fit"])
    store.add_shoe("Pegasus")
    store.backup(tmp_path / "backup.sqlite")
    assert stat.S_IMODE((tmp_path / "backup.sqlite").stat().st_mode) == 0o600
    with pytest.raises(StoreError, match="already exists"):
        store.backup(tmp_path / "backup.sqlite")
    restore_store(tmp_path / "other.sqlite", tmp_path / "backup.sqlite")
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not"):
        restore_store(tmp_path / "other.sqlite", tmp_path / "junk.sqlite")
    with open_store(tmp_path / "other.sqlite") as other:
        assert other.activities() == store.activities()
        assert other.shoe("Pegasus").name == "Pegasus" and other.integrity_check() == "ok"
        assert other.counts()["activities"] == 1  # nothing changed by the refused restore
    counts = export_all(store, tmp_path / "export", "csv").counts
    assert counts == {"activities": 1, "shoes": 1, "pain": 0, "samples": 3101}
    exported = pd.read_csv(tmp_path / "export" / "samples" / f"{store.activities()[0].id}.csv")
    assert len(exported) == 3101 and exported["cadence_spm"].median() == pytest.approx(store.records(store.activities()[0].id)["cadence_spm"].median())
    assert export_all(store, tmp_path / "json", "json", samples=False).counts["activities"] == 1


def test_a_store_from_schema_3_migrates_with_nothing_lost(tmp_path):
    """``tests/fixtures/store_v3.sqlite`` was written by runsense at schema 3 (two runs, a shoe, a pain entry)."""
    import shutil

    from tests.conftest import ROOT

    path = tmp_path / "old.sqlite"
    shutil.copy(ROOT / "tests" / "fixtures" / "store_v3.sqlite", path)
    old = sqlite3.connect(path)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 3
    old_segments = old.execute("SELECT activity_id, speed_mps, cadence_spm FROM segments ORDER BY activity_id, rowid").fetchall()
    old_metrics = {i: json.loads(m) for i, m in old.execute("SELECT id, metrics FROM activities")}
    old.close()
    assert len(old_segments) > 20
    with open_store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        # schema 6: per-run results the weekly analysis reads, as columns and rows
        table = store.activity_table("running").set_index("id")
        for activity_id, metrics in old_metrics.items():
            assert table.loc[activity_id, "cadence_in_band_share"] == pytest.approx(metrics["cadence_in_band_share"])
            assert table.loc[activity_id, "gct_balance_dev_flat_pp"] == pytest.approx(metrics["gct_balance_dev_flat_pp"])
        fatigue = store.fatigue_changes("running")
        eligible = {i: m["fatigue"] for i, m in old_metrics.items() if m["fatigue"]["eligible"]}
        assert eligible and set(fatigue["activity_id"]) == set(eligible)
        for row in fatigue.itertuples(index=False):
            assert row.delta == eligible[row.activity_id]["delta"][row.metric]
            assert [row.ci_low, row.ci_high] == eligible[row.activity_id]["ci95"][row.metric]
        segments = store.segments("running").astype({"activity_id": str}).sort_values("activity_id", kind="stable")
        assert [tuple(r) for r in segments[["activity_id", "speed_mps", "cadence_spm"]].itertuples(index=False)] == old_segments
        activities = store.activities()
        assert [a.source_name for a in activities] == ["2026-07-21_easy.fit", "2026-07-26_long.fit"]
        assert all(a.shoe == "Pegasus 38" for a in activities)
        assert len(store.records(activities[0].id)) == activities[0].n_records
        assert store.pain_entries()[0].score == 3
        before = store.write_version()
        store.add_shoe("New pair")
        assert store.write_version() == before + 1
        assert store.integrity_check() == "ok"


def test_a_snapshot_does_not_see_an_import_that_commits_while_it_reads(tmp_path):
    from tests.conftest import EXAMPLES

    files = sorted(EXAMPLES.glob("*.fit"))[:2]
    path = tmp_path / "store.sqlite"
    with open_store(path) as writer:
        import_paths(writer, [files[0]])
    with open_store(path, read_only=True) as reader, open_store(path) as writer:
        with reader.snapshot():
            runs = reader.activity_table("running")
            import_paths(writer, [files[1]])  # commits between the reader's two reads
            segments = reader.segments("running")
        assert set(segments["activity_id"].astype(str)) == set(runs["id"])
        assert len(reader.activity_table("running")) == len(runs) + 1  # the next read sees it


def test_a_store_another_program_keeps_locked_is_said_so(tmp_path, monkeypatch):
    """A write that waited its busy timeout for another program's transaction (a second import, the
    dashboard, a sqlite3 shell left in BEGIN) is a busy store, said with what to do: never an
    "internal error: OperationalError: database is locked … please report it"."""
    from typer.testing import CliRunner

    from runsense.cli import app
    from runsense.store import sqlite as sqlite_store

    db = tmp_path / "db.sqlite"
    with open_store(db) as store:
        import_paths(store, [corpus_path("ActivityLog2/920xt-run.fit")], workers=1)
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        env = {"RUNSENSE_SETTINGS": str(tmp_path / "none.toml"), "COLUMNS": "400"}
        for args in (["rederive"], ["pain", "log", "3"]):
            result = CliRunner().invoke(app, ["--db", str(db), *args], env=env)
            assert result.exit_code == 1, result.output
            assert f"error: the store {db} is in use by another program" in result.output and "try again" in result.output, result.output
            assert "internal error" not in result.output and "please report" not in result.output
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with open_store(db) as store:
        assert len(store.activities()) == 1 and store.integrity_check() == "ok"
