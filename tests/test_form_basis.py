"""Form averages say what share of the activity they were taken over.

A trail run that was mostly hiking showed "160 spm" (its running minutes only) with no word that
more than half of it was left out; the watch's own average over the whole outing is far lower.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from runsense.analysis import form_basis
from runsense.cli import app
from runsense.ingest import import_paths
from runsense.signal.summary import running_share
from runsense.store import open_store
from tests.conftest import EXAMPLES, corpus_path, read_corpus_file

TRAIL = "connectstats/activity_2944936628.fit"  # a Garmin trail run, 2 h 13 min, much of it hiking


def test_the_share_counted_as_running_is_computed_from_the_samples():
    (activity,), _ = read_corpus_file(TRAIL)
    assert activity.meta.sub_sport == "trail"
    share = running_share(activity.records)
    assert 0.3 < share < 0.6


def test_activity_shows_the_share_beside_the_form_figures(tmp_path):
    db = tmp_path / "runsense.sqlite"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "import", str(corpus_path(TRAIL))]).exit_code == 0
    with open_store(db) as store:
        (row,) = store.activities("running")
    shown = runner.invoke(app, ["--db", str(db), "activity", row.id[:8], "--json"])
    assert shown.exit_code == 0, shown.output
    detail = json.loads(shown.output)
    assert detail["running_share"] == pytest.approx(0.44, abs=0.05)
    assert detail["cadence_spm"] > 150  # the running part's cadence...
    left_out = round((1 - detail["running_share"]) * 100)
    assert f"the other {left_out}%, walking or standing, is left out" in detail["form_basis_note"]  # ...and what it leaves out
    human = runner.invoke(app, ["--db", str(db), "activity", row.id[:8]], terminal_width=200)
    assert "counted as running" in human.output
    assert f"{round(detail['running_share'] * 100)}% of the moving time" in human.output
    assert "is left out" in human.output


def test_a_steady_run_says_nothing_more_and_old_imports_get_it_from_their_samples(tmp_path):
    with open_store(tmp_path / "runsense.sqlite") as store:
        import_paths(store, [EXAMPLES / "2026-07-21_easy.fit"])
        (row,) = store.activities("running")
        basis = form_basis(store, row)
        assert basis["running_share"] > 0.9
        assert basis["note"] is None
        older = replace(row, metrics={k: v for k, v in row.metrics.items() if k != "running_share"})  # as stored before the share was
        assert form_basis(store, older)["running_share"] == pytest.approx(basis["running_share"])
