"""``restore``: only a complete, sound runsense store replaces the live one, and nothing is lost on the way."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from runsense.errors import StoreError
from runsense.store import SCHEMA_VERSION, open_store, restore_store
from runsense.store import restore as restore_module
from tests.adversarial.conftest import contents
from tests.conftest import ROOT


def _sqlite_file(path: Path, script: str, version: int) -> Path:
    db = sqlite3.connect(path)
    db.executescript(script)
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()
    return path


def _other_store(path: Path, shoe: str) -> Path:
    """A sound runsense store that differs from the seed: no activities, one shoe."""
    with open_store(path) as store:
        store.add_shoe(shoe)
    return path


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "restore" in p.name)


HOSTILE = {
    "not runsense, but an activities table at schema 6": lambda p: _sqlite_file(p, "CREATE TABLE activities (id TEXT);", 6),
    "schema 6 missing tables": lambda p: _sqlite_file(p, "CREATE TABLE activities (id TEXT); CREATE TABLE sources (sha256 TEXT); CREATE TABLE samples (x);", 6),
    "a newer schema": lambda p: _sqlite_file(p, "CREATE TABLE activities (id TEXT);", SCHEMA_VERSION + 1),
    "no schema version": lambda p: _sqlite_file(p, "CREATE TABLE activities (id TEXT);", 0),
    "zero bytes": lambda p: p.write_bytes(b""),
    "text": lambda p: p.write_bytes(b"not a database at all\n" * 100),
    "a FIFO": lambda p: os.mkfifo(p),
    "a folder": lambda p: p.mkdir(),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_an_unsound_backup_is_refused_and_the_store_is_unchanged(seeded, tmp_path, kind):
    before = contents(seeded)
    candidate = tmp_path / "candidate.sqlite"
    HOSTILE[kind](candidate)
    with pytest.raises(StoreError, match=r"candidate\.sqlite"):
        restore_store(seeded, candidate)
    assert contents(seeded) == before and before[0] == "ok"
    assert _leftovers(seeded.parent) == []


def test_a_backup_carrying_a_trigger_is_refused(seeded, tmp_path):
    """A trigger in someone's backup would run on every later write (here: erase the pain log)."""
    candidate = tmp_path / "trap.sqlite"
    shutil.copyfile(seeded, candidate)
    db = sqlite3.connect(candidate)
    db.execute("CREATE TRIGGER wipe AFTER INSERT ON activities BEGIN DELETE FROM pain; END")
    db.commit()
    db.close()
    before = contents(seeded)
    with pytest.raises(StoreError, match="triggers"):
        restore_store(seeded, candidate)
    assert contents(seeded) == before


def test_a_backup_with_a_damaged_page_is_refused(seeded, tmp_path):
    before = contents(seeded)
    candidate = tmp_path / "damaged.sqlite"
    data = bytearray(seeded.read_bytes())
    data[4096 * 3 : 4096 * 3 + 8] = b"\xa5" * 8  # a b-tree page's header; the file's header still says SQLite
    candidate.write_bytes(data)
    with pytest.raises(StoreError, match=r"damaged|not a readable|integrity"):
        restore_store(seeded, candidate)
    assert contents(seeded) == before


def test_a_hash_in_the_path_names_the_file_that_is_checked_and_copied(seeded, tmp_path):
    """``file:{path}?mode=ro`` cut the path at ``#``: a sound decoy was checked, the junk file copied."""
    before = contents(seeded)
    _other_store(tmp_path / "odd", "decoy")  # what a URI cut at '#' would open
    junk = _sqlite_file(tmp_path / "odd#1?.sqlite", "CREATE TABLE activities (id TEXT);", SCHEMA_VERSION)
    with pytest.raises(StoreError, match="not a complete runsense store"):
        restore_store(seeded, junk)
    assert contents(seeded) == before

    good = _other_store(tmp_path / "good#2?x=%41.sqlite", "from the odd name")
    restore_store(seeded, good)
    with open_store(seeded, read_only=True) as store:
        assert [s.name for s in store.shoes()] == ["from the odd name"]
        assert store.counts()["activities"] == 0 and store.integrity_check() == "ok"


def test_a_sound_backup_replaces_the_store_by_rename_and_leaves_nothing_behind(seeded, tmp_path):
    backup = tmp_path / "backup.sqlite"
    with open_store(seeded) as store:
        store.backup(backup)
        store.add_shoe("bought after the backup")
    inode = seeded.stat().st_ino
    result = restore_store(seeded, backup)
    assert result.counts["activities"] == 1 and result.schema_version == SCHEMA_VERSION
    assert seeded.stat().st_ino != inode  # swapped in whole, not written over page by page
    with open_store(seeded, read_only=True) as store:
        assert store.store_id() != 0  # a new id: the dashboard's caches of the replaced contents are not served
    assert oct(seeded.stat().st_mode & 0o777) == "0o600"
    assert _leftovers(seeded.parent) == []
    with open_store(seeded) as store:
        assert [s.name for s in store.shoes()] == ["Pegasus"] and store.integrity_check() == "ok"


def test_a_wal_mode_backup_brings_the_changes_still_in_its_wal(seeded, tmp_path):
    """A store copied while in use: its last changes are in the ``-wal`` beside it, not yet in the file."""
    candidate = tmp_path / "live.sqlite"
    shutil.copyfile(seeded, candidate)
    writer = sqlite3.connect(candidate, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO shoes (name, created_at) VALUES ('only in the wal', '2026-01-01')")
    assert Path(f"{candidate}-wal").stat().st_size > 0
    try:
        restore_store(seeded, candidate)
    finally:
        writer.close()
    with open_store(seeded, read_only=True) as store:
        assert {s.name for s in store.shoes()} == {"Pegasus", "only in the wal"}


def test_an_older_schema_is_upgraded_in_the_copy(seeded):
    result = restore_store(seeded, ROOT / "tests" / "fixtures" / "store_v3.sqlite")
    assert result.schema_version == 3 and result.counts["activities"] == 2
    with open_store(seeded, read_only=True) as store:
        assert store.schema_version == SCHEMA_VERSION and len(store.pain_entries()) == 1


def test_a_damaged_live_store_can_be_restored(seeded, tmp_path):
    backup = tmp_path / "backup.sqlite"
    with open_store(seeded) as store:
        store.backup(backup)
    with seeded.open("r+b") as handle:
        handle.truncate(seeded.stat().st_size // 3)
    restore_store(seeded, backup)
    verdict, rows = contents(seeded)
    assert verdict == "ok"
    assert [r for r in rows if '"meta"' not in r] == [r for r in contents(backup)[1] if '"meta"' not in r]  # meta: a new store id


def test_a_store_in_use_is_not_swapped(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(restore_module, "_EXCLUSIVE_WAIT_S", 0.3)
    backup = _other_store(tmp_path / "other.sqlite", "other")
    before = contents(seeded)
    reader = sqlite3.connect(seeded, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM activities").fetchone()  # a dashboard request mid-read
    try:
        with pytest.raises(StoreError, match="in use"):
            restore_store(seeded, backup)
    finally:
        reader.close()
    assert contents(seeded) == before
    assert _leftovers(seeded.parent) == []


def test_restore_cli_says_what_is_wrong_in_one_line(cli, seeded, tmp_path):
    before = contents(seeded)
    (tmp_path / "[").mkdir()
    junk = _sqlite_file(tmp_path / "[" / "red] strange.sqlite", "CREATE TABLE activities (id TEXT);", SCHEMA_VERSION)  # .../[/red] strange.sqlite
    result = cli("restore", "--yes", str(junk))
    assert result.exit_code == 1
    assert "[/red] strange.sqlite is not a complete runsense store" in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert contents(seeded) == before
