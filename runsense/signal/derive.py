"""Everything derived from one activity's samples at import: averages, metrics and segments."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from runsense.model import FOOT_SPORTS, Records
from runsense.signal.config import SignalConfig
from runsense.signal.fatigue import within_run_change
from runsense.signal.run import Run
from runsense.signal.segments import steady_segments
from runsense.signal.summary import in_band_share, summarize
from runsense.signal.terrain import hilliness


class Derived(NamedTuple):
    """``summary``: the averages ``runsense activities`` shows; ``metrics``: further per-run results
    (JSON-ready); ``segments``: steady 30-s segments for the runner's speed models."""

    summary: dict[str, float]
    metrics: dict[str, Any]
    segments: pd.DataFrame


def derive_activity(records: Records, sport: str, config: SignalConfig | None = None) -> Derived:
    """Derive all per-activity results of spec §1.4, §2–4 and §8 from one run's samples."""
    config = config or SignalConfig()
    run = Run(records, config.validity)
    summary = summarize(run, sport)
    if sport not in FOOT_SPORTS:
        return Derived(summary, {}, steady_segments(records.iloc[:0], config))
    metrics: dict[str, Any] = {
        "cadence_in_band_share": in_band_share(run, config.cadence.band_spm),
        "running_share": summary["running_share"],
        "stride_length_m": 2 * summary["step_length_m"],
        "duty_factor": summary["stance_time_ms"] * summary["cadence_spm"] / 120_000,
        "gct_balance_dev_flat_pp": _flat_balance_dev(run, config),
        "fatigue": within_run_change(run, config)._asdict(),
        **hilliness(run)._asdict(),
    }
    segments = steady_segments(run if sport == "running" else records.iloc[:0], config)
    return Derived(summary, metrics, segments)


def _flat_balance_dev(run: Run, config: SignalConfig) -> float:
    """GCTB-RUN input: median |balance − 50| over flat running samples (spec §4.5)."""
    dev = run.metrics["gct_balance_dev_pp"]
    grade = run.grade_pct
    flat = np.where(np.isfinite(grade), np.abs(grade) <= config.max_abs_grade_pct, True)
    keep = flat & run.running & (run.weight_s > 0) & np.isfinite(dev)
    return float(np.median(dev[keep])) if keep.any() else float("nan")
