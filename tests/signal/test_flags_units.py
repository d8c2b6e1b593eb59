"""Flags are worded in the runner's units: a runner who set ``units = "mi"`` reads miles and
minutes per mile in every flag, in ``runsense report`` (text and JSON), on the Week page's data and
in the alerts, while the flags' values stay in SI units. The example story's real FIT files."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from runsense import display
from runsense.alerts import refresh_alerts
from runsense.analysis import analyse, weekly_report
from runsense.cli import app
from runsense.ingest import import_paths
from runsense.settings import Settings
from runsense.store import open_store
from tests.conftest import EXAMPLES

SPIKE_WEEK, FORM_WEEK = "2026-W38", "2026-W41"  # the story's long-run spike, and its cadence drift at matched pace
_KM = re.compile(r"\d km\b|/km\b|m per km")


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    folder = tmp_path_factory.mktemp("units")
    db = folder / "story.sqlite"
    with open_store(db) as store:
        import_paths(store, [EXAMPLES])
        analysis = analyse(store)
    return folder, db, analysis


def _flags(analysis, week: str, units: str) -> dict[str, dict]:
    return {f["code"]: f for f in weekly_report(analysis, week, units=units).to_dict()["flags"]}


def test_a_runner_in_miles_reads_miles_in_every_flag(story):
    _, _, analysis = story
    runs = analysis.runs.set_index("id")
    for week in (SPIKE_WEEK, FORM_WEEK):
        for flag in _flags(analysis, week, "mi").values():
            assert not _KM.search(flag["message"]), flag["message"]
    spike = _flags(analysis, SPIKE_WEEK, "mi")["SPIKE-MOD"]
    assert f"This run ({display.distance(runs.loc[spike['activity_id'], 'distance_m'], 'mi', 1)})" in spike["message"]
    assert spike["message"].endswith(" mi.")  # the next long run's limit
    ramp = _flags(analysis, SPIKE_WEEK, "mi")["WK-RAMP-30"]
    week_m = float(analysis.weeks.set_index("week").at[SPIKE_WEEK, "distance_m"])
    assert f"You ran {display.distance(week_m, 'mi', 1)} this week" in ramp["message"]
    cadence = _flags(analysis, FORM_WEEK, "mi")["CAD-TREND-DOWN"]
    assert f"At your reference pace ({display.pace(analysis.v_ref_mps, 'mi')})" in cadence["message"]


def test_the_same_flags_in_km_and_their_values_in_si_whatever_the_units(story):
    _, _, analysis = story
    km, mi = _flags(analysis, SPIKE_WEEK, "km"), _flags(analysis, SPIKE_WEEK, "mi")
    assert km.keys() == mi.keys()
    for code in km:
        assert {k: v for k, v in km[code].items() if k != "message"} == {k: v for k, v in mi[code].items() if k != "message"}
    assert " km" in km["SPIKE-MOD"]["message"]
    assert " mi" not in km["SPIKE-MOD"]["message"]
    assert f"({display.pace(analysis.v_ref_mps, 'km')})" in _flags(analysis, FORM_WEEK, "km")["CAD-TREND-DOWN"]["message"]


def test_report_in_miles_from_the_settings_file(story):
    folder, db, _ = story
    settings = folder / "settings.toml"
    settings.write_text('units = "mi"\n')
    runner = CliRunner()
    env = {"RUNSENSE_SETTINGS": str(settings), "COLUMNS": "250"}
    report = json.loads(runner.invoke(app, ["--db", str(db), "report", "--week", SPIKE_WEEK, "--json"], env=env).stdout)
    assert report["units"] == "mi"
    assert report["reference"]["pace"] == report["reference_pace"] == display.pace(report["v_ref_mps"], "mi")
    assert report["flags"]
    assert not [f["message"] for f in report["flags"] if _KM.search(f["message"])]
    text = runner.invoke(app, ["--db", str(db), "report", "--week", FORM_WEEK], env=env)
    assert text.exit_code == 0, text.output
    assert "/mi)" in text.stdout
    assert not _KM.search(text.stdout.split("Not medical advice")[0])


def test_alerts_are_recorded_in_the_runners_units(tmp_path):
    """The story up to its spike week: the spike and the ramp are recent, so they become alerts."""
    with open_store(tmp_path / "to-the-spike.sqlite") as store:
        import_paths(store, sorted(p for p in EXAMPLES.glob("*.fit") if p.name[:10] <= "2026-09-20"))
        new = refresh_alerts(store, Settings(units="mi"))
    flagged = {a.payload["code"]: a for a in new if a.kind == "flag"}
    assert {"SPIKE-MOD", "WK-RAMP-30"} <= set(flagged)
    for alert in flagged.values():
        assert not _KM.search(alert.text("mi")), alert.text("mi")
        assert alert.payload["message"] == alert.text("mi")
    assert "This run (14.9 mi)" in flagged["SPIKE-MOD"].text("mi")  # the story's 24 km long run


def test_compare_in_miles(story):
    """``runsense compare`` writes the weekly distance and the reference pace in the runner's units too."""
    folder, db, _ = story
    settings = folder / "compare.toml"
    settings.write_text('units = "mi"\n')
    result = CliRunner().invoke(app, ["--db", str(db), "compare", "--before", "2026-08-01..2026-09-11", "--after", "2026-09-12..2026-10-23"],
                                env={"RUNSENSE_SETTINGS": str(settings), "COLUMNS": "250"})  # fmt: skip
    assert result.exit_code == 0, result.output
    assert " mi →" in result.stdout
    assert "/mi)" in result.stdout
    assert not _KM.search(result.stdout)
    assert "km a week" not in result.stdout


def test_the_week_page_shows_flags_in_miles(story):
    """The Week page's flag cards, built from the same report, in the dashboard's units."""
    from dashboards.app import create_app
    from dashboards.callbacks.week import render_week

    _, db, analysis = story
    with create_app(db, Settings(units="mi")).server.app_context():
        page = str(render_week(SPIKE_WEEK))
    spike = next(f for f in analysis.flags if f.code == "SPIKE-MOD" and f.week == SPIKE_WEEK)
    assert spike.text("mi") in page
    assert spike.message not in page  # the km wording of the same flag
