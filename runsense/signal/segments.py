"""Steady segments: 30-second windows of steady running on the flat after the warm-up (spec §2.3).

Each segment is one point ``(speed, metrics)`` for the runner's own speed models. They are
computed once at import and stored, so weekly trends never need to load samples.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from runsense.model import SEGMENT_COLUMNS, Records
from runsense.signal._groups import group_bounds, group_median
from runsense.signal.config import SignalConfig
from runsense.signal.run import Run

__all__ = ["SEGMENT_COLUMNS", "steady_segments"]


def steady_segments(records: Records | Run, config: SignalConfig | None = None) -> pd.DataFrame:
    """Cut a run into steady 30-s segments (speed CV ≤ 5 %, |grade| ≤ 2 %, after the warm-up).

    Returns
    -------
    DataFrame
        One row per segment with :data:`SEGMENT_COLUMNS`; metrics are medians over the segment's
        valid running samples, ``duration_s`` the time they cover.
    """
    config = config or SignalConfig()
    run = Run.of(records, config.validity)
    if len(run) < 2:
        return pd.DataFrame(columns=list(SEGMENT_COLUMNS))
    t = run.t_s
    weight = run.weight_s * run.running
    speed = run.smooth_speed_mps
    grade = run.grade_pct
    metrics = run.metrics
    keep = (weight > 0) & (t >= config.warmup_exclude_s)
    if not keep.any():
        return pd.DataFrame(columns=list(SEGMENT_COLUMNS))
    window = np.floor(t[keep] / config.segment_s).astype(np.int64)  # time-sorted, so windows are contiguous
    w, v = weight[keep], speed[keep]
    g = np.nan_to_num(grade[keep], nan=0.0)
    _, starts = group_bounds(window)
    n = np.add.reduceat(np.ones(len(window)), starts)
    mean_v = np.add.reduceat(v, starts) / n
    sd_v = np.sqrt(np.maximum(np.add.reduceat(v * v, starts) / n - mean_v**2, 0.0) * n / np.maximum(n - 1, 1))
    medians = group_median(np.vstack([*(metrics[c][keep] for c in SEGMENT_COLUMNS[3:-1]), g]), window)
    duration = np.add.reduceat(w, starts)
    steady = (
        (duration >= 0.8 * config.segment_s)
        & (sd_v <= config.max_segment_speed_cv * mean_v)
        & (np.maximum.reduceat(np.abs(g), starts) <= config.max_abs_grade_pct)
    )
    columns = {"start_s": t[keep][starts], "duration_s": duration, "speed_mps": mean_v, **dict(zip(SEGMENT_COLUMNS[3:], medians, strict=True))}
    return pd.DataFrame({name: values[steady] for name, values in columns.items()})
