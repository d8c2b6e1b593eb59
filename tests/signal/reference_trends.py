"""The first, week-by-week ``weekly_form``: slow but plain. The vectorised one must agree with it.

Also the per-window pieces it was built from (a speed model fitted to one window of segments,
a weighted median, the order-statistic CI of a median), which the product no longer calls.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from runsense.signal.config import SignalConfig
from runsense.signal.trends import _ANY, MATCHED_METRICS, _pairs


class SpeedModel(NamedTuple):
    """``metric = a + b·v``; ``method`` says where ``b`` came from."""

    a: float
    b: float
    method: str  # theil_sen | prior | none
    n_segments: int


def theil_sen(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Median pairwise slope and the matching intercept (vectorised; keep ``len(x)`` small)."""
    i, j = _pairs(len(x))
    dx = x[j] - x[i]
    ok = dx != 0
    if not ok.any():
        return float("nan"), float("nan")
    slope = float(np.median((y[j] - y[i])[ok] / dx[ok]))
    return slope, float(np.median(y - slope * x))


def fit_speed_model(
    speed: np.ndarray, values: np.ndarray, prior_slope: float, slope_range: tuple[float, float] = _ANY, config: SignalConfig | None = None
) -> SpeedModel:
    """Fit one metric against speed over a window of steady segments (spec §2.3).

    With ≥ 20 segments spanning ≥ 0.5 m/s (10th to 90th percentile), a robust Theil–Sen
    slope on 0.1 m/s bin medians, clamped to a plausible range (cadence: 0–15 spm per m/s).
    Otherwise the prior slope, and ``a = median(metric − b·v)``.
    """
    config = config or SignalConfig()
    c = config.cadence
    ok = np.isfinite(speed) & np.isfinite(values)
    v, y = speed[ok], values[ok]
    if len(v) == 0:
        return SpeedModel(float("nan"), float("nan"), "none", 0)
    if len(v) >= c.min_segments and np.percentile(v, 90) - np.percentile(v, 10) >= c.min_speed_span_mps:
        bins = np.floor(v / 0.1)
        frame = pd.DataFrame({"bin": bins, "v": v, "y": y}).groupby("bin").agg(v=("v", "median"), y=("y", "median"), n=("y", "size"))
        frame = frame[frame["n"] >= 3]
        if len(frame) >= 3:
            b, _ = theil_sen(frame["v"].to_numpy(), frame["y"].to_numpy())
            if np.isfinite(b) and slope_range[0] <= b <= slope_range[1]:
                return SpeedModel(float(np.median(y - b * v)), b, "theil_sen", len(v))
    if not np.isfinite(prior_slope):
        return SpeedModel(float(np.median(y)), 0.0, "none", len(v))
    return SpeedModel(float(np.median(y - prior_slope * v)), prior_slope, "prior", len(v))


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value where the cumulative weight first reaches half the total."""
    ok = np.isfinite(values) & (weights > 0)
    if not ok.any():
        return float("nan")
    order = np.argsort(values[ok])
    v, w = values[ok][order], weights[ok][order]
    cumulative = np.cumsum(w)
    return float(v[np.searchsorted(cumulative, cumulative[-1] / 2)])


def median_ci95(values: np.ndarray) -> tuple[float, float]:
    """Distribution-free 95 % CI of a median from order statistics (ranks n/2 ∓ 1.96·√n/2)."""
    x = np.sort(values[np.isfinite(values)])
    n = len(x)
    if n < 5:
        return float("nan"), float("nan")
    half = 1.96 * np.sqrt(n) / 2
    return float(x[max(int(np.floor(n / 2 - half)), 0)]), float(x[min(int(np.ceil(n / 2 + half)), n - 1)])


def weekly_form_loop(segments: pd.DataFrame, weeks: list[str], v_ref: float, config: SignalConfig | None = None) -> pd.DataFrame:
    """:func:`runsense.signal.trends.weekly_form`, one week and one metric at a time (the same output)."""
    config = config or SignalConfig()
    c = config.cadence
    metrics = list(MATCHED_METRICS)
    position = {week: i for i, week in enumerate(weeks)}
    window_weeks = max(1, round(c.model_window_days / 7))
    seg = segments[segments["week"].isin(position)] if not segments.empty else segments
    seg = seg.assign(pos=seg["week"].map(position)).sort_values(["pos"], kind="stable") if not seg.empty else seg
    pos = seg["pos"].to_numpy() if not seg.empty else np.zeros(0, dtype=int)
    speed = seg["speed_mps"].to_numpy(dtype=float) if not seg.empty else np.zeros(0)
    values = {m: seg[m].to_numpy(dtype=float) for m in metrics} if not seg.empty else {m: np.zeros(0) for m in metrics}
    durations = seg["duration_s"].to_numpy(dtype=float) if not seg.empty else np.zeros(0)
    activity = seg["activity_id"].to_numpy() if not seg.empty else np.zeros(0, dtype=object)
    # per (week, 0.1 m/s bin): counts and sums, accumulated over weeks so any window is a difference
    n_weeks = len(weeks)
    bins = np.floor(speed / 0.1).astype(np.int64) if len(speed) else np.zeros(0, dtype=np.int64)
    b0 = int(bins.min()) if len(bins) else 0
    n_bins = int(bins.max()) - b0 + 1 if len(bins) else 1
    flat = pos.astype(np.int64) * n_bins + (bins - b0)

    def cumulative(weights: np.ndarray) -> np.ndarray:
        grid = np.bincount(flat, weights=weights, minlength=n_weeks * n_bins).reshape(n_weeks, n_bins)
        return np.vstack([np.zeros((1, n_bins)), np.cumsum(grid, axis=0)])

    sums = {}
    for m in metrics:
        ok = np.isfinite(values[m])
        sums[m] = (cumulative(np.where(ok, values[m], 0.0)), cumulative(ok.astype(float)), cumulative(np.where(ok, speed, 0.0)))
    rows = []
    for i, week in enumerate(weeks):
        lo, hi = np.searchsorted(pos, i - window_weeks + 1, side="left"), np.searchsorted(pos, i, side="right")
        this_lo = np.searchsorted(pos, i, side="left")
        window_speed = speed[lo:hi]
        minutes = float(durations[this_lo:hi].sum() / 60)
        n_runs = len(set(activity[this_lo:hi]))
        row: dict[str, object] = {"week": week, "form_runs": n_runs, "valid_minutes": minutes}
        row["qualifying"] = n_runs >= config.form_trend.min_runs or minutes >= config.form_trend.min_valid_minutes
        enough = len(window_speed) >= c.min_segments and np.ptp(np.percentile(window_speed, [10, 90])) >= c.min_speed_span_mps
        first = max(i - window_weeks + 1, 0)
        this_speed = speed[this_lo:hi]
        for metric, (prior, slope_range) in MATCHED_METRICS.items():
            prior = c.prior_slope_spm_per_mps if metric == "cadence_spm" else prior
            total, count, speed_sum = (a[i + 1] - a[first] for a in sums[metric])
            cells = count >= 3
            with np.errstate(divide="ignore", invalid="ignore"):
                b, method = _window_slope(speed_sum[cells] / count[cells], total[cells] / count[cells], prior, slope_range, enough)
            adjusted = values[metric][this_lo:hi] - b * (this_speed - v_ref)
            value = weighted_median(adjusted, durations[this_lo:hi])
            low, high = median_ci95(adjusted)
            row |= {f"{metric}_at_ref": value, f"{metric}_ci_low": low, f"{metric}_ci_high": high, f"{metric}_slope": b, f"{metric}_method": method}
            if metric == "cadence_spm":
                row["cadence_at_context_speed"] = value + b * (c.context_speed_mps - v_ref) if np.isfinite(value) else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


def _window_slope(v: np.ndarray, y: np.ndarray, prior: float, slope_range: tuple[float, float], enough: bool) -> tuple[float, str]:
    if enough:
        ok = np.isfinite(y)
        if ok.sum() >= 3:
            b, _ = theil_sen(v[ok], y[ok])
            if np.isfinite(b) and slope_range[0] <= b <= slope_range[1]:
                return b, "theil_sen"
    if not np.isfinite(prior):
        return 0.0, "none"
    return prior, "prior"


