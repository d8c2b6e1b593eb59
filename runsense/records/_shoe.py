"""A registered pair of shoes with its mileage: :class:`Shoe`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


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
