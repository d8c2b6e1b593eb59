"""What the store gives back, typed: an activity's row, a shoe, a pain entry, an alert.

Frozen dataclasses of the model layer, so that the services, the CLI and the dashboard read
attributes a type checker knows (``shoe.distance_m``) instead of indexing dicts by string. Each
``to_dict()`` is the row's JSON form: the shapes ``runsense activities --json``, ``pain list --json``
and ``alerts --json`` print (pinned by ``tests/test_json_shapes.py``). A pain entry still to be
stored is a :class:`NewPainEntry`, made and checked by :func:`runsense.pain.make_entry` (the one
place of the pain log's rules).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from runsense import display

#: the running-form averages of an activity, as ``activities --json`` lists them
FORM_FIELDS: tuple[str, ...] = (
    "cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "stance_time_balance_pct",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One stored activity: where it came from, when, its averages and derived metrics (no samples).

    Every column of the store's ``activities`` table, its JSON documents decoded, with ``shoe`` (the
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
    issues: tuple[dict[str, Any], ...]
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


@dataclass(frozen=True, slots=True)
class Shoe:
    """A registered pair with its mileage: ``distance_m`` is the starting distance plus the
    activities assigned to it (a query, never a counter), ``activities`` how many they are."""

    id: int
    name: str
    brand: str
    purchase_date: str | None
    start_distance_m: float
    notes: str
    default_for: str | None
    thresholds_m: tuple[float, float, float] | None  # its own notice, warning, replace marks; None: the settings'
    retired_at: str | None
    created_at: str
    distance_m: float
    activities: int
    last_used: str | None

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    def to_dict(self) -> dict[str, Any]:
        """The stored fields and the mileage, marks as a list (their JSON form)."""
        out = asdict(self)
        out["thresholds_m"] = list(self.thresholds_m) if self.thresholds_m else None
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class NewPainEntry:
    """A checked pain entry (spec §7.2) before it is stored: what :func:`runsense.pain.make_entry` returns.

    ``location`` is the first of ``locations`` (what older readers of the log show); ``red_flags``
    holds the codes ticked and those the fields raise, sorted.
    """

    local_time: str  # YYYY-MM-DDTHH:MM, the runner's local time
    score: int
    location: str
    timing: str
    note: str = ""
    activity_id: str | None = None
    red_flags: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    leg_numbness: bool = False
    leg_weakness: bool = False
    morning_stiffness_min: int | None = None
    stiffness_eases: bool = False
    sleep_disturbed: bool = False
    activity_interference: int | None = None

    @property
    def local_date(self) -> str:
        return self.local_time[:10]

    def to_dict(self) -> dict[str, Any]:
        """The entry's fields with its date, lists as lists (a row of the pain rules' table)."""
        out = {f.name: getattr(self, f.name) for f in fields(self)} | {"local_date": self.local_date}
        return out | {"red_flags": list(self.red_flags), "locations": list(self.locations)}


@dataclass(frozen=True, slots=True, kw_only=True)
class PainEntry(NewPainEntry):
    """A stored pain entry: a :class:`NewPainEntry` with its id and when it was logged."""

    id: int
    created_at: str

    def to_dict(self) -> dict[str, Any]:
        """The ``pain list --json`` item: the stored columns in their order, lists as lists."""
        return {
            "id": self.id, "local_time": self.local_time, "local_date": self.local_date, "score": self.score, "location": self.location,
            "timing": self.timing, "activity_id": self.activity_id, "note": self.note, "red_flags": list(self.red_flags),
            "created_at": self.created_at, "locations": list(self.locations), "leg_numbness": self.leg_numbness,
            "leg_weakness": self.leg_weakness, "morning_stiffness_min": self.morning_stiffness_min, "stiffness_eases": self.stiffness_eases,
            "sleep_disturbed": self.sleep_disturbed, "activity_interference": self.activity_interference,
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Alert:
    """An alert as stored: one per ``key`` (one per crossing), its ``payload`` the rule's own figures."""

    id: int
    key: str  # e.g. shoe:3:notice, flag:SPIKE-MOD:<activity>, pain:PAIN-24H:2026-W41:...
    kind: str  # shoe_mileage, flag or pain
    severity: str
    message: str
    payload: dict[str, Any]
    created_at: str
    acknowledged_at: str | None = None
    notified_at: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    def to_dict(self) -> dict[str, Any]:
        """The ``alerts --json`` item: the payload's fields between the alert's id and its kind,
        severity and message (a shoe alert: ``kind``, ``shoe``, ``threshold_mi``, ``distance_mi``...)."""
        return {"id": self.id, "created_at": self.created_at, "acknowledged": self.acknowledged, **self.payload,
                "kind": self.kind, "severity": self.severity, "message": self.message}  # fmt: skip


def field_names(row_type: type) -> tuple[str, ...]:
    """The field names of one of these types, in order (what a store fills)."""
    return tuple(f.name for f in fields(row_type))


__all__ = ["FORM_FIELDS", "ActivityRow", "Alert", "NewPainEntry", "PainEntry", "Shoe", "field_names"]
