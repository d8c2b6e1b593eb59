"""The step every reader's activity goes through last: impossible GPS fixes and speeds, distance
from the track, and the sport of an untyped file.

Kept apart from the readers so that it holds one rule for all three formats:

* **Impossible fixes.** A fix at exactly 0°, 0° (a receiver's "no fix yet") is dropped, and so is a
  fix that implies moving faster than the sport allows from the last good fix (:data:`SPEED_CAP_MPS`):
  one such jump made an 11,467 km run. Recorded speeds over the cap are dropped too. Each is
  counted in an issue on the activity.
* **Distance from the track.** When the file's distance is missing or zero (an Apple Watch TCX
  writes ``0.0`` everywhere) and it has a track, distance and speed come from the track. When the
  distance was the track's length to begin with (GPX, TCX without distances), it is measured again
  after the cleaning.
* **Sport inference.** A GPX or TCX without a sport is called running when pace and cadence say so
  clearly (:func:`infer_running`); the issue says so and why, and the runner can change it.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

import numpy as np

from runsense.errors import Issue, IssueCode, NotAnActivityError
from runsense.model import Activity, Records
from runsense.parsers._common import haversine_m, speed_from_distance
from runsense.units import format_pace

#: the fastest a sport moves, m/s: a fix or a recorded speed beyond it is a GPS error. Running: 12 m/s
#: is faster than a 100 m world record (10.4 m/s average); cycling: 40 m/s is a fast descent.
SPEED_CAP_MPS: dict[str, float] = {
    "running": 12.0, "trail_running": 12.0, "walking": 12.0, "hiking": 12.0,
    "cycling": 40.0, "swimming": 12.0, "transition": 12.0,
}  # fmt: skip
#: for any other sport (a car, a plane, a ski lift): only what no ground or air travel reaches
DEFAULT_SPEED_CAP_MPS = 300.0

#: untyped files are called running when (spec-less: our rule) the median moving speed lies in this
#: range (9:15 to 3:42 /km without cadence; up to 2:34 /km when a running cadence confirms it) …
RUNNING_SPEED_MPS = (1.8, 4.5)
RUNNING_SPEED_WITH_CADENCE_MPS = (1.8, 6.5)
#: … the cadence, when recorded, is a running one (a ride's 90 rpm, a ski's 90 strides/min are not) …
RUNNING_CADENCE_SPM = (140.0, 220.0)
#: … the 95th percentile speed has no bursts a runner cannot make (rides and cars do; a running
#: cadence allows GPS noise up to the running cap), and the whole activity moves on average (a
#: swim's GPS jitters at "3 m/s" while it covers 0.7 m/s) …
RUNNING_P95_MAX_MPS = 7.0
RUNNING_P95_WITH_CADENCE_MAX_MPS = 12.0
RUNNING_MIN_AVERAGE_MPS = 1.2
#: … over at least 5 minutes and 500 m.
RUNNING_MIN_DURATION_S = 300.0
RUNNING_MIN_DISTANCE_M = 500.0
_MOVING_MPS = 0.5
#: no consumer GPS watch recorded before this year: an earlier date is a clock that was never set
EARLIEST_YEAR = 2000


def finish_activity(activity: Activity) -> Activity:
    """Apply the shared cleaning to one freshly read activity (see the module's docstring)."""
    records, issues = activity.records, list(activity.issues)
    meta = activity.meta
    records, at_null = _drop_null_island(records)
    sport, inferred = meta.sport, None
    if meta.source_format in {"gpx", "tcx"} and sport == "generic":
        inferred = infer_running(records, _track_or(meta.distance_m, records), meta.duration_s)
        if inferred is not None:
            sport = "running"
            issues.append(Issue(IssueCode.SPORT_INFERRED, inferred))
    cap = SPEED_CAP_MPS.get(sport, DEFAULT_SPEED_CAP_MPS)
    records, jumps = _drop_jumps(records, cap)
    dropped = at_null + jumps
    if dropped:
        what = [f"{at_null} at 0°, 0° (no fix)" if at_null else "", f"{jumps} a jump faster than {cap:g} m/s for {sport}" if jumps else ""]
        issues.append(Issue(IssueCode.IMPOSSIBLE_POSITIONS_DROPPED, f"{dropped} impossible GPS fixes were dropped ({'; '.join(w for w in what if w)})", dropped))
    records, distance_m = _distance_from_track(activity.records, records, meta.distance_m, dropped > 0, issues)
    records, too_fast = _drop_fast_speeds(records, cap)
    if too_fast:
        issues.append(Issue(IssueCode.IMPOSSIBLE_SPEEDS_DROPPED, f"{too_fast} speed samples over {cap:g} m/s are impossible for {sport} and were dropped", too_fast))
    if records is activity.records and sport == meta.sport and len(issues) == len(activity.issues):
        return activity
    return replace(activity, meta=replace(meta, sport=sport, distance_m=distance_m), records=records, issues=tuple(issues))


def _distance_from_track(original: Records, records: Records, distance_m: float, fixes_dropped: bool, issues: list[Issue]) -> tuple[Records, float]:
    """The distance column and total from the (cleaned) track: when the file has none, or when they
    were the ``original`` track's length and fixes were dropped since. Derived speed follows.
    (The checks on the original samples run only then: most files need neither.)"""
    no_distance = not (math.isfinite(distance_m) and distance_m > 0)
    if not (no_distance or fixes_dropped):
        return records, distance_m
    was = _is_track_length(original, distance_m)
    if not (no_distance or was.file or was.records):
        return records, distance_m
    speed_was_derived = _speed_is_derived(original)
    track = _track_distance(records)
    if track is None:  # no two fixes left
        if no_distance:
            return records, distance_m
        track = np.zeros(len(records))
    if no_distance and track[-1] <= 0:
        return records, distance_m
    if no_distance or was.records or not np.isfinite(records["distance_m"].to_numpy()).any():
        records = records.assign(distance_m=track)
    if no_distance:
        issues.append(Issue(IssueCode.DISTANCE_FROM_TRACK, f"the file gives no distance (missing or 0); {track[-1] / 1000:.2f} km measured along the GPS track"))
    speed = records["speed_mps"].to_numpy()
    if speed_was_derived or not (np.nanmax(speed, initial=0.0) > 0):
        records = records.assign(speed_mps=speed_from_distance(records))
    return records, float(track[-1]) if no_distance or was.file else distance_m


def require_real_date(activity: Activity) -> None:
    """Refuse an activity dated before 2000: a clock counting from power-on, not a real date (FIT
    files that hold a real date elsewhere are re-dated by the FIT reader before this).

    Raises
    ------
    NotAnActivityError
        Saying the date and why it cannot be right.
    """
    meta = activity.meta
    if meta.start_time.year < EARLIEST_YEAR:
        raise NotAnActivityError(meta.source_name, f"its times start on {meta.start_time.date().isoformat()}: the device's clock counted from its power-on and the file holds no real date, so the activity cannot be placed on the calendar")


def infer_running(records: Records, distance_m: float, duration_s: float) -> str | None:
    """Why an untyped activity is a run, or None when pace and cadence do not say so clearly."""
    if not (duration_s >= RUNNING_MIN_DURATION_S and distance_m >= RUNNING_MIN_DISTANCE_M):
        return None
    if distance_m / duration_s < RUNNING_MIN_AVERAGE_MPS:
        return None
    speed = records["speed_mps"].to_numpy()
    moving = speed[np.isfinite(speed) & (speed >= _MOVING_MPS)]
    if len(moving) < 30:
        return None
    median, p95 = (float(v) for v in np.percentile(moving, [50, 95]))
    cadence = records["cadence_spm"].to_numpy()
    cadence = cadence[np.isfinite(cadence) & (cadence > 0)]
    if len(cadence) >= 30:
        spm = float(np.median(cadence))
        lo, hi = RUNNING_SPEED_WITH_CADENCE_MPS
        if not (RUNNING_CADENCE_SPM[0] <= spm <= RUNNING_CADENCE_SPM[1] and lo <= median <= hi and p95 <= RUNNING_P95_WITH_CADENCE_MAX_MPS):
            return None
        evidence = f"median moving pace {format_pace(median)} and cadence {spm:.0f} spm"
    else:
        lo, hi = RUNNING_SPEED_MPS
        if not (lo <= median <= hi and p95 <= RUNNING_P95_MAX_MPS):
            return None
        evidence = f"median moving pace {format_pace(median)} (no cadence recorded)"
    return f"the file names no sport; running inferred from {evidence}. If it was not a run, change it with `runsense activity ID --sport SPORT`"


class _TrackLength(NamedTuple):
    """Whether the file's distance (``file``) and the distance column (``records``) were the track's length."""

    file: bool
    records: bool


def _is_track_length(records: Records, distance_m: float) -> _TrackLength:
    track = _track_distance(records)
    if track is None:
        return _TrackLength(False, False)
    column = records["distance_m"].to_numpy()
    finite = np.isfinite(column)
    same_column = bool(finite.any()) and abs(float(column[finite][-1]) - float(track[-1])) <= max(1.0, 0.001 * float(track[-1]))
    same_file = math.isfinite(distance_m) and abs(distance_m - float(track[-1])) <= max(1.0, 0.001 * float(track[-1]))
    return _TrackLength(same_file, same_column)


def _speed_is_derived(records: Records) -> bool:
    """True when the speed column is Δdistance/Δtime (no speed in the file), so it follows a new distance."""
    speed = records["speed_mps"].to_numpy()
    return bool(np.isfinite(speed).any()) and np.allclose(speed, speed_from_distance(records), equal_nan=True)


def _track_or(distance_m: float, records: Records) -> float:
    if math.isfinite(distance_m) and distance_m > 0:
        return distance_m
    track = _track_distance(records)
    return float(track[-1]) if track is not None else 0.0


def _track_distance(records: Records) -> np.ndarray | None:
    """Cumulative distance along the kept fixes, m (a dropped fix is bridged by its neighbours); None without a track.

    A step the file's own distance counted as 0 while the fixes moved is a gap between track
    segments (a pause) and stays 0, as the readers count it.
    """
    lat, lon = records["lat_deg"].to_numpy(), records["lon_deg"].to_numpy()
    fix = np.isfinite(lat) & np.isfinite(lon)
    if fix.sum() < 2:
        return None
    first = int(np.argmax(fix))
    idx = np.maximum.accumulate(np.where(fix, np.arange(len(fix)), first))  # forward fill by index
    step = haversine_m(lat[idx], lon[idx])
    own = records["distance_m"].to_numpy()
    if np.nanmax(own, initial=0.0) > 0:
        own_step = np.diff(own, prepend=np.nan)
        step[(own_step == 0) & (step > 0) & fix] = 0.0
    return np.cumsum(np.nan_to_num(step, nan=0.0))


def _drop_null_island(records: Records) -> tuple[Records, int]:
    lat, lon = records["lat_deg"].to_numpy(), records["lon_deg"].to_numpy()
    null = (lat == 0.0) & (lon == 0.0)
    if not null.any():
        return records, 0
    return records.assign(lat_deg=np.where(null, np.nan, lat), lon_deg=np.where(null, np.nan, lon)), int(null.sum())


def _drop_jumps(records: Records, cap_mps: float) -> tuple[Records, int]:
    """Drop fixes that imply moving faster than ``cap_mps`` from the last good fix."""
    lat, lon = records["lat_deg"].to_numpy(), records["lon_deg"].to_numpy()
    idx = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    if len(idx) < 2:
        return records, 0
    seconds = records.index.asi8[idx] / 1e9
    speed = haversine_m(lat[idx], lon[idx])[1:] / np.maximum(np.diff(seconds), 1.0)
    if not (speed > cap_mps).any():
        return records, 0  # the usual case: nothing to walk through
    bad = _walk_jumps(lat[idx], lon[idx], seconds, speed, cap_mps)
    drop = np.zeros(len(lat), dtype=bool)
    drop[idx[bad]] = True
    return records.assign(lat_deg=np.where(drop, np.nan, lat), lon_deg=np.where(drop, np.nan, lon)), int(bad.sum())


def _walk_jumps(lat: np.ndarray, lon: np.ndarray, seconds: np.ndarray, speed: np.ndarray, cap_mps: float) -> np.ndarray:
    """Mark fixes too far from the last kept one; the walk starts at the first fix its successor agrees with.

    ``speed[k]`` is the step from fix k to fix k + 1. While the walk is in step (the last kept fix
    is the one just before), that step decides, so a whole run of plausible steps is kept at once;
    fix by fix only after a jump, until a fix is kept again (a real file has thousands of fixes
    and a few jumps: 1 s a file when every fix was walked one by one).
    """
    bad = np.ones(len(lat), dtype=bool)
    ok = np.flatnonzero(speed <= cap_mps)
    if not len(ok):
        bad[0] = False  # every step is impossible: keep the first fix alone
        return bad
    too_fast = np.flatnonzero(~(speed <= cap_mps))  # steps k (fix k -> k + 1) over the cap
    last = int(ok[0])
    bad[last] = False
    i = last + 1
    while i < len(lat):
        if last == i - 1:  # in step: keep every fix up to the next step over the cap
            after = np.searchsorted(too_fast, i - 1)
            stop = int(too_fast[after]) + 1 if after < len(too_fast) else len(lat)
            bad[i:stop] = False
            last, i = stop - 1, stop
            if i >= len(lat):
                break
        metres = haversine_m(np.array([lat[last], lat[i]]), np.array([lon[last], lon[i]]))[1]
        if metres / max(seconds[i] - seconds[last], 1.0) <= cap_mps:
            bad[i] = False
            last = i
        i += 1
    return bad


def _drop_fast_speeds(records: Records, cap_mps: float) -> tuple[Records, int]:
    speed = records["speed_mps"].to_numpy()
    fast = speed > cap_mps
    if not fast.any():
        return records, 0
    return records.assign(speed_mps=np.where(fast, np.nan, speed)), int(fast.sum())
