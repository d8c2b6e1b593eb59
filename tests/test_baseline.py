"""The reference pace: set from the first 28 days, kept when older runs arrive, reset on request.

Before, the reference speed was recomputed from the data on every analysis: importing older runs
moved it, and every week's form at reference pace changed without a word.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, weekly_report
from runsense.cli import app
from runsense.ingest import import_paths
from runsense.signal.columns import FORM_METRICS
from runsense.signal.config import SignalConfig
from runsense.signal.flags import form_flags
from runsense.store import open_store
from tests.conftest import EXAMPLES

#: the example story's first two weeks; the rest is imported first
SPLIT = "2026-08-04"


@pytest.fixture
def halves(tmp_path):
    early, late = tmp_path / "early", tmp_path / "late"
    early.mkdir()
    late.mkdir()
    for path in sorted(EXAMPLES.glob("*.fit")):
        shutil.copy(path, early if path.name < SPLIT else late)
    return early, late, tmp_path / "runsense.sqlite"


def test_importing_older_runs_keeps_the_reference_pace_and_says_so(halves):
    early, late, db = halves
    with open_store(db) as store:
        first = import_paths(store, [late])
        assert "reference pace is now set" in first.reference_note
        before = analyse(store)
        assert before.reference.source == "frozen"
        older = import_paths(store, [early])
        after = analyse(store)
    assert after.v_ref_mps == before.v_ref_mps
    assert "Runs from before 2026-08-04" in older.reference_note
    # every week seen before keeps its cadence at reference pace: exactly once the older runs are out of
    # the 6-week window of its speed model, within a few hundredths of a spm (a better-fed slope) before
    cadence = "cadence_spm_at_ref"
    kept = before.weeks[["week", cadence]].merge(after.weeks[["week", cadence]], on="week", suffixes=("_before", "_after"))
    assert len(kept) == len(before.weeks)
    change = (kept[f"{cadence}_after"] - kept[f"{cadence}_before"]).abs()
    assert (change < 0.05).all()
    assert (change[kept["week"] >= "2026-W37"] == 0).all()
    report = weekly_report(after)
    assert report.reference.source == "frozen"
    assert "baseline reset" in report.reference.note


def test_without_the_fix_the_older_runs_would_have_moved_it(halves):
    """The premise of the test above: the first 28 days of all the running do give another pace."""
    early, late, db = halves
    with open_store(db) as store:
        import_paths(store, [late, early])
        assert store.reference_pace().first_day.isoformat() < SPLIT
        whole = analyse(store).v_ref_mps
    with open_store(db.with_name("late.sqlite")) as store:
        import_paths(store, [late])
        assert abs(analyse(store).v_ref_mps - whole) > 0.01


def test_baseline_reset_takes_the_older_runs_in_and_changes_the_cache_key(halves):
    early, late, db = halves
    with open_store(db) as store:
        import_paths(store, [late])
        import_paths(store, [early])
        frozen = store.reference_pace()
        version = store.data_version()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "baseline", "reset", "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    assert shown["source"] == "frozen"
    assert shown["first_day"] < SPLIT
    assert shown["note"] is None
    with open_store(db) as store:
        assert store.reference_pace() != frozen
        assert store.data_version() != version  # the dashboard's analysis cache sees the reset
        assert analyse(store).v_ref_mps == pytest.approx(shown["speed_mps"])
    recent = runner.invoke(app, ["--db", str(db), "baseline", "reset", "--recent", "--json"])
    assert recent.exit_code == 0, recent.output
    assert json.loads(recent.output)["last_day"] == "2026-11-08"


def test_a_short_history_has_a_provisional_reference_and_nothing_stored(tmp_path):
    db = tmp_path / "runsense.sqlite"
    with open_store(db) as store:
        report = import_paths(store, sorted(EXAMPLES.glob("2026-07-2*.fit")))
        assert report.reference_note is None
        assert store.reference_pace() is None
        reference = analyse(store).reference
    assert reference.source == "provisional"
    assert "provisional" in reference.note
    shown = CliRunner().invoke(app, ["--db", str(db), "baseline", "show"])
    assert shown.exit_code == 0
    assert "provisional" in shown.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--from", "2026-13-01"], "is not a date"), (["--from", "2020-01-01"], "no steady running in the 28 days from 2020-01-01"), (["--from", "2026-08-01", "--recent"], "not both")],
)
def test_a_bad_reset_says_why_and_changes_nothing(halves, args, message):
    _, late, db = halves
    with open_store(db) as store:
        import_paths(store, [late])
        frozen = store.reference_pace()
    result = CliRunner().invoke(app, ["--db", str(db), "baseline", "reset", *args])
    assert result.exit_code == 1
    assert message in result.output
    with open_store(db) as store:
        assert store.reference_pace() == frozen


def _drifting_weeks(cadence: list[float]) -> pd.DataFrame:
    weeks = pd.DataFrame({"week": [f"2026-W{10 + i:02d}" for i in range(len(cadence))], "qualifying": True, "cadence_spm_at_ref": cadence})
    for metric in FORM_METRICS[1:]:
        weeks[f"{metric}_at_ref"] = np.nan
    return weeks


def test_a_slow_drift_is_flagged_against_the_start_baseline_not_absorbed_by_the_4_week_usual():
    """Cadence at reference pace losing 1 spm a week: never 3 below the mean of the 4 weeks before, but 3 below the start."""
    cadence = [171.0, 171, 171, 171, 170, 169, 168, 167, 166]
    weeks, config = _drifting_weeks(cadence), SignalConfig()
    start = np.array([True] * 4 + [False] * 5)
    assert not [f for f in form_flags(weeks, 3.0, config) if f.code == "CAD-TREND-DOWN"]  # the 4-week usual alone misses it
    flags = [f for f in form_flags(weeks, 3.0, config, start) if f.code == "CAD-TREND-DOWN"]
    assert [f.week for f in flags] == ["2026-W17", "2026-W18"]  # 3 spm below the start from W16, two weeks running from W17
    assert "your baseline from 2026-W10–2026-W13 of 171 spm" in flags[0].message
    assert flags[0].threshold == pytest.approx(168.0)


def test_a_week_on_its_way_back_is_not_flagged_against_the_start():
    cadence = [171.0, 171, 171, 171, 166, 165, 164, 165, 166, 167]
    flags = form_flags(_drifting_weeks(cadence), 3.0, SignalConfig(), np.array([True] * 4 + [False] * 6))
    weeks = [f.week for f in flags if f.code == "CAD-TREND-DOWN"]
    assert "2026-W15" in weeks  # the drop itself, against the 4-week usual
    assert not {"2026-W18", "2026-W19"} & set(weeks)  # recovering: still below the start, but rising


def test_the_report_shows_the_start_baseline_beside_the_usual(tmp_path):
    with open_store(tmp_path / "story.sqlite") as store:
        import_paths(store, [EXAMPLES])
        analysis = analyse(store)
    report = weekly_report(analysis, "2026-W41")
    weeks = analysis.weeks
    first = weeks[weeks["reference_period"] & weeks["qualifying"]]
    assert list(first["week"]) == ["2026-W30", "2026-W31", "2026-W32", "2026-W33"]  # 2026-07-21 to 08-16
    cadence = report.form["cadence_spm"]
    assert cadence.start_baseline == pytest.approx(first["cadence_spm_at_ref"].mean())
    assert cadence.change_from_start < -5
