"""The reference pace: set once from the runner's first 28 days, then kept until they reset it.

Weekly form is compared at one reference speed (spec §2.3) so that an easy week is not a "form
change". If that speed were recomputed from the data on every analysis, importing one older run
would move it, and every week's figures at reference pace would change without a word. So:

* while the running in the store spans less than 28 days, the reference is *provisional*: the
  median steady speed so far, recomputed as runs arrive, and said to be provisional;
* once 28 days of running exist, the first import that sees them *freezes* it in the store;
* a frozen reference stays, whatever is imported later (older runs included: the report then says
  that runs from before its period exist, and how to take them in), until the runner resets it
  with ``runsense baseline reset`` or the dashboard's button;
* a pace set in the configuration (``v_ref_mps``) wins over all of this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from runsense.errors import NotFoundError
from runsense.model import ReferencePace
from runsense.signal.config import SignalConfig
from runsense.signal.trends import reference_period, segment_days
from runsense.store import Store
from runsense.units import format_pace


@dataclass(frozen=True, slots=True)
class Reference:
    """The reference speed an analysis uses, where it came from, and what to tell the runner."""

    speed_mps: float  # NaN without steady running
    source: str  # "setting" | "frozen" | "provisional" | "none"
    first_day: date | None = None
    last_day: date | None = None
    earlier_running: bool = False  # frozen, but runs from before its period are stored

    @property
    def note(self) -> str | None:
        """One line for the report, or None when there is nothing to say (the pace per km)."""
        return self.note_in("km")

    def note_in(self, units: str) -> str | None:
        """The report's line with the pace in ``units`` (km or mi)."""
        pace = format_pace(self.speed_mps, "mi" if units == "mi" else "km")
        if self.source == "provisional":
            return (f"Reference pace {pace} is provisional: it is set from your first 28 days of running, and until then it "
                    "changes as runs arrive.")  # fmt: skip
        if self.source == "frozen" and self.earlier_running:
            return (f"Runs from before {self.first_day} were imported after your reference pace ({pace}, from your running of "
                    f"{self.first_day} to {self.last_day}) was set. It stays, so your weekly figures keep their meaning; "
                    "`runsense baseline reset` recomputes it from your first 28 days.")  # fmt: skip
        return None

    @property
    def summary(self) -> str:
        """One sentence: the pace, where it came from, and the dates it was taken from."""
        if self.source == "none":
            return "No reference pace yet: it is set from your steady running once you import runs."
        where = {"setting": "set in your configuration", "frozen": "kept until you reset it", "provisional": "provisional"}[self.source]
        period = f", from your running of {self.first_day} to {self.last_day}" if self.first_day else ""
        return f"Reference pace: {format_pace(self.speed_mps)} ({where}{period})."

    def to_dict(self, units: str = "km") -> dict[str, object]:
        """Plain JSON form, the pace in ``units``."""
        speed = self.speed_mps if np.isfinite(self.speed_mps) else None
        return {
            "pace": format_pace(self.speed_mps, "mi" if units == "mi" else "km"), "speed_mps": speed, "source": self.source,
            "first_day": self.first_day.isoformat() if self.first_day else None, "last_day": self.last_day.isoformat() if self.last_day else None,
            "note": self.note_in(units),
        }  # fmt: skip


def current_reference(stored: ReferencePace | None, segments: pd.DataFrame, config: SignalConfig) -> Reference:
    """The reference an analysis of ``segments`` uses, given what the store holds."""
    if config.cadence.v_ref_mps is not None:
        return Reference(float(config.cadence.v_ref_mps), "setting")
    dates = segment_days(segments) if not segments.empty else None
    if stored is not None:
        earlier = dates is not None and dates.min().astype(date) < stored.first_day
        return Reference(stored.speed_mps, "frozen", stored.first_day, stored.last_day, earlier)
    period = reference_period(segments, config.cadence.v_ref_days, dates=dates)
    if period is None:
        return Reference(float("nan"), "none")
    return Reference(period.speed_mps, "provisional", period.first_day, period.last_day)


def store_reference(store: Store, config: SignalConfig | None = None) -> Reference:
    """The reference the store's next analysis will use."""
    return current_reference(store.reference_pace(), store.segments("running"), config or SignalConfig())


def settle_reference(store: Store, imported_from: date | None, config: SignalConfig | None = None) -> str | None:
    """After an import whose earliest run is on ``imported_from``: freeze the reference once the
    running spans 28 days, never move a frozen one, and say what the runner should know (or None)."""
    config = config or SignalConfig()
    stored = store.reference_pace()
    if config.cadence.v_ref_mps is not None or imported_from is None:
        return None
    if stored is not None:
        reference = current_reference(stored, store.segments("running"), config)
        return reference.note if imported_from < stored.first_day and reference.earlier_running else None
    segments = store.segments("running")
    period = reference_period(segments, config.cadence.v_ref_days)
    if period is None or _last_day(segments) < period.first_day + timedelta(days=config.cadence.v_ref_days):
        return None
    store.set_reference_pace(period)
    return (f"Your reference pace is now set: {format_pace(period.speed_mps)}, from your running of {period.first_day} to "
            f"{period.last_day}. Weekly form is compared at this pace until you reset it (`runsense baseline reset`).")  # fmt: skip


def reset_reference(store: Store, config: SignalConfig | None = None, *, start: date | None = None, recent: bool = False) -> Reference:
    """The runner's reset: take the reference again from 28 days of running from ``start`` (default:
    the first day of running stored; ``recent``: the last 28 days), and keep it.

    Raises NotFoundError when there is no steady running in those days; nothing changes then.
    """
    config = config or SignalConfig()
    segments = store.segments("running")
    if recent and not segments.empty:
        start = _last_day(segments) - timedelta(days=config.cadence.v_ref_days - 1)
    period = reference_period(segments, config.cadence.v_ref_days, start)
    if period is None:
        where = f"in the {config.cadence.v_ref_days} days from {start}" if start else "in the store"
        raise NotFoundError(f"no steady running {where} to set a reference pace from")
    store.set_reference_pace(period)
    return current_reference(period, segments, config)


def _last_day(segments: pd.DataFrame) -> date:
    return segment_days(segments).max().astype(date)
