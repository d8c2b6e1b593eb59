"""``runsense rederive``: every stored activity derived again from its stored file, through the
import's own path, after a ``[signal.*]`` change or an upgrade that derives more (strength sets,
schema 13). What the runner corrected survives it (sport, surface, shoe, deletions, pain links); a
file that cannot be read keeps its values and is named; a failure mid-way leaves the store whole."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runsense import corrections
from runsense.cli import app
from runsense.errors import IssueCode
from runsense.examples.strength import PlannedSet, strength_fit_bytes
from runsense.ingest import import_paths
from runsense.pain import make_entry
from runsense.rederive import rederive, rederive_with_settings
from runsense.settings import Settings, load_settings
from runsense.store import _activities, open_store
from runsense.store._codec import compress
from tests.conftest import ROOT, corpus_path

#: a band no run reaches: every run's share in band becomes 0 after a re-derive with it
BAND = "signal.cadence.band_spm=[100, 110]"
RUNS = ("sports-lib/6860622783.fit", "ActivityLog2/920xt-run.fit", "runpandas/run_garmin.tcx")
#: what a re-derive must not change, and what it may (with a new band: the share in band, metrics)
KEPT = ("id", "source_sha256", "sport", "title", "gear_name", "shoe_id", "imported_at", "surface_source")
_COLUMNS = "id, source_sha256, source_name, sport, title, gear_name, shoe_id, imported_at, surface_source, surface, cadence_in_band_share, cadence_spm, distance_m, n_records, issues"


def _settings(*flags: str) -> Settings:
    return load_settings(Path("/nonexistent/runsense.toml"), env={}, flags=list(flags))


def _rows(db: Path) -> dict[str, dict]:
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row
        return {r["id"]: dict(r) for r in con.execute(f"SELECT {_COLUMNS} FROM activities")}


def _details(db: Path, activity_id: str) -> tuple:
    """Everything stored for one activity outside its row: samples, laps, segments, fatigue, sets."""
    with sqlite3.connect(db) as con:
        return tuple(con.execute(f"SELECT * FROM {t} WHERE activity_id = ? ORDER BY 2", (activity_id,)).fetchall() for t in ("samples", "laps", "segments", "fatigue", "strength_sets"))


def _import(db: Path, folder: Path, names=RUNS, *, settings: Settings | None = None) -> list[str]:
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(corpus_path(name), folder / name.replace("/", "_"))
    with open_store(db) as store:
        report = import_paths(store, [folder], workers=1, config=(settings or Settings()).signal)
    return [i["id"] for i in report.imported]


def test_a_signal_setting_changed_after_import_reaches_the_stored_runs(tmp_path):
    """The cadence band is read at import: a re-derive with the new band gives exactly what importing
    the files with it gives, and nothing else of the activities moves."""
    ids = _import(tmp_path / "old.sqlite", tmp_path / "files")
    _import(tmp_path / "fresh.sqlite", tmp_path / "files", settings=_settings(BAND))
    before, fresh = _rows(tmp_path / "old.sqlite"), _rows(tmp_path / "fresh.sqlite")
    assert any(r["cadence_in_band_share"] for r in before.values())  # stale: the old band's shares
    with open_store(tmp_path / "old.sqlite") as store:
        report = rederive_with_settings(store, _settings(BAND))
    after = _rows(tmp_path / "old.sqlite")
    assert (report.files, sorted(report.rederived), report.problems) == (3, sorted(ids), [])
    for activity_id in ids:
        assert {k: after[activity_id][k] for k in KEPT} == {k: before[activity_id][k] for k in KEPT}
        assert {k: v for k, v in after[activity_id].items() if k != "imported_at"} == {k: v for k, v in fresh[activity_id].items() if k != "imported_at"}
        assert _details(tmp_path / "old.sqlite", activity_id) == _details(tmp_path / "fresh.sqlite", activity_id)
    assert all(not r["cadence_in_band_share"] for r in after.values())


def test_the_runners_corrections_survive_a_rederive(tmp_path):
    db = tmp_path / "db.sqlite"
    run, other, gone = _import(db, tmp_path / "files")
    settings = Settings()
    with open_store(db) as store:
        store.add_shoe("Pegasus")
        corrections.assign_shoe(store, settings, "Pegasus", activity_ids=[run])
        corrections.change_sport(store, settings, other, "walking")
        corrections.change_surface(store, run, "trail")
        corrections.delete_activity(store, settings, gone)
        entry = store.add_pain(make_entry(3, when=datetime(2026, 11, 2, 7, 0), activity_id=run, now=datetime(2026, 11, 30)))
        walking_before = store.activity(other)
        report = rederive_with_settings(store, _settings(BAND))
        assert sorted(report.rederived) == sorted([run, other]) and report.problems == []
        assert {a.id for a in store.activities()} == {run, other}  # the deleted run is not brought back
        corrected, walk = store.activity(run), store.activity(other)
        assert (corrected.shoe, corrected.surface, corrected.surface_source, corrected.metrics["surface"]) == ("Pegasus", "trail", "runner", "trail")
        assert store.pain_entry(entry).activity_id == run
        assert walk.sport == "walking" and walk.shoe_id == walking_before.shoe_id
        assert [i.code for i in walk.issues].count(IssueCode.SPORT_CHANGED) == 1  # its note stays, once
        assert walk.issues == walking_before.issues
        assert store.shoe("Pegasus").distance_m == pytest.approx(corrected.distance_m)
    fresh = tmp_path / "fresh.sqlite"  # the same file imported with the new band, then made a walk
    _import(fresh, tmp_path / "files")
    with open_store(fresh) as store:
        corrections.change_sport(store, _settings(BAND), other, "walking")
        made_a_walk = store.activity(other)
    assert (walk.metrics, walk.cadence_spm, walk.cadence_in_band_share) == (made_a_walk.metrics, made_a_walk.cadence_spm, made_a_walk.cadence_in_band_share)


def test_a_file_that_cannot_be_read_keeps_its_values_and_is_named(tmp_path):
    db = tmp_path / "db.sqlite"
    ids = _import(db, tmp_path / "files")
    before = _rows(db)
    (bad,) = (i for i in ids if before[i]["source_name"] == "runpandas_run_garmin.tcx")
    damaged = before[bad]
    with sqlite3.connect(db) as con:
        con.execute("UPDATE sources SET data = ? WHERE sha256 = ?", (compress(b"not a FIT file at all"), damaged["source_sha256"]))
    kept = _details(db, bad)
    result = CliRunner().invoke(app, ["--db", str(db), "--set", BAND, "rederive", "--json"], env={"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml"})
    assert result.exit_code == 1, result.output
    out = json.loads(result.stdout)
    ((problem),) = out["problems"]
    assert problem["source"] == "runpandas_run_garmin.tcx" and problem["ids"] == [bad] and "kept as stored" in problem["reason"]
    assert out["rederived"] == 2
    after = _rows(db)
    assert after[bad] == damaged and _details(db, bad) == kept  # nothing of it changed
    assert all(after[i] != before[i] for i in ids if i != bad)  # the others were derived again
    text = CliRunner().invoke(app, ["--db", str(db), "rederive"], env={"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml"})
    assert text.exit_code == 1 and "runpandas_run_garmin.tcx" in text.stdout and "Traceback" not in text.output


@pytest.mark.parametrize("damage", [lambda blob: blob[: len(blob) // 2], lambda _: b"not compressed at all"], ids=["truncated", "not-compressed"])
def test_a_stored_copy_that_is_damaged_is_said_so_and_kept(tmp_path, damage):
    """A file whose stored copy no longer decompresses (a damaged store) is a damaged store, said as
    such and named, not an "internal error … please report it" with a traceback on stderr."""
    db = tmp_path / "db.sqlite"
    ids = _import(db, tmp_path / "files")
    before = _rows(db)
    (bad,) = (i for i in ids if before[i]["source_name"] == "runpandas_run_garmin.tcx")
    with sqlite3.connect(db) as con:
        (blob,) = con.execute("SELECT data FROM sources WHERE sha256 = ?", (before[bad]["source_sha256"],)).fetchone()
        con.execute("UPDATE sources SET data = ? WHERE sha256 = ?", (damage(blob), before[bad]["source_sha256"]))
    env = {"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml", "COLUMNS": "400"}
    result = CliRunner().invoke(app, ["--db", str(db), "--set", BAND, "rederive", "--json"], env=env)
    assert result.exit_code == 1, result.output
    ((problem),) = json.loads(result.stdout)["problems"]
    assert problem["source"] == "runpandas_run_garmin.tcx" and problem["ids"] == [bad]
    assert "is damaged" in problem["reason"] and "stored copy of runpandas_run_garmin.tcx" in problem["reason"] and "kept as stored" in problem["reason"]
    assert "internal error" not in problem["reason"] and "please report" not in problem["reason"]
    assert "Traceback" not in result.output and _rows(db)[bad] == before[bad]
    text = CliRunner().invoke(app, ["--db", str(db), "rederive"], env=env)
    assert text.exit_code == 1 and "is damaged" in text.stdout and "Traceback" not in text.output


def test_a_failure_while_writing_a_file_leaves_all_of_its_activities_as_they_were(tmp_path, monkeypatch):
    """One transaction per file: a write that fails after the first activity of a two-activity file
    (a triathlon's legs) undoes that one too, and the store stays whole."""
    db = tmp_path / "db.sqlite"
    ids = _import(db, tmp_path / "files", names=("muktihari-fit/activity_multisport.fit",))
    assert len(ids) >= 2
    before = {i: _details(db, i) for i in ids}
    rows = _rows(db)
    calls = []
    real = _activities._insert_details

    def failing(db_, activity_id, item):
        calls.append(activity_id)
        if len(calls) == 2:
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        real(db_, activity_id, item)

    monkeypatch.setattr(_activities, "_insert_details", failing)
    with open_store(db) as store, pytest.raises(sqlite3.OperationalError):
        rederive(store, config=_settings(BAND).signal)
    assert len(calls) == 2
    assert _rows(db) == rows and {i: _details(db, i) for i in ids} == before
    monkeypatch.undo()
    with open_store(db) as store:
        assert store.integrity_check() == "ok"
        assert sorted(rederive(store, config=_settings(BAND).signal).rederived) == sorted(ids)


def test_a_released_store_upgraded_and_derived_again_keeps_everything_and_gains_strength_sets(tmp_path):
    """Schema 12's store, upgraded: its runs are derived again with their shoe, pain links and alerts
    kept; a strength activity stored without its sets (as before schema 13) gains them."""
    db = tmp_path / "v12.sqlite"
    shutil.copy(ROOT / "tests" / "fixtures" / "store_v12.sqlite", db)
    start = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)
    (tmp_path / "strength.fit").write_bytes(strength_fit_bytes(start, (PlannedSet("push_up", 40, 12, rest_s=60), PlannedSet("squat", 50, 10, 20.5))))
    with open_store(db) as store:
        runs = {a.id: a for a in store.activities()}
        pain = store.pain_entries()
        alerts = [(a.key, a.text("km")) for a in store.alerts(include_acknowledged=True)]
        (strength,) = (i["id"] for i in import_paths(store, [tmp_path / "strength.fit"], workers=1).imported)
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM strength_sets WHERE activity_id = ?", (strength,))  # what an import before schema 13 stored
    with open_store(db) as store:
        assert store.strength_sets(strength) == []
        report = rederive_with_settings(store, Settings())
        assert (sorted(report.rederived), report.gained_sets, report.problems) == (sorted([*runs, strength]), [strength], [])
        assert [(s.set_type, s.category, s.repetitions) for s in store.strength_sets(strength)] == [
            ("active", "push_up", 12), ("rest", "", None), ("active", "squat", 10)]  # fmt: skip
        for activity_id, old in runs.items():
            new = store.activity(activity_id)
            assert (new.shoe, new.sport, new.title, new.imported_at, new.distance_m) == (old.shoe, old.sport, old.title, old.imported_at, old.distance_m)
        assert store.pain_entries() == pain
        assert [(a.key, a.text("km")) for a in store.alerts(include_acknowledged=True)][-len(alerts):] == alerts
        assert store.integrity_check() == "ok"


@pytest.mark.parametrize("name", ["corpus", "history"])
def test_a_real_store_derived_again_with_the_same_settings_is_unchanged(store_kit, tmp_path, name):
    """Every activity of the corpus (366, odd files included) and of the real history derived again:
    no file fails, and with the settings they were imported with nothing moves."""
    db = tmp_path / f"{name}.sqlite"
    with open_store(store_kit.path(name), read_only=True) as store:
        store.backup(db)
    before = _rows(db)
    details = {i: _details(db, i) for i in list(before)[:40]}
    events = []
    with open_store(db) as store:
        report = rederive(store, progress=events.append)
    assert report.problems == [] and sorted(report.rederived) == sorted(before)
    assert [e.files_done for e in events] == list(range(1, report.files + 1)) and {e.outcome for e in events} == {"rederived"}
    assert _rows(db) == before
    assert {i: _details(db, i) for i in details} == details


def test_a_run_replaced_by_its_richer_file_stays_replaced(tmp_path):
    """The TCX of a run, then its FIT (running dynamics): the FIT's activity took the TCX's place and
    the TCX file stays stored; a re-derive brings back neither the TCX's activity nor a second run."""
    db = tmp_path / "db.sqlite"
    shutil.copy(corpus_path("sports-lib/6860622783.tcx"), tmp_path / "b.tcx")
    shutil.copy(corpus_path("sports-lib/6860622783.fit"), tmp_path / "a.fit")
    with open_store(db) as store:
        import_paths(store, [tmp_path / "b.tcx"], workers=1)
        (kept,) = (i["id"] for i in import_paths(store, [tmp_path / "a.fit"], workers=1).imported)
        assert store.counts()["sources"] == 2
        report = rederive(store)
        assert (report.files, report.rederived, report.problems) == (1, [kept], [])
        assert [a.id for a in store.activities()] == [kept] and store.counts()["sources"] == 2
