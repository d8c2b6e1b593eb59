"""The weekly form table's columns are named in one place (:mod:`runsense.signal.columns`), and no
reader builds a column name of its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from runsense.analysis import analyse
from runsense.ingest import import_paths
from runsense.signal import columns as col
from runsense.signal.trends import MATCHED_METRICS, weekly_form
from runsense.store import open_store
from tests.conftest import EXAMPLES, ROOT

#: a column name written out or built by a reader: ``"cadence_spm_at_ref"``, ``f"{m}_ci_low"``, ``"qualifying"``...
_BUILT = re.compile(
    rf"""({"|".join(col.FORM_METRICS)}|}})_(at_ref|ci_low|ci_high|slope|method)["']"""  # a metric's column, written out or formatted
    r"""|["'](qualifying|sensor_epoch|dynamics_sensor|reference_period|form_runs|valid_minutes|cadence_at_context_speed)["']"""
)


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    db = tmp_path_factory.mktemp("columns") / "story.sqlite"
    with open_store(db) as store:
        import_paths(store, [EXAMPLES])
        segments = store.segments("running")
        analysis = analyse(store)
    return segments, analysis


def test_the_trends_table_has_exactly_the_columns_the_module_names_in_its_order(story):
    segments, analysis = story
    week_of = dict(zip(analysis.runs["id"], analysis.runs["week"], strict=True))
    table = weekly_form(segments.assign(week=segments["activity_id"].map(week_of)), analysis.week_ids, analysis.v_ref_mps)
    assert tuple(table.columns) == col.weekly_form_columns()
    assert list(MATCHED_METRICS) == list(col.FORM_METRICS)  # the speed-model priors cover the same metrics, in order


def test_the_analysis_weeks_hold_every_named_column(story):
    _, analysis = story
    named = {*col.weekly_form_columns(), col.REFERENCE_PERIOD, col.DYNAMICS_SENSOR, col.SENSOR_EPOCH}
    assert named <= set(analysis.weeks.columns)
    assert analysis.weeks[col.at_ref("cadence_spm")].notna().any()


def test_a_metric_without_weekly_columns_is_refused_by_name():
    with pytest.raises(ValueError, match="'cadence'"):
        col.at_ref("cadence")
    assert col.of("stance_time_ms").ci_high == "stance_time_ms_ci_high"


def test_no_reader_builds_a_weekly_column_name_itself():
    """Every module but the one that names them reads the columns through it."""
    offenders = []
    for path in [*(ROOT / "runsense").rglob("*.py"), *(ROOT / "dashboards").rglob("*.py")]:
        if path == ROOT / "runsense" / "signal" / "columns.py":
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if _BUILT.search(line):
                offenders.append(f"{Path(path).relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
