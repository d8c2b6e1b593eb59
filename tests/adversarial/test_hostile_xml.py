"""Hostile GPX/TCX content the streaming readers must bound or survive (issue #15): samples and
activities counted per file, times out of range, truncation read in recover mode."""

from __future__ import annotations

import pytest

from runsense.errors import IssueCode, NotAnActivityError, UnsafeInputError
from runsense.parsers import read_activities
from tests.conftest import corpus_path


def _gpx(points: bytes) -> bytes:
    return b'<?xml version="1.0"?><gpx><trk><trkseg>' + points + b"</trkseg></trk></gpx>"


def _timed_points(n: int) -> bytes:
    return b"".join(b'<trkpt lat="51.5" lon="-0.1"><time>2024-01-01T00:%02d:%02dZ</time></trkpt>' % divmod(i, 60) for i in range(n))


def _tcx(activities: list[int]) -> bytes:
    """A TCX with one ``<Activity>`` per entry, each with that many timed track points."""
    point = b"<Trackpoint><Time>2024-01-01T%02d:%02d:%02dZ</Time></Trackpoint>"
    body = b"".join(
        b'<Activity Sport="Running"><Lap StartTime="2024-01-01T00:00:00Z"><Track>'
        + b"".join(point % (i // 3600 % 24, i // 60 % 60, i % 60) for i in range(n))
        + b"</Track></Lap></Activity>"
        for n in activities
    )
    return b"<TrainingCenterDatabase><Activities>" + body + b"</Activities></TrainingCenterDatabase>"


def test_the_sample_limit_counts_every_activity_of_a_tcx() -> None:
    with pytest.raises(UnsafeInputError, match="over 250,000 samples"):
        read_activities(_tcx([90_000, 90_000, 90_000]), "split.tcx")  # each under the limit, together over


def test_a_tcx_of_more_than_a_thousand_activities_is_refused() -> None:
    with pytest.raises(UnsafeInputError, match="over 1,000 activities"):
        read_activities(_tcx([2] * 1001), "many.tcx")


def test_activities_without_points_are_not_kept_nor_counted() -> None:
    data = _tcx([0] * 5000 + [30])
    (activity,) = read_activities(data, "mostly-empty.tcx")
    assert activity.n_records == 30
    with pytest.raises(NotAnActivityError, match="hold no track points"):
        read_activities(_tcx([0] * 5000), "empty.tcx")


def test_a_time_nanoseconds_cannot_hold_drops_that_point_only() -> None:
    data = _gpx(_timed_points(30) + b'<trkpt lat="51.5" lon="-0.1"><time>9999-12-31T00:00:00Z</time></trkpt>')
    (activity,) = read_activities(data, "far-future.gpx")
    assert activity.n_records == 30
    assert IssueCode.SAMPLES_WITHOUT_TIME_DROPPED in {i.code for i in activity.issues}


@pytest.mark.parametrize("relative", ["TestFilesForFitnessApps/20120611_run_garmin_fr405cx.tcx", "TestFilesForFitnessApps/20210119_run_garmin_fenix6_sapphire.gpx"])
def test_a_truncated_file_keeps_what_was_read_before_the_cut(relative: str) -> None:
    data = corpus_path(relative).read_bytes()
    (whole,) = read_activities(data, relative)
    (cut,) = read_activities(data[: len(data) // 2], relative)
    assert 0.3 * whole.n_records < cut.n_records < 0.7 * whole.n_records
    assert IssueCode.MALFORMED_XML_RECOVERED in {i.code for i in cut.issues}
    assert cut.meta.start_time == whole.meta.start_time


def test_a_hundred_thousand_waypoints_and_no_track_is_not_an_activity() -> None:
    data = b"<gpx>" + b'<wpt lat="1" lon="2"><name>w</name></wpt>' * 100_000 + b"</gpx>"
    with pytest.raises(NotAnActivityError, match="no track points"):
        read_activities(data, "waypoints.gpx")
