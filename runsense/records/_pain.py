"""A pain entry, before (:class:`NewPainEntry`) and after (:class:`PainEntry`) it is stored."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


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
