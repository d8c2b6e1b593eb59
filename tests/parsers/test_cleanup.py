"""Dates, distances, GPS fixes and sports on real files: what a runner's history rests on."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

import numpy as np
import pytest

from runsense.errors import IssueCode, NotAnActivityError
from runsense.parsers import read_activities
from tests.conftest import corpus_path, read_corpus_file, standalone_rows

_ROWS = standalone_rows("fit", "gpx", "tcx")


def _rel(row: dict[str, str]) -> str:
    return row["path"].split("corpus/", 1)[1]


def _read(relative: str, data: bytes | None = None):
    path = corpus_path(relative)
    return read_activities(path.read_bytes() if data is None else data, path.name)


def _codes(activity) -> set[IssueCode]:
    return {issue.code for issue in activity.issues}


# -- dates ---------------------------------------------------------------------------------------
def test_device_relative_fit_times_take_the_activity_messages_local_date():
    (activity,) = _read("python-fitparse/antfs-dump.63.fit")  # a Forerunner 70 counting from power-on: read as 1990 before
    assert activity.meta.start_time.date().isoformat() == "2012-02-13"
    assert activity.meta.utc_offset_source == "fit_local_timestamp"
    assert IssueCode.DEVICE_TIME_ANCHORED in _codes(activity)
    assert activity.laps["start_time"].min().year == 2012  # laps move with the samples
    assert activity.meta.duration_s == pytest.approx(3426.9, abs=0.1)


def test_device_relative_fit_times_without_local_time_take_the_creation_time():
    (activity,) = _read("gpsbabel/garmin-virb-ultra-30.fit")
    assert activity.meta.start_time.year == 2017
    assert "time_created" in next(i.message for i in activity.issues if i.code == IssueCode.DEVICE_TIME_ANCHORED)


def test_relative_times_with_no_real_date_are_skipped_saying_why():
    with pytest.raises(NotAnActivityError, match="no real date"):
        _read("connectstats/activity_217470507.tcx")  # Garmin Connect's TCX of a device-time FIT: 1989 throughout


@pytest.mark.parametrize("row", _ROWS, ids=_rel)
def test_no_corpus_activity_is_dated_before_2000_or_after_today(row):
    activities, _ = read_corpus_file(_rel(row))
    now = datetime.now(UTC)
    for activity in activities:
        assert datetime(2000, 1, 1, tzinfo=UTC) <= activity.meta.start_time <= now, (_rel(row), activity.meta.start_time)


# -- distance ------------------------------------------------------------------------------------
@pytest.mark.parametrize("row", _ROWS, ids=_rel)
def test_every_corpus_run_with_a_track_has_a_distance(row):
    activities, _ = read_corpus_file(_rel(row))
    for activity in activities:
        if activity.meta.sport == "running" and activity.records["lat_deg"].notna().sum() >= 2:
            assert math.isfinite(activity.meta.distance_m) and activity.meta.distance_m > 0, _rel(row)


def test_apple_watch_tcx_with_zero_distances_takes_the_tracks_length():
    (activity,) = _read("TestFilesForFitnessApps/20220320_track_run_apple_watch_se.tcx")  # 0.00 km before
    assert activity.meta.distance_m == pytest.approx(5603, rel=0.02)  # a 5.6 km track session
    assert activity.records["distance_m"].iloc[-1] == pytest.approx(activity.meta.distance_m)
    speed = activity.records["speed_mps"]
    assert 2.5 < speed[speed > 0.5].median() < 5.0  # speed follows the new distance (it was all 0)
    assert IssueCode.DISTANCE_FROM_TRACK in _codes(activity)


# -- impossible fixes and speeds -----------------------------------------------------------------
_RUN_GPX = "runpandas/run.gpx"


def _with_point_moved(relative: str, index: int, lat: str, lon: str) -> bytes:
    """The file with its ``index``-th track point put at ``lat``, ``lon``."""
    text = corpus_path(relative).read_text()
    points = list(re.finditer(r'<trkpt lat="[^"]+" lon="[^"]+"', text))
    start, end = points[index].span()
    return (text[:start] + f'<trkpt lat="{lat}" lon="{lon}"' + text[end:]).encode()


def test_a_fix_at_0_0_is_dropped_with_an_issue():
    (clean,) = _read(_RUN_GPX)
    (activity,) = _read(_RUN_GPX, _with_point_moved(_RUN_GPX, 200, "0", "0"))  # one fix at 0,0: a 10,000 km "run" before
    assert activity.meta.distance_m == pytest.approx(clean.meta.distance_m, rel=0.01)
    assert next(i.count for i in activity.issues if i.code == IssueCode.IMPOSSIBLE_POSITIONS_DROPPED) == 1
    assert np.nanmax(activity.records["speed_mps"]) <= 12


def test_a_gps_jump_faster_than_running_allows_is_dropped():
    (clean,) = _read(_RUN_GPX)
    lat = float(re.findall(r'<trkpt lat="([^"]+)"', corpus_path(_RUN_GPX).read_text())[300])
    (activity,) = _read(_RUN_GPX, _with_point_moved(_RUN_GPX, 300, f"{lat + 0.05:.7f}", re.findall(r'lon="([^"]+)"', corpus_path(_RUN_GPX).read_text())[300]))
    assert activity.meta.sport == "running"
    assert activity.meta.distance_m == pytest.approx(clean.meta.distance_m, rel=0.01)  # not +11 km
    assert IssueCode.IMPOSSIBLE_POSITIONS_DROPPED in _codes(activity)


def test_a_500_mps_gpx_is_not_a_10_km_run():
    points = "".join(f'<trkpt lat="{47 + i * 0.0045:.4f}" lon="8.5"><time>2024-05-01T07:00:{i:02d}Z</time></trkpt>' for i in range(20))
    gpx = f'<?xml version="1.0"?><gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>'
    (activity,) = read_activities(gpx.encode(), "fast.gpx")  # 500 m a second, every second
    assert activity.meta.distance_m < 100
    assert not (activity.records["speed_mps"] > 12).any()
    assert IssueCode.IMPOSSIBLE_POSITIONS_DROPPED in _codes(activity)


# -- sport ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("relative", ["TestFilesForFitnessApps/run_03_garmin.gpx", "TestFilesForFitnessApps/20180831_beach_run_runkeeper.gpx", "sports-lib/strava.gpx"])
def test_an_untyped_run_is_inferred_as_running_and_says_so(relative):
    (activity,) = _read(relative)  # "generic" before: no shoe, no load
    assert activity.meta.sport == "running"
    message = next(i.message for i in activity.issues if i.code == IssueCode.SPORT_INFERRED)
    assert "/km" in message and "--sport" in message


@pytest.mark.parametrize("relative", [
    "sportstracker/bike-tour-gpsies.gpx", "GoldenCheetah/UrbanBiker2019-04-18_16-12.gpx", "gpxpy/around-visnjan-with-car.gpx",
    "GoldenCheetah/OWswim.tcx", "tcxreader/cross-country-skiing_activity_1.tcx", "TestFilesForFitnessApps/hike_01_iphone.gpx",
])  # fmt: skip
def test_untyped_rides_swims_skis_and_walks_stay_generic(relative):
    for activity in _read(relative):
        assert activity.meta.sport == "generic"
        assert IssueCode.SPORT_INFERRED not in _codes(activity)


def _walk_jumps_fix_by_fix(lat, lon, seconds, speed, cap_mps):
    """The rule of ``cleanup._walk_jumps`` walked one fix at a time (its first version, ~1 s a file)."""
    from runsense.parsers._common import haversine_m

    bad = np.ones(len(lat), dtype=bool)
    ok = np.flatnonzero(speed <= cap_mps)
    if not len(ok):
        bad[0] = False
        return bad
    last = int(ok[0])
    bad[last] = False
    for i in range(last + 1, len(lat)):
        metres = haversine_m(np.array([lat[last], lat[i]]), np.array([lon[last], lon[i]]))[1]
        if metres / max(seconds[i] - seconds[last], 1.0) <= cap_mps:
            bad[i] = False
            last = i
    return bad


@pytest.mark.parametrize("seed", range(12))
def test_the_jump_walk_keeps_the_same_fixes_as_walking_fix_by_fix(seed):
    """Runs of plausible steps are kept at once; the fixes kept must be those of the fix-by-fix walk
    (jumps alone, in bursts, at the start and at the end; GPS noise around 3 m/s)."""
    from runsense.parsers._common import haversine_m
    from runsense.parsers.cleanup import _walk_jumps

    rng = np.random.default_rng(seed)
    n = 3000
    seconds = np.cumsum(rng.choice([1.0, 1.0, 1.0, 2.0, 5.0], n))
    lat = 45.0 + np.cumsum(rng.normal(0, 2.5e-5, n))
    lon = 6.0 + np.cumsum(rng.normal(0, 2.5e-5, n))
    for _ in range(rng.integers(1, 30)):
        at, burst = int(rng.integers(0, n)), int(rng.integers(1, 6))
        lat[at : at + burst] += rng.choice([-1, 1]) * rng.uniform(0.01, 2.0)
    speed = haversine_m(lat, lon)[1:] / np.maximum(np.diff(seconds), 1.0)
    np.testing.assert_array_equal(_walk_jumps(lat, lon, seconds, speed, 8.0), _walk_jumps_fix_by_fix(lat, lon, seconds, speed, 8.0))
