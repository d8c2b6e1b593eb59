"""Within-run form change: the first third against the last, at matched pace (spec §8)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from runsense.model import Records
from runsense.signal._groups import group_median
from runsense.signal.config import SignalConfig
from runsense.signal.run import Run

#: metrics compared, and the FAT-* flag threshold attribute of FatigueConfig for each
FATIGUE_METRICS = ("cadence_spm", "stance_time_ms", "vertical_oscillation_mm", "vertical_ratio_pct", "step_length_m", "gct_balance_dev_pp")


class FatigueResult(NamedTuple):
    """Δ = last third − first third, at matched pace, with a 95 % bootstrap CI over 10-s blocks."""

    eligible: bool
    reason: str
    method: str
    minutes_compared: tuple[float, float]
    delta: dict[str, float]
    ci95: dict[str, tuple[float, float]]


def _ineligible(reason: str) -> FatigueResult:
    return FatigueResult(False, reason, "none", (0.0, 0.0), {}, {})


def within_run_change(records: Records | Run, config: SignalConfig | None = None, *, n_boot: int = 200, seed: int = 0) -> FatigueResult:
    """Compare the first and last thirds of a long run at the same pace (spec §8.2).

    Eligible when moving time ≥ 45 min or distance ≥ 8 km. The first 5 min and last 2 min are
    dropped; the rest is split into thirds by moving time. Samples are kept whose smoothed speed
    is within ±5 % (or ±0.2 m/s) of the first third's median, on the flat (|grade| ≤ 2 %).
    Each third needs ≥ 10 min of such samples.
    """
    config = config or SignalConfig()
    f = config.fatigue
    run = Run.of(records, config.validity)
    weights = run.weight_s
    moving_s = float((weights * run.running).sum())
    distance = run.column("distance_m")
    distance_km = float(np.nanmax(distance)) / 1000 if np.isfinite(distance).any() else 0.0
    if moving_s < f.min_moving_min * 60 and distance_km < f.min_distance_km:
        return _ineligible(f"too short for a fatigue comparison (needs {f.min_moving_min:.0f} min or {f.min_distance_km:.0f} km)")
    t = run.t_s
    moving_clock = np.cumsum(weights * run.running)
    keep = run.running & (t >= f.warmup_exclude_s) & (t <= t[-1] - f.cooldown_exclude_s) & (weights > 0)
    if keep.sum() < 60:
        return _ineligible("not enough running samples after the warm-up")
    lo, hi = moving_clock[keep].min(), moving_clock[keep].max()
    third = np.where(keep, np.floor((moving_clock - lo) / max(hi - lo, 1e-9) * 3).clip(0, 2), -1)
    speed = run.smooth_speed_mps
    grade = run.grade_pct
    flat = np.where(np.isfinite(grade), np.abs(grade) <= config.max_abs_grade_pct, True)
    v0 = np.nanmedian(speed[(third == 0) & flat])
    tolerance = max(v0 * f.pace_match_pct / 100, f.pace_match_mps)
    matched = flat & (np.abs(speed - v0) <= tolerance)
    first, last = (third == 0) & matched, (third == 2) & matched
    minutes = (float(weights[first].sum() / 60), float(weights[last].sum() / 60))
    if min(minutes) < f.min_segment_minutes:
        return FatigueResult(False, f"less than {f.min_segment_minutes:.0f} min at matched pace in the first or last third", "matched_pace", minutes, {}, {})
    block = np.floor(t / 10).astype(np.int64)
    stacked = np.vstack([run.metrics[name] for name in FATIGUE_METRICS])
    firsts, lasts = group_median(stacked[:, first], block[first]), group_median(stacked[:, last], block[last])
    rng = np.random.default_rng(seed)
    resamples: dict[int, np.ndarray] = {}  # by block count: metrics with the same blocks share them (a paired bootstrap)
    delta, ci = {}, {}
    for name, a, b in zip(FATIGUE_METRICS, firsts, lasts, strict=True):
        # blocks, not samples, are resampled: medians of 10-s blocks, those with no valid value dropped
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        if len(a) < 5 or len(b) < 5:
            continue
        delta[name] = float(np.median(b) - np.median(a))
        for n in (len(a), len(b)):
            if n not in resamples:
                resamples[n] = _draw_counts(rng, n_boot, n)
        boot = _resampled_medians(b, resamples[len(b)]) - _resampled_medians(a, resamples[len(a)])
        ci[name] = (float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5)))
    return FatigueResult(True, "", "matched_pace", minutes, delta, ci)


def _draw_counts(rng: np.random.Generator, n_boot: int, n: int) -> np.ndarray:
    """``n_boot`` resamples of ``n`` items with replacement, as how often each item was drawn."""
    draws = rng.integers(0, n, (n_boot, n))
    return np.bincount((draws + np.arange(n_boot)[:, None] * n).ravel(), minlength=n_boot * n).reshape(n_boot, n)


def _resampled_medians(x: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The median of each resample of ``x`` (a row of :func:`_draw_counts`), without sorting any.

    With ``x`` sorted once, a resample's median is the value where the running count of its
    draws passes the middle: a cumulative sum instead of one partition per resample.
    """
    n = len(x)
    order = np.argsort(x, kind="stable")
    running = counts[:, order].cumsum(axis=1)
    lower = (running > (n - 1) // 2).argmax(axis=1)
    upper = (running > n // 2).argmax(axis=1)
    ordered = x[order]
    return (ordered[lower] + ordered[upper]) / 2
