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
import os
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from runsense.model import ReferencePace
from runsense.signal import columns as col
from runsense.signal.config import SignalConfig

_ANY = (-np.inf, np.inf)
#: each metric of :data:`runsense.signal.columns.FORM_METRICS`, in its order: (prior slope per m/s
#: when the data cannot give one, NaN for "no prior: leave unadjusted"; plausible slope range).
#: Cadence's prior is configured: ``CadenceConfig.prior_slope_spm_per_mps`` replaces the NaN here
#: (see :func:`_prior`).
MATCHED_METRICS: dict[str, tuple[float, tuple[float, float]]] = {
    "cadence_spm": (float("nan"), (0.0, 15.0)),  # clamp of spec §2.3
    "step_length_m": (float("nan"), _ANY),
    "vertical_oscillation_mm": (0.0, _ANY),  # changes little with speed [19]
    "stance_time_ms": (float("nan"), _ANY),  # falls strongly with speed: the runner's own fit
    "vertical_ratio_pct": (float("nan"), _ANY),
    "gct_balance_dev_pp": (0.0, _ANY),
}


def _prior(metric: str, config: SignalConfig) -> float:
    """The slope per m/s a metric falls back to when a window's data cannot give one."""
    return config.cadence.prior_slope_spm_per_mps if metric == "cadence_spm" else MATCHED_METRICS[metric][0]


@functools.lru_cache(maxsize=256)
def _pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(n, k=1)


def reference_speed(segments: pd.DataFrame, config: SignalConfig | None = None) -> float:
    """``v_ref``: the configured value, else the median steady running speed of the runner's
    first 28 days of data (spec §2.3). The analysis freezes it: see :mod:`runsense.baseline`."""
    config = config or SignalConfig()
    if config.cadence.v_ref_mps is not None:
        return float(config.cadence.v_ref_mps)
    period = reference_period(segments, config.cadence.v_ref_days)
    return period.speed_mps if period is not None else float("nan")


def reference_period(segments: pd.DataFrame, days: int, start: date | None = None, dates: np.ndarray | None = None) -> ReferencePace | None:
    """The median steady running speed over ``days`` days from ``start`` (default: the first day
    with steady running), with the dates of the running it covers; None without any.
    ``dates``: :func:`segment_days` of ``segments``, when the caller has them already."""
    if segments.empty:
        return None
    dates = segment_days(segments) if dates is None else dates
    first = np.datetime64(start, "D") if start is not None else dates.min()
    inside = (dates >= first) & (dates < first + np.timedelta64(days, "D"))
    if not inside.any():
        return None
    taken = dates[inside]
    speed = float(np.median(segments["speed_mps"].to_numpy(dtype=float)[inside]))
    return ReferencePace(speed, taken.min().astype(date), taken.max().astype(date))


def segment_days(segments: pd.DataFrame) -> np.ndarray:
    """Each segment's local date as ``datetime64[D]``; a categorical column (as the store gives it)
    is converted once per date, not once per segment."""
    dates = segments["local_date"]
    if isinstance(dates.dtype, pd.CategoricalDtype):
        return np.asarray(dates.cat.categories, dtype="datetime64[D]")[dates.cat.codes.to_numpy()]
    return np.asarray(dates, dtype="datetime64[D]")


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
        One row per week, its columns named by :mod:`runsense.signal.columns`
        (:func:`~runsense.signal.columns.weekly_form_columns`): for each metric its value at the
        reference pace, the 95 % CI of the week's median, the slope and how it was found; plus the
        runs and valid minutes, whether the week qualifies (≥ 2 runs or ≥ 30 min) and the cadence
        at the context speed (for CAD-CONTEXT).

    Notes
    -----
    The speed model of each week is fitted on the 0.1 m/s speed bins of the 42-day window (bins of
    ≥ 3 segments, each bin's mean speed and mean metric; the segments are already 30-s medians).
    Every week is computed at once: bin sums accumulated over weeks (a window is a difference of
    two rows), Theil–Sen over each window's bins as one padded matrix, and each week's weighted
    median and CI from its segments sorted in one pass. The metrics are computed in parallel
    threads; the result does not depend on their order. Ten years take about 0.1 s.
    """
    config = config or SignalConfig()
    c = config.cadence
    position = {week: i for i, week in enumerate(weeks)}
    pos = segments["week"].map(position).to_numpy(dtype=float, na_value=np.nan) if len(segments) else np.zeros(0)
    # the segments of the evaluated weeks, in week order (already so when they come from the store)
    kept = np.flatnonzero(np.isfinite(pos))
    order = kept[np.argsort(pos[kept], kind="stable")]
    pos = pos[order].astype(np.int64)

    def column(name: str) -> np.ndarray:
        return segments[name].to_numpy(dtype=float)[order] if len(segments) else np.zeros(0)

    speed, durations = column("speed_mps"), column("duration_s")
    n_weeks = len(weeks)
    window = _Windows(pos, n_weeks, max(1, round(c.model_window_days / 7)))

    # runs and valid minutes per week (an activity's segments are contiguous and in one week)
    activity = pd.factorize(segments["activity_id"])[0][order] if len(segments) else np.zeros(0, np.int64)
    new_run = np.r_[True, activity[1:] != activity[:-1]] if len(activity) else np.zeros(0, bool)
    runs, minutes = window.week_sum(new_run.astype(float)).astype(np.int64), window.week_sum(durations) / 60
    out: dict[str, object] = {col.WEEK: list(weeks), col.FORM_RUNS: runs, col.VALID_MINUTES: minutes,
                              col.QUALIFYING: (runs >= config.form_trend.min_runs) | (minutes >= config.form_trend.min_valid_minutes)}  # fmt: skip
    bins = np.floor(speed / 0.1).astype(np.int64)
    columns = {metric: column(metric) for metric in col.FORM_METRICS}

    def at_ref(metric: str, enough: Future[np.ndarray]) -> dict[str, np.ndarray]:
        prior, slope_range = _prior(metric, config), MATCHED_METRICS[metric][1]
        values = columns[metric]
        fitted = window.bin_slopes(bins, speed, values)
        use_fit = enough.result() & np.isfinite(fitted) & (fitted >= slope_range[0]) & (fitted <= slope_range[1])
        fallback, fallback_method = (prior, "prior") if np.isfinite(prior) else (0.0, "none")
        b = np.where(use_fit, fitted, fallback)
        value, low, high = window.week_medians(values - b[pos] * (speed - v_ref), durations)
        names = col.of(metric)
        return {names.at_ref: value, names.ci_low: low, names.ci_high: high, names.slope: b,
                names.method: np.where(use_fit, "theil_sen", fallback_method).astype(object)}  # fmt: skip

    # the metrics are independent, and numpy releases the GIL in its sorts and gathers: one thread a core
    with ThreadPoolExecutor(max_workers=min(len(col.FORM_METRICS), os.cpu_count() or 1)) as pool:
        enough = pool.submit(window.speed_span_ok, speed, c.min_segments, c.min_speed_span_mps)
        for metric, result in [(metric, pool.submit(at_ref, metric, enough)) for metric in col.FORM_METRICS]:
            out |= result.result()
            if metric == "cadence_spm":
                cadence = col.of(metric)
                out[col.CADENCE_AT_CONTEXT_SPEED] = out[cadence.at_ref] + out[cadence.slope] * (c.context_speed_mps - v_ref)
    return pd.DataFrame(out)


class _Windows:
    """Segments sorted by week position, seen per week and per trailing window of weeks."""

    def __init__(self, pos: np.ndarray, n_weeks: int, window_weeks: int) -> None:
        weeks = np.arange(n_weeks)
        self.pos, self.n_weeks = pos, n_weeks
        self.start = np.searchsorted(pos, weeks, side="left")
        self.end = np.searchsorted(pos, weeks, side="right")
        self.first_week = np.maximum(weeks - window_weeks + 1, 0)
        self.window_start = self.start[self.first_week] if n_weeks else self.start

    def week_sum(self, values: np.ndarray) -> np.ndarray:
        sums = np.add.reduceat(np.r_[values, 0.0], self.start)  # an empty week's start repeats the next one's
        return np.where(self.end > self.start, sums, 0.0)

    def speed_span_ok(self, speed: np.ndarray, min_segments: int, min_span: float) -> np.ndarray:
        """Windows with enough segments spanning enough speed (10th to 90th percentile)."""
        ok = np.zeros(self.n_weeks, dtype=bool)
        sizes = self.end - self.window_start
        for i in np.flatnonzero(sizes >= min_segments).tolist():
            # np.percentile's linear interpolation, from the 4 order statistics around ranks 10 % and 90 %
            last = int(sizes[i]) - 1
            h_low, h_high = 0.1 * last, 0.9 * last
            b_low, b_high = int(h_low), int(h_high)
            a_low, a_high = min(b_low + 1, last), min(b_high + 1, last)
            ranked = np.partition(speed[self.window_start[i] : self.end[i]], (b_low, a_low, b_high, a_high))
            low = ranked[b_low] + (h_low - b_low) * (ranked[a_low] - ranked[b_low])
            high = ranked[b_high] + (h_high - b_high) * (ranked[a_high] - ranked[b_high])
            ok[i] = high - low >= min_span
        return ok

    def bin_slopes(self, bins: np.ndarray, speed: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Theil–Sen slope of each window's 0.1 m/s bins (≥ 3 segments each; bin means), NaN under 3 bins."""
        n_bins = int(bins.max() - bins.min()) + 1 if len(bins) else 0
        if n_bins < 3:  # a slope needs 3 bins: a first run at one steady pace has one (the IndexError of #14)
            return np.full(self.n_weeks, np.nan)
        ok = np.isfinite(values)
        b0 = int(bins.min())
        flat = self.pos * n_bins + (bins - b0)

        def windowed(weights: np.ndarray) -> np.ndarray:
            grid = np.bincount(flat, weights=weights, minlength=self.n_weeks * n_bins).reshape(self.n_weeks, n_bins)
            cumulative = np.vstack([np.zeros((1, n_bins)), np.cumsum(grid, axis=0)])
            return cumulative[1:] - cumulative[self.first_week]

        count = windowed(ok.astype(float))
        cells = count >= 3
        with np.errstate(divide="ignore", invalid="ignore"):
            v = windowed(np.where(ok, speed, 0.0)) / count
            y = windowed(np.where(ok, values, 0.0)) / count
        # the usable bins of each window first, in bin order; then every pair of them
        order = np.argsort(~cells, axis=1, kind="stable")
        k = cells.sum(axis=1)
        width = max(int(k.max()), 2)
        v, y = np.take_along_axis(v, order, axis=1)[:, :width], np.take_along_axis(y, order, axis=1)[:, :width]
        i, j = _pairs(width)
        dx = v[:, j] - v[:, i]
        valid = (j[None, :] < k[:, None]) & (dx != 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            slopes = np.where(valid, (y[:, j] - y[:, i]) / dx, np.nan)
        return np.where(k >= 3, _row_medians(slopes), np.nan)

    def week_medians(self, values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each week's weighted median of ``values``, and the order-statistic 95 % CI of its median
        (ranks n/2 ∓ 1.96·√n/2 among the week's finite values; NaN under 5 of them).

        The weeks' values are sorted as the rows of one padded matrix of integer keys; then, in that
        order, one running sum of weights finds every week's median.
        """
        sizes = self.end - self.start
        width = max(int(sizes.max()) if len(sizes) else 0, 1)
        column = np.arange(len(values)) - self.start[self.pos]  # each segment's place in its week
        mask = np.int64((1 << max((width - 1).bit_length(), 1)) - 1)
        keys = np.full(self.n_weeks * width, np.iinfo(np.int64).max)  # padding sorts last
        cells = self.pos * width + column
        keys[cells] = _sort_keys(values, column, mask)
        keys = keys.reshape(self.n_weeks, width)
        keys.sort(axis=1)
        # the sorted week rows, read back in the segments' own layout: week by week, in value order
        order = self.start[self.pos] + (keys.ravel()[cells] & mask)
        ranked = values[order]
        weight = np.where(np.isfinite(ranked) & (weights[order] > 0), weights[order], 0.0)
        # weighted median: the first value where the week's running weight reaches half its total
        running = np.cumsum(weight)
        before = np.r_[0.0, running][self.start]
        total = np.r_[0.0, running][self.end] - before
        at = np.minimum(np.searchsorted(running, before + total / 2, side="left"), max(len(ranked) - 1, 0))
        median = np.where(total > 0, ranked[at] if len(ranked) else np.nan, np.nan)
        n = self.week_sum(np.isfinite(values).astype(float)).astype(np.int64)
        half = 1.96 * np.sqrt(n) / 2
        low, high = np.maximum(np.floor(n / 2 - half).astype(np.int64), 0), np.ceil(n / 2 + half).astype(np.int64)
        ci = n >= 5
        low = np.where(ci, ranked[np.where(ci, self.start + low, 0)] if len(ranked) else np.nan, np.nan)
        high = np.where(ci, ranked[np.where(ci, self.start + np.minimum(high, n - 1), 0)] if len(ranked) else np.nan, np.nan)
        return median, low, high


def _sort_keys(values: np.ndarray, column: np.ndarray, mask: np.int64) -> np.ndarray:
    """int64 keys that sort like ``values`` (NaN last), each carrying its ``column`` in the bits of ``mask``.

    An integer sort along rows is several times faster than an argsort, and the column read back
    from the sorted keys gives the order. Float bits map to integers of the same order (negative
    values have their magnitude bits flipped); the column replaces the lowest mantissa bits, so
    values closer than about 1e-13 of each other tie and keep their column order, and the values
    themselves are then read back exactly.
    """
    bits = values.view(np.int64)
    keys = bits ^ ((bits >> 63) & np.int64(0x7FFF_FFFF_FFFF_FFFF))
    keys[np.isnan(values)] = np.iinfo(np.int64).max
    return (keys & ~mask) | column


def _row_medians(matrix: np.ndarray) -> np.ndarray:
    """Median of each row's finite values (NaN for a row with none)."""
    ordered = np.sort(matrix, axis=1)  # NaN last
    counts = np.isfinite(ordered).sum(axis=1, keepdims=True)
    lo = np.take_along_axis(ordered, np.maximum(counts - 1, 0) // 2, axis=1)
    hi = np.take_along_axis(ordered, np.maximum(counts, 1) // 2 - (counts == 0), axis=1)
    return np.where(counts > 0, np.where(counts % 2 == 1, lo, (lo + hi) / 2), np.nan)[:, 0]


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
