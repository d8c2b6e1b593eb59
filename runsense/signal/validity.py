"""Which samples count (spec §1.4): timer running, running not walking, plausible values.

Every function is pure and vectorised: it takes a canonical records table and returns arrays
the same length, never modifying its input.
"""

from __future__ import annotations

import numpy as np

from runsense.model import Records
from runsense.signal.config import ValidityConfig

#: re-exported: the thresholds are defined with the others in :mod:`runsense.signal.config`
__all__ = ["ValidityConfig", "elapsed_s", "grade_pct", "plausible", "running_mask", "sample_duration_s", "smoothed_speed_mps"]
_DEFAULT = ValidityConfig()


def sample_duration_s(records: Records, max_gap_s: float = _DEFAULT.max_gap_s) -> np.ndarray:
    """Seconds each sample stands for: the time to the next sample, 0 across pauses.

    A gap longer than ``max_gap_s`` is a timer stop or a dropout, so the sample before it
    counts for nothing (spec §1.4, "timer running"). The last sample ends the activity and
    counts for nothing, so the weights add up to the recorded span.
    Time weighting is what makes averages right under Garmin's smart recording.
    """
    n = len(records)
    if n == 0:
        return np.zeros(0)
    seconds = (records.index.asi8 - records.index.asi8[0]) / 1e9
    step = np.empty(n)
    step[:-1] = np.diff(seconds)
    step[-1] = 0.0
    step[(step > max_gap_s) | (step < 0)] = 0.0
    return step


def running_mask(records: Records, config: ValidityConfig | None = None) -> np.ndarray:
    """Samples of running (not walking, not stopped): v ≥ 1.8 m/s and cadence ≥ 130 spm.

    Where the file has no cadence, speed alone decides; where it has no speed (a treadmill
    without a foot pod), cadence alone does.
    """
    config = config or ValidityConfig()
    speed = records["speed_mps"].to_numpy()
    cadence = records["cadence_spm"].to_numpy()
    lo_v, hi_v = config.speed_range_mps
    speed_ok = (speed >= max(lo_v, config.min_run_speed_mps)) & (speed <= hi_v)
    cadence_ok = (cadence >= max(config.spm_range[0], config.min_run_spm)) & (cadence <= config.spm_range[1])
    has_speed = np.isfinite(speed).any()
    has_cadence = np.isfinite(cadence).any()
    if has_speed and has_cadence:
        return speed_ok & cadence_ok
    if has_speed:
        return speed_ok
    return cadence_ok


def plausible(values: np.ndarray, value_range: tuple[float, float]) -> np.ndarray:
    """True where a value is finite and inside the range (both ends included)."""
    return np.isfinite(values) & (values >= value_range[0]) & (values <= value_range[1])


def elapsed_s(records: Records) -> np.ndarray:
    """Seconds since the first sample."""
    if len(records) == 0:
        return np.zeros(0)
    return (records.index.asi8 - records.index.asi8[0]) / 1e9


def smoothed_speed_mps(records: Records, window_s: float = _DEFAULT.speed_smoothing_s) -> np.ndarray:
    """Speed after a centred rolling median over ``window_s`` (spec §1.4): GPS jitter and spikes removed.

    Uses the device's speed, or Δdistance/Δt where it has none.
    """
    speed = records["speed_mps"]
    if speed.isna().all() and records["distance_m"].notna().any():
        seconds = elapsed_s(records)
        with np.errstate(divide="ignore", invalid="ignore"):
            derived = np.gradient(records["distance_m"].to_numpy(), seconds) if len(records) > 1 else np.full(len(records), np.nan)
        speed = speed.copy()
        speed[:] = derived
    return speed.rolling(f"{int(window_s * 1000)}ms", center=True, min_periods=1).median().to_numpy()


def grade_pct(records: Records, *, over_m: float = 50.0, smoothing_s: float = 10.0) -> np.ndarray:
    """Road grade, %, as Δaltitude/Δdistance over the last ``over_m`` metres after smoothing (spec §1.4).

    NaN where altitude or distance is missing (a treadmill), or the run has not yet covered ``over_m``.
    """
    altitude = records["altitude_m"].rolling(f"{int(smoothing_s * 1000)}ms", center=True, min_periods=1).mean().to_numpy()
    distance = records["distance_m"].to_numpy()
    out = np.full(len(records), np.nan)
    ok = np.isfinite(distance) & np.isfinite(altitude)
    if ok.sum() < 2:
        return out
    d, a, idx = distance[ok], altitude[ok], np.flatnonzero(ok)
    d_max = np.maximum.accumulate(d)  # cumulative distance never goes back
    back = np.searchsorted(d_max, d_max - over_m, side="right") - 1
    has = back >= 0
    span = np.where(has, d_max - d_max[np.clip(back, 0, None)], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where(has & (span >= over_m), (a - a[np.clip(back, 0, None)]) / span * 100.0, np.nan)
    out[idx] = g
    return out
