"""One run's samples as plain arrays, with the per-sample quantities every analysis shares.

Averages, steady segments, the fatigue comparison and the flat-ground balance all need the same
time weights, running mask, smoothed speed, grade and cleaned form metrics. :class:`Run` works
each out once, on first use, so deriving an activity computes none of them twice and never goes
back through pandas column lookups in its inner steps.

Every per-run function of this package takes either a records table or a :class:`Run`.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from runsense.model import Records
from runsense.signal.validity import ValidityConfig, elapsed_s, grade_pct, plausible, running_mask, sample_duration_s, smoothed_speed_mps

#: cleaned per-sample form metrics: the records column (or derived step length) and its
#: plausible-range attribute of :class:`ValidityConfig`
_CLEANED = {
    "cadence_spm": "spm_range",
    "step_length_m": "step_length_range_m",
    "vertical_oscillation_mm": "vo_range_mm",
    "stance_time_ms": "gct_range_ms",
    "vertical_ratio_pct": "vertical_ratio_range_pct",
    "stance_time_balance_pct": "gct_balance_range_pct",
}


def step_length_m(records: Records) -> np.ndarray:
    """Step length, m: the device's where it recorded one, else ``60·v / spm`` (spec §3.1)."""
    device = records["step_length_m"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = 60.0 * records["speed_mps"].to_numpy() / records["cadence_spm"].to_numpy()
    derived[~np.isfinite(derived)] = np.nan
    return np.where(np.isfinite(device) & (device > 0), device, derived)


class Run:
    """A records table seen through one :class:`ValidityConfig` (spec §1.4); never modifies it."""

    def __init__(self, records: Records, config: ValidityConfig | None = None) -> None:
        self.records = records
        self.config = config or ValidityConfig()

    @classmethod
    def of(cls, data: Records | Run, config: ValidityConfig | None = None) -> Run:
        """``data`` itself if it is already a :class:`Run` (for the same config), else a new one."""
        if isinstance(data, Run) and (config is None or data.config == config):
            return data
        return cls(data.records if isinstance(data, Run) else data, config)

    def __len__(self) -> int:
        return len(self.records)

    def column(self, name: str) -> np.ndarray:
        """A records column as a float64 array (read-only)."""
        return self._columns[name]

    @cached_property
    def _columns(self) -> dict[str, np.ndarray]:
        """Every column, from one read of the table (a pandas column lookup costs ~30 µs, and a
        derive asks for dozens)."""
        table = self.records.to_numpy(dtype=float, copy=True)
        table.flags.writeable = False
        return {name: table[:, i] for i, name in enumerate(self.records.columns)}

    @cached_property
    def t_s(self) -> np.ndarray:
        """Seconds since the first sample."""
        return elapsed_s(self.records)

    @cached_property
    def weight_s(self) -> np.ndarray:
        """Seconds each sample stands for (0 across pauses): :func:`sample_duration_s`."""
        return sample_duration_s(self.records, self.config.max_gap_s)

    @cached_property
    def moving_weight_s(self) -> np.ndarray:
        """:attr:`weight_s` where the runner moved (speed ≥ ``moving_speed_mps``, or no speed recorded), else 0."""
        speed = self.column("speed_mps")
        return self.weight_s * np.where(np.isfinite(speed), speed >= self.config.moving_speed_mps, True)

    @cached_property
    def running(self) -> np.ndarray:
        """Samples of running, not walking or standing: :func:`running_mask`."""
        return running_mask(self.records, self.config)

    @cached_property
    def smooth_speed_mps(self) -> np.ndarray:
        """Speed after the rolling median of ``speed_smoothing_s``: :func:`smoothed_speed_mps`."""
        return smoothed_speed_mps(self.records, self.config.speed_smoothing_s)

    @cached_property
    def grade_pct(self) -> np.ndarray:
        """Road grade over the last 50 m, NaN where unknown: :func:`grade_pct`."""
        return grade_pct(self.records)

    @cached_property
    def metrics(self) -> dict[str, np.ndarray]:
        """Per-sample form metrics with implausible values masked to NaN, plus ``gct_balance_dev_pp`` (|balance − 50|)."""
        out = {}
        for name, range_attr in _CLEANED.items():
            x = step_length_m(self.records) if name == "step_length_m" else self.column(name)
            out[name] = np.where(plausible(x, getattr(self.config, range_attr)), x, np.nan)
        out["gct_balance_dev_pp"] = np.abs(out["stance_time_balance_pct"] - 50.0)
        return out
