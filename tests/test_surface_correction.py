"""The runner says what a run was on: `runsense activity ID --surface`, on a real file and a real store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, weekly_report
from runsense.cli import app
from runsense.store import open_store
from tests.conftest import corpus_path

RUN_FIT = corpus_path("sports-lib/6860622783.fit")  # a 10.6 km Garmin run without GPS: taken as treadmill


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNSENSE_SETTINGS", str(tmp_path / "settings.toml"))
    db = tmp_path / "cli.sqlite"
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, ["--db", str(db), *args])

    invoke.db = db
    return invoke


@pytest.fixture
def run_id(cli) -> str:
    result = cli("import", str(RUN_FIT), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["imported"][0]["id"]


def _week_surfaces(db) -> dict:
    with open_store(db) as store:
        analysis = analyse(store)
    return weekly_report(analysis, analysis.week_ids[-1]).terrain.surfaces


def test_a_run_said_to_be_on_the_track_moves_the_weeks_surface_share(cli, run_id):
    before = json.loads(cli("activity", run_id[:8], "--json").stdout)
    assert (before["surface"], before["surface_source"]) == ("treadmill", "file")
    assert _week_surfaces(cli.db) == {"treadmill": pytest.approx(1.0)}
    result = cli("activity", run_id[:8], "--surface", "Track")
    assert result.exit_code == 0, result.output
    assert "track (was treadmill)" in result.stdout
    after = json.loads(cli("activity", run_id[:8], "--json").stdout)
    assert (after["surface"], after["surface_source"]) == ("track", "runner")
    assert _week_surfaces(cli.db) == {"track": pytest.approx(1.0)}
    assert "track (you said so)" in cli("activity", run_id[:8]).stdout


def test_a_sport_change_keeps_the_surface_the_runner_gave(cli, run_id):
    cli("activity", run_id[:8], "--surface", "trail")
    assert cli("activity", run_id[:8], "--sport", "walking").exit_code == 0
    assert json.loads(cli("activity", run_id[:8], "--json").stdout)["surface"] == "trail"


def test_an_unknown_surface_is_a_usage_error_that_changes_nothing(cli, run_id):
    with open_store(cli.db) as store:
        edits = store.data_version()
    result = cli("activity", run_id[:8], "--surface", "sand")
    assert result.exit_code == 2
    assert "'sand' is not a surface" in result.output
    assert "road, trail, track, treadmill, unknown" in result.output
    detail = json.loads(cli("activity", run_id[:8], "--json").stdout)
    assert (detail["surface"], detail["surface_source"]) == ("treadmill", "file")
    with open_store(cli.db) as store:
        assert store.data_version() == edits
    both = cli("activity", run_id[:8], "--surface", "trail", "--delete", "--yes")
    assert both.exit_code == 2
    assert json.loads(cli("activity", run_id[:8], "--json").stdout)["surface"] == "treadmill"


def test_a_surface_for_an_activity_that_does_not_exist_says_so(cli, run_id):
    result = cli("activity", "ffffffff", "--surface", "trail")
    assert result.exit_code == 1
    assert "does not exist" in result.output
