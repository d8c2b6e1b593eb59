"""An alert as stored: :class:`Alert`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runsense import display


@dataclass(frozen=True, slots=True)
class Alert:
    """An alert as stored: one per ``key`` (one per crossing), its ``payload`` the rule's own figures.

    Its words are kept as a ``template`` with the distances and paces it names as ``quantities``
    (SI), so that :meth:`text` writes them in the units the runner reads *now*: an alert raised in
    km reads in miles after the switch. Every place that shows an alert goes through :meth:`text`
    (or :meth:`to_dict` / :meth:`as_stored`, which use it).
    """

    id: int
    key: str  # e.g. shoe:3:notice, flag:SPIKE-MOD:<activity>, pain:PAIN-24H:2026-W41:...
    kind: str  # shoe_mileage, flag or pain
    severity: str
    template: str  # the message, with a {name} field for each of the quantities (see display.words)
    payload: dict[str, Any]
    created_at: str
    acknowledged_at: str | None = None
    notified_at: str | None = None
    quantities: tuple[display.Quantity, ...] = ()

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None

    def text(self, units: str) -> str:
        """The message, its distances and paces in ``units`` (km or mi)."""
        return display.words(self.template, self.quantities, units)

    def to_dict(self, units: str) -> dict[str, Any]:
        """The ``alerts --json`` item: the payload's fields between the alert's id and its kind,
        severity and message (a shoe alert: ``kind``, ``shoe``, ``threshold_mi``, ``distance_mi``...),
        the message in ``units``."""
        return {"id": self.id, "created_at": self.created_at, "acknowledged": self.acknowledged, **self.payload,
                "kind": self.kind, "severity": self.severity, "message": self.text(units)}  # fmt: skip

    def as_stored(self, units: str) -> dict[str, Any]:
        """The store's row as ``report --json`` has always given it (id, key, kind, severity, message,
        payload, times), the message (and the payload's) in ``units``."""
        message = self.text(units)
        payload = self.payload | {"message": message} if "message" in self.payload else self.payload
        return {"id": self.id, "key": self.key, "kind": self.kind, "severity": self.severity, "message": message, "payload": payload,
                "created_at": self.created_at, "acknowledged_at": self.acknowledged_at, "notified_at": self.notified_at}  # fmt: skip
