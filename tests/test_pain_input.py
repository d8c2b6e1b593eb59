"""One rule for pain entries, in the CLI and the dashboard alike: a score is a whole number from 0
to 10 as typed (never clamped or rounded), the time is now or given, and the timing default is the
same; a bad value gets a message naming it, and nothing is stored."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from typer.testing import CliRunner

from dashboards import create_app
from dashboards.callbacks import pain as pain_callbacks
from dashboards.pages import pain as pain_page
from runsense.cli import app
from runsense.errors import InvalidInputError
from runsense.pain import DEFAULT_TIMING, entry_time, make_entry, parse_score
from runsense.settings import Settings
from runsense.store import open_store

RULE = "whole number from 0 (no pain) to 10"
BAD_SCORES = ["11", "-3", "4.5", "", "  ", "abc", "1e1", "²", "٣", "0x5", None, 4.5, True]
NOW = datetime(2026, 11, 30, 8, 41)


@pytest.mark.parametrize("value", ["0", "10", " 7 ", 3, "+2"])
def test_good_scores(value):
    assert parse_score(value) == int(str(value).strip())


@pytest.mark.parametrize("value", BAD_SCORES)
def test_bad_scores_are_refused_never_clamped(value):
    with pytest.raises(InvalidInputError, match=re.escape(RULE)) as caught:
        make_entry(value, when=NOW, now=NOW)
    shown = "" if value is None else str(value).strip()
    assert (repr(shown) if shown else "missing") in str(caught.value)


def test_entry_time_now_today_and_a_clear_message_otherwise():
    assert entry_time(None, None, NOW) == NOW.replace(second=0)
    assert entry_time("2026-11-30", "", NOW) == NOW  # today without a time: now, never a made-up 12:00
    assert entry_time("2026-11-28", "06:50", NOW) == datetime(2026, 11, 28, 6, 50)
    for day, time, words in (("2026-11-28", "", "the time is missing"), ("28/11/2026", "07:00", "YYYY-MM-DD"),
                             ("2026-11-28", "7h", "HH:MM"), ("2026-12-25", "", "in the future")):  # fmt: skip
        with pytest.raises(InvalidInputError, match=words):
            entry_time(day, time, NOW)


@pytest.mark.parametrize("score", ["11", "-3", "4.5", ""])
def test_cli_refuses_bad_scores_and_stores_nothing(tmp_path, score):
    db = str(tmp_path / "db.sqlite")
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db, "pain", "log", "--", score])
    assert result.exit_code == 1
    assert RULE in result.output and "Traceback" not in result.output
    assert json.loads(runner.invoke(app, ["--db", db, "pain", "list", "--json"]).stdout) == []


def test_cli_and_dashboard_share_the_timing_default(tmp_path):
    db = str(tmp_path / "db.sqlite")
    assert CliRunner().invoke(app, ["--db", db, "pain", "log", "3"]).exit_code == 0
    with open_store(db, read_only=True) as store:
        assert store.pain_entries()[0].timing == DEFAULT_TIMING
    with create_app(db, Settings()).server.app_context():  # the page reads the store for its period's weeks
        assert _find(pain_page.layout({}), "pain-timing").value == DEFAULT_TIMING


def _find(component, component_id: str):
    """The component with that id in a layout tree."""
    if getattr(component, "id", None) == component_id:
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str) and (found := _find(child, component_id)) is not None:
            return found
    return None


@pytest.fixture
def pain_app(tmp_path):
    db = tmp_path / "dash.sqlite"
    with open_store(db):
        pass
    return create_app(db, Settings()), db


@pytest.mark.parametrize("score", ["11", "-3", "4.5", "", None])
def test_dashboard_form_refuses_bad_scores_with_the_same_message(pain_app, score):
    app, db = pain_app
    with app.server.app_context():
        _, message, refresh, _ = pain_callbacks.save_entry(1, score, NOW.date().isoformat(), "07:00", DEFAULT_TIMING, ["lower-back"], [], "", [], [], "", "", [[]], None, 4)
    assert message.startswith("Not logged: the pain score must be a " + RULE)
    assert refresh == 4  # nothing to redraw: nothing was stored
    with open_store(db, read_only=True) as store:
        assert store.pain_entries() == []


def test_dashboard_form_logs_a_good_entry_at_now_when_the_time_is_empty(pain_app):
    app, db = pain_app
    before = datetime.now().replace(second=0, microsecond=0)
    with app.server.app_context():
        _, message, refresh, _ = pain_callbacks.save_entry(1, "3", None, "", "morning", ["lower-back"], [], "", [], [], "", "stiff", [[]], None, 0)
    assert message.startswith("Logged 3/10 (morning, lower-back") and refresh == 1
    with open_store(db, read_only=True) as store:
        (entry,) = store.pain_entries()
    assert entry.note == "stiff"
    assert before <= datetime.fromisoformat(entry.local_time) <= datetime.now()
    with app.server.app_context():
        _, message, _, _ = pain_callbacks.save_entry(2, "3", "2026-01-05", "", "morning", ["lower-back"], [], "", [], [], "", "", [[]], None, 1)
    assert "the time is missing" in message
