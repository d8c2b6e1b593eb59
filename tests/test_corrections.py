"""The runner's corrections on real files, through the CLI and a real store: sport, delete, shoes, units."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.records import Shoe
from runsense.store import open_store
from tests.conftest import corpus_path

RUN_FIT = corpus_path("sports-lib/6860622783.fit")  # a 10.6 km Garmin run
RIDE_FIT = corpus_path("fitparse-rs/hrv-activity.fit")  # a 6.9 km ride
SEGMENTED_RUN_TCX = corpus_path("elevate/sloatsburg.tcx")  # a 14 km run with steady stretches
UNTYPED_RUN_GPX = corpus_path("TestFilesForFitnessApps/run_03_garmin.gpx")  # a 10 km run, no <type>


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cli.sqlite"


@pytest.fixture
def cli(db, tmp_path, monkeypatch):
    monkeypatch.setenv("RUNSENSE_SETTINGS", str(tmp_path / "settings.toml"))  # the defaults, not this machine's
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):
        return runner.invoke(app, ["--db", str(db), *args], env=env, input=stdin)

    return invoke


def _import(cli, *paths, shoe: str | None = None) -> dict:
    result = cli("import", *map(str, paths), "--json", *(["--shoe", shoe] if shoe else []))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _shoe(db, name: str) -> Shoe:
    with open_store(db) as store:
        return store.shoe(name)


def test_an_untyped_gpx_run_takes_the_shoe_given_at_import(cli, db):
    cli("shoes", "add", "Pegasus")
    (item,) = _import(cli, UNTYPED_RUN_GPX, shoe="Pegasus")["imported"]  # "generic", shoe silently dropped, before
    assert item["sport"] == "running" and "shoe_not_applied" not in item
    assert _shoe(db, "Pegasus").distance_m == pytest.approx(9997, rel=0.01)
    detail = json.loads(cli("activity", item["id"][:8], "--json").stdout)
    assert any(i["code"] == "sport_inferred" for i in detail["issues"])


def test_a_shoe_not_applied_at_import_is_said_and_why(cli, db):
    cli("shoes", "add", "Pegasus")
    (item,) = _import(cli, RIDE_FIT, shoe="Pegasus")["imported"]
    assert "cycling" in item["shoe_not_applied"]
    human = cli("import", str(corpus_path("elevate/pinet.fit")), "--shoe", "Pegasus")
    assert "shoe not applied" in human.stdout and "cycling" in human.stdout
    assert _shoe(db, "Pegasus").activities == 0


def test_a_misspelt_sport_is_a_usage_error_listing_the_valid_ones(cli):
    _import(cli, RUN_FIT)
    result = cli("activities", "--sport", "runing")  # "No activities yet", exit 0, before
    assert result.exit_code == 2
    assert "runing" in result.output and "running" in result.output and "cycling" in result.output
    assert "No activities" not in result.output
    assert cli("activity", "x", "--sport", "bike").exit_code == 2


def test_changing_the_sport_moves_shoe_mileage_and_load(cli, db):
    cli("shoes", "add", "Pegasus", "--default-for", "running")
    run_id = _import(cli, SEGMENTED_RUN_TCX)["imported"][0]["id"]
    with open_store(db) as store:
        segments = len(store.segments("running"))
    assert _shoe(db, "Pegasus").activities == 1
    result = cli("activity", run_id[:8], "--sport", "cycling")
    assert result.exit_code == 0 and "now cycling" in result.stdout and "Pegasus was taken off" in result.stdout
    assert _shoe(db, "Pegasus").activities == 0
    assert json.loads(cli("activities", "--sport", "running", "--json").stdout) == []
    back = cli("activity", run_id[:8], "--sport", "running")
    assert back.exit_code == 0 and "runs in Pegasus" in back.stdout  # the default shoe for running again
    with open_store(db) as store:
        row = store.activity(run_id)
        assert row.sport == "running" and row.cadence_spm > 150  # derived again for running
        assert len(store.segments("running")) == segments > 0


def test_deleting_an_activity_takes_it_out_of_shoe_mileage_and_a_reimport_brings_it_back(cli, db):
    cli("shoes", "add", "Pegasus", "--default-for", "running")
    run_id = _import(cli, RUN_FIT)["imported"][0]["id"]
    assert cli("activity", run_id[:8], "--delete", stdin="n\n").exit_code != 0  # asks first
    assert cli("activity", run_id[:8], "--delete", "--yes").exit_code == 0
    assert json.loads(cli("activities", "--json").stdout) == []
    assert _shoe(db, "Pegasus").distance_m == 0
    assert cli("activity", run_id[:8]).exit_code == 1
    assert _import(cli, RUN_FIT)["imported"][0]["id"] == run_id


def test_a_bike_ride_cannot_take_a_running_shoe(cli, db):
    cli("shoes", "add", "Pegasus")
    ride_id = _import(cli, RIDE_FIT)["imported"][0]["id"]
    result = cli("shoes", "assign", "Pegasus", "--activity", ride_id[:8])
    assert result.exit_code == 1 and "cycling" in result.output and "runs, walks and hikes" in result.output
    assert _shoe(db, "Pegasus").activities == 0


def test_a_retired_pair_takes_no_run_unless_forced(cli, db):
    cli("shoes", "add", "Old pair")
    cli("shoes", "retire", "Old pair")
    run_id = _import(cli, RUN_FIT)["imported"][0]["id"]
    result = cli("shoes", "assign", "Old pair", "--activity", run_id[:8])
    assert result.exit_code == 1 and "retired" in result.output and "--force" in result.output
    assert _shoe(db, "Old pair").activities == 0
    assert cli("shoes", "assign", "Old pair", "--activity", run_id[:8], "--force").exit_code == 0
    assert _shoe(db, "Old pair").activities == 1


def test_giving_the_run_to_another_pair_withdraws_the_old_pairs_alert(cli, db):
    cli("shoes", "add", "Worn", "--start-distance", "295mi", "--default-for", "running")
    cli("shoes", "add", "New")
    run_id = _import(cli, RUN_FIT)["imported"][0]["id"]  # 295 mi + 6.6 mi: past the 300 mi notice
    alerts = json.loads(cli("alerts", "--json").stdout)
    assert any(a.get("shoe") == "Worn" for a in alerts)
    assert cli("shoes", "assign", "New", "--activity", run_id[:8]).exit_code == 0  # left open before
    assert not any(a.get("shoe") == "Worn" for a in json.loads(cli("alerts", "--json").stdout))


def test_with_miles_set_activities_and_activity_say_miles(cli):
    run_id = _import(cli, RUN_FIT)["imported"][0]["id"]
    miles = {"RUNSENSE_UNITS": "mi", "COLUMNS": "200"}
    listing = cli("activities", env=miles).stdout
    header = next(line for line in listing.splitlines() if "date" in line)
    assert " mi " in header and " km " not in header and "6.61" in listing and "10.63" not in listing
    detail = cli("activity", run_id[:8], env=miles).stdout
    assert "6.61 mi" in detail and "/mi" in detail and "/km" not in detail and " km" not in detail
    as_json = json.loads(cli("activity", run_id[:8], "--json", env=miles).stdout)
    assert as_json["distance_km"] == pytest.approx(10.63, abs=0.01) and as_json["distance_mi"] == pytest.approx(6.605, abs=0.01)
    assert as_json["pace_s_per_mi"] == pytest.approx(as_json["pace_s_per_km"] * 1.609344, rel=1e-3)


def test_giving_the_run_to_another_pair_restates_the_old_pairs_mileage(cli):
    cli("shoes", "add", "Worn", "--start-distance", "305mi", "--default-for", "running")
    cli("shoes", "add", "New")
    run_id = _import(cli, RUN_FIT)["imported"][0]["id"]
    (alert,) = [a for a in json.loads(cli("alerts", "--json").stdout) if a.get("shoe") == "Worn"]
    assert alert["distance_mi"] == pytest.approx(311.6, abs=0.1)
    cli("shoes", "assign", "New", "--activity", run_id[:8])
    (alert,) = [a for a in json.loads(cli("alerts", "--json").stdout) if a.get("shoe") == "Worn"]  # still past 300 mi: kept, restated
    assert alert["distance_mi"] == pytest.approx(305.0, abs=0.1) and "491 km" in alert["message"]  # 305 mi, in the default km


def test_a_past_week_does_not_show_todays_shoe_alert(cli):
    cli("shoes", "add", "Worn", "--start-distance", "295mi", "--default-for", "running")
    _import(cli, RUN_FIT)  # run of 2020-02-02 (2020-W05); the 300 mi notice is raised today
    assert any(a.get("shoe") == "Worn" for a in json.loads(cli("alerts", "--json").stdout))
    past = json.loads(cli("report", "--week", "2020-W05", "--json").stdout)
    assert past["runs"] == 1
    assert not [a for a in past["alerts"] if a["kind"] == "shoe_mileage"]


def test_with_miles_set_the_report_says_miles_and_its_json_has_both_units(cli):
    _import(cli, RUN_FIT)
    miles = {"RUNSENSE_UNITS": "mi"}
    text = cli("report", "--week", "2020-W05", env=miles).stdout
    assert "6.6 mi in 1 run," in text and " km" not in text.split("Not medical advice")[0]
    report = json.loads(cli("report", "--week", "2020-W05", "--json", env=miles).stdout)
    assert report["units"] == "mi"
    assert report["distance_mi"] == pytest.approx(6.605, abs=0.01) and report["distance_km"] == pytest.approx(10.63, abs=0.01)
    assert report["distance_m"] == pytest.approx(10630.4, abs=0.1)  # the existing key stays
    assert report["activities"][0]["distance_mi"] == pytest.approx(6.605, abs=0.01)


def test_with_miles_set_the_reference_pace_is_per_mile(cli):
    _import(cli, SEGMENTED_RUN_TCX, corpus_path("runpandas/run.gpx"), corpus_path("TestFilesForFitnessApps/20181108_run_garmin_fenix_3_hr.tcx"))
    report = json.loads(cli("report", "--json", env={"RUNSENSE_UNITS": "mi"}).stdout)
    assert report["reference_pace"].endswith(" /mi")  # "/km" whatever the setting, before
    assert report["reference_pace_s_per_mi"] == pytest.approx(report["reference_pace_s_per_km"] * 1.609344, rel=1e-3)
