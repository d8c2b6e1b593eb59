"""The store's alerts: one per key (one per crossing), acknowledged ones kept as history."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from runsense.errors import NotFoundError
from runsense.records import field_names
from runsense.store._base import StoreBase, now, row_id

if TYPE_CHECKING:
    from collections.abc import Sequence

    from runsense.display import Quantity
    from runsense.records import Alert


@cache
def _row_type() -> tuple[type[Alert], tuple[str, ...]]:
    """:class:`~runsense.records.Alert` and its fields, loaded at the first alert read (the shoe list never needs them)."""
    from runsense.records import Alert

    return Alert, field_names(Alert)


def _quantities_json(quantities: Sequence[Quantity]) -> str:
    return json.dumps([q.to_dict() for q in quantities])


class AlertsMixin(StoreBase):
    """Alerts methods of :class:`~runsense.store.sqlite.SQLiteStore`."""

    def add_alert(self, key: str, kind: str, severity: str, template: str, payload: dict[str, Any], quantities: Sequence[Quantity] = ()) -> bool:
        """Record an alert once per key (one per crossing); returns True if it is new. ``template``
        and ``quantities``: its words and the figures they name, written in the reader's units when shown."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO alerts (key, kind, severity, template, quantities, payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, kind, severity, template, _quantities_json(quantities), json.dumps(payload, default=float), now()),
            )
        return cursor.rowcount == 1

    def withdraw_alerts(self, keys: list[str]) -> None:
        """Remove alerts that no longer hold (a shoe whose runs moved to another pair); the same
        crossing later is news again."""
        with self._transaction() as db:
            db.executemany("DELETE FROM alerts WHERE key = ?", [(k,) for k in keys])

    def update_alert(self, key: str, template: str, payload: dict[str, Any], quantities: Sequence[Quantity] = ()) -> None:
        """Restate an open alert whose figures changed (a shoe's mileage after runs moved)."""
        with self._transaction() as db:
            db.execute("UPDATE alerts SET template = ?, quantities = ?, payload = ? WHERE key = ? AND acknowledged_at IS NULL",
                       (template, _quantities_json(quantities), json.dumps(payload, default=float), key))  # fmt: skip

    def withdraw_activity_alerts(self, activity_id: str) -> None:
        """Remove the open alerts about one activity (its sport changed: they are derived again)."""
        with self._transaction() as db:
            db.execute("DELETE FROM alerts WHERE key LIKE ? AND acknowledged_at IS NULL", ("%:" + activity_id,))  # ids are hex: no LIKE wildcards

    def alerts(self, *, include_acknowledged: bool = False) -> list[Alert]:
        """Alerts, newest first."""
        query = "SELECT * FROM alerts" + ("" if include_acknowledged else " WHERE acknowledged_at IS NULL") + " ORDER BY created_at DESC, id DESC"
        row_type, names = _row_type()
        from runsense.display import Quantity

        return [row_type(**({k: r[k] for k in names} | {"payload": json.loads(r["payload"]), "quantities": tuple(Quantity.from_dict(q) for q in json.loads(r["quantities"]))}))
                for r in self._db.execute(query)]  # fmt: skip

    def acknowledge_alert(self, alert_id: int) -> None:
        """Mark an alert as seen; it stays in the history."""
        with self._transaction() as db:
            if db.execute("UPDATE alerts SET acknowledged_at = ? WHERE id = ?", (now(), row_id(alert_id))).rowcount == 0:
                raise NotFoundError(f"no alert {alert_id} (see `runsense alerts`)")

    def mark_notified(self, alert_ids: list[int]) -> None:
        """Record that alerts were sent to the runner's notification services."""
        with self._transaction() as db:
            db.executemany("UPDATE alerts SET notified_at = ? WHERE id = ?", [(now(), i) for i in alert_ids])


__all__ = ["AlertsMixin"]
