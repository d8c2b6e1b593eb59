"""``report``, ``alerts``, ``activities`` and ``activity ID`` on each store of ``tests.stores``, and
what the real history with a recent emergency red flag must show first."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, weekly_report
from runsense.cli import app
from runsense.store import open_store
from runsense.weeks import week_of
from tests.stores import STORE_NAMES

CURRENT = week_of(date.today())
SEVERITY_ORDER = ["emergency", "see-professional", "warning", "notice", "info"]


@pytest.fixture
def copy_of(store_kit, tmp_path):
    """A private copy of a kit store (``alerts`` records new alerts: never into the shared one)."""

    def copy(name: str) -> str:
        target = tmp_path / f"{name}.sqlite"
        with open_store(store_kit.path(name), read_only=True) as store:
            store.backup(target)
        return str(target)

    return copy


def _run(db: str, *args: str):
    result = CliRunner().invoke(app, ["--db", db, *args], env={"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml"})
    assert "Traceback" not in result.output
    return result


def _words(text: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(text.split())


@pytest.mark.parametrize("name", STORE_NAMES)
def test_report_alerts_activities_and_activity_on_every_store(store_kit, copy_of, name):
    db = copy_of(name)
    human = _run(db, "report")
    assert human.exit_code == 0, human.output
    assert f"Week {CURRENT}" in human.stdout  # the current week, with or without runs
    assert "not a medical device" in human.stdout
    report = json.loads(_run(db, "report", "--json").stdout)
    assert report["week"] == CURRENT
    assert report["flags"] == [] or report["flags"][0]["severity"] in SEVERITY_ORDER
    alerts = _run(db, "alerts", "--json")
    assert alerts.exit_code == 0, alerts.output
    severities = [a["severity"] for a in json.loads(alerts.stdout)]
    assert severities == sorted(severities, key=SEVERITY_ORDER.index)  # red flags first
    assert _run(db, "alerts").exit_code == 0
    listing = _run(db, "activities")
    assert listing.exit_code == 0, listing.output
    with open_store(db, read_only=True) as store:
        activities = store.activities()
    if not activities:
        assert "No activities" in listing.stdout
        missing = _run(db, "activity", "abc123")
        assert missing.exit_code == 1 and "abc123" in missing.output
        return
    for activity in (activities[0], activities[-1]):
        shown = _run(db, "activity", activity.id[:10])
        assert shown.exit_code == 0, shown.output
        assert activity.local_date in shown.stdout


def test_report_shows_the_red_flag_first_and_holds_training_suggestions(store_kit, copy_of):
    db = copy_of("history")
    facts = store_kit.history_facts
    human = _words(_run(db, "report").stdout)
    assert human.index("cauda equina") < human.index("Open alerts") < human.index(f"Week {CURRENT}")
    assert "held back while a red flag is active" in human
    red_week = _run(db, "report", "--week", facts.red_flag_week.lower())
    assert red_week.exit_code == 0, red_week.output
    assert "no data" not in red_week.output
    assert "could not run: numb between the legs" in _words(red_week.stdout)  # its pain, with the note
    assert "RF-EMERG" in red_week.stdout and "No runs this week." in red_week.stdout


def test_form_and_load_flags_are_held_back_while_a_red_flag_is_active(store_kit, copy_of):
    db = copy_of("history")
    with open_store(db, read_only=True) as store:
        analysis, entries = analyse(store), store.pain_entries()
    week = next(f.week for f in reversed(analysis.flags) if f.week and not f.code.startswith(("RF-", "PAIN-")))
    held = weekly_report(analysis, week, pain_entries=entries)
    assert held.suggestions_held and held.held_flags
    assert all(f.code.startswith(("RF-", "PAIN-")) for f in held.flags)
    assert held.load.next_long_run_limit_m is None
    calm = weekly_report(analysis, week, pain_entries=[e for e in entries if not e.red_flags])
    assert calm.suggestions_held is None and calm.held_flags == []
    assert {f.code for f in calm.flags} >= {f.code for f in held.held_flags}
    human = _words(_run(db, "report", "--week", week).stdout)
    assert "form and load flags held back" in human
    assert "of running time was inside" not in human


@pytest.mark.parametrize(("week", "words"), [("2026-W99", "2026 has weeks W01 to W53"), ("garbage", "write it as YYYY-Www"), ("2999-W01", "in the future")])
def test_report_refuses_weeks_that_are_not_with_a_clear_message(copy_of, week, words):
    result = _run(copy_of("demo"), "report", "--week", week)
    assert result.exit_code == 1
    assert words in result.output


def test_a_run_after_today_never_becomes_the_default_week(store_kit):
    """The demo story runs to 2026-W45: seen from 1 October 2026, its later runs are "in the future"
    (a watch with a wrong clock) and the report opens on the week of today."""
    with open_store(store_kit.path("demo"), read_only=True) as store:
        analysis = analyse(store)
    assert weekly_report(analysis, today=date(2026, 10, 1)).week == "2026-W40"


def test_no_cadence_plan_is_started_or_shown_while_a_red_flag_is_active(copy_of):
    db = copy_of("history")
    result = _run(db, "plan", "cadence")
    assert result.exit_code == 0, result.output
    assert "held back while a red flag is active" in _words(result.stdout)
    assert "spm" not in result.stdout
    with open_store(db, read_only=True) as store:
        assert store.cadence_plan() is None


#: a unit printed after a missing value ("— spm", "— m per km"), or a Python word for nothing
UNIT_AFTER_NOTHING = re.compile(r"—\s*(?:spm|bpm|mm|ms|m|%|km|mi|/km|/mi|m per)\b|\b(?:None|nan|NaN)\b")


@pytest.mark.parametrize("name", STORE_NAMES)
def test_the_activity_screen_shows_a_bare_dash_for_every_missing_value(store_kit, copy_of, name):
    """Every activity of every store (strength, swims, rides, runs without a pod, broken files):
    a missing figure is a dash with no unit after it, in km and (on the demo) in miles."""
    db = copy_of(name)
    ids = [a["id"] for a in json.loads(_run(db, "activities", "--json").stdout)]
    for units in ("km", "mi") if name == "demo" else ("km",):
        for activity_id in ids:
            result = _run(db, "--set", f"units={units}", "activity", activity_id)
            assert result.exit_code == 0, result.output
            bad = [line for line in result.stdout.splitlines() if UNIT_AFTER_NOTHING.search(line)]
            assert bad == [], (activity_id, units, bad)
