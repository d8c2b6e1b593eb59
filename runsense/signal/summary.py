"""Per-activity averages: what ``runsense activities`` shows for each run."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runsense.model import FOOT_SPORTS, Records
from runsense.signal.config import CadenceConfig, ValidityConfig
from runsense.signal.run import Run, step_length_m
from runsense.signal.validity import plausible

__all__ = ["clean_metrics", "in_band_share", "running_share", "step_length_m", "summarize", "weighted_mean"]

#: the running-form averages of a foot activity
#: the spec's cadence band, when a caller gives none
_CADENCE = CadenceConfig()
FORM_AVERAGES = ("cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "stance_time_balance_pct")


def weighted_mean(values: np.ndarray, weights: np.ndarray) -> float:
    """Time-weighted mean Σx·Δt / ΣΔt over finite values; NaN when nothing counts."""
    ok = np.isfinite(values) & (weights > 0)
    total = weights[ok].sum()
    return float((values[ok] * weights[ok]).sum() / total) if total > 0 else float("nan")


def clean_metrics(records: Records | Run, config: ValidityConfig | None = None) -> pd.DataFrame:
    """Per-sample form metrics with implausible values masked to NaN (never modifies ``records``)."""
    run = Run.of(records, config)
    return pd.DataFrame(run.metrics, index=run.records.index)


def summarize(records: Records | Run, sport: str, config: ValidityConfig | None = None) -> dict[str, float]:
    """Time-weighted averages of one activity.

    Returns
    -------
    dict
        ``moving_time_s``, ``avg_speed_mps``, ``avg_heart_rate_bpm`` over moving samples; and,
        for foot sports, the running-form averages ``cadence_spm``, ``step_length_m``,
        ``vertical_oscillation_mm``, ``stance_time_ms``, ``vertical_ratio_pct`` and
        ``stance_time_balance_pct`` over valid running samples (spec §1.4), and ``running_share``,
        the share of the moving time those samples cover. NaN where the file has no such data.
    """
    run = Run.of(records, config)
    speed = run.column("speed_mps")
    moving_w = run.moving_weight_s
    out = {
        "moving_time_s": float(moving_w.sum()),
        "avg_speed_mps": weighted_mean(speed, moving_w),
        "avg_heart_rate_bpm": weighted_mean(run.column("heart_rate_bpm"), moving_w),
    }
    form = dict.fromkeys((*FORM_AVERAGES, "running_share"), float("nan"))
    if sport in FOOT_SPORTS:
        run_w = run.weight_s * run.running
        for name in FORM_AVERAGES:
            form[name] = weighted_mean(run.metrics[name], run_w)
        form["running_share"] = running_share(run)
    return out | form


def running_share(records: Records | Run, config: ValidityConfig | None = None) -> float:
    """Share of the moving time counted as running (spec §1.4: the watch's running flag, else
    ≥ 1.8 m/s and ≥ 130 spm), the time every form average is taken over.

    A trail run that was mostly hiking has form averages from its few running minutes: a cadence
    of 158 spm beside a watch's 88 for the whole outing. Shown beside the averages, this says so.
    """
    run = Run.of(records, config)
    total = run.moving_weight_s.sum()
    return float((run.moving_weight_s * run.running).sum() / total) if total > 0 else float("nan")


def in_band_share(records: Records | Run, band_spm: tuple[float, float] = _CADENCE.band_spm, config: ValidityConfig | None = None) -> float:
    """Share of valid running time with cadence inside the band (spec §2: the 170–180 spm target, ``cadence.band_spm``)."""
    run = Run.of(records, config)
    cadence = run.column("cadence_spm")
    counted = run.weight_s * run.running * plausible(cadence, run.config.spm_range)
    total = counted.sum()
    if total <= 0:
        return float("nan")
    inside = (cadence >= band_spm[0]) & (cadence <= band_spm[1])
    return float(counted[inside].sum() / total)
