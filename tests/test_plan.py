"""The cadence plan (spec §2.4): steps from the runner's own cadence, judged at matched pace, and
the FIT workout file that carries the current step to the watch."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import fitdecode
import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.errors import InvalidInputError
from runsense.ingest import import_paths
from runsense.plan import CadencePlan, follow, iso_weeks, start_plan
from runsense.store import open_store
from runsense.workout import cadence_workout
from tests.conftest import corpus_path


@pytest.mark.parametrize(
    ("baseline", "targets"),
    [(162, (170, 178)), (150, (158, 165)), (171.4, (180, 188)), (158.2, (166, 174))],
)
def test_steps_of_five_percent_capped_at_ten(baseline, targets):
    plan = CadencePlan(baseline, 3.0, "2026-W40")
    assert plan.targets_spm == targets
    assert max(plan.targets_spm) <= baseline * 1.10


def test_a_plan_starts_from_the_mean_of_the_last_four_weeks_at_matched_pace():
    weekly = {"2026-W30": 150.0, "2026-W31": 161.0, "2026-W32": 162.0, "2026-W33": 163.0, "2026-W34": 162.0, "2026-W36": 175.0}
    plan = start_plan(weekly, 2.9, "2026-W35")
    assert plan.baseline_spm == 162.0  # W31–W34; W30 is older, W36 after the start
    assert plan.targets_spm == (170, 178)


def test_no_matched_pace_cadence_is_a_clear_error():
    with pytest.raises(InvalidInputError, match="no cadence at matched pace yet"):
        start_plan({}, float("nan"), "2026-W35")
    with pytest.raises(InvalidInputError, match="not an ISO week"):
        start_plan({"2026-W30": 160.0}, 3.0, "2026-W99")


def test_a_step_is_held_two_weeks_and_reached_before_the_next():
    plan = CadencePlan(162.0, 3.0, "2026-W40")
    weekly = {"2026-W40": 166.0, "2026-W41": 169.2, "2026-W42": 171.0, "2026-W43": 174.0, "2026-W45": 177.5, "2026-W46": 178.0, "2026-W47": 178.4}
    progress = follow(plan, weekly, "2026-W47")
    assert [(w.week, w.step, w.target_spm, w.status) for w in progress.weeks] == [
        ("2026-W40", 1, 170, "not yet"),
        ("2026-W41", 1, 170, "hit"),  # within 1 spm of the target
        ("2026-W42", 2, 178, "not yet"),  # held 2 weeks, reached in the latest: step 2
        ("2026-W43", 2, 178, "not yet"),
        ("2026-W44", 2, 178, "no data"),
        ("2026-W45", 2, 178, "hit"),
        ("2026-W46", 2, 178, "hit"),
        ("2026-W47", 2, 178, "hit"),  # the cap: no step 3
    ]
    assert progress.complete
    assert progress.next_step_spm is None


def test_a_step_not_reached_is_not_left():
    plan = CadencePlan(162.0, 3.0, "2026-W40")
    progress = follow(plan, dict.fromkeys(iso_weeks("2026-W40", "2026-W46"), 165.0), "2026-W46")
    assert {w.step for w in progress.weeks} == {1}
    assert progress.target_spm == 170
    assert progress.next_step_spm == 178
    assert not progress.complete


def test_weeks_run_across_the_new_year():
    assert iso_weeks("2026-W52", "2027-W02") == ["2026-W52", "2026-W53", "2027-W01", "2027-W02"]


def test_the_workout_file_decodes_with_fitdecode_and_holds_the_cadence_range():
    data = cadence_workout(170, created=datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    messages = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                messages.setdefault(frame.name, []).append({f.name: f.value for f in frame.fields})
    assert messages["file_id"][0]["type"] == "workout"
    assert messages["file_id"][0]["time_created"] == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    workout = messages["workout"][0]
    assert workout["sport"] == "running"
    assert workout["num_valid_steps"] == len(messages["workout_step"]) == 2
    warmup, run = messages["workout_step"]
    assert (warmup["duration_type"], warmup["duration_time"], warmup["target_type"]) == ("time", 600.0, "open")
    assert (run["duration_type"], run["target_type"]) == ("open", "cadence")
    # the profile's unit is rpm, per leg for running: 170 ± 3 spm → 83–87 strides/min
    assert (run["custom_target_cadence_low"], run["custom_target_cadence_high"]) == (83, 87)


@pytest.fixture
def real_store(tmp_path):
    """Three weeks of real device runs with running dynamics (a Forerunner 955 with a Stryd pod)."""
    path = tmp_path / "plan.sqlite"
    with open_store(path) as store:
        report = import_paths(store, [corpus_path("GoldenCheetah/Fr955v19.28andStryd.fit"), corpus_path("connectstats/track_cs_544406.fit"), corpus_path("elevate/portland.fit")], workers=1)
        assert len(report.imported) == 3
    return path


def test_cli_plan_with_a_missing_workout_folder_changes_nothing(real_store, tmp_path):
    result = CliRunner().invoke(app, ["--db", str(real_store), "plan", "cadence", "--workout", str(tmp_path / "no" / "easy.fit")])
    assert result.exit_code == 1
    assert "folder" in result.output
    assert "does not exist" in result.output
    with open_store(real_store) as store:
        assert store.cadence_plan() is None


def test_cli_plan_on_an_empty_store_says_what_is_missing(tmp_path):
    db = tmp_path / "empty.sqlite"
    result = CliRunner().invoke(app, ["--db", str(db), "plan", "cadence"])
    assert result.exit_code == 1
    assert "no cadence at matched pace yet" in result.output
    with open_store(db) as store:
        assert store.cadence_plan() is None


def test_cli_plan_starts_shows_and_writes_the_workout(real_store, tmp_path):
    runner = CliRunner()
    first = runner.invoke(app, ["--db", str(real_store), "plan", "cadence", "--json"])
    assert first.exit_code == 0, first.output
    started = json.loads(first.output)
    assert started["started_now"]
    baseline = started["plan"]["baseline_spm"]
    assert 140 < baseline < 200
    assert started["plan"]["targets_spm"][0] == round(baseline * 1.05)
    workout = tmp_path / "easy-run.fit"
    again = runner.invoke(app, ["--db", str(real_store), "plan", "cadence", "--workout", str(workout)])
    assert again.exit_code == 0, again.output
    assert "since" in again.output
    assert f"{started['target_spm']} spm" in again.output
    assert "Metronome" in again.output
    assert workout.read_bytes()[8:12] == b".FIT"
    refused = runner.invoke(app, ["--db", str(real_store), "plan", "cadence", "--workout", str(workout)])
    assert refused.exit_code == 1
    assert "--force" in refused.output
    assert runner.invoke(app, ["--db", str(real_store), "plan", "cadence", "--stop"]).exit_code == 0
    with open_store(real_store) as store:
        assert store.cadence_plan() is None
