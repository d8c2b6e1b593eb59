"""The pain and correlation thresholds of spec §11 are settings (``[signal.pain]``,
``[signal.correlation]``) on the one settings path: shown by ``runsense settings show``, set in the
file, the environment or ``--set``, and read where each rule is computed (the pain rules, the
n-of-1 association, the MCID of ``compare``), their messages saying the threshold in effect."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.errors import ConfigError
from runsense.pain import make_entry
from runsense.pain_analysis import pain_association, pain_flags
from runsense.settings import load_settings
from runsense.signal.config import CorrelationConfig, PainConfig

NOW = datetime(2026, 11, 30, 12)
MONDAY = date(2026, 11, 2)
ENV = {"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml", "COLUMNS": "200"}


def _entry(score: int, day: date, timing: str = "morning"):
    return make_entry(score, when=datetime.combine(day, datetime.min.time()).replace(hour=7), timing=timing, now=NOW)


def test_settings_show_lists_the_pain_and_correlation_thresholds(tmp_path):
    shown = CliRunner().invoke(app, ["--db", str(tmp_path / "db.sqlite"), "settings", "show", "--json"], env=ENV)
    assert shown.exit_code == 0, shown.output
    values = {item["key"]: item["value"] for item in json.loads(shown.stdout)} if shown.stdout.lstrip().startswith("[") else json.loads(shown.stdout)
    text = json.dumps(values)
    for key in ("signal.pain.mcid_points", "signal.pain.during_run_max", "signal.pain.persist14_min_days", "signal.pain.stiffness_rise_min",
                "signal.correlation.min_pairs", "signal.correlation.max_lag_days", "signal.correlation.fdr_q"):  # fmt: skip
        assert key in text


def test_each_layer_sets_a_pain_threshold(tmp_path):
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text("[signal.pain]\nduring_run_max = 6\n")
    assert load_settings(settings_file, env={}).signal.pain.during_run_max == 6.0
    assert load_settings(settings_file, env={"RUNSENSE_SIGNAL_PAIN_DURING_RUN_MAX": "7"}).signal.pain.during_run_max == 7.0
    assert load_settings(settings_file, env={}, flags=["signal.correlation.min_pairs=14"]).signal.correlation.min_pairs == 14
    with pytest.raises(ConfigError, match=r"^--set signal\.pain\.mcid_points: 'signal\.pain\.mcid_points' must be a number from 0.5 to 10, not -1"):
        load_settings(tmp_path / "none.toml", env={}, flags=["signal.pain.mcid_points=-1"])


def test_pain_during_a_run_follows_its_setting():
    entries = [_entry(6, MONDAY + timedelta(days=1), "during-run")]
    assert [f.code for f in pain_flags(entries, [], MONDAY, MONDAY + timedelta(days=6))] == ["PAIN-DURING"]
    assert pain_flags(entries, [], MONDAY, MONDAY + timedelta(days=6), PainConfig(during_run_max=6)) == []
    (flag,) = pain_flags([_entry(4, MONDAY + timedelta(days=1), "during-run")], [], MONDAY, MONDAY + timedelta(days=6), PainConfig(during_run_max=3))
    assert flag.threshold == 3.0 and "allows up to 3" in flag.message


def test_persistent_pain_follows_its_settings():
    days = [MONDAY + timedelta(days=i) for i in range(7)]
    entries = [_entry(3, d) for d in days[:4]]  # 4 days of 3/10 in a week: under the 5 of PAIN-PERSIST-7
    end = MONDAY + timedelta(days=6)
    assert not [f for f in pain_flags(entries, [], MONDAY, end) if f.code.startswith("PAIN-PERSIST")]
    (flag,) = [f for f in pain_flags(entries, [], MONDAY, end, PainConfig(persist7_min_days=4)) if f.code.startswith("PAIN-PERSIST")]
    assert flag.code == "PAIN-PERSIST-7" and flag.threshold == 4.0
    assert not [f for f in pain_flags(entries, [], MONDAY, end, PainConfig(persist7_min_days=4, persist_pain_min=4)) if f.code.startswith("PAIN-PERSIST")]


def test_the_next_morning_rule_uses_the_mcid_setting():
    run_day = MONDAY + timedelta(days=2)
    entries = [_entry(2, run_day), _entry(4, run_day + timedelta(days=1))]  # +2: the MCID
    assert [f.code for f in pain_flags(entries, [run_day.isoformat()], MONDAY, MONDAY + timedelta(days=6))] == ["PAIN-24H"]
    assert pain_flags(entries, [run_day.isoformat()], MONDAY, MONDAY + timedelta(days=6), PainConfig(mcid_points=3)) == []


def _series(days: int = 40):
    index = pd.date_range("2026-09-01", periods=days, freq="D")
    rng = np.random.default_rng(3)
    distance = pd.Series(np.where(np.arange(days) % 2 == 0, rng.uniform(5, 15, days), 0.0), index=index)
    pain = pd.Series(rng.integers(0, 6, days).astype(float), index=index + pd.Timedelta(days=1))
    return pd.DataFrame({"distance_km": distance}), pain


def test_the_association_needs_the_pairs_its_setting_asks_for():
    exposures, pain = _series(20)
    assert "needs 28" in pain_association(exposures, pain).reason
    report = pain_association(exposures, pain, CorrelationConfig(min_pairs=14, min_run_days=5))
    assert report.enough_data and {a.lag_days for a in report.associations} <= {0, 1, 2, 3}
    fewer = pain_association(exposures, pain, CorrelationConfig(min_pairs=14, min_run_days=5, max_lag_days=1))
    assert {a.lag_days for a in fewer.associations} <= {0, 1}


def test_compare_judges_the_pain_change_by_the_mcid_setting(tmp_path):
    """Mornings of 5/10 before and 6/10 after: not a change that matters at the spec's 2 points or
    30 %, one at 1 point."""
    db = str(tmp_path / "db.sqlite")
    for day in range(14):
        for args in (["pain", "log", "5", "--timing", "morning", "--date", f"{date(2026, 10, 1) + timedelta(days=day)}", "--time", "07:00"],
                     ["pain", "log", "6", "--timing", "morning", "--date", f"{date(2026, 10, 15) + timedelta(days=day)}", "--time", "07:00"]):  # fmt: skip
            assert CliRunner().invoke(app, ["--db", db, *args], env=ENV).exit_code == 0
    periods = ["compare", "--before", "2026-10-01..2026-10-14", "--after", "2026-10-15..2026-10-28", "--json"]
    spec = json.loads(CliRunner().invoke(app, ["--db", db, *periods], env=ENV).stdout)
    assert spec["pain_change_matters"] is False
    loose = json.loads(CliRunner().invoke(app, ["--db", db, "--set", "signal.pain.mcid_points=1", *periods], env=ENV).stdout)
    assert loose["pain_change_matters"] is True


def test_defaults_are_the_spec_values():
    assert (PainConfig().mcid_points, PainConfig().mcid_pct, PainConfig().during_run_max, PainConfig().persist_pain_min) == (2.0, 30.0, 5.0, 3.0)
    assert replace(CorrelationConfig()) == CorrelationConfig(window_days=56, min_pairs=28, min_run_days=10, min_neff=20.0, min_outcome_sd=0.5,
                                                                 max_lag_days=3, min_abs_rho=0.3, fdr_q=0.10)  # fmt: skip


def test_a_pain_alert_fires_once_whatever_the_threshold_its_message_names(tmp_path):
    """PAIN-IMPROVING's words end with the MCID in effect ("2 points or 30%"): read with another
    MCID, the same week's easing was raised again as a new alert, once per setting tried."""
    from runsense.alerts import refresh_alerts
    from runsense.store import open_store

    start = date(2026, 10, 1)
    with open_store(tmp_path / "db.sqlite") as store:
        for day in range(21):
            store.add_pain(_entry(5 if day < 14 else 2, start + timedelta(days=day)))
        first = [a for a in refresh_alerts(store, load_settings(tmp_path / "none.toml", env={})) if a.kind == "pain"]
        assert [a.payload["code"] for a in first] == ["PAIN-IMPROVING"] and "2 points or 30%" in first[0].text("km")
        for flags in (["signal.pain.mcid_points=1.5", "signal.pain.mcid_pct=25"], ["signal.pain.mcid_points=1"]):
            assert [a for a in refresh_alerts(store, load_settings(tmp_path / "none.toml", env={}, flags=flags)) if a.kind == "pain"] == []
        assert [a.payload["code"] for a in store.alerts(include_acknowledged=True) if a.kind == "pain"] == ["PAIN-IMPROVING"]


def test_a_threshold_of_one_point_is_one_point():
    entries = [_entry(5, MONDAY - timedelta(days=14) + timedelta(days=i)) for i in range(14)] + [_entry(2, MONDAY + timedelta(days=i)) for i in range(7)]
    (flag,) = pain_flags(entries, [], MONDAY, MONDAY + timedelta(days=6), PainConfig(mcid_points=1))
    assert flag.code == "PAIN-IMPROVING" and "1 point or 30%" in flag.message, flag.message
