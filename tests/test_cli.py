"""The command line as a runner (and outside checks) use it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import corpus_path

RUN_FIT = corpus_path("sports-lib/6860622783.fit")


def test_import_json_shape_and_exit_code_zero(cli):
    result = cli("import", str(RUN_FIT), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"imported", "duplicates", "skipped", "failed", "reference_note"}
    (item,) = report["imported"]
    assert set(item) == {"id", "source", "sport", "start_time"}
    assert item["sport"] == "running" and item["start_time"].startswith("2020-02-02T")


def test_import_exit_code_one_when_a_file_failed_and_the_rest_still_imports(cli, tmp_path):
    bad = tmp_path / "broken.fit"
    bad.write_bytes(b"not a fit file at all")
    result = cli("import", str(bad), str(RUN_FIT), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert len(report["imported"]) == 1
    assert report["failed"] == [{"source": "broken.fit", "error": "not a FIT file: the header has no '.FIT' signature (corrupt or not a FIT file)"}]
    assert "Traceback" not in result.output


def test_usage_error_exits_two(cli):
    assert cli("import").exit_code == 2
    assert cli("no-such-command").exit_code == 2


def test_missing_path_is_a_clear_failure(cli, tmp_path):
    result = cli("import", str(tmp_path / "nope.fit"))
    assert result.exit_code == 1
    assert "no such file" in result.stdout


def test_human_summary_lists_problems_with_reasons(cli, tmp_path):
    (tmp_path / "settings.fit").write_bytes(corpus_path("python-fitparse/Settings.fit").read_bytes())
    result = cli("import", str(tmp_path / "settings.fit"), str(RUN_FIT))
    assert result.exit_code == 0
    assert "1 imported" in result.stdout and "1 skipped" in result.stdout
    assert "settings" in result.stdout


def test_activities_json_fields_and_units(cli):
    cli("import", str(RUN_FIT))
    result = cli("activities", "--json")
    (row,) = json.loads(result.stdout)
    assert list(row) == [
        "id", "source", "sport", "start_time", "distance_m", "distance_km", "distance_mi", "duration_s", "n_records", "shoe",
        "cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "stance_time_balance_pct",
    ]  # fmt: skip
    assert row["start_time"] == "2020-02-02T06:19:33-05:00"  # local offset from the FIT activity message
    assert row["distance_m"] == pytest.approx(10630.4, abs=0.1)
    assert row["distance_km"] == pytest.approx(10.630, abs=0.001) and row["distance_mi"] == pytest.approx(6.605, abs=0.001)
    assert 160 < row["cadence_spm"] < 190
    assert 0.9 < row["step_length_m"] < 1.4


def test_activities_filter_and_empty_state(cli):
    assert "No activities yet" in cli("activities").stdout
    cli("import", str(RUN_FIT))
    assert json.loads(cli("activities", "--sport", "cycling", "--json").stdout) == []
    assert len(json.loads(cli("activities", "--sport", "Running", "--json").stdout)) == 1


def test_activity_detail_with_laps_and_issues(cli):
    imported = json.loads(cli("import", str(RUN_FIT), "--json").stdout)["imported"][0]["id"]
    result = cli("activity", imported[:8], "--json")
    detail = json.loads(result.stdout)
    assert detail["id"] == imported
    assert len(detail["laps"]) == 1 and detail["laps"][0]["distance_m"] == pytest.approx(10630.37)
    assert detail["device"].startswith("garmin")
    assert cli("activity", imported[:8]).exit_code == 0


def test_unknown_activity_is_an_error_without_traceback(cli):
    result = cli("activity", "deadbeef")
    assert result.exit_code == 1
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_python_dash_m_runsense_and_env_db(tmp_path):
    env = {"RUNSENSE_DB": str(tmp_path / "env.sqlite"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "runsense", "import", str(RUN_FIT), "--json"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "env.sqlite").exists()
