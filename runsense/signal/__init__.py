"""Signal processing: pure, vectorised functions from samples to running-form metrics.

Nothing here reads files, touches the store or prints. Inputs are canonical records tables
(see :mod:`runsense.model`) and are never modified.

The names below load on first use: the settings loader imports :mod:`runsense.signal.config`
on every CLI path, and that must not pull in numpy and pandas through this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runsense._lazy import lazy_exports

if TYPE_CHECKING:
    from runsense.signal.config import SignalConfig, ValidityConfig
    from runsense.signal.derive import Derived, derive_activity
    from runsense.signal.summary import in_band_share, step_length_m, summarize, weighted_mean
    from runsense.signal.validity import plausible, running_mask, sample_duration_s

#: public name → the module that defines it
_EXPORTS = {
    "SignalConfig": ".config", "ValidityConfig": ".config", "Derived": ".derive", "derive_activity": ".derive",
    "in_band_share": ".summary", "step_length_m": ".summary", "summarize": ".summary", "weighted_mean": ".summary",
    "plausible": ".validity", "running_mask": ".validity", "sample_duration_s": ".validity",
}  # fmt: skip
__all__ = [
    "Derived", "SignalConfig", "ValidityConfig", "derive_activity", "in_band_share", "plausible", "running_mask",
    "sample_duration_s", "step_length_m", "summarize", "weighted_mean",
]  # fmt: skip


__getattr__ = lazy_exports(__name__, _EXPORTS)
