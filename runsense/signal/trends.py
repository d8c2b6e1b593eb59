"""The runner's own speed models and weekly form at a reference pace (spec §2.3, §4.3–4.4).

Cadence, ground contact time and vertical ratio all change with speed, so an easy week looks
like a "form change" in raw averages. Every weekly value here is therefore taken at one
reference speed ``v_ref``: each steady segment is moved along the runner's own slope
``metric = a + b·v`` to ``v_ref`` before the week's median is taken.

Deviations from the spec, and why:

* the slope ``b`` comes from the 42-day window ending with the week (spec §2.3), but the
  level is the week's own segments: ``median(metric − b·(v − v_ref))``. A 42-day intercept would
  lag a real change by weeks.
* Theil–Sen is fitted to the window's 0.1 m/s speed bins (bin means of segment medians), not to
  every segment: a robust slope at a fraction of the cost.
* The weekly value's 95 % CI is the distribution-free order-statistic CI of the median, not a
  bootstrap: the same coverage for a median, without resampling every week.
* Trend slopes use Theil–Sen's own 95 % CI (Sen 1968, as in ``scipy.stats.theilslopes``)
  rather than a bootstrap.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from runsense.signal.config import SignalConfig

_ANY = (-np.inf, np.inf)
#: metrics with a weekly value at reference pace: (prior slope per m/s when the data cannot give
#: one, NaN for "no prior: leave unadjusted"; plausible slope range)
MATCHED_METRICS: dict[str, tuple[float, tuple[float, float]]] = {
    "cadence_spm": (6.0, (0.0, 15.0)),  # van Oeveren 2019 [7]; clamp of spec §2.3
    "step_length_m": (float("nan"), _ANY),
    "vertical_oscillation_mm": (0.0, _ANY),  # changes little with speed [19]
    "stance_time_ms": (float("nan"), _ANY),  # falls strongly with speed: the runner's own fit
    "vertical_ratio_pct": (float("nan"), _ANY),
    "gct_balance_dev_pp": (0.0, _ANY),
}


class SpeedModel(NamedTuple):
    """``metric = a + b·v``; ``method`` says where ``b`` came from."""

    a: float
    b: float
    method: str  # theil_sen | prior | none
    n_segments: int


@functools.lru_cache(maxsize=256)
def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, k=1)


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


def reference_speed(segments: pd.DataFrame, config: SignalConfig | None = None) -> float:
    """``v_ref``: the configured value, else the median steady running speed of the runner's
    first 28 days of data, frozen so later weeks stay comparable (spec §2.3)."""
    config = config or SignalConfig()
    if config.cadence.v_ref_mps is not None:
        return float(config.cadence.v_ref_mps)
    if segments.empty:
        return float("nan")
    dates = pd.to_datetime(segments["local_date"])
    first = segments[dates < dates.min() + pd.Timedelta(days=config.cadence.v_ref_days)]
    return float(np.median(first["speed_mps"]))


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


def weekly_form(segments: pd.DataFrame, weeks: list[str], v_ref: float, config: SignalConfig | None = None) -> pd.DataFrame:
    """Each week's form at the reference speed.

    Parameters
    ----------
    segments
        Steady segments of running activities with ``activity_id``, ``local_date``, ``week`` and the
        segment columns (treadmill runs left out by the caller unless the runner opts in).
    weeks
        The consecutive ``YYYY-Www`` weeks to evaluate, in order.

    Returns
    -------
    DataFrame
        One row per week: for each metric ``{m}_at_ref``, ``{m}_ci_low``/``{m}_ci_high`` (95 % CI of
        the week's median), ``{m}_slope`` and ``{m}_method``; plus ``form_runs``, ``valid_minutes``,
        ``qualifying`` (≥ 2 runs or ≥ 30 min) and ``cadence_at_context_speed`` (for CAD-CONTEXT).

    Notes
    -----
    The speed model of each week is fitted on the 0.1 m/s speed bins of the 42-day window (bins of
    ≥ 3 segments, each bin's mean speed and mean metric; the segments are already 30-s medians).
    Bin sums are accumulated over weeks once, so every window is a difference of two rows and ten
    years of weeks take a fraction of a second.
    """
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


class TrendSlope(NamedTuple):
    """A Theil–Sen slope per week with its 95 % CI; a "trend" only when the CI excludes 0."""

    slope_per_week: float
    ci_low: float
    ci_high: float
    n_weeks: int

    @property
    def is_trend(self) -> bool:
        return self.n_weeks >= 3 and (self.ci_low > 0 or self.ci_high < 0)


def trend_slope(values: pd.Series) -> TrendSlope:
    """Theil–Sen slope of a weekly series (index order = week order), NaNs ignored."""
    y = values.to_numpy(dtype=float)
    x = np.arange(len(y), dtype=float)
    ok = np.isfinite(y)
    if ok.sum() < 3:
        return TrendSlope(float("nan"), float("nan"), float("nan"), int(ok.sum()))
    result = stats.theilslopes(y[ok], x[ok], alpha=0.95)
    return TrendSlope(float(result.slope), float(result.low_slope), float(result.high_slope), int(ok.sum()))
