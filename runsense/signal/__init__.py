"""Signal processing: pure, vectorised functions from samples to running-form metrics.

Nothing here reads files, touches the store or prints. Inputs are canonical records tables
(see :mod:`runsense.model`) and are never modified.
"""

from __future__ import annotations

from runsense.signal.summary import step_length_m, summarize, weighted_mean
from runsense.signal.validity import ValidityConfig, plausible, running_mask, sample_duration_s

__all__ = ["ValidityConfig", "plausible", "running_mask", "sample_duration_s", "step_length_m", "summarize", "weighted_mean"]
