"""Weekly analysis on the example story: a real drop in cadence at matched pace is flagged, a
week that was only slower is not, the spike and the fatigue are seen, and every flag explains itself."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, weekly_report
from runsense.cli import app
from runsense.errors import NotFoundError
from runsense.guidance import DISCLAIMER
from runsense.ingest import import_paths
from runsense.store import open_store
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    path = tmp_path_factory.mktemp("story") / "story.sqlite"
    with open_store(path) as store:
        import_paths(store, [EXAMPLES])
        yield path, analyse(store)


def _codes(analysis, week):
    return {f["code"] for f in weekly_report(analysis, week)["flags"]}


def test_a_slower_week_is_not_a_form_change(story):
    _, analysis = story
    report = weekly_report(analysis, "2026-W34")  # week 5: every run easy at 2.6 m/s instead of 2.9
    cadence = report["form"]["cadence_spm"]
    assert cadence["week_average"] < cadence["baseline"] - 1.0  # raw cadence is lower...
    assert cadence["at_ref"] == pytest.approx(cadence["baseline"], abs=1.0)  # ...but not at matched pace
    assert not {"CAD-TREND-DOWN", "VO-UP", "GCT-UP", "FORM-COMBO"} & _codes(analysis, "2026-W34")


def test_cadence_dropping_at_matched_pace_is_flagged_with_vo_and_gct(story):
    _, analysis = story
    assert {"CAD-TREND-DOWN", "VO-UP", "GCT-UP", "FORM-COMBO"} <= _codes(analysis, "2026-W41")
    flag = next(f for f in weekly_report(analysis, "2026-W41")["flags"] if f["code"] == "CAD-TREND-DOWN")
    assert flag["value"] < flag["threshold"]
    assert "not just a slower week" in flag["message"] and "has not been shown to cause back pain" in flag["message"]
    assert "180" not in flag["message"]  # the drill target is relative, never an absolute 180


def test_the_spike_week_flags_the_long_run_and_the_ramp(story):
    _, analysis = story
    codes = _codes(analysis, "2026-W38")
    assert "SPIKE-MOD" in codes and "WK-RAMP-30" in codes
    spike = next(f for f in weekly_report(analysis, "2026-W38")["flags"] if f["code"] == "SPIKE-MOD")
    assert spike["value"] == pytest.approx(24 / 16 - 1, abs=0.02) and spike["evidence"] == "COH"


def test_recovery_weeks_are_quiet(story):
    _, analysis = story
    assert not _codes(analysis, "2026-W44")


def test_long_runs_after_the_spike_show_fatigue(story):
    _, analysis = story
    assert "FAT-CAD" in _codes(analysis, "2026-W40")
    assert "FAT-CAD" not in _codes(analysis, "2026-W33")


def test_every_flag_is_an_explanation(story):
    _, analysis = story
    assert analysis.flags
    for flag in analysis.flags:
        assert flag.severity in {"info", "notice", "warning"}
        assert flag.evidence and flag.reference and len(flag.message) > 60
        assert "cause" not in flag.message.replace("not been shown to cause", "").replace("causes", "")


def test_report_defaults_to_the_latest_week_and_refuses_unknown_weeks(story):
    _, analysis = story
    report = weekly_report(analysis)
    assert report["week"] == "2026-W45" and report["disclaimer"] == DISCLAIMER
    assert [t["tier"] for t in report["red_flag_guidance"]] == ["emergency", "urgent", "soon"]
    with pytest.raises(NotFoundError, match="2026-W30 to 2026-W45"):
        weekly_report(analysis, "2020-W01")


def test_report_cli_json_has_the_flag_fields(story):
    path, _ = story
    result = CliRunner().invoke(app, ["--db", str(path), "report", "--week", "2026-w41", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["week"] == "2026-W41" and report["runs"] == 4
    for flag in report["flags"]:
        assert {"code", "severity", "metric", "value", "threshold", "message"} <= set(flag)
    human = CliRunner().invoke(app, ["--db", str(path), "report", "--week", "2026-W41"])
    assert "CAD-TREND-DOWN" in human.stdout and "not a medical device" in human.stdout


def test_report_on_an_empty_store_says_what_to_do(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "empty.sqlite"), "report"])
    assert result.exit_code == 0 and "import your watch files" in result.stdout
