"""One settings path: defaults < settings file < environment < ``--set`` flags, the ``[signal.*]``
thresholds included, each reaching the analysis it configures (on real device files)."""

from __future__ import annotations

import ast
import json
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.errors import ConfigError
from runsense.settings import keys, load_settings
from runsense.signal.config import SignalConfig
from tests.conftest import ROOT, corpus_path
from tests.test_cli_start import heavy, loaded_modules

MIB = 1024 * 1024
#: a real Forerunner 920XT run whose ground-contact balance is 2.13 pp off 50/50: under the spec's
#: GCTB-RUN threshold (2.2 pp), over 2.0
BALANCED_RUN = corpus_path("GoldenCheetah/Garmin920_withFirstbeat.fit")
BALANCED_RUN_WEEK = "2019-W01"
TREND_DROP = "signal.cadence.trend_drop_spm"
TREND_DROP_ENV = "RUNSENSE_SIGNAL_CADENCE_TREND_DROP_SPM"


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


class TestPrecedence:
    def test_each_layer_overrides_the_one_before_for_a_threshold_and_a_limit(self, tmp_path):
        path = _file(tmp_path, "[signal.cadence]\ntrend_drop_spm = 4\n[limits]\nmax_file_mb = 10\n")
        env = {TREND_DROP_ENV: "5", "RUNSENSE_LIMITS_MAX_FILE_MB": "20"}
        flags = [f"{TREND_DROP}=6", "limits.max_file_mb=30"]

        default = load_settings(tmp_path / "none.toml", env={})
        assert (default.signal.cadence.trend_drop_spm, default.limits.max_file_bytes, dict(default.origins)) == (3.0, 64 * MIB, {})
        from_file = load_settings(path, env={})
        assert (from_file.signal.cadence.trend_drop_spm, from_file.limits.max_file_bytes) == (4.0, 10 * MIB)
        from_env = load_settings(path, env=env)
        assert (from_env.signal.cadence.trend_drop_spm, from_env.limits.max_file_bytes) == (5.0, 20 * MIB)
        from_flags = load_settings(path, env=env, flags=flags)
        assert (from_flags.signal.cadence.trend_drop_spm, from_flags.limits.max_file_bytes) == (6.0, 30 * MIB)

        assert from_file.origins == {TREND_DROP: f"file {path}", "limits.max_file_mb": f"file {path}"}
        assert from_env.origins == {TREND_DROP: f"environment {TREND_DROP_ENV}", "limits.max_file_mb": "environment RUNSENSE_LIMITS_MAX_FILE_MB"}
        assert from_flags.origins == {TREND_DROP: "flag --set", "limits.max_file_mb": "flag --set"}
        # a layer changes only what it names: the rest of the section keeps its default
        assert from_flags.signal.cadence.rel_low_delta_spm == SignalConfig().cadence.rel_low_delta_spm

    def test_values_of_every_shape(self, tmp_path):
        path = _file(tmp_path, '[signal.cadence]\nband_spm = [165, 175]\nv_ref_mps = 2.778\nmin_segments = 12\n[signal]\nsegment_s = 20\n')
        loaded = load_settings(path, env={"RUNSENSE_SIGNAL_LOAD_SPIKE_BANDS": "[0.2, 0.4, 1.2]"})
        assert loaded.signal.cadence.band_spm == (165.0, 175.0)
        assert loaded.signal.cadence.v_ref_mps == 2.778
        assert loaded.signal.cadence.min_segments == 12
        assert loaded.signal.segment_s == 20.0
        assert loaded.signal.load.spike_bands == (0.2, 0.4, 1.2)
        assert load_settings(path, env={}, flags=['signal.cadence.v_ref_mps="auto"']).signal.cadence.v_ref_mps is None
        assert load_settings(path, env={}, flags=["signal.cadence.v_ref_mps=auto"]).signal.cadence.v_ref_mps is None
        assert load_settings(path, env={}, flags=["signal.cadence.band_spm=160, 170"]).signal.cadence.band_spm == (160.0, 170.0)

    def test_with_nothing_set_the_quick_defaults_equal_every_key_at_its_default(self, tmp_path):
        """No file, no variable, no flag: the settings are made without the table of keys, and
        are exactly what loading every key at its default gives (an unknown RUNSENSE_ variable
        takes the whole path and changes nothing)."""
        none = tmp_path / "none.toml"
        quick, whole = load_settings(none, env={}), load_settings(none, env={"RUNSENSE_NOT_A_SETTING": "1"})
        assert quick == whole
        assert quick.signal == whole.signal == SignalConfig()
        assert whole.signal_config is None  # the defaults are kept one way, so that settings compare equal
        # a key set back to its default is the default too; a key set elsewhere is not
        assert load_settings(none, env={}, flags=[f"{TREND_DROP}=3"]).signal_config is None
        changed = load_settings(none, env={}, flags=[f"{TREND_DROP}=6"])
        assert changed != quick
        assert changed.signal == replace(SignalConfig(), cadence=replace(SignalConfig().cadence, trend_drop_spm=6.0))
        assert load_settings(_file(tmp_path, ""), env={}) == quick  # an empty settings file sets nothing

    def test_every_key_has_its_own_environment_variable(self):
        from runsense.settings import env_name

        names = [env_name(k) for k in keys()]
        assert len(set(names)) == len(names)
        assert {"RUNSENSE_UNITS", "RUNSENSE_TIMEZONE", "RUNSENSE_NOTIFY_URLS"} <= set(names)  # the names of before still work
        assert not {"RUNSENSE_DB", "RUNSENSE_SETTINGS"} & set(names)


class TestBadSignalSettings:
    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("[signal.cadence]\ntrend_drop = 4", "unknown setting 'signal.cadence.trend_drop' in [signal.cadence] (known there: band_spm, context_low_spm"),
            ("[signal.cadense]\ntrend_drop_spm = 4", "unknown setting 'signal.cadense' in [signal] (known there: cadence, correlation, fatigue, form_trend"),
            ("[signal]\ncadence = 3", "[signal.cadence] must be a table of settings"),
            ("[signal.cadence]\ntrend_drop_spm = 'four'", "'signal.cadence.trend_drop_spm' must be a number from 0.5 to 50 spm, not 'four'"),
            ("[signal.cadence]\ntrend_drop_spm = -1", "'signal.cadence.trend_drop_spm' must be a number from 0.5 to 50 spm, not -1"),
            ("[signal.cadence]\ntrend_drop_spm = nan", "'signal.cadence.trend_drop_spm' must be a number from 0.5 to 50 spm, not nan"),
            ("[signal.cadence]\ntrend_drop_spm = true", "'signal.cadence.trend_drop_spm' must be a number from 0.5 to 50 spm, not True"),
            ("[signal.fatigue]\nmin_moving_min = 'long'", "'signal.fatigue.min_moving_min' must be a number from 10 to 600 min, not 'long'"),
            ("[signal.form_trend]\nmax_week_flags = 2.5", "'signal.form_trend.max_week_flags' must be a whole number from 1 to 20, not 2.5"),
            ("[signal.cadence]\nband_spm = [180, 170]", "'signal.cadence.band_spm' must be a list of 2 increasing numbers, each from 100 to 250 spm, not [180, 170]"),
            ("[signal.load]\nspike_bands = [0.1, 0.3]", "'signal.load.spike_bands' must be a list of 3 increasing numbers, each from 0 to 10"),
            ("[signal.cadence]\nv_ref_mps = 'fast'", "'signal.cadence.v_ref_mps' must be a number from 1 to 7 m/s or \"auto\", not 'fast'"),
            # windows and counts of none crashed the analysis (pandas' rolling, the speed model of an empty window)
            ("[signal.load]\nacwr_acute_days = 0", "'signal.load.acwr_acute_days' must be a whole number from 1 to 28 days, not 0"),
            ("[signal.cadence]\nmin_segments = 0", "'signal.cadence.min_segments' must be a whole number from 1 to 1000, not 0"),
        ],
    )
    def test_a_bad_key_or_value_names_the_file_section_and_key(self, tmp_path, text, words):
        path = _file(tmp_path, text)
        with pytest.raises(ConfigError) as caught:
            load_settings(path, env={})
        assert str(caught.value).startswith(f"{path}: ")
        assert words in str(caught.value)

    def test_settings_that_contradict_each_other_say_where_each_came_from(self, tmp_path):
        path = _file(tmp_path, "[signal.load]\nacwr_chronic_days = 7\n")
        with pytest.raises(ConfigError, match=rf"^'signal.load.acwr_chronic_days' \(7, file {path}\) must be longer than 'signal.load.acwr_acute_days' \(7, default\)$"):
            load_settings(path, env={})

    def test_a_bad_environment_variable_or_flag_is_named(self, tmp_path):
        none = tmp_path / "none.toml"
        with pytest.raises(ConfigError, match=f"^environment {TREND_DROP_ENV}: '{TREND_DROP}' must be a number from 0.5 to 50 spm, not 'abc'$"):
            load_settings(none, env={TREND_DROP_ENV: "abc"})
        with pytest.raises(ConfigError, match=r"^--set 'signal.cadence.nope=1': unknown setting 'signal.cadence.nope' \(known in \[signal.cadence\]: band_spm"):
            load_settings(none, env={}, flags=["signal.cadence.nope=1"])
        with pytest.raises(ConfigError, match="write it as KEY=VALUE"):
            load_settings(none, env={}, flags=["units"])

    def test_a_settings_file_that_cannot_be_read_is_named(self, tmp_path):
        folder = tmp_path / "settings.toml"
        folder.mkdir()
        with pytest.raises(ConfigError, match=f"^{folder}: the settings file cannot be read \\(Is a directory\\)$"):
            load_settings(folder, env={})
        with pytest.raises(ConfigError, match=r"'signal.cadence.band_spm' must be a list of 2 increasing numbers, each from 100 to 250 spm, not 'fast,slow'"):
            load_settings(tmp_path / "none.toml", env={"RUNSENSE_SIGNAL_CADENCE_BAND_SPM": "fast,slow"})

    def test_the_cli_refuses_a_bad_file_and_changes_nothing(self, tmp_path):
        db = tmp_path / "db.sqlite"
        bad = _file(tmp_path, "[signal.fatigue]\ncad_drop = 2\n")
        result = CliRunner().invoke(app, ["--db", str(db), "import", str(BALANCED_RUN)], env={"RUNSENSE_SETTINGS": str(bad)})
        assert result.exit_code == 1
        assert f"error: {bad}: unknown setting 'signal.fatigue.cad_drop' in [signal.fatigue]" in " ".join(result.output.split())
        assert not db.exists()  # the settings are read before the store is opened


class TestRanges:
    """Every number a runner can set has a sensible range, checked in one place, and the refusal
    names where the value came from, the key and the range."""

    def test_every_numeric_setting_has_a_range_that_holds_its_default(self):
        from runsense.settings._keys import LIMIT_KEYS
        from runsense.settings._signal import allowed_range

        for key, spec in keys().items():
            if key.startswith("signal."):
                lowest, highest = allowed_range(key)
                assert lowest < highest, key
                numbers = [spec.default] if isinstance(spec.default, int | float) else list(spec.default or [])
                assert all(lowest <= n <= highest for n in numbers), (key, spec.default)
        assert set(LIMIT_KEYS) == {key.removeprefix("limits.") for key in keys() if key.startswith("limits.")}
        for name, (_, _, (lowest, highest)) in LIMIT_KEYS.items():
            assert lowest <= keys()[f"limits.{name}"].default <= highest

    def test_a_reference_speed_of_zero_is_refused_from_each_layer_naming_it(self, tmp_path):
        none = tmp_path / "none.toml"
        rule = "'signal.cadence.v_ref_mps' must be a number from 1 to 7 m/s or \"auto\", not 0"
        path = _file(tmp_path, "[signal.cadence]\nv_ref_mps = 0\n")
        for layer, load in (
            (str(path), lambda: load_settings(path, env={})),
            ("environment RUNSENSE_SIGNAL_CADENCE_V_REF_MPS", lambda: load_settings(none, env={"RUNSENSE_SIGNAL_CADENCE_V_REF_MPS": "0"})),
            ("--set signal.cadence.v_ref_mps", lambda: load_settings(none, env={}, flags=["signal.cadence.v_ref_mps=0"])),
        ):
            with pytest.raises(ConfigError) as caught:
                load()
            assert str(caught.value) == f"{layer}: {rule}"
        assert load_settings(none, env={}, flags=["signal.cadence.v_ref_mps=2.8"]).signal.cadence.v_ref_mps == 2.8

    @pytest.mark.parametrize(
        ("flag", "words"),
        [
            ("signal.validity.gct_balance_range_pct=[40, 160]", "'signal.validity.gct_balance_range_pct' must be a list of 2 increasing numbers, each from 0 to 100 %"),
            ("signal.load.weekly_ramp_pct=250", "'signal.load.weekly_ramp_pct' must be a number from 1 to 100 %, not 250"),
            ("signal.load.spike_ref_days=100000", "'signal.load.spike_ref_days' must be a whole number from 7 to 365 days, not 100000"),
            ("signal.segment_s=0", "'signal.segment_s' must be a number from 5 to 600 s, not 0"),
            ("signal.validity.min_run_speed_mps=0", "'signal.validity.min_run_speed_mps' must be a number from 0.5 to 5 m/s, not 0"),
            ("signal.form_trend.max_week_flags=0", "'signal.form_trend.max_week_flags' must be a whole number from 1 to 20, not 0"),
            ("signal.cadence.trend_drop_spm=1e9", "'signal.cadence.trend_drop_spm' must be a number from 0.5 to 50 spm, not 1000000000.0"),
            ("limits.max_depth=0.5", "'limits.max_depth' must be a whole number from 1 to 10, not 0.5"),
            ("limits.max_zip_members=0", "'limits.max_zip_members' must be a whole number from 1 to 10000000, not 0"),
            ("limits.max_file_mb=1e9", "'limits.max_file_mb' must be a number from 0.001 to 1024 MB, not 1000000000.0"),
        ],
    )
    def test_absurd_values_are_refused_with_the_range(self, tmp_path, flag, words):
        with pytest.raises(ConfigError) as caught:
            load_settings(tmp_path / "none.toml", env={}, flags=[flag])
        assert str(caught.value) == f"--set {flag.partition('=')[0]}: {words}" or words in str(caught.value)
        assert str(caught.value).startswith(f"--set {flag.partition('=')[0]}: ")

    def test_settings_that_contradict_each_other_are_refused_saying_where_each_came_from(self, tmp_path):
        none = tmp_path / "none.toml"
        with pytest.raises(ConfigError, match=r"^'signal.cadence.drill_max_pct' \(4, flag --set\) must be at least 'signal.cadence.drill_step_pct' \(5, default\)$"):
            load_settings(none, env={}, flags=["signal.cadence.drill_max_pct=4"])
        with pytest.raises(ConfigError, match=r"'signal.gct_balance.week_warning_dev_pp' \(1, environment RUNSENSE_SIGNAL_GCT_BALANCE_WEEK_WARNING_DEV_PP\) must be at least"):
            load_settings(none, env={"RUNSENSE_SIGNAL_GCT_BALANCE_WEEK_WARNING_DEV_PP": "1"})
        assert load_settings(none, env={}, flags=["signal.cadence.drill_max_pct=5"]).signal.cadence.drill_max_pct == 5.0
        with pytest.raises(ConfigError, match=r"^'signal.pain.persist7_days' \(4, flag --set\) must be at least 'signal.pain.persist7_min_days' \(5, default\)$"):
            load_settings(none, env={}, flags=["signal.pain.persist7_days=4"])
        slow = r"^'signal.cadence.v_ref_mps' \(1.2, flag --set\) must lie within 'signal.validity.speed_range_mps' \(1.8 to 7 m/s, default\)"
        with pytest.raises(ConfigError, match=slow):
            load_settings(none, env={}, flags=["signal.cadence.v_ref_mps=1.2"])
        assert load_settings(none, env={}, flags=["signal.cadence.v_ref_mps=1.2", "signal.validity.speed_range_mps=1.0,7.0"]).signal.cadence.v_ref_mps == 1.2

    def test_the_cli_refuses_a_reference_speed_of_zero_and_imports_nothing(self, tmp_path):
        db = tmp_path / "db.sqlite"
        result = CliRunner().invoke(app, ["--db", str(db), "--set", "signal.cadence.v_ref_mps=0", "import", str(BALANCED_RUN)], env={"RUNSENSE_SETTINGS": str(tmp_path / "none.toml")})
        assert result.exit_code == 1
        assert "error: --set signal.cadence.v_ref_mps: 'signal.cadence.v_ref_mps' must be a number from 1 to 7 m/s" in " ".join(result.output.split())
        assert not db.exists()


def _leaf_names(config: object) -> set[str]:
    names = set()
    for item in fields(config):
        value = getattr(config, item.name)
        names |= _leaf_names(value) if is_dataclass(value) else {item.name}
    return names


def test_every_signal_threshold_is_read_by_the_code():
    """No dead field: each threshold is read somewhere outside its definition and the settings
    loader (as an attribute, ``config.cadence.trend_drop_spm``, or by name, as the plausible ranges are)."""
    used: set[str] = set()
    for path in (ROOT / "runsense").rglob("*.py"):
        if (path.name == "config.py" and path.parent.name == "signal") or path.parent.name == "settings":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.add(node.value)
    assert _leaf_names(SignalConfig()) - used == set()


def _report(db: Path, env: dict[str, str], *options: str) -> dict:
    result = CliRunner().invoke(app, ["--db", str(db), *options, "report", "--week", BALANCED_RUN_WEEK, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _codes(report: dict) -> set[str]:
    return {f["code"] for f in report["flags"]} | set(report["flags_held_back"]["codes"])


def test_a_threshold_changed_in_each_layer_changes_the_flag_on_a_real_store(tmp_path):
    db = tmp_path / "db.sqlite"
    none = {"RUNSENSE_SETTINGS": str(tmp_path / "none.toml")}
    assert CliRunner().invoke(app, ["--db", str(db), "import", str(BALANCED_RUN)], env=none).exit_code == 0
    path = _file(tmp_path, "[signal.gct_balance]\nrun_dev_pp = 2.0\n")
    in_file = {"RUNSENSE_SETTINGS": str(path)}
    env_over_file = in_file | {"RUNSENSE_SIGNAL_GCT_BALANCE_RUN_DEV_PP": "2.5"}

    assert "GCTB-RUN" not in _codes(_report(db, none))  # 2.13 pp is under the spec's 2.2
    (flag,) = [f for f in _report(db, in_file)["flags"] if f["code"] == "GCTB-RUN"]
    assert (round(flag["value"], 2), flag["threshold"]) == (2.13, 2.0)
    assert "GCTB-RUN" not in _codes(_report(db, env_over_file))
    (flag,) = [f for f in _report(db, env_over_file, "--set", "signal.gct_balance.run_dev_pp=1.5")["flags"] if f["code"] == "GCTB-RUN"]
    assert flag["threshold"] == 1.5


def test_a_threshold_reaches_the_import(tmp_path):
    """The cadence band of the settings is the one the import's in-band share is taken against."""
    from runsense.store import open_store

    shares = []
    for band in ("[170, 180]", "[150, 160]"):
        db = tmp_path / f"band{band[1:4]}.sqlite"
        path = _file(tmp_path, f"[signal.cadence]\nband_spm = {band}\n")
        assert CliRunner().invoke(app, ["--db", str(db), "import", str(BALANCED_RUN)], env={"RUNSENSE_SETTINGS": str(path)}).exit_code == 0
        with open_store(db) as store:
            shares.append(float(store.activity_table("running", ["cadence_in_band_share"])["cadence_in_band_share"].iloc[0]))
    assert shares[0] > 0.8  # a 176-spm runner
    assert shares[1] < 0.05


def test_the_dashboard_analyses_with_its_settings(tmp_path):
    from dashboards import data
    from dashboards.app import create_app
    from runsense.ingest import import_paths
    from runsense.store import open_store

    db = tmp_path / "db.sqlite"
    with open_store(db) as store:
        import_paths(store, [BALANCED_RUN])
    for value, flagged in ((2.2, False), (2.0, True)):
        settings = load_settings(tmp_path / "none.toml", env={}, flags=[f"signal.gct_balance.run_dev_pp={value}"])
        app = create_app(db, settings)
        with app.server.app_context(), data.store() as s:
            analysis = data.analysis(s)
        assert analysis.config == settings.signal
        assert ("GCTB-RUN" in {f.code for f in analysis.flags}) is flagged


def test_the_dashboard_writes_the_band_of_its_settings(tmp_path):
    """The Week page's in-band card and the Trends caption said 170–180 whatever band was set."""
    from dashboards import data
    from dashboards.app import create_app
    from dashboards.callbacks import week
    from dashboards.pages import trends
    from runsense.ingest import import_paths
    from runsense.store import open_store

    db = tmp_path / "db.sqlite"
    with open_store(db) as store:
        import_paths(store, [BALANCED_RUN])
    app = create_app(db, load_settings(tmp_path / "none.toml", env={}, flags=["signal.cadence.band_spm=[165, 175]"]))
    with app.server.app_context():
        week_page, trends_page = str(week.render_week(BALANCED_RUN_WEEK)), str(trends.layout({}))
        with data.store() as s:
            assert data.analysis(s).config.cadence.band_spm == (165.0, 175.0)
    assert "in 165–175 spm" in week_page
    assert "165–175 spm band" in trends_page
    assert "in 170–180 spm'" not in week_page  # (the glossary still says where the convention's 170–180 comes from)
    assert "'170–180 spm band'" not in trends_page


class TestSettingsShow:
    def test_shows_each_value_with_where_it_came_from(self, tmp_path):
        path = _file(tmp_path, 'units = "mi"\n[signal.cadence]\ntrend_drop_spm = 4\n')
        env = {"RUNSENSE_SETTINGS": str(path), "RUNSENSE_NOTIFY_URLS": "mailto://me:secret@example.com,ntfy://topic", "COLUMNS": "80"}
        db = tmp_path / "db.sqlite"
        result = CliRunner().invoke(app, ["--db", str(db), "--set", "signal.load.weekly_ramp_pct=25", "settings", "show"], env=env)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert lines[0] == f"# settings file: {path}"
        assert f"# database: {db}  (flag --db; --db or RUNSENSE_DB, not the file)" in lines
        assert f'units = "mi"  # file {path}' in lines
        assert f"signal.cadence.trend_drop_spm = 4  # file {path}" in lines
        assert 'notify.urls = ["mailto://…", "ntfy://…"]  # environment RUNSENSE_NOTIFY_URLS' in lines
        assert "signal.load.weekly_ramp_pct = 25  # flag --set" in lines
        assert "signal.cadence.band_spm = [170, 180]  # default" in lines
        assert 'signal.cadence.v_ref_mps = "auto"  # default' in lines
        assert "secret" not in result.stdout
        assert "topic" not in result.stdout
        assert len(lines) == 1 + 1 + len(keys())  # the file, the database, every setting

    def test_json_and_only_what_changed(self, tmp_path):
        env = {"RUNSENSE_SETTINGS": str(tmp_path / "none.toml"), "RUNSENSE_LIMITS_MAX_DEPTH": "2"}
        result = CliRunner().invoke(app, ["--db", str(tmp_path / "db.sqlite"), "settings", "show", "--changed", "--json"], env=env)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == [
            {"key": "db", "value": str(tmp_path / "db.sqlite"), "origin": "flag --db", "env": "RUNSENSE_DB"},
            {"key": "limits.max_depth", "value": 2, "origin": "environment RUNSENSE_LIMITS_MAX_DEPTH", "env": "RUNSENSE_LIMITS_MAX_DEPTH"},
        ]

    def test_a_line_shown_reads_back_as_the_same_value(self, tmp_path):
        """What ``settings show`` prints is valid in the settings file and gives the same settings."""
        env = {"RUNSENSE_SETTINGS": str(tmp_path / "none.toml"), "COLUMNS": "80"}
        flags = ["--set", "timezone=Europe/London", "--set", "shoes.thresholds=480km,640km,800km", "--set", "signal.load.spike_bands=[0.2,0.4,1.2]",
                 "--set", "signal.cadence.v_ref_mps=2.7777777777"]
        shown = CliRunner().invoke(app, ["--db", str(tmp_path / "db.sqlite"), *flags, "settings", "show", "--changed"], env=env).stdout
        lines = [line.split("  # ")[0] for line in shown.splitlines()[2:]]  # dotted keys are TOML too
        assert len(lines) == 4
        read_back = load_settings(_file(tmp_path, "\n".join(lines) + "\n"), env={})
        given = load_settings(tmp_path / "none.toml", env={}, flags=flags[1::2])
        assert replace(read_back, origins={}) == replace(given, origins={})
        assert given.shoe_thresholds_m == (480_000.0, 640_000.0, 800_000.0)

    def test_reading_settings_loads_no_analysis_stack(self, tmp_path):
        assert heavy(loaded_modules(tmp_path, "--db", str(tmp_path / "db.sqlite"), "--set", "signal.cadence.trend_drop_spm=4", "settings", "show")) == set()


@pytest.mark.parametrize("value", ["500,700,800", "[300, 400, 500]"])
def test_shoe_marks_without_a_unit_are_refused_not_read_as_miles(tmp_path, value):
    """A bare 500 means 500 km to a runner in km: runsense asks for the unit instead of guessing miles."""
    with pytest.raises(ConfigError, match="with its unit"):
        load_settings(tmp_path / "none.toml", env={}, flags=[f"shoes.thresholds={value}"])
    assert load_settings(tmp_path / "none.toml", env={}, flags=["shoes.thresholds=500km,700km,800km"]).shoe_thresholds_m == (500_000.0, 700_000.0, 800_000.0)
