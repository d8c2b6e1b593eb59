"""Alerts follow the runner's units wherever they are shown, whenever they were raised.

An alert raised while the runner read kilometres (a shoe past 480 km, a spike of a 24 km run) used to
keep its km words after the switch to miles: its text was stored written out. The store keeps each
alert's figures (a template and its quantities, schema 14) and every place that shows alerts writes
them in the current units: ``runsense alerts`` (text and JSON, acknowledged ones too), the report
(text and JSON), the Alerts and Week pages, notifications; stores released before keep theirs.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3

import pytest
from typer.testing import CliRunner

from runsense.alerts import refresh_alerts
from runsense.cli import app
from runsense.ingest import import_paths
from runsense.settings import Settings
from runsense.store import open_store
from runsense.units import M_PER_KM
from tests.conftest import EXAMPLES, ROOT

#: a distance, pace or climb written in km (the shoe notice's fixed "(480–800 km)" range aside)
_KM = re.compile(r"\d km\b(?!\))|/km\b|m per km")
_MI = re.compile(r"\d mi\b(?! \()|/mi\b|m per mi")


@pytest.fixture(scope="module")
def km_alerts(tmp_path_factory):
    """The story up to its spike week, with a pair past its notice mark: alerts raised in km, one acknowledged."""
    db = tmp_path_factory.mktemp("alert-units") / "story.sqlite"
    with open_store(db) as store:
        store.add_shoe("Pegasus", start_distance_m=470 * M_PER_KM, default_for="running")
        import_paths(store, sorted(p for p in EXAMPLES.glob("*.fit") if p.name[:10] <= "2026-09-20"))
        new = refresh_alerts(store, Settings(units="km"))
        assert {a.kind for a in new} >= {"shoe_mileage", "flag"}
        store.acknowledge_alert(next(a.id for a in new if a.kind == "flag"))
    return db


def _cli(db, *args, units="mi"):
    result = CliRunner().invoke(app, ["--db", str(db), "--set", f"units={units}", *args], env={"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml", "COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_alerts_raised_in_km_are_shown_in_miles_after_the_switch(km_alerts, tmp_path):
    db = tmp_path / "copy.sqlite"
    shutil.copy(km_alerts, db)
    text = _cli(db, "alerts", "--all")
    assert "Pegasus has reached" in text and " mi, past its notice mark of 300 mi." in text
    assert "This run (14.9 mi)" in text  # the story's 24 km long run, raised as "24.0 km"
    assert not _KM.search(text), text
    alerts = json.loads(_cli(db, "alerts", "--all", "--json"))
    assert len(alerts) >= 3 and any(a["acknowledged"] for a in alerts)
    for alert in alerts:
        assert not _KM.search(alert["message"]) and _MI.search(alert["message"]), alert["message"]
    back_in_km = json.loads(_cli(db, "alerts", "--all", "--json", units="km"))
    assert [a["message"] for a in back_in_km] != [a["message"] for a in alerts]
    assert all(not _MI.search(a["message"]) for a in back_in_km)
    assert [{k: v for k, v in a.items() if k != "message"} for a in back_in_km] == [{k: v for k, v in a.items() if k != "message"} for a in alerts]


def test_the_report_shows_open_alerts_in_the_current_units(km_alerts, tmp_path):
    db = tmp_path / "copy.sqlite"
    shutil.copy(km_alerts, db)
    report = json.loads(_cli(db, "report", "--week", "2026-W38", "--json"))
    assert report["alerts"]
    for alert in report["alerts"]:
        assert not _KM.search(alert["message"]) and _MI.search(alert["message"]), alert["message"]
        assert alert["payload"]["message"] == alert["message"]
    text = _cli(db, "report", "--week", "2026-W38")
    assert "Open alerts" in text and not _KM.search(text.split("Open alerts")[1].split("\n\n")[0])


def test_the_dashboard_shows_alerts_in_its_units(km_alerts, tmp_path):
    from dashboards.app import create_app
    from dashboards.callbacks.alerts import render_alerts

    db = tmp_path / "copy.sqlite"
    shutil.copy(km_alerts, db)
    with create_app(db, Settings(units="mi")).server.app_context():
        page = str(render_alerts(None, None))
    assert " mi, past its notice mark of 300 mi." in page and "This run (14.9 mi)" in page
    assert not _KM.search(page)


def test_the_week_page_follows_the_units_of_the_app_that_draws_it(km_alerts, tmp_path):
    """Pages are kept once drawn (``data.rendered``) per analysis and data version: an app in miles on
    the same store in the same process was served the week an app in km had drawn ("23.9 km")."""
    from plotly.utils import PlotlyJSONEncoder

    from dashboards.app import create_app
    from dashboards.callbacks.week import render_week

    db = tmp_path / "copy.sqlite"
    shutil.copy(km_alerts, db)
    pages = {}
    for units in ("km", "mi", "km"):
        with create_app(db, Settings(units=units)).server.app_context():
            pages[units] = json.dumps(render_week("2026-W38"), cls=PlotlyJSONEncoder)  # str() of a component elides its middle
    assert "This run (14.9 mi)" in pages["mi"] and "This run (23.9 km)" not in pages["mi"]
    assert "This run (23.9 km)" in pages["km"]


def test_a_released_stores_alerts_follow_the_units_once_upgraded(tmp_path):
    """Schema 12's shoe alert was written "491 km … 480 km", its flag alert "9.5 km": upgraded, they
    keep their figures and read in miles for a runner in miles (and as before in km)."""
    db = tmp_path / "v12.sqlite"
    shutil.copy(ROOT / "tests" / "fixtures" / "store_v12.sqlite", db)
    with sqlite3.connect(db) as old:
        before = {k: m for k, m in old.execute("SELECT key, message FROM alerts")}
    with open_store(db) as store:
        in_km = {a.key: a.text("km") for a in store.alerts(include_acknowledged=True)}
        in_mi = {a.key: a.text("mi") for a in store.alerts(include_acknowledged=True)}
    assert in_km == before  # nothing lost: the same words in the units they were written in
    assert in_mi["shoe:1:notice"].startswith("Pegasus 38 has reached 305 mi, past its notice mark of 300 mi. ")
    assert in_mi["flag:WK-RAMP-30:2021-W18"].startswith("You ran 5.9 mi this week, 5.9 mi more than the week before (0.0 mi);")
    assert "this 5.9 mi run came 267 days after" in in_mi["flag:RETURN-AFTER-BREAK:e942732bd16a2788"]
    for text in in_mi.values():
        assert not _KM.search(text), text


def test_a_shoe_named_with_braces_is_written_as_named(tmp_path):
    """The template is the alert's words with fields: a pair called "Racer {old} 50%" must not be read as one."""
    with open_store(tmp_path / "db.sqlite") as store:
        store.add_shoe("Racer {old} 50%", start_distance_m=490 * M_PER_KM)
        (alert,) = refresh_alerts(store, Settings(units="km"))
        (stored,) = store.alerts()
    assert alert.text("km").startswith("Racer {old} 50% has reached 490 km, past its notice mark of 480 km.")
    assert stored.text("mi").startswith("Racer {old} 50% has reached 304 mi, past its notice mark of 300 mi.")


def test_a_shoe_named_with_an_emoji_code_or_markup_is_shown_as_named(tmp_path):
    """The runner's words are data wherever an alert is printed: ``:runner:`` stays those eight
    characters (Rich's console once turned it into 🏃 in ``alerts``, ``report`` and ``shoes add``),
    markup stays text, braces and percent signs stay as typed, in km and in miles."""
    db = tmp_path / "db.sqlite"
    name = ":runner: [bold]Racer[/bold] {mark} 100%"
    added = CliRunner().invoke(app, ["--db", str(db), "shoes", "add", name, "--start-distance", "490km"], env={"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml", "COLUMNS": "400"})
    assert added.exit_code == 0 and name in added.stdout, added.output
    for units, shown in (("km", "490 km, past its notice mark of 480 km."), ("mi", "304 mi, past its notice mark of 300 mi.")):
        for args in (("alerts", "--all"), ("report",)):
            text = _cli(db, *args, units=units)
            assert f"{name} has reached {shown}" in text, text
            assert "🏃" not in text
        (alert,) = json.loads(_cli(db, "alerts", "--all", "--json", units=units))
        assert alert["message"].startswith(f"{name} has reached {shown}")
