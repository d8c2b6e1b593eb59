"""A watch's strength activity with its sets (FIT `set` messages): read by both decoders alike,
stored, listed by `runsense activity`, counted as a strength session with its minutes, and never
counted as running load or shoe mileage. Real strength files of the corpus (without sets) too."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, strength_sessions
from runsense.cli import app
from runsense.examples.strength import PlannedSet, strength_fit_bytes
from runsense.ingest import import_paths
from runsense.model import StrengthSet
from runsense.parsers._fit_sets import exercise_category, strength_sets
from runsense.parsers.fit import _decode_fast, _decode_fitdecode, read_fit
from runsense.signal.strength import sessions_per_week, set_rows, sets_summary
from runsense.store import open_store
from tests.conftest import ROOT, corpus_path

START = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)
#: three sets of 12 push-ups with a minute's rest after each, a 60-s plank, 10 squats with 20.5 kg
SESSION = (
    PlannedSet("push_up", 40, 12, rest_s=60),
    PlannedSet("push_up", 42, 12, rest_s=60),
    PlannedSet("push_up", 45, 12, rest_s=60),
    PlannedSet("plank", 60, rest_s=30),
    PlannedSet("squat", 50, 10, 20.5),
)
EXPECTED = (
    StrengthSet(START, 40.0, "active", "push_up", 12, None),
    StrengthSet(START + timedelta(seconds=40), 60.0, "rest", "", None, None),
    StrengthSet(START + timedelta(seconds=100), 42.0, "active", "push_up", 12, None),
    StrengthSet(START + timedelta(seconds=142), 60.0, "rest", "", None, None),
    StrengthSet(START + timedelta(seconds=202), 45.0, "active", "push_up", 12, None),
    StrengthSet(START + timedelta(seconds=247), 60.0, "rest", "", None, None),
    StrengthSet(START + timedelta(seconds=307), 60.0, "active", "plank", None, None),
    StrengthSet(START + timedelta(seconds=367), 30.0, "rest", "", None, None),
    StrengthSet(START + timedelta(seconds=397), 50.0, "active", "squat", 10, 20.5),
)
#: the corpus's real strength_training files (none holds set messages): path → minutes
CORPUS_STRENGTH = {"elevate/flagged-hr.fit": 36.8, "fit-parser/user_metrics.fit": 23.6, "fit-parser/suunto-weight.fit": 80.1}
RUN = "sports-lib/6860622783.fit"  # a 10.63 km treadmill run


@pytest.fixture(scope="module")
def strength_fit() -> bytes:
    return strength_fit_bytes(START, SESSION, utc_offset=timedelta(hours=1))


def test_the_sets_are_read_exactly_with_rests_apart(strength_fit):
    (activity,) = read_fit(strength_fit, "strength.fit")
    assert (activity.meta.sport, activity.meta.sub_sport, activity.meta.decoder) == ("training", "strength_training", "fast")
    assert activity.sets == EXPECTED
    rows = set_rows(activity.sets)
    assert [(r.number, r.exercise, r.repetitions, r.weight_kg, r.duration_s) for r in rows] == [
        (1, "push up", 12, None, 40.0), (2, "push up", 12, None, 42.0), (3, "push up", 12, None, 45.0), (4, "plank", None, None, 60.0), (5, "squat", 10, 20.5, 50.0),
    ]  # fmt: skip
    assert sets_summary(activity.sets) == "5 sets (push up ×3, plank ×1, squat ×1), 4.0 min of exercise; rests not counted"
    assert not any("GPS" in issue.message for issue in activity.issues)  # a gym session has no GPS to miss


def test_fitdecode_the_fast_path_and_garmins_own_decoder_read_the_same_sets(strength_fit):
    fast, reference = _decode_fast(strength_fit), _decode_fitdecode(strength_fit)
    assert fast.sets == reference.sets  # the decoded messages, array fields included
    assert fast.sets[0]["category"] == (22, None)  # an array field: push_up, then an unused slot
    assert strength_sets(fast.sets) == strength_sets(reference.sets) == EXPECTED
    from garmin_fit_sdk import Decoder, Stream

    messages, errors = Decoder(Stream.from_byte_array(bytearray(strength_fit))).read()
    assert errors == []
    garmin = [(m["set_type"], m.get("repetitions"), m.get("weight"), m["duration"]) for m in messages["set_mesgs"]]
    assert garmin == [(s.set_type, s.repetitions, s.weight_kg, s.duration_s) for s in EXPECTED]


def test_odd_set_messages_are_read_without_guessing_wrong():
    assert exercise_category((None, None)) == ""  # no category written
    assert exercise_category((65534, 19)) == "plank"  # "unknown", then an alternative the profile names
    assert exercise_category(60_000) == ""  # a number the profile does not know
    assert exercise_category("unknown") == ""
    (no_start,) = strength_sets([{"timestamp": 1_100_000_100, "duration": 30.0, "repetitions": 8}])
    assert no_start.start_time == datetime(2024, 11, 8, 11, 34, 30, tzinfo=UTC)  # its end less its duration
    assert (no_start.set_type, no_start.category, no_start.repetitions) == ("active", "", 8)  # reps, no type: an exercise
    (bare,) = strength_sets([{"duration": 45.0}])
    assert (bare.start_time, bare.set_type) == (None, "rest")
    damaged = {"start_time": float("nan"), "timestamp": 1e300, "duration": float("inf"), "repetitions": 1e300, "weight": -3.0, "category": "x" * 200}
    assert strength_sets([damaged]) == (StrengthSet(None, None, "rest", "", None, None),)  # a float where the profile has integers: nothing kept, nothing raised


@pytest.fixture(scope="module")
def strength_store(tmp_path_factory, strength_fit):
    """A store with a default running shoe, the strength session and a real run in the same week."""
    folder = tmp_path_factory.mktemp("strength")
    (folder / "strength.fit").write_bytes(strength_fit)
    shutil.copy(corpus_path(RUN), folder / "run.fit")
    db = folder / "store.sqlite"
    with open_store(db) as store:
        store.add_shoe("Pegasus", default_for="running")
        report = import_paths(store, [folder / "strength.fit", folder / "run.fit"])
        assert not report.failed
        ids = {item["source"]: item["id"] for item in report.imported}
    return db, ids


def test_the_sets_are_stored_and_the_session_counts_with_its_minutes_but_in_no_load_or_shoe(strength_store):
    db, ids = strength_store
    with open_store(db, read_only=True) as store:
        assert store.strength_sets(ids["strength.fit"]) == list(EXPECTED)
        assert store.strength_sets(ids["run.fit"]) == []
        row = store.activity(ids["strength.fit"])
        assert (row.shoe_id, row.surface) == (None, "unknown")  # no shoe although a default running shoe exists
        assert store.activity(ids["run.fit"]).shoe_id is not None
        (session,) = strength_sessions(store)
        assert (session.local_date, session.minutes, session.activity_id) == ("2026-11-02", 7.5, ids["strength.fit"])  # the session's 447 s
        assert sessions_per_week([session]) == {"2026-W45": 1}
        assert store.shoe("Pegasus").distance_m == pytest.approx(store.activity(ids["run.fit"]).distance_m)
        analysis = analyse(store)
    assert list(analysis.runs["id"]) == [ids["run.fit"]]  # running load holds the run only
    assert analysis.weeks["distance_m"].sum() == pytest.approx(analysis.runs["distance_m"].sum())
    assert analysis.strength_per_week == {"2026-W45": 1}


def test_runsense_activity_lists_the_sets(strength_store):
    db, ids = strength_store
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "activity", ids["strength.fit"][:8]])
    assert result.exit_code == 0, result.output
    table = result.output[result.output.index("exercise") :]
    assert [line.split("│")[1:6] for line in table.splitlines() if "│" in line and "exercise" not in line] == [
        [" 1   ", " push up  ", " 12   ", " —    ", " 0:00:40 "], [" 2   ", " push up  ", " 12   ", " —    ", " 0:00:42 "],
        [" 3   ", " push up  ", " 12   ", " —    ", " 0:00:45 "], [" 4   ", " plank    ", " —    ", " —    ", " 0:01:00 "],
        [" 5   ", " squat    ", " 10   ", " 20.5 ", " 0:00:50 "],
    ]  # fmt: skip
    assert "5 sets (push up ×3, plank ×1, squat ×1)" in result.output
    detail = json.loads(runner.invoke(app, ["--db", str(db), "activity", ids["strength.fit"], "--json"]).stdout)
    assert [s["set_type"] for s in detail["sets"]].count("rest") == 4
    assert detail["sets"][-1] == {"start_time": "2026-11-02T17:06:37+00:00", "duration_s": 50.0, "set_type": "active", "category": "squat", "repetitions": 10, "weight_kg": 20.5}
    run = runner.invoke(app, ["--db", str(db), "activity", ids["run.fit"][:8]])
    assert "exercise" not in run.output  # a run has no sets table


@pytest.mark.parametrize(("path", "minutes"), CORPUS_STRENGTH.items())
def test_the_corpus_strength_files_count_as_sessions_without_sets(tmp_path, path, minutes):
    with open_store(tmp_path / "s.sqlite") as store:
        store.add_shoe("Pegasus", default_for="running")
        (imported,) = import_paths(store, [corpus_path(path)]).imported
        row = store.activity(imported["id"])
        assert (row.sport, row.sub_sport, row.shoe_id, row.surface) == ("training", "strength_training", None, "unknown")
        assert store.strength_sets(row.id) == []
        (session,) = strength_sessions(store)
        assert session.minutes == minutes
        assert analyse(store).runs.empty  # no running load


def test_a_released_store_upgrades_and_keeps_the_sets_of_a_new_strength_import(tmp_path, strength_fit):
    db = tmp_path / "v6.sqlite"
    shutil.copy(ROOT / "tests" / "fixtures" / "store_v6.sqlite", db)
    (tmp_path / "strength.fit").write_bytes(strength_fit)
    with open_store(db) as store:
        (imported,) = import_paths(store, [tmp_path / "strength.fit"]).imported
        assert store.strength_sets(imported["id"]) == list(EXPECTED)
        store.delete_activity(imported["id"])
        assert store.strength_sets(imported["id"]) == []  # the sets go with their activity



def test_the_one_real_file_with_a_set_a_yoga_session_keeps_it(tmp_path):
    """fit-parser/failed.fit (a Garmin Venu 3, yoga) holds one `set` message: a 13-minute active set,
    no exercise named. Both decoders read it alike; it is stored, and the session counts as mobility."""
    data = corpus_path("fit-parser/failed.fit").read_bytes()
    expected = (StrengthSet(datetime(2026, 1, 17, 8, 10, 42, tzinfo=UTC), 778.918, "active", "", None, None),)
    assert strength_sets(_decode_fast(data).sets) == strength_sets(_decode_fitdecode(data).sets) == expected
    with open_store(tmp_path / "s.sqlite") as store:
        (imported,) = import_paths(store, [corpus_path("fit-parser/failed.fit")]).imported
        assert store.strength_sets(imported["id"]) == list(expected)
        (session,) = strength_sessions(store)
        assert (session.kind, session.minutes) == ("mobility", 13.0)
    assert sets_summary(expected) == "1 set (unnamed exercise ×1), 13.0 min of exercise; rests not counted"


def test_a_strength_file_cut_short_keeps_the_sets_before_the_break(strength_fit):
    """A watch that died while writing its sets: fitdecode reads up to the break, nothing invented."""
    (activity,) = read_fit(strength_fit[:-150], "cut.fit")  # the lap, session, activity and the last sets lost
    assert activity.meta.decoder.startswith("fitdecode")
    assert "truncated" in {issue.code.value for issue in activity.issues}
    assert 0 < len(activity.sets) < len(EXPECTED)
    assert activity.sets == EXPECTED[: len(activity.sets)]
