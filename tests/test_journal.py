"""Strength and core sessions (logged and from the watch), STRENGTH-LOW, and markers."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, strength_sessions
from runsense.cli import app
from runsense.errors import InvalidInputError
from runsense.ingest import import_paths
from runsense.journal import StrengthSession, make_marker, make_strength_session, strength_kind
from runsense.signal.strength import sessions_per_week, strength_flags
from runsense.store import open_store
from tests.conftest import corpus_path

TODAY = date(2026, 11, 30)
#: real strength activities from watches: a Garmin fenix 3 and a Suunto Race 2 ("weight" session)
STRENGTH_FILES = ["elevate/flagged-hr.fit", "fit-parser/suunto-weight.fit"]
RUN = "connectstats/track_cs_544406.fit"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-11-20", -5, "core"), "minutes must be at least 5"),
        (("2026-11-20", 0, "core"), "minutes must be at least 5"),
        (("2026-11-20", 600, "core"), "at most 240"),
        (("2026-11-20", 20, "yoga"), "unknown strength kind 'yoga'"),
        (("2026-12-01", 20, "core"), "in the future"),
        (("20/11/2026", 20, "core"), "YYYY-MM-DD"),
    ],
)
def test_bad_strength_sessions_are_refused(args, message):
    with pytest.raises(InvalidInputError, match=message):
        make_strength_session(*args, today=TODAY)


def test_a_marker_needs_words_a_known_kind_and_a_past_date():
    assert make_marker("2026-11-02", "  started   cadence work ", "Cadence", today=TODAY).label == "started cadence work"
    with pytest.raises(InvalidInputError, match="a few words"):
        make_marker("2026-11-02", "   ", today=TODAY)
    with pytest.raises(InvalidInputError, match="unknown marker kind"):
        make_marker("2026-11-02", "x", "massage", today=TODAY)
    with pytest.raises(InvalidInputError, match="in the future"):
        make_marker("2026-12-02", "x", today=TODAY)


def test_strength_activities_from_real_watches_count_as_sessions_and_not_as_running(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        store.add_shoe("Pegasus", default_for="running")
        report = import_paths(store, [corpus_path(p) for p in [*STRENGTH_FILES, RUN]], workers=1)
        assert len(report.imported) == 3
        kinds = {a.source_name: (a.sport, a.sub_sport) for a in store.activities()}
        assert kinds["flagged-hr.fit"] == ("training", "strength_training")
        sessions = strength_sessions(store)
        assert [s.kind for s in sessions] == ["other", "other"]
        assert len(sessions) == 2
        assert all(s.activity_id for s in sessions)
        assert sessions[0].minutes == pytest.approx(2208 / 60, abs=0.1)  # the fenix 3 session's 36.8 min
        analysis = analyse(store)
        assert len(analysis.runs) == 1  # strength is not running load
        assert sum(analysis.strength_per_week.values()) == 2
        shoe = store.shoe("Pegasus")
        run = next(a for a in store.activities() if a.sport == "running")
        assert shoe.distance_m == pytest.approx(run.distance_m)  # no strength session on the shoe


def test_strength_kind_of_watch_activities():
    assert strength_kind("training", "strength_training") == "other"
    assert strength_kind("training", "yoga") == "mobility"
    assert strength_kind("weight_training", "generic") == "other"
    assert strength_kind("running", "generic") is None
    assert strength_kind("training", "cardio_training") is None


def test_strength_low_after_two_weeks_under_target_and_only_once_the_log_is_used():
    weeks = ["2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44", "2026-W45"]
    assert strength_flags({}, weeks) == []  # never logged: no nagging
    days = ["2026-09-28", "2026-10-01", "2026-10-05", "2026-10-08", "2026-10-15", "2026-11-03", "2026-11-05"]  # 2, 2, 1, 0, 2
    counts = sessions_per_week([StrengthSession(d, 20, "core") for d in days])
    assert counts == {"2026-W40": 2, "2026-W41": 2, "2026-W42": 1, "2026-W45": 2}
    flags = strength_flags(counts, weeks)
    assert [(f.week, f.value) for f in flags] == [("2026-W43", 0.0), ("2026-W44", 0.0)]  # W42 (1), W43 (0), W44 (0): under 2 twice in a row
    assert flags[0].severity == "info"
    assert "no session of strength or core work this week and 1 session the week before" in flags[0].message
    assert "Information, not a diagnosis" in flags[0].message


def test_cli_strength_and_markers_round_trip_and_refuse_bad_input(tmp_path):
    db = str(tmp_path / "j.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "strength", "log", "2026-11-20", "--minutes", "25", "--kind", "glutes", "--note", "[/bold] bridges"]).exit_code == 0
    for bad in (["--minutes", "-3"], ["--kind", "yoga"]):
        result = runner.invoke(app, ["--db", db, "strength", "log", "2026-11-21", *bad])
        assert result.exit_code == 1
        assert "error:" in result.output
    listed = json.loads(runner.invoke(app, ["--db", db, "strength", "list", "--json"]).output)
    assert [(s["local_date"], s["minutes"], s["kind"], s["note"]) for s in listed] == [("2026-11-20", 25.0, "glutes", "[/bold] bridges")]
    assert "[/bold] bridges" in runner.invoke(app, ["--db", db, "strength", "list"]).output  # stored text is shown, not read as markup
    assert runner.invoke(app, ["--db", db, "marker", "add", "2026-11-02", "started cadence work", "--kind", "cadence"]).exit_code == 0
    future = runner.invoke(app, ["--db", db, "marker", "add", "2999-01-01", "later"])
    assert future.exit_code == 1
    assert "in the future" in future.output
    markers = json.loads(runner.invoke(app, ["--db", db, "marker", "list", "--json"]).output)
    assert [(m["local_date"], m["label"], m["kind"]) for m in markers] == [("2026-11-02", "started cadence work", "cadence")]
    assert runner.invoke(app, ["--db", db, "marker", "delete", str(markers[0]["id"])]).exit_code == 0
    missing = runner.invoke(app, ["--db", db, "marker", "delete", "99"])
    assert missing.exit_code == 1
    assert "no marker 99" in missing.output


def test_the_demo_story_follows_the_advice_through(tmp_path):
    """Core work twice a week drops off before the spike and comes back with the cadence work; the
    markers and the cadence plan stand where the story changes."""
    from runsense.demo import build_demo
    from runsense.settings import Settings

    db = tmp_path / "demo.sqlite"
    build_demo(db, settings=Settings())
    with open_store(db) as store:
        per_week = sessions_per_week(strength_sessions(store))
        assert per_week["2026-W30"] == 2
        assert "2026-W38" not in per_week
        assert per_week["2026-W44"] == 3
        assert [(m.local_date, m.kind) for m in store.markers()] == [("2026-10-12", "shoes"), ("2026-10-19", "cadence")]
        plan = store.cadence_plan()
        assert plan.start_week == "2026-W43"
        assert 160 < plan.baseline_spm < 170  # the drifted cadence the plan starts from
        low = [f.week for f in analyse(store).flags if f.code == "STRENGTH-LOW"]
    assert low[0] == "2026-W38"  # W37 (1 session) then W38 (none): the second week under target
    assert "2026-W44" not in low


def test_ostrc_o2_scores_and_definition_of_a_substantial_problem():
    from runsense.ostrc import make_checkin

    mild = make_checkin("2026-W40", 1, 1, 0, 1)
    assert mild.score == 8 + 6 + 0 + 8
    assert not mild.substantial
    assert make_checkin("2026-W40", 1, 1, 2, 2).score == 44
    assert make_checkin("2026-W40", 1, 2, 0, 1).substantial  # volume reduced to a moderate extent
    out = make_checkin("2026-W40", 3, None, None, None)  # could not take part: the rest follows
    assert (out.volume, out.performance, out.symptoms, out.score, out.substantial) == (4, 4, 3, 100, True)
    for args, message in (
        (("2026-W40", 4, 0, 0, 0), "participation answer must be one of 0 = full participation"),
        (("2026-W40", 0, 5, 0, 0), "volume answer"),
        (("2026-W40", 0, 0, 0, None), "symptoms question needs an answer from 0 to 3"),
        (("2026-W99", 0, 0, 0, 0), "not an ISO week"),
        (("2999-W01", 0, 0, 0, 0), "has not started yet"),
    ):
        with pytest.raises(InvalidInputError, match=message):
            make_checkin(*args)


def test_cli_checkin_stores_one_per_week_and_reaches_the_weekly_report(tmp_path):
    db = str(tmp_path / "c.sqlite")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "import", str(corpus_path(RUN))]).exit_code == 0
    with open_store(db) as store:
        week = analyse(store).week_ids[-1]
    first = ["--db", db, "checkin", "--week", week, "--participation", "1", "--volume", "1", "--performance", "0", "--symptoms", "1"]
    assert "score 22/100, no substantial problem" in runner.invoke(app, first).output
    again = runner.invoke(app, ["--db", db, "checkin", "--week", week, "--participation", "2", "--volume", "2", "--performance", "2", "--symptoms", "2", "--json"])
    assert json.loads(again.output)["score"] == 17 + 13 + 13 + 17
    bad = runner.invoke(app, ["--db", db, "checkin", "--week", week, "--participation", "9", "--volume", "0", "--performance", "0", "--symptoms", "0"])
    assert bad.exit_code == 1
    assert "participation answer must be one of" in bad.output
    with open_store(db) as store:
        assert [c.score for c in store.checkins()] == [60]  # one per week: the second replaced the first, the bad one stored nothing
    report = json.loads(runner.invoke(app, ["--db", db, "report", "--week", week, "--json"]).output)
    assert report["ostrc"]["score"] == 60
    assert report["ostrc"]["substantial"]
