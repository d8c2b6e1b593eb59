"""A read-only, damaged or full store, odd store paths, and the CLI's promises about errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from runsense.cli import app
from runsense.store import open_store
from tests.adversarial.conftest import RUN_FIT, contents, read_only, run_cli
from tests.conftest import EXAMPLES


def test_shoes_edit_renames_as_the_readme_says(cli, seeded):
    result = cli("shoes", "edit", "Pegasus", "--name", "Pegasus 38 blue")
    assert result.exit_code == 0, result.output
    assert [s["name"] for s in json.loads(cli("shoes", "list", "--json").stdout)] == ["Pegasus 38 blue"]
    assert cli("shoes", "add", "Spare").exit_code == 0
    clash = cli("shoes", "edit", "Spare", "--name", "pegasus 38 BLUE")
    assert clash.exit_code == 1 and "already exists" in clash.output and "internal error" not in clash.output


def test_a_hash_or_question_mark_in_the_store_path_is_part_of_the_name(cli, tmp_path):
    odd = tmp_path / "runs#1?mode=rw%20.sqlite"
    assert cli("import", str(RUN_FIT), db=odd).exit_code == 0
    with open_store(odd, read_only=True) as store:  # read-only opens used a file: URI cut at '#'
        assert store.counts()["activities"] == 1
    listed = cli("activities", "--json", db=odd)
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")) and p.name != "store") == [odd.name]


def test_a_read_only_store_still_lists_reports_backs_up_and_exports(cli, seeded, tmp_path):
    (run_id,) = [a["id"] for a in json.loads(cli("activities", "--json").stdout)]
    before = contents(seeded)  # the last connection to close: no -wal or -shm left beside the store
    assert sorted(p.name for p in seeded.parent.iterdir()) == [seeded.name]  # as on a read-only mount
    with read_only(seeded, seeded.parent):
        for args in (("activities",), ("activity", run_id[:6]), ("report",), ("shoes", "list"), ("pain", "list"),
                     ("backup", str(tmp_path / "b.sqlite")), ("export", str(tmp_path / "out"))):  # fmt: skip
            result = cli(*args)
            assert result.exit_code == 0, (args, result.output)
        refused = cli("shoes", "add", "New pair")
    assert refused.exit_code == 1
    assert "cannot be written" in refused.output and str(seeded) in refused.output.replace("\n", "")
    assert "internal error" not in refused.output
    assert contents(seeded) == before
    assert contents(tmp_path / "b.sqlite")[1] == before[1]


def test_a_truncated_store_says_it_is_damaged_and_how_to_restore(cli, seeded):
    with seeded.open("r+b") as handle:
        handle.truncate(seeded.stat().st_size // 2)
    for args in (("activities",), ("report",), ("shoes", "add", "x")):
        result = cli(*args)
        text = result.output.replace("\n", "")
        assert result.exit_code == 1
        assert f"your store {seeded} is damaged" in text and "runsense restore FILE" in text, text
        assert "please report" not in text and "Traceback" not in text


def test_a_file_that_is_not_a_store_says_so(cli, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("my training notes, not a database\n" * 200)
    result = cli("activities", db=junk)
    assert result.exit_code == 1 and "is damaged" in result.output and "please report" not in result.output
    assert junk.read_text().startswith("my training notes")


def test_debug_shows_the_traceback_it_promises(seeded):
    with seeded.open("r+b") as handle:
        handle.truncate(seeded.stat().st_size // 2)
    quiet = run_cli("--db", str(seeded), "activities")
    loud = run_cli("--debug", "--db", str(seeded), "activities")
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr and "--debug" not in quiet.stderr
    assert loud.returncode == 1 and "Traceback (most recent call last)" in loud.stderr and "DamagedStoreError" in loud.stderr


def test_a_folder_given_as_the_store_is_named_as_such(cli, tmp_path):
    folder = tmp_path / "not-a-file.sqlite"
    folder.mkdir()
    result = cli("activities", db=folder)
    assert result.exit_code == 1
    assert "not-a-file.sqlite is not a file" in result.output.replace("\n", "")


def test_a_full_disk_during_backup_leaves_no_file_and_one_line(seeded, tmp_path):
    before = contents(seeded)
    target = tmp_path / "backups" / "b.sqlite"
    result = run_cli("--db", str(seeded), "backup", str(target), file_size_limit=seeded.stat().st_size // 2)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error:") and "b.sqlite" in result.stderr
    assert not target.exists() and list(target.parent.iterdir()) == []
    assert contents(seeded) == before


def test_a_full_disk_during_import_is_one_line_and_loses_nothing(seeded, tmp_path):
    before = contents(seeded)
    folder = tmp_path / "runs"
    folder.mkdir()
    for path in sorted(EXAMPLES.glob("*.fit"))[:6]:
        (folder / path.name).write_bytes(path.read_bytes())
    result = run_cli("--db", str(seeded), "import", str(folder), file_size_limit=seeded.stat().st_size + 64 * 1024)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1 and result.stderr.startswith("error:"), result.stderr
    verdict, rows = contents(seeded)
    assert verdict == "ok"
    kept = {r for r in before[1] if "meta" not in r}  # the write counters move with each file that fitted
    assert kept <= set(rows)  # everything it held, plus whole files only (one transaction each)


def test_the_store_file_is_private(cli, tmp_path):
    db = tmp_path / "new" / "runsense.sqlite"
    assert cli("shoes", "add", "x", db=db).exit_code == 0
    assert oct(db.stat().st_mode & 0o777) == "0o600"


def test_restore_and_backup_round_trip_through_the_cli_keeps_every_row(cli, seeded, tmp_path):
    before = contents(seeded)
    assert cli("backup", str(tmp_path / "b.sqlite")).exit_code == 0
    assert cli("shoes", "add", "after").exit_code == 0
    assert cli("restore", "--yes", str(tmp_path / "b.sqlite")).exit_code == 0
    after = contents(seeded)
    assert after[0] == "ok"
    drop_counters = [r for r in after[1] if "meta" not in r]
    assert drop_counters == [r for r in before[1] if "meta" not in r]


def test_a_wal_left_beside_the_store_is_not_replayed_onto_the_restored_file(seeded, tmp_path):
    """The old store's uncheckpointed WAL frames must stay with the old store, never land on the new file."""
    backup = tmp_path / "b.sqlite"
    with open_store(seeded) as store:
        store.backup(backup)
    crash = (
        "import os, sqlite3, sys; db = sqlite3.connect(sys.argv[1], isolation_level=None); db.execute('PRAGMA wal_autocheckpoint = 0');"
        " db.execute(\"INSERT INTO shoes (name, created_at) VALUES ('in the old wal', '2026-01-01')\"); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", crash, str(seeded)], check=True)  # dies without closing: the WAL stays
    assert Path(f"{seeded}-wal").stat().st_size > 0
    result = CliRunner().invoke(app, ["--db", str(seeded), "restore", "--yes", str(backup)])
    assert result.exit_code == 0, result.output
    verdict, rows = contents(seeded)
    assert verdict == "ok" and not any("in the old wal" in r for r in rows)
