"""The reference pace: set from the first 28 days, kept when older runs arrive, reset on request.

Before, the reference speed was recomputed from the data on every analysis: importing older runs
moved it, and every week's form at reference pace changed without a word.
"""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, weekly_report
from runsense.cli import app
from runsense.ingest import import_paths
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
    assert report["reference"]["source"] == "frozen"
    assert "baseline reset" in report["reference"]["note"]


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
