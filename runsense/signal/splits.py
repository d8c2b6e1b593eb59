"""Per-kilometre (or per-mile) splits of one activity."""

from __future__ import annotations

import numpy as np
import pandas as pd

from runsense.model import Records
from runsense.signal.config import SignalConfig
from runsense.signal.summary import clean_metrics
from runsense.signal.validity import running_mask, sample_duration_s
from runsense.units import M_PER_KM


def distance_splits(records: Records, split_m: float = M_PER_KM, config: SignalConfig | None = None) -> pd.DataFrame:
    """One row per ``split_m`` of distance (the last one shorter).

    Columns: ``split`` (1-based), ``distance_m``, ``time_s``, ``avg_speed_mps``, ``heart_rate_bpm`` and
    the time-weighted running-form averages over valid running samples in the split.
    """
    config = config or SignalConfig()
    distance = records["distance_m"].to_numpy()
    if not np.isfinite(distance).any():
        return pd.DataFrame(columns=["split", "distance_m", "time_s", "avg_speed_mps"])
    d = np.maximum.accumulate(np.nan_to_num(distance, nan=0.0))
    split = np.floor(d / split_m).astype(np.int64)
    w = sample_duration_s(records, config.validity.max_gap_s)
    run_w = w * running_mask(records, config.validity)
    metrics = clean_metrics(records, config.validity).drop(columns=["gct_balance_dev_pp"])
    frame = pd.DataFrame({"split": split, "d": d, "w": w, "hr_w": w * records["heart_rate_bpm"].fillna(0).to_numpy(),
                          "hr_n": w * records["heart_rate_bpm"].notna().to_numpy()})  # fmt: skip
    for name in metrics.columns:
        x = metrics[name].to_numpy()
        ok = np.isfinite(x)
        frame[f"{name}_sum"] = np.where(ok, x * run_w, 0.0)
        frame[f"{name}_w"] = np.where(ok, run_w, 0.0)
    g = frame.groupby("split", sort=True)
    out = pd.DataFrame({"distance_m": g["d"].max() - g["d"].min(), "time_s": g["w"].sum()})
    start = g["d"].min()
    out["distance_m"] = np.append(np.diff(start.to_numpy()), g["d"].max().iloc[-1] - start.iloc[-1]) if len(start) else out["distance_m"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["avg_speed_mps"] = out["distance_m"] / out["time_s"]
        out["heart_rate_bpm"] = g["hr_w"].sum() / g["hr_n"].sum()
        for name in metrics.columns:
            out[name] = g[f"{name}_sum"].sum() / g[f"{name}_w"].sum()
    out = out.replace([np.inf, -np.inf], np.nan).reset_index()
    out["split"] = out["split"] + 1
    return out
