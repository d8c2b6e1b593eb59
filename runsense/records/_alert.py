"""An alert as stored: :class:`Alert`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
