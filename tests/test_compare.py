"""Two periods compared: form at matched pace with CIs, pain against the MCID, and clear errors."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.compare import Period, around, compare
from runsense.demo import build_demo
from runsense.errors import InvalidInputError
from runsense.settings import Settings
from runsense.store import open_store

#: the story's cadence work starts on the Monday of week 14 (spec of runsense.examples.story)
CADENCE_WORK = date(2026, 10, 19)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("compare") / "demo.sqlite"
    build_demo(db, settings=Settings())
    return db


@pytest.fixture
def demo(demo_db, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, path)
    return path


def test_the_drift_after_the_spike_is_a_clear_fall_at_matched_pace(demo):
    """The story: cadence ~172 spm in weeks 1–8, drifting to ~163 in weeks 10–13, at the same pace."""
    with open_store(demo) as store:
        result = compare(store, Period(date(2026, 7, 20), date(2026, 9, 13)), Period(date(2026, 9, 21), date(2026, 10, 18)))
    cadence = {c.metric: c for c in result.form_changes}["cadence_spm"]
    assert cadence.change < -4
    assert cadence.clear
    assert cadence.ci_low <= cadence.change <= cadence.ci_high
    assert cadence.ci_high < 0


def test_cadence_work_raises_cadence_and_pain_falls_by_a_change_that_matters(demo):
    with open_store(demo) as store:
        result = compare(store, *around(CADENCE_WORK, 4))
    form = {c.metric: c for c in result.form_changes}
    assert form["cadence_spm"].change > 2  # the story brings cadence back up at the same pace
    assert form["stance_time_ms"].change < 0
    before = {f.metric: f for f in result.before.form}["cadence_spm"]
    assert before.ci_low <= before.value <= before.ci_high
    assert result.pain_change <= -2
    assert result.pain_change_matters
    assert result.before.pain.days_at_least_3 > result.after.pain.days_at_least_3
    assert result.before.runs > 0
    assert result.after.runs > 0
    assert "CAD-TREND-DOWN" in result.before.flags
    assert "CAD-TREND-DOWN" not in result.after.flags
    assert sum(result.before.shoes.values()) == pytest.approx(result.before.distance_m)  # every demo run has a shoe


@pytest.mark.parametrize(
    ("text", "message"),
    [("2026-10-01..2026-09-01", "ends .* before it starts"), ("2026-10-01", "FROM..TO"), ("October..November", "YYYY-MM-DD"), ("2999-01-01..2999-02-01", "future")],
)
def test_bad_periods_are_refused(text, message):
    with pytest.raises(InvalidInputError, match=message):
        Period.parse(text, today=date(2026, 11, 30))


def test_a_period_without_data_or_overlapping_periods_are_refused(demo):
    with open_store(demo) as store:
        with pytest.raises(InvalidInputError, match="no runs and no pain entries in the before period"):
            compare(store, Period(date(2025, 1, 1), date(2025, 2, 1)), Period(date(2026, 9, 1), date(2026, 9, 30)))
        with pytest.raises(InvalidInputError, match="overlap"):
            compare(store, Period(date(2026, 8, 1), date(2026, 9, 10)), Period(date(2026, 9, 1), date(2026, 9, 30)))


def test_cli_compare_at_a_marker_and_its_errors(demo):
    runner = CliRunner()
    db = ["--db", str(demo)]
    markers = json.loads(runner.invoke(app, [*db, "marker", "list", "--json"]).output)
    cadence = next(m["id"] for m in markers if m["kind"] == "cadence")  # the demo story's own marker
    result = runner.invoke(app, [*db, "compare", "--at", f"marker:{cadence}", "--weeks", "4", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["before"]["period"] == {"start": "2026-09-21", "end": "2026-10-18"}
    assert data["after"]["period"] == {"start": "2026-10-19", "end": "2026-11-15"}
    assert [m["label"] for m in data["markers"]] == ["new shoes (Novablast 4)", "started cadence work"]
    assert "not a medical device" in data["disclaimer"]
    text = runner.invoke(app, [*db, "compare", "--at", f"marker:{cadence}", "--weeks", "4"]).output
    assert "cadence:" in text
    assert "rose" in text
    assert "a change that matters" in text
    for args, message in (
        (["--before", "2026-10-01..2026-09-01", "--after", "2026-10-02..2026-10-30"], "before it starts"),
        (["--at", "marker:7"], "no marker 7"),
        (["--before", "2026-09-01..2026-09-30"], "say which periods"),
    ):
        bad = runner.invoke(app, [*db, "compare", *args])
        assert bad.exit_code == 1, bad.output
        assert message in bad.output


def test_no_change_is_called_where_the_story_has_none(demo):
    """The story's true contact time and cadence at reference pace are the same, to within 1, in the
    six weeks before the cadence work (drifting up, then at its worst) and the three after (coming
    back). A model fitted on each period alone called this a clear 19 ms rise; the weekly models
    do not."""
    with open_store(demo) as store:
        result = compare(store, Period(date(2026, 9, 7), date(2026, 10, 18)), Period(date(2026, 10, 19), date(2026, 11, 8)))
    form = {c.metric: c for c in result.form_changes}
    assert abs(form["stance_time_ms"].change) < 5
    assert not form["stance_time_ms"].clear
    assert abs(form["cadence_spm"].change) < 2
    assert not form["cadence_spm"].clear


def test_a_period_ending_in_the_future_ends_today():
    today = date(2026, 11, 30)
    assert Period.parse("2026-11-01..2027-10-31", today=today) == Period(date(2026, 11, 1), today)
    before, after = around(date(2026, 11, 20), 6, today=today)
    assert (before.end, after.start, after.end) == (date(2026, 11, 19), date(2026, 11, 20), today)
    with pytest.raises(InvalidInputError, match="1 to 520 weeks"):
        around(date(2026, 9, 1), 100_000, today=today)
