"""Within-run form change: the first third against the last, at matched pace (spec §8)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from runsense.model import Records
from runsense.signal._groups import group_median, group_sum
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
    """Compare the first and last thirds of a long run like with like (spec §8.2).

    Eligible when moving time ≥ 45 min or distance ≥ 8 km. The first 5 min and last 2 min are
    dropped; the rest is split into thirds by moving time, and each third needs ≥ 10 min of flat
    (|grade| ≤ 2 %) running. The default compares medians at matched pace: samples whose smoothed
    speed is within ±5 % (or ±0.2 m/s) of the first third's median. When that leaves under 10 min
    in either third (a hilly, varied or progressive run), the regression of spec §8.2.3 corrects
    for speed instead: :func:`_speed_corrected`.
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
    flat = np.where(np.isfinite(grade), np.abs(grade) <= config.max_abs_grade_pct, True) & np.isfinite(speed)
    flat_minutes = (float(weights[(third == 0) & flat].sum() / 60), float(weights[(third == 2) & flat].sum() / 60))
    if min(flat_minutes) < f.min_segment_minutes:
        return FatigueResult(False, f"less than {f.min_segment_minutes:.0f} min of flat running in the first or last third", "none", flat_minutes, {}, {})
    v0 = np.nanmedian(speed[(third == 0) & flat])
    tolerance = max(v0 * f.pace_match_pct / 100, f.pace_match_mps)
    matched = flat & (np.abs(speed - v0) <= tolerance)
    first, last = (third == 0) & matched, (third == 2) & matched
    minutes = (float(weights[first].sum() / 60), float(weights[last].sum() / 60))
    block = np.floor(t / 10).astype(np.int64)
    rng = np.random.default_rng(seed)
    if min(minutes) < f.min_segment_minutes:
        return _speed_corrected(run, block, (third == 0) & flat, (third == 2) & flat, rng, n_boot, f.min_segment_minutes)
    stacked = np.vstack([run.metrics[name] for name in FATIGUE_METRICS])
    firsts, lasts = group_median(stacked[:, first], block[first]), group_median(stacked[:, last], block[last])
    resamples: dict[int, np.ndarray] = {}  # by block count: metrics with the same blocks share them (a paired bootstrap)
    delta, ci = {}, {}
    for name, a, b in zip(FATIGUE_METRICS, firsts, lasts, strict=True):
        # blocks, not samples, are resampled: medians of 10-s blocks, those with no valid value dropped
        a, b = a[np.isfinite(a)], b[np.isfinite(b)]
        if len(a) < 5 or len(b) < 5:
            continue
        delta[name] = float(np.median(b) - np.median(a))
        counts_a, counts_b = _resample(rng, resamples, n_boot, len(a)), _resample(rng, resamples, n_boot, len(b))
        boot = _resampled_medians(b, counts_b) - _resampled_medians(a, counts_a)
        ci[name] = (float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5)))
    return FatigueResult(True, "", "matched_pace", minutes, delta, ci)


def _speed_corrected(run: Run, block: np.ndarray, first: np.ndarray, last: np.ndarray, rng: np.random.Generator, n_boot: int, min_minutes: float) -> FatigueResult:
    """Spec §8.2.3, the regression approach: fit ``metric = a + b·v (+ c·spm)`` on the first third's
    10-s blocks (cadence is a covariate for every metric but itself [60]), predict the last third's
    blocks, and report the median residual, the speed-corrected change; its 95 % CI from a
    bootstrap over blocks that refits the model on each resample of the first third.

    Only last-third blocks within the first third's speed range (5th to 95th percentile) are
    predicted, so the model is never extrapolated; they need ``min_minutes`` as the thirds do.
    """
    weights = run.weight_s
    stacked = np.vstack([run.smooth_speed_mps, run.metrics["cadence_spm"], *(run.metrics[name] for name in FATIGUE_METRICS)])
    a, b = group_median(stacked[:, first], block[first]), group_median(stacked[:, last], block[last])
    low, high = np.nanpercentile(a[0], [5, 95])
    in_range = (b[0] >= low) & (b[0] <= high)
    minutes = (float(weights[first].sum() / 60), float(group_sum(weights[last], block[last])[in_range].sum() / 60))
    if minutes[1] < min_minutes:
        return FatigueResult(False, f"less than {min_minutes:.0f} min of the last third at paces the first third covered", "regression", minutes, {}, {})
    resamples: dict[int, np.ndarray] = {}
    delta, ci = {}, {}
    for name, ya, yb in zip(FATIGUE_METRICS, a[2:], b[2:], strict=True):
        covariates = (0,) if name == "cadence_spm" else (0, 1)
        xa = np.column_stack([np.ones(a.shape[1]), *a[list(covariates)]])
        xb = np.column_stack([np.ones(b.shape[1]), *b[list(covariates)]])
        ok_a = np.isfinite(xa).all(axis=1) & np.isfinite(ya)
        ok_b = np.isfinite(xb).all(axis=1) & np.isfinite(yb) & in_range
        if ok_a.sum() < 10 * xa.shape[1] or ok_b.sum() < 5:
            continue
        xa, ya, xb, yb = xa[ok_a], ya[ok_a], xb[ok_b], yb[ok_b]
        coef, *_ = np.linalg.lstsq(xa, ya, rcond=None)
        delta[name] = float(np.median(yb - xb @ coef))
        counts = _resample(rng, resamples, n_boot, len(ya))
        gram = np.einsum("bn,np,nq->bpq", counts, xa, xa)
        coefs = _solve(gram, np.einsum("bn,np,n->bp", counts, xa, ya))
        residuals = yb[None, :] - coefs @ xb.T
        boot = _resampled_medians(residuals, _resample(rng, resamples, n_boot, len(yb)))
        ci[name] = (float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5)))
    return FatigueResult(True, "", "regression", minutes, delta, ci)


def _solve(gram: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Least-squares coefficients of each resample from its normal equations (pseudo-inverse: a
    resample with too little spread in speed gets the minimum-norm solution, not an error)."""
    return np.einsum("bpq,bq->bp", np.linalg.pinv(gram), rhs)


def _resample(rng: np.random.Generator, cache: dict[int, np.ndarray], n_boot: int, n: int) -> np.ndarray:
    """The draw counts for ``n`` blocks, shared by every metric with as many (a paired bootstrap)."""
    if n not in cache:
        cache[n] = _draw_counts(rng, n_boot, n)
    return cache[n]


def _draw_counts(rng: np.random.Generator, n_boot: int, n: int) -> np.ndarray:
    """``n_boot`` resamples of ``n`` items with replacement, as how often each item was drawn."""
    draws = rng.integers(0, n, (n_boot, n))
    return np.bincount((draws + np.arange(n_boot)[:, None] * n).ravel(), minlength=n_boot * n).reshape(n_boot, n)


def _resampled_medians(x: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The median of each resample (a row of :func:`_draw_counts`) of ``x``, one series or a row of
    values per resample, without sorting any resample.

    With ``x`` sorted, a resample's median is the value where the running count of its draws
    passes the middle: a cumulative sum instead of one partition per resample.
    """
    n = x.shape[-1]
    order = np.argsort(x, axis=-1, kind="stable")
    if x.ndim == 1:
        running, ordered = counts[:, order].cumsum(axis=1), np.broadcast_to(x[order], counts.shape)
    else:
        running, ordered = np.take_along_axis(counts, order, axis=1).cumsum(axis=1), np.take_along_axis(x, order, axis=1)
    rows = np.arange(len(counts))
    lower = (running > (n - 1) // 2).argmax(axis=1)
    upper = (running > n // 2).argmax(axis=1)
    return (ordered[rows, lower] + ordered[rows, upper]) / 2
