"""Synthetic records with known answers (NeuroKit-style simulators for the signal tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runsense.model import Records, make_records


def make_run(
    duration_s: int = 3600,
    *,
    speed_mps: float | np.ndarray = 3.0,
    cadence_spm: float | np.ndarray = 170.0,
    vo_mm: float | np.ndarray = 85.0,
    gct_ms: float | np.ndarray = 250.0,
    balance_pct: float | np.ndarray = 50.0,
    step_length_m: float | np.ndarray | None = None,
    interval_s: float = 1.0,
    start: str = "2026-03-02T07:00:00Z",
    seed: int | None = None,
    noise: float = 0.0,
) -> Records:
    """A flat run sampled every ``interval_s`` with the given (constant or per-sample) values."""
    n = int(duration_s / interval_s)
    rng = np.random.default_rng(seed)

    def col(value: float | np.ndarray, scale: float = 1.0) -> np.ndarray:
        base = np.broadcast_to(np.asarray(value, dtype=float), (n,)).copy()
        return base + (rng.normal(0, noise * scale, n) if noise else 0.0)

    speed = col(speed_mps, 0.02)
    cadence = col(cadence_spm, 1.0)
    t = pd.Timestamp(start) + pd.to_timedelta(np.arange(n) * interval_s, unit="s")
    columns = {
        "speed_mps": speed,
        "distance_m": np.cumsum(speed * interval_s) - speed[0] * interval_s,
        "cadence_spm": cadence,
        "vertical_oscillation_mm": col(vo_mm, 1.0),
        "stance_time_ms": col(gct_ms, 3.0),
        "stance_time_balance_pct": col(balance_pct, 0.2),
        "altitude_m": np.full(n, 50.0),
        "heart_rate_bpm": np.full(n, 140.0),
    }
    if step_length_m is not None:
        columns["step_length_m"] = col(step_length_m)
    return make_records(t, columns)
