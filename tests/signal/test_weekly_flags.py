"""Weekly analysis on the example story: a real drop in cadence at matched pace is flagged, a
week that was only slower is not, the spike and the fatigue are seen, and every flag explains itself."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, weekly_report
from runsense.cli import app
from runsense.errors import InvalidInputError
from runsense.guidance import DISCLAIMER
from runsense.ingest import import_paths
from runsense.signal.flags import SEVERITIES
from runsense.store import open_store
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    path = tmp_path_factory.mktemp("story") / "story.sqlite"
    with open_store(path) as store:
        import_paths(store, [EXAMPLES])
        yield path, analyse(store)


def _codes(analysis, week):
    """Every flag the week raised, the ones the §10 cap holds back from its report included."""
    return {f.code for f in analysis.flags if f.week == week}


def test_a_slower_week_is_not_a_form_change(story):
    _, analysis = story
    report = weekly_report(analysis, "2026-W34")  # week 5: every run easy at 2.6 m/s instead of 2.9
    cadence = report.form["cadence_spm"]
    assert cadence.week_average < cadence.baseline - 1.0  # raw cadence is lower...
    assert cadence.at_ref == pytest.approx(cadence.baseline, abs=1.0)  # ...but not at matched pace
    assert not {"CAD-TREND-DOWN", "VO-UP", "GCT-UP", "FORM-COMBO"} & _codes(analysis, "2026-W34")


def test_cadence_dropping_at_matched_pace_is_flagged_with_vo_and_gct(story):
    _, analysis = story
    assert {"CAD-TREND-DOWN", "VO-UP", "GCT-UP", "FORM-COMBO"} <= _codes(analysis, "2026-W41")
    flag = next(f for f in weekly_report(analysis, "2026-W41").flags if f.code == "CAD-TREND-DOWN")
    assert flag.value < flag.threshold
    assert "not just a slower week" in flag.message and "has not been shown to cause back pain" in flag.message
    assert "180" not in flag.message  # the drill target is relative, never an absolute 180


def test_the_spike_week_flags_the_long_run_and_the_ramp(story):
    _, analysis = story
    codes = _codes(analysis, "2026-W38")
    assert "SPIKE-MOD" in codes and "WK-RAMP-30" in codes
    spike = next(f for f in weekly_report(analysis, "2026-W38").flags if f.code == "SPIKE-MOD")
    assert spike.value == pytest.approx(24 / 16 - 1, abs=0.02) and spike.evidence == "COH"


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


def test_report_defaults_to_the_current_week_and_refuses_weeks_that_are_not(story):
    _, analysis = story
    report = weekly_report(analysis, today=date(2026, 11, 30))  # 5 weeks after the story's last run
    assert report.week == "2026-W49" and report.runs == 0 and report.to_dict()["disclaimer"] == DISCLAIMER
    assert report.message == "No runs this week."
    assert [t["tier"] for t in report.to_dict()["red_flag_guidance"]] == ["emergency", "urgent", "soon"]
    assert weekly_report(analysis, "2020-W01", today=date(2026, 11, 30)).distance_m == 0  # before the first run: an empty week
    for week, words in (("2026-W99", "2026 has weeks W01 to W53"), ("garbage", "write it as YYYY-Www"), ("2026-W50", "in the future")):
        with pytest.raises(InvalidInputError, match=words):
            weekly_report(analysis, week, today=date(2026, 11, 30))


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


def test_fatigue_flags_fire_past_the_threshold_only_when_the_ci_excludes_zero():
    import pandas as pd

    from runsense.signal.config import SignalConfig
    from runsense.signal.flags import fatigue_flags

    config = SignalConfig()
    drop = config.fatigue.cad_drop_spm
    changes = pd.DataFrame(
        [
            ("past", "cadence_spm", -drop - 1, -drop - 2, -drop),  # past the threshold, CI below 0: flagged
            ("unsure", "cadence_spm", -drop - 1, -drop - 3, 0.5),  # CI spans 0
            ("small", "cadence_spm", -drop + 0.5, -drop, -0.1),  # CI below 0 but not past the threshold
            ("past", "stance_time_ms", config.fatigue.gct_rise_ms + 1, 1.0, 20.0),
            ("past", "vertical_oscillation_mm", -config.fatigue.vo_change_mm - 1, -9.0, -1.0),  # either direction
            ("past", "step_length_m", 0.5, 0.4, 0.6),  # no rule for step length
        ],
        columns=["activity_id", "metric", "delta", "ci_low", "ci_high"],
    )
    flags = fatigue_flags(changes, {"past": "2026-W40", "unsure": "2026-W40", "small": "2026-W41"}, config)
    assert sorted((f.code, f.activity_id) for f in flags) == [("FAT-CAD", "past"), ("FAT-GCT", "past"), ("FAT-VO", "past")]
    cad = next(f for f in flags if f.code == "FAT-CAD")
    assert cad.week == "2026-W40" and cad.value == -drop - 1 and cad.threshold == -drop
    assert f"cadence fell {drop + 1:.1f} spm" in cad.message and "95% CI" in cad.message  # a signed change in words, never "by -4.0"
    assert fatigue_flags(changes.iloc[:0], {}, config) == []


def test_run_balance_flags_name_the_run_and_the_threshold():
    import pandas as pd

    from runsense.signal.config import SignalConfig
    from runsense.signal.flags import run_balance_flags

    config = SignalConfig()
    limit = config.gct_balance.run_dev_pp
    runs = pd.DataFrame({"id": ["a", "b", "c", "d"], "week": ["2026-W40"] * 4, "gct_balance_dev_flat_pp": [limit + 0.5, limit, None, 0.3]})
    flags = run_balance_flags(runs, config)
    assert [(f.code, f.activity_id, f.threshold) for f in flags] == [("GCTB-RUN", "a", limit)]
    assert f"{limit + 0.5:.1f} points from 50/50" in flags[0].message


def test_form_baseline_is_the_mean_of_the_previous_qualifying_weeks():
    import numpy as np

    from runsense.signal.flags import _baseline

    rng = np.random.default_rng(3)
    values = rng.normal(170, 3, 60)
    values[rng.random(60) < 0.2] = np.nan
    qualifying = rng.random(60) < 0.7
    expected, history = [], []
    for value, q in zip(values, qualifying, strict=True):  # week by week, as the spec words it
        expected.append(np.mean(history[-4:]) if len(history) >= 2 else np.nan)
        if q and np.isfinite(value):
            history.append(value)
    np.testing.assert_allclose(_baseline(values, qualifying, 4), expected, rtol=1e-12, equal_nan=True)


def test_a_week_shows_at_most_3_form_or_load_flags_and_says_how_many_more(story):
    """Spec §10: the demo's W41 raised 7 form and fatigue flags, all shown before."""
    _, analysis = story
    raised = [f for f in analysis.flags if f.week == "2026-W41"]
    assert len(raised) >= 6
    report = weekly_report(analysis, "2026-W41").to_dict()
    shown, held = report["flags"], report["flags_held_back"]
    assert len(shown) == 3
    assert held["count"] == len(raised) - 3
    assert f"{held['count']} more form or load flags this week held back" in held["note"]
    assert shown[0]["code"] == "FORM-COMBO"  # the summary of the drift is the one kept first
    severities = [SEVERITIES.index(f["severity"]) for f in shown]
    assert severities == sorted(severities, reverse=True)
    assert max(SEVERITIES.index(f.severity) for f in raised if f.code in held["codes"]) <= min(severities)


def test_the_cap_ranks_by_severity_then_evidence_and_never_holds_back_red_flags_pain_or_shoes():
    from runsense.signal.flags import Flag, cap_week

    def flag(code, severity, evidence="CONV"):
        return Flag(code, severity, "m", None, None, "", f"{code} message", evidence, "[0]", week="2026-W41")

    flags = [
        flag("FAT-CAD", "info", "SR"), flag("VO-UP", "notice"), flag("SPIKE-SMALL", "notice", "COH"), flag("GCTB-NEW", "warning"),
        flag("CAD-REL-LOW", "info", "COH/LAB"), flag("RF-EMERG", "emergency"), flag("PAIN-24H", "warning"), flag("SHOE-NOTICE", "info"),
        flag("SPIKE-MOD", "warning", "COH"),
    ]  # fmt: skip
    capped = cap_week(flags)
    assert [f.code for f in capped.shown] == ["RF-EMERG", "SPIKE-MOD", "GCTB-NEW", "PAIN-24H", "SPIKE-SMALL", "SHOE-NOTICE"]
    assert [f.code for f in capped.held_back] == ["VO-UP", "FAT-CAD", "CAD-REL-LOW"]
    assert cap_week(flags[:2]).note is None
