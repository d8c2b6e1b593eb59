"""Signal processing: pure, vectorised functions from samples to running-form metrics.

Nothing here reads files, touches the store or prints. Inputs are canonical records tables
(see :mod:`runsense.model`) and are never modified.
"""

from __future__ import annotations

from runsense.signal.config import SignalConfig
from runsense.signal.derive import Derived, derive_activity
from runsense.signal.summary import in_band_share, step_length_m, summarize, weighted_mean
from runsense.signal.validity import ValidityConfig, plausible, running_mask, sample_duration_s

__all__ = [
    "Derived", "SignalConfig", "ValidityConfig", "derive_activity", "in_band_share", "plausible", "running_mask",
    "sample_duration_s", "step_length_m", "summarize", "weighted_mean",
]  # fmt: skip
