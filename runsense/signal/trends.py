"""The runner's own speed models and weekly form at a reference pace (spec §2.3, §4.3–4.4).

Cadence, ground contact time and vertical ratio all change with speed, so an easy week looks
like a "form change" in raw averages. Every weekly value here is therefore taken at one
reference speed ``v_ref``: each steady segment is moved along the runner's own slope
``metric = a + b·v`` to ``v_ref`` before the week's median is taken.

Deviations from the spec, and why:

* the slope ``b`` comes from the 42-day window ending with the week (spec §2.3), but the
  level is the week's own segments: ``median(metric − b·(v − v_ref))``. A 42-day intercept would
  lag a real change by weeks.
* Theil–Sen is fitted to the medians of 0.1 m/s speed bins, not to every segment: the same
  robust slope at a fraction of the cost (ten years of weekly fits stay well under a second).
* Trend slopes use Theil–Sen's own 95 % CI (Sen 1968, as in ``scipy.stats.theilslopes``)
  rather than a bootstrap.
"""

from __future__ import annotations

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


def theil_sen(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Median pairwise slope and the matching intercept (vectorised; keep ``len(x)`` small)."""
    i, j = np.triu_indices(len(x), k=1)
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


def weekly_form(segments: pd.DataFrame, weeks: list[str], v_ref: float, config: SignalConfig | None = None, *, n_boot: int = 200) -> pd.DataFrame:
    """Each week's form at the reference speed.

    Parameters
    ----------
    segments
        Steady segments of running activities with ``activity_id``, ``local_date``, ``week`` and the
        segment columns (treadmill runs left out by the caller unless the runner opts in).
    weeks
        The ``YYYY-Www`` weeks to evaluate, in order.

    Returns
    -------
    DataFrame
        One row per week: for each metric ``{m}_at_ref``, ``{m}_ci_low``/``{m}_ci_high`` (bootstrap
        over the week's segments), ``{m}_slope`` and ``{m}_method``; plus ``form_runs``,
        ``valid_minutes``, ``qualifying`` (≥ 2 runs or ≥ 30 min), ``cadence_model_a`` and
        ``cadence_at_context_speed`` (cadence at 3 m/s, for CAD-CONTEXT).
    """
    config = config or SignalConfig()
    rng = np.random.default_rng(0)
    dates = pd.to_datetime(segments["local_date"]) if not segments.empty else pd.Series(dtype="datetime64[ns]")
    rows = []
    for week in weeks:
        monday = pd.Timestamp.fromisocalendar(int(week[:4]), int(week[6:8]), 1)
        sunday = monday + pd.Timedelta(days=6)
        window = segments[(dates > sunday - pd.Timedelta(days=config.cadence.model_window_days)) & (dates <= sunday)]
        this = window[window["week"] == week]
        minutes = float(this["duration_s"].sum() / 60)
        n_runs = int(this["activity_id"].nunique())
        row: dict[str, object] = {"week": week, "form_runs": n_runs, "valid_minutes": minutes}
        row["qualifying"] = n_runs >= config.form_trend.min_runs or minutes >= config.form_trend.min_valid_minutes
        speed_w = window["speed_mps"].to_numpy()
        for metric, (prior, slope_range) in MATCHED_METRICS.items():
            model = fit_speed_model(speed_w, window[metric].to_numpy(), prior, slope_range, config)
            adjusted = this[metric].to_numpy() - model.b * (this["speed_mps"].to_numpy() - v_ref)
            ok = np.isfinite(adjusted)
            value = weighted_median(adjusted, this["duration_s"].to_numpy()) if ok.any() else float("nan")
            low = high = float("nan")
            if ok.sum() >= 5:
                sample = adjusted[ok]
                boot = np.median(sample[rng.integers(0, len(sample), (n_boot, len(sample)))], axis=1)
                low, high = float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))
            row |= {f"{metric}_at_ref": value, f"{metric}_ci_low": low, f"{metric}_ci_high": high, f"{metric}_slope": model.b, f"{metric}_method": model.method}
            if metric == "cadence_spm":
                row["cadence_at_context_speed"] = value + model.b * (config.cadence.context_speed_mps - v_ref) if np.isfinite(value) else float("nan")
        rows.append(row)
    return pd.DataFrame(rows)


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
