"""One stored activity's row: :class:`ActivityRow`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runsense import display
from runsense.errors import Issue

#: the running-form averages of an activity, as ``activities --json`` lists them
FORM_FIELDS: tuple[str, ...] = (
    "cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "stance_time_balance_pct",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One stored activity: where it came from, when, its averages and derived metrics (no samples).

    Every column of the store's ``activities`` table, its JSON documents decoded (``issues`` as
    :class:`~runsense.errors.Issue`), with ``shoe`` (the
    pair's name, if one is assigned) and ``start_time`` (ISO, in the activity's own UTC offset).
    """

    id: str
    source_sha256: str
    source_name: str
    source_format: str
    sport: str
    sub_sport: str
    start_ms: int
    utc_offset_s: int
    utc_offset_source: str
    local_date: str
    device: str
    sensors: tuple[str, ...]
    cadence_unit_source: str
    speed_source: str
    distance_m: float | None
    duration_s: float | None
    timer_s: float | None
    n_records: int
    title: str
    gear_name: str
    device_summary: dict[str, Any]
    issues: tuple[Issue, ...]  # the problems met reading it (a wrong CRC, a cut file, a sport inferred or changed...)
    metrics: dict[str, Any]
    imported_at: str
    moving_time_s: float | None
    avg_speed_mps: float | None
    avg_heart_rate_bpm: float | None
    cadence_spm: float | None
    step_length_m: float | None
    vertical_oscillation_mm: float | None
    stance_time_ms: float | None
    vertical_ratio_pct: float | None
    stance_time_balance_pct: float | None
    shoe_id: int | None
    cadence_in_band_share: float | None
    gct_balance_dev_flat_pp: float | None
    surface: str
    surface_source: str
    ascent_m_per_km: float | None
    steep_share: float | None
    shoe: str | None
    start_time: str

    def to_dict(self) -> dict[str, Any]:
        """The ``activities --json`` item: distance in m, km and mi, and the running-form averages."""
        return {
            "id": self.id, "source": self.source_name, "sport": self.sport, "start_time": self.start_time, "distance_m": self.distance_m,
            **display.distance_fields("distance", self.distance_m), "duration_s": self.duration_s, "n_records": self.n_records,
            "shoe": self.shoe, **{k: getattr(self, k) for k in FORM_FIELDS},
        }  # fmt: skip
