"""Every real file of the shared corpus, through the readers.

The catalog (``shared/corpus/catalog.csv``) was made with fitdecode, gpxpy and ElementTree.
runsense must account for every sample it lists: samples stored, plus those merged (a repeated
timestamp) or dropped (no time) as recorded issues, equals the catalog's record count exactly.
"""

from __future__ import annotations

import math

import gpxpy
import pytest

from runsense.errors import CorruptFileError, IssueCode, NotAnActivityError, UnsafeInputError
from tests.conftest import CORPUS, read_corpus_file, standalone_rows

ROWS = standalone_rows("fit", "gpx", "tcx")
READABLE = [r for r in ROWS if r["parse_ok"] == "yes" or r["lenient_ok"] == "yes"]
BROKEN = [r for r in ROWS if r not in READABLE]


def _rel(row: dict[str, str]) -> str:
    return row["path"].removeprefix("corpus/")


def _accounted_samples(activities: list) -> int:
    merged_or_dropped = sum(
        issue.count
        for activity in activities
        for issue in activity.issues
        if issue.code in {IssueCode.DUPLICATE_TIMESTAMPS_MERGED, IssueCode.SAMPLES_WITHOUT_TIME_DROPPED}
    )
    return sum(a.n_records for a in activities) + merged_or_dropped


@pytest.mark.corpus
def test_corpus_has_the_files_the_tests_expect():
    assert len(ROWS) > 400
    assert len(BROKEN) >= 8


@pytest.mark.parametrize("row", ROWS, ids=_rel)
def test_no_file_raises_anything_but_a_runsense_error(row):
    # read_corpus_file catches RunsenseError only: any other exception fails this test
    activities, error = read_corpus_file(_rel(row))
    assert activities or error is not None


@pytest.mark.parametrize("row", READABLE, ids=_rel)
def test_readable_file_imports_every_sample_or_says_why_not(row):
    activities, error = read_corpus_file(_rel(row))
    if error is not None:
        if int(row["size_bytes"]) == 0 or "broken" in error.detail:
            # fitdecode reads 0 bytes without complaint; runsense says the file is empty.
            # A track whose points share one bogus time (1901) is refused as a broken clock.
            assert isinstance(error, CorruptFileError)
            return
        # readable, but not an activity: a settings/workout/course file, a route, no timed samples
        assert isinstance(error, NotAnActivityError), error
        no_time = row["format"] == "gpx" and row["has_time"] != "yes"
        not_activity = row["file_type"] not in ("", "activity") or row["sport"] == "course"
        no_samples = int(row["n_records"] or 0) == 0
        untimed_samples = "carries a time" in error.detail
        no_real_date = "holds no real date" in error.detail  # a clock counting from power-on: see test_dates.py
        assert no_time or not_activity or no_samples or untimed_samples or no_real_date, f"{row['path']} skipped: {error}"
        return
    assert _accounted_samples(activities) == int(row["n_records"])


@pytest.mark.parametrize("row", [r for r in READABLE if r["format"] in ("fit", "tcx") and float(r["distance_m"] or 0) > 0], ids=_rel)
def test_fit_and_tcx_distance_matches_the_catalog_within_1pct(row):
    activities, error = read_corpus_file(_rel(row))
    if error is not None:
        pytest.skip(f"not an activity: {error}")  # covered by the test above
    distance = sum(a.meta.distance_m for a in activities if math.isfinite(a.meta.distance_m))
    if row["n_fit_chains"] == "2" and "filecrc" in row["path"]:
        # this fixture chains the same 5.7 m activity twice; the catalog adds both sessions up
        assert distance == pytest.approx(float(row["distance_m"]) / 2, rel=0.01)
        return
    assert distance == pytest.approx(float(row["distance_m"]), rel=0.01)


@pytest.mark.parametrize("row", [r for r in READABLE if r["format"] == "gpx" and r["has_time"] == "yes"], ids=_rel)
def test_gpx_distance_matches_gpxpy_2d_length_within_1pct(row):
    """The catalog's GPX distance is gpxpy's *3D* length (elevation noise adds up to 3 %).

    Watches and FIT files report horizontal distance, so runsense does too; the reference
    here is gpxpy's 2D length of the same file, over the samples runsense kept.
    """
    activities, error = read_corpus_file(_rel(row))
    if isinstance(error, CorruptFileError) and "broken" in error.detail:
        pytest.skip("broken clock: refused, checked above")
    assert error is None, error
    if any(i.code == IssueCode.SAMPLES_WITHOUT_TIME_DROPPED for a in activities for i in a.issues):
        pytest.skip("points without time were dropped, so the track is shorter by design")
    if any(i.code == IssueCode.IMPOSSIBLE_POSITIONS_DROPPED for a in activities for i in a.issues):
        pytest.skip("impossible GPS fixes were dropped, so the track is shorter by design (see test_track_cleanup.py)")
    reference = gpxpy.parse((CORPUS / _rel(row)).read_bytes().decode("utf-8-sig")).length_2d()
    assert activities[0].meta.distance_m == pytest.approx(reference, rel=0.01, abs=5.0)


@pytest.mark.parametrize("row", BROKEN, ids=_rel)
def test_broken_file_fails_with_a_reason_or_imports_with_the_damage_noted(row):
    activities, error = read_corpus_file(_rel(row))
    if error is not None:
        assert isinstance(error, CorruptFileError | UnsafeInputError | NotAnActivityError)
        assert error.source_name in str(error) and len(error.detail) > 10
        return
    damage = {IssueCode.CRC_MISMATCH, IssueCode.TRUNCATED, IssueCode.MALFORMED_XML_RECOVERED}
    assert any(issue.code in damage for a in activities for issue in a.issues)


def test_crc_mismatch_is_read_with_an_issue():
    activities, error = read_corpus_file("python-fitparse/activity-filecrc.fit")
    assert error is None
    assert activities[0].issues[0].code == IssueCode.CRC_MISMATCH


def test_truncated_file_keeps_the_samples_before_the_break():
    activities, error = read_corpus_file("python-fitparse/nick.fit")
    assert error is None
    assert activities[0].n_records > 14_000
    assert IssueCode.TRUNCATED in {i.code for i in activities[0].issues}


def test_zero_byte_file_fails_clearly():
    _, error = read_corpus_file("sports-lib/empty-sessions.fit")
    assert isinstance(error, CorruptFileError)
    assert "empty" in error.detail


@pytest.mark.parametrize(("path", "kind"), [("python-fitparse/Settings.fit", "settings"), ("python-fitparse/WorkoutRepeatSteps.fit", "workout"), ("python-fitparse/MonitoringFile.fit", "monitoring_b")])
def test_non_activity_fit_files_are_skipped_with_their_type(path, kind):
    _, error = read_corpus_file(path)
    assert isinstance(error, NotAnActivityError)
    assert kind in error.detail


def test_multisport_file_gives_one_activity_per_leg_with_the_run_as_running():
    activities, error = read_corpus_file("python-fitparse/sample_mulitple_header.fit")
    assert error is None
    assert [a.meta.sport for a in activities] == ["swimming", "transition", "cycling", "transition", "running"]
    assert len({a.meta.activity_id for a in activities}) == 5
    run = activities[-1]
    assert run.records["cadence_spm"].median() > 150  # per-leg cadence doubled for the run leg only


def test_whitespace_before_the_xml_declaration_is_tolerated():
    activities, error = read_corpus_file("sports-lib/6281425038.tcx")
    assert error is None
    assert activities[0].n_records > 0


def test_developer_fields_never_overwrite_native_ones():
    """Stryd writes developer fields named 'Cadence' and 'Vertical Oscillation' (0.0 here)."""
    activities, error = read_corpus_file("GoldenCheetah/Fr955v19.28andStryd.fit")
    assert error is None
    records = activities[0].records
    assert records["vertical_oscillation_mm"].median() > 40
    assert 150 < records["cadence_spm"].median() < 200
    assert records["power_w"].notna().any()  # Stryd power used, as no native power is recorded


def test_local_offset_comes_from_the_fit_activity_message():
    activities, _ = read_corpus_file("GoldenCheetah/Fr955v19.28andStryd.fit")
    assert activities[0].meta.utc_offset_s == 3600
    assert activities[0].meta.utc_offset_source == "fit_activity"
