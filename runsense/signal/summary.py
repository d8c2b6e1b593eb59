"""Per-activity averages: what ``runsense activities`` shows for each run."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runsense.model import FOOT_SPORTS, Records
from runsense.signal.validity import ValidityConfig, plausible, running_mask, sample_duration_s


def weighted_mean(values: np.ndarray, weights: np.ndarray) -> float:
    """Time-weighted mean Σx·Δt / ΣΔt over finite values; NaN when nothing counts."""
    ok = np.isfinite(values) & (weights > 0)
    total = weights[ok].sum()
    return float((values[ok] * weights[ok]).sum() / total) if total > 0 else float("nan")


def step_length_m(records: Records) -> np.ndarray:
    """Step length, m: the device's where it recorded one, else ``60·v / spm`` (spec §3.1)."""
    device = records["step_length_m"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = 60.0 * records["speed_mps"].to_numpy() / records["cadence_spm"].to_numpy()
    derived[~np.isfinite(derived)] = np.nan
    return np.where(np.isfinite(device) & (device > 0), device, derived)


def clean_metrics(records: Records, config: ValidityConfig) -> pd.DataFrame:
    """Per-sample form metrics with implausible values masked to NaN (never modifies ``records``)."""
    v = config
    columns = {
        "cadence_spm": (records["cadence_spm"].to_numpy(), v.spm_range),
        "step_length_m": (step_length_m(records), v.step_length_range_m),
        "vertical_oscillation_mm": (records["vertical_oscillation_mm"].to_numpy(), v.vo_range_mm),
        "stance_time_ms": (records["stance_time_ms"].to_numpy(), v.gct_range_ms),
        "vertical_ratio_pct": (records["vertical_ratio_pct"].to_numpy(), v.vertical_ratio_range_pct),
        "stance_time_balance_pct": (records["stance_time_balance_pct"].to_numpy(), v.gct_balance_range_pct),
    }
    out = pd.DataFrame({k: np.where(plausible(x, r), x, np.nan) for k, (x, r) in columns.items()}, index=records.index)
    out["gct_balance_dev_pp"] = np.abs(out["stance_time_balance_pct"] - 50.0)
    return out


def summarize(records: Records, sport: str, config: ValidityConfig | None = None) -> dict[str, float]:
    """Time-weighted averages of one activity.

    Returns
    -------
    dict
        ``moving_time_s``, ``avg_speed_mps``, ``avg_heart_rate_bpm`` over moving samples; and,
        for foot sports, the running-form averages ``cadence_spm``, ``step_length_m``,
        ``vertical_oscillation_mm``, ``stance_time_ms``, ``vertical_ratio_pct`` and
        ``stance_time_balance_pct`` over valid running samples (spec §1.4). NaN where the file
        has no such data.
    """
    config = config or ValidityConfig()
    weights = sample_duration_s(records, config.max_gap_s)
    speed = records["speed_mps"].to_numpy()
    moving = np.where(np.isfinite(speed), speed >= config.moving_speed_mps, True)
    moving_w = weights * moving
    out = {
        "moving_time_s": float(moving_w.sum()),
        "avg_speed_mps": weighted_mean(speed, moving_w),
        "avg_heart_rate_bpm": weighted_mean(records["heart_rate_bpm"].to_numpy(), moving_w),
    }
    form = dict.fromkeys(("cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "stance_time_balance_pct"), float("nan"))
    if sport in FOOT_SPORTS:
        run_w = weights * running_mask(records, config)
        metrics = clean_metrics(records, config)
        for name in form:
            form[name] = weighted_mean(metrics[name].to_numpy(), run_w)
    return out | form


def in_band_share(records: Records, band_spm: tuple[float, float] = (170.0, 180.0), config: ValidityConfig | None = None) -> float:
    """Share of valid running time with cadence inside the band (spec §2: the 170–180 spm target)."""
    config = config or ValidityConfig()
    weights = sample_duration_s(records, config.max_gap_s) * running_mask(records, config)
    cadence = records["cadence_spm"].to_numpy()
    counted = weights * plausible(cadence, config.spm_range)
    total = counted.sum()
    if total <= 0:
        return float("nan")
    inside = (cadence >= band_spm[0]) & (cadence <= band_spm[1])
    return float(counted[inside].sum() / total)
