"""Hostile and odd inputs at the command line and the services: each refused with a message that
names what is wrong, and nothing stored changes."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from runsense.cli import app


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pain", "log", "-1"], "the pain score must be a whole number from 0 (no pain) to 10 (worst imaginable), not '-1'"),
        (["pain", "log", "-3", "--timing", "morning"], "not '-3'"),
        (["pain", "log", "--timing", "morning", "-3"], "not '-3'"),
        (["pain", "log", "--interference=2", "-2.5"], "not '-2.5'"),
        (["pain", "edit", "-1", "--score", "3"], "no pain entry -1"),
        (["pain", "delete", "-4"], "no pain entry -4"),
        (["strength", "delete", "-1"], "no strength session -1"),
        (["marker", "delete", "-3"], "no marker -3"),
    ],
)
def test_a_negative_number_given_as_a_value_is_that_value_not_an_unknown_option(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert "No such option" not in result.output
    assert message in result.output


def test_unknown_options_are_still_unknown_options_and_option_values_still_reach_their_option(cli):
    for args in (["pain", "log", "3", "--bogus"], ["pain", "log", "-2", "--bogus"], ["pain", "log", "-x"]):
        result = cli(*args)
        assert result.exit_code == 2 and "No such option" in result.output, (args, result.output)
    stiff = cli("pain", "log", "-2", "--stiffness-min", "-5")
    assert stiff.exit_code == 1 and "the pain score must be" in stiff.output  # the score is read first
    result = cli("pain", "log", "3", "--interference", "-2")
    assert result.exit_code == 1 and "activity interference must be a whole number from 0 to 10, not '-2'" in result.output
    assert json.loads(cli("pain", "list", "--json").output) == []
    logged = cli("pain", "log", "4", "--note", "-5")  # a note that looks like a number stays the note
    assert logged.exit_code == 0, logged.output
    assert json.loads(cli("pain", "list", "--json").output)[0]["note"] == "-5"


@pytest.mark.parametrize("args", [["dashboard", "--port", "-1", "--no-browser"], ["dashboard", "--port", "0"], ["demo", "--port", "70000", "--no-serve"]])
def test_a_port_out_of_range_is_a_usage_error_before_anything_starts(cli, args):
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "--port" in result.output


def test_strength_activities_of_seconds_from_the_watch_are_not_sessions(tmp_path):
    """A watch's strength activity stopped after a second (its one automatic set, no counted
    exercise) is kept as an activity but is no strength session, in the list, the weekly tally or
    the advice; a short one in which the watch counted push-ups is."""
    from datetime import UTC, datetime

    from runsense.analysis import analyse, strength_sessions
    from runsense.examples.strength import PlannedSet, strength_fit_bytes
    from runsense.ingest import import_paths
    from runsense.store import open_store

    (tmp_path / "one-second.fit").write_bytes(strength_fit_bytes(datetime(2026, 11, 2, 17, 0, tzinfo=UTC), (PlannedSet("plank", 1),)))
    (tmp_path / "push-ups.fit").write_bytes(strength_fit_bytes(datetime(2026, 11, 4, 17, 0, tzinfo=UTC), (PlannedSet("push_up", 40, 12),)))
    (tmp_path / "long.fit").write_bytes(strength_fit_bytes(datetime(2026, 11, 5, 17, 0, tzinfo=UTC), (PlannedSet("plank", 400),)))
    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        report = import_paths(store, [tmp_path / "one-second.fit", tmp_path / "push-ups.fit", tmp_path / "long.fit"])
        assert len(report.imported) == 3, report.failed
        sessions = strength_sessions(store)
        assert [(s.local_date, s.minutes) for s in sessions] == [("2026-11-04", 0.7), ("2026-11-05", 6.7)]
        assert analyse(store).strength_per_week == {"2026-W45": 2}
        assert len(store.activity_table(None, ["id"])) == 3  # the short one stays an activity
    listed = json.loads(CliRunner().invoke(app, ["--db", str(db), "strength", "list", "--json"]).output)
    assert [s["local_date"] for s in listed] == ["2026-11-04", "2026-11-05"]


@pytest.mark.parametrize("minutes", ["1", "4.9", "0.01"])
def test_a_logged_session_shorter_than_five_minutes_is_refused(cli, minutes):
    result = cli("strength", "log", "2026-11-20", "--minutes", minutes)
    assert result.exit_code == 1
    assert f"a session's minutes must be at least 5 (shorter is not a session) and at most 240, not {float(minutes)}" in " ".join(result.output.split())
    assert json.loads(cli("strength", "list", "--json").output) == []


EARLY = "before 1989-12-31, the earliest date a watch records: check the year"


@pytest.mark.parametrize(
    ("args", "listing", "words"),
    [
        (["pain", "log", "3", "--date", "1900-01-01", "--time", "08:00"], ["pain", "list", "--json"], f"the entry's date 1900-01-01 is {EARLY}"),
        (["pain", "log", "3", "--date", "0001-01-01", "--time", "08:00"], ["pain", "list", "--json"], f"the entry's date 0001-01-01 is {EARLY}"),
        (["strength", "log", "1900-01-01"], ["strength", "list", "--json"], f"the session's date 1900-01-01 is {EARLY}"),
        (["marker", "add", "1989-12-30", "new shoes"], ["marker", "list", "--json"], f"the marker's date 1989-12-30 is {EARLY}"),
        (["marker", "add", "2999-01-01", "physio visit"], ["marker", "list", "--json"], "the marker's date 2999-01-01 is in the future"),
        (["checkin", "--week", "1900-W01", "--participation", "0", "--volume", "0", "--performance", "0", "--symptoms", "0"], None,
         "the check-in week 1900-W01 ended before 1989-12-31, the earliest date a watch records"),
    ],
)
def test_entries_dated_before_any_watch_or_in_the_future_are_refused_and_nothing_is_stored(cli, args, listing, words):
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert words in " ".join(result.output.split())
    if listing:
        assert json.loads(cli(*listing).output) == []


def test_the_first_day_of_the_fit_epoch_is_accepted_everywhere(cli):
    assert cli("pain", "log", "2", "--date", "1989-12-31", "--time", "07:00").exit_code == 0
    assert cli("strength", "log", "1989-12-31").exit_code == 0
    assert cli("marker", "add", "1989-12-31", "first watch").exit_code == 0
    assert cli("checkin", "--week", "1989-W52", "--participation", "0", "--volume", "0", "--performance", "0", "--symptoms", "0").exit_code == 0


def test_the_day_window_is_one_rule_for_the_pain_log_and_the_journal():
    from datetime import date, datetime

    from runsense.errors import InvalidInputError
    from runsense.journal import make_marker, make_strength_session
    from runsense.pain import make_entry
    from runsense.weeks import EARLIEST_DAY

    assert EARLIEST_DAY == date(1989, 12, 31)
    now = datetime(2026, 11, 30, 12, 0)
    for make in (lambda: make_entry(3, when=datetime(1989, 12, 30, 23, 59), now=now),
                 lambda: make_marker("1989-12-30", "x", today=now.date()),
                 lambda: make_strength_session("1989-12-30", 20, "core", today=now.date())):  # fmt: skip
        with pytest.raises(InvalidInputError, match=EARLY):
            make()


def test_a_missing_value_is_a_bare_dash_never_followed_by_its_unit():
    from runsense import display

    assert display.measure(172.4, "spm") == "172 spm"
    assert display.measure(48.94, "% left", 1) == "48.9 % left"
    assert display.measure(7.25, "%", 1, space=False) == "7.2%"
    for missing in (None, float("nan"), float("inf"), "x"):
        assert display.measure(missing, "spm") == "—"
    assert display.Quantity("climb", "climb", float("nan")).text("km") == "—"


def test_the_activity_screen_of_a_strength_session_has_no_units_after_nothing(tmp_path):
    from datetime import UTC, datetime

    from runsense.examples.strength import PlannedSet, strength_fit_bytes

    (tmp_path / "gym.fit").write_bytes(strength_fit_bytes(datetime(2026, 11, 4, 17, 0, tzinfo=UTC), (PlannedSet("push_up", 40, 12), PlannedSet("plank", 400))))
    db = str(tmp_path / "s.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "import", str(tmp_path / "gym.fit")]).exit_code == 0
    (activity,) = json.loads(runner.invoke(app, ["--db", db, "activities", "--json"]).stdout)
    shown = runner.invoke(app, ["--db", db, "activity", activity["id"][:8]]).stdout
    facts = {line[2:24].strip(): line[24:].strip() for line in shown.splitlines() if line.startswith("  ") and len(line) > 24 and line[2] != " "}
    for label in ("distance", "pace", "cadence", "step length", "vertical oscillation", "ground contact", "vertical ratio", "GCT balance", "climbing"):
        assert facts[label] == "—", (label, facts[label])
    assert facts["sport"] == "training / strength_training"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["shoes", "add", "Fresh", "--purchase-date", "2026-02-30"], "the purchase date must be a real day written YYYY-MM-DD, not '2026-02-30'"),
        (["shoes", "add", "Fresh", "--purchase-date", "1900-01-01"], f"the purchase date 1900-01-01 is {EARLY}"),
        (["shoes", "add", "Fresh", "--purchase-date", "2999-01-01"], "the purchase date 2999-01-01 is in the future"),
        (["shoes", "add", "Fresh", "--default-for", "bananas"], "shoes are the default for a sport done on foot: hiking, running, trail_running, walking; not 'bananas'"),
        (["shoes", "add", "Fresh", "--default-for", "cycling"], "not 'cycling'"),
        (["shoes", "add", "Fresh", "--start-distance", "1e9km"], "a pair's starting distance is at most 10,000 km (6,214 mi), not 1,000,000,000 km"),
        (["shoes", "add", "   "], 'a pair needs a name you will recognise, e.g. "Pegasus 38 blue"'),
        (["shoes", "add", "x" * 101], "a shoe's name is at most 100 characters (this one has 101)"),
        (["shoes", "add", "red\x1b[31m"], "a shoe's name cannot hold control characters"),
    ],
)
def test_odd_shoes_are_refused_and_nothing_is_added(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert words in " ".join(result.output.split())
    assert json.loads(cli("shoes", "list", "--json").output) == []


def test_a_shoe_name_is_stored_single_spaced_and_edits_are_checked_alike(cli):
    assert cli("shoes", "add", "  Pegasus\n38\tblue ", "--default-for", "Running", "--purchase-date", "2026-01-02").exit_code == 0
    (shoe,) = json.loads(cli("shoes", "list", "--json").output)
    assert (shoe["name"], shoe["default_for"]) == ("Pegasus 38 blue", "running")
    for args, words in ((["--name", " "], "a pair needs a name"), (["--default-for", "swimming"], "not 'swimming'"), (["--start-distance", "20000km"], "at most 10,000 km")):
        result = cli("shoes", "edit", "Pegasus 38 blue", *args)
        assert result.exit_code == 1 and words in result.output, (args, result.output)
    assert json.loads(cli("shoes", "list", "--json").output) == [shoe]


@pytest.mark.parametrize(
    ("args", "listing", "words"),
    [
        (["pain", "log", "3", "--note", "x" * 2001], ["pain", "list", "--json"], "a pain entry's note is at most 2000 characters (this one has 2001)"),
        (["strength", "log", "2026-11-20", "--note", "x" * 2001], ["strength", "list", "--json"], "a session's note is at most 2000 characters"),
        (["shoes", "add", "Fresh", "--notes", "x" * 5000], ["shoes", "list", "--json"], "a shoe's note is at most 2000 characters (this one has 5000)"),
    ],
)
def test_a_pasted_wall_of_text_is_refused_as_a_note(cli, args, listing, words):
    result = cli(*args)
    assert result.exit_code == 1, result.output[:300]
    assert words in " ".join(result.output.split())
    assert json.loads(cli(*listing).output) == []
    assert cli(*args[:-1], "x" * 2000).exit_code == 0  # a long note within the limit is kept


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["alerts", "--ack", "99999999999999999999"], "no alert 99999999999999999999"),
        (["pain", "delete", "99999999999999999999"], "no pain entry 99999999999999999999"),
        (["pain", "edit", "99999999999999999999", "--score", "2"], "no pain entry 99999999999999999999"),
        (["strength", "delete", "-99999999999999999999"], "no strength session -99999999999999999999"),
        (["marker", "delete", "99999999999999999999"], "no marker 99999999999999999999"),
    ],
)
def test_an_id_too_big_for_the_store_is_no_such_entry_not_an_internal_error(cli, args, words):
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert words in result.output


def test_an_activity_file_given_as_the_store_is_called_the_wrong_file_and_left_alone(tmp_path):
    from tests.conftest import corpus_path

    fit = tmp_path / "run.fit"
    fit.write_bytes(corpus_path("sports-lib/6860622783.fit").read_bytes())
    before = fit.read_bytes()
    for args in (["pain", "list"], ["shoes", "add", "Pegasus"]):
        result = CliRunner().invoke(app, ["--db", str(fit), *args])
        assert result.exit_code == 1
        assert f"{fit} is not a runsense store: it is not an SQLite database" in " ".join(result.output.split())
        assert "Check --db or RUNSENSE_DB" in " ".join(result.output.split())
    assert fit.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.fit"]


def test_a_shoe_range_with_an_impossible_or_reversed_date_assigns_nothing(tmp_path):
    """``shoes assign PAIR --from 2026-02-30`` compared the date as text and gave the pair every
    run from February on; a reversed range silently assigned none."""
    from tests.conftest import corpus_path

    db = str(tmp_path / "s.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "import", str(corpus_path("sports-lib/6860622783.fit"))]).exit_code == 0
    assert runner.invoke(app, ["--db", db, "shoes", "add", "Pair"]).exit_code == 0
    for args, words in (
        (["--from", "2019-02-30"], "the first date (--from) must be a real day written YYYY-MM-DD, not '2019-02-30'"),
        (["--from", "2020-01-01", "--to", "2020-13-01"], "the last date (--to) must be a real day written YYYY-MM-DD, not '2020-13-01'"),
        (["--from", "2020-03-01", "--to", "2020-01-01"], "the date range ends (2020-01-01) before it starts (2020-03-01)"),
    ):
        result = runner.invoke(app, ["--db", db, "shoes", "assign", "Pair", *args])
        assert result.exit_code == 1 and words in " ".join(result.output.split()), (args, result.output)
    (shoe,) = json.loads(runner.invoke(app, ["--db", db, "shoes", "list", "--json"]).stdout)
    assert shoe["activities"] == 0
    assert runner.invoke(app, ["--db", db, "shoes", "assign", "Pair", "--from", "2020-02-01", "--to", "2020-02-02"]).exit_code == 0
    (shoe,) = json.loads(runner.invoke(app, ["--db", db, "shoes", "list", "--json"]).stdout)
    assert shoe["activities"] == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["report", "--from", "1900-01-01", "--html", "REPORT"], "the report period (--from..--to) starts (1900-01-01) before 1989-12-31"),
        (["compare", "--before", "1900-01-01..1900-02-01", "--after", "2026-01-01..2026-02-01"], "the --before period starts (1900-01-01) before 1989-12-31"),
        (["compare", "--at", "1900-01-01"], "the period after the split starts (1900-01-01) before 1989-12-31"),
    ],
)
def test_a_period_starting_before_any_watch_is_refused(cli, tmp_path, args, words):
    """A clinic report from 1900 was written, its charts stretched over 126 years."""
    report = tmp_path / "report.html"
    result = cli(*[str(report) if a == "REPORT" else a for a in args])
    assert result.exit_code == 1, result.output
    assert words in " ".join(result.output.split())
    assert not report.exists()


def test_a_reference_pace_reset_from_before_any_watch_or_from_the_future_is_refused(cli):
    for day, words in (("1900-01-01", f"the first day (--from) 1900-01-01 is {EARLY}"), ("2999-01-01", "the first day (--from) 2999-01-01 is in the future")):
        result = cli("baseline", "reset", "--from", day)
        assert result.exit_code == 1 and words in " ".join(result.output.split()), result.output


def test_a_weekly_report_of_a_week_before_any_watch_is_refused(cli):
    result = cli("report", "--week", "1900-W01")
    assert result.exit_code == 1, result.output
    assert "week 1900-W01 ended before 1989-12-31, the earliest date a watch records" in " ".join(result.output.split())
    assert cli("report", "--week", "1989-W52", "--json").exit_code == 0  # the week of the FIT epoch itself


def test_shoe_marks_past_what_any_pair_carries_are_refused_in_settings_and_per_pair(cli, tmp_path):
    from runsense.errors import ConfigError
    from runsense.settings import load_settings

    with pytest.raises(ConfigError, match=r"^--set shoes.thresholds: 'shoes.thresholds': a pair's marks are at most 10,000 km \(6,214 mi\)"):
        load_settings(tmp_path / "none.toml", env={}, flags=["shoes.thresholds=300mi,400mi,1e9mi"])
    result = cli("shoes", "add", "Big", "--alert-at", "300mi,400mi,20000km")
    assert result.exit_code == 1 and "--alert-at: a pair's marks are at most 10,000 km (6,214 mi), not 20000km" in " ".join(result.output.split())
    assert cli("shoes", "add", "Ultra", "--alert-at", "300mi,400mi,6000mi").exit_code == 0
