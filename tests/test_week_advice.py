"""The advice followed through where the runner looks: strength sessions against the target, the
week's surfaces and climbing, and the cadence plan's step, in `runsense report` (text and JSON).
A real store of the example story's FIT files, corrected and logged through the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.plan import CadencePlan
from runsense.store import open_store
from tests.conftest import EXAMPLES

WEEK = "2026-W41"  # Monday 2026-10-05


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    folder = tmp_path_factory.mktemp("advice")
    db = folder / "story.sqlite"
    runner = CliRunner()

    def cli(*args: str):
        return runner.invoke(app, ["--db", str(db), *args], env={"RUNSENSE_SETTINGS": str(folder / "settings.toml"), "COLUMNS": "200"})

    assert cli("import", str(EXAMPLES)).exit_code == 0
    for day in ("2026-10-06", "2026-10-08"):
        assert cli("strength", "log", day, "--minutes", "25", "--kind", "core").exit_code == 0
    report = json.loads(cli("report", "--week", WEEK, "--json").stdout)
    longest = max(report["activities"], key=lambda a: a["distance_m"])
    assert cli("activity", longest["id"][:8], "--surface", "trail").exit_code == 0
    return cli, db, longest


def _plan(db, baseline_spm: float) -> None:
    with open_store(db) as store:
        store.start_cadence_plan(CadencePlan(baseline_spm=baseline_spm, reference_speed_mps=2.87, start_week="2026-W40"))


def test_the_weeks_strength_and_surface_in_the_report(story):
    cli, _, longest = story
    report = json.loads(cli("report", "--week", WEEK, "--json").stdout)
    assert report["strength"] == {"sessions": 2, "target_per_week": [2, 3]}
    trail = longest["distance_m"] / report["distance_m"]
    assert report["terrain"]["surfaces"] == {"trail": pytest.approx(trail), "road": pytest.approx(1 - trail)}
    text = cli("report", "--week", WEEK).stdout
    assert "2 strength or core sessions (within the target of 2–3 a week)" in text
    assert f"road {1 - trail:.0%} · trail {trail:.0%}; climbing" in text
    quiet = cli("report", "--week", "2026-W40").stdout
    assert "0 strength or core sessions (under the target of 2–3 a week)" in quiet


def test_the_plans_step_is_judged_in_the_week_hit_or_not_yet(story):
    cli, db, _ = story
    _plan(db, 160.0)  # targets 168, 176: the week's 164 spm at reference pace is short of step 1
    plan = json.loads(cli("report", "--week", WEEK, "--json").stdout)["cadence_plan"]
    assert (plan["step"], plan["target_spm"], plan["status"], plan["targets_spm"]) == (1, 168, "not yet", [168, 176])
    assert plan["cadence_at_ref_spm"] == pytest.approx(164, abs=1)
    assert "step 1: 168 spm (metronome 168); this week 16" in cli("report", "--week", WEEK).stdout
    _plan(db, 150.0)  # targets 158, 165: reached
    plan = json.loads(cli("report", "--week", WEEK, "--json").stdout)["cadence_plan"]
    assert (plan["target_spm"], plan["status"]) == (158, "hit")
    assert ": hit" in cli("report", "--week", WEEK).stdout
    assert json.loads(cli("report", "--week", "2026-W39", "--json").stdout)["cadence_plan"] is None  # before the plan
