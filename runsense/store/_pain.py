"""The store's pain entries, validated before they arrive (see :mod:`runsense.pain`)."""

from __future__ import annotations

import json
from typing import Any

from runsense.errors import NotFoundError
from runsense.store._base import StoreBase, now


class PainMixin(StoreBase):
    """Pain methods of :class:`~runsense.store.sqlite.SQLiteStore`."""

    def add_pain(self, entry: dict[str, Any]) -> int:
        """Store a validated pain entry (see :mod:`runsense.pain`)."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO pain (local_time, local_date, score, location, timing, activity_id, note, red_flags, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry["local_time"], entry["local_time"][:10], entry["score"], entry["location"], entry["timing"], entry.get("activity_id"),
                 entry.get("note", ""), json.dumps(entry.get("red_flags", [])), now()),
            )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def pain_entries(self) -> list[dict[str, Any]]:
        """Every pain entry, oldest first."""
        rows = self._db.execute("SELECT * FROM pain ORDER BY local_time, id").fetchall()
        return [dict(r) | {"red_flags": json.loads(r["red_flags"])} for r in rows]

    def pain_entry(self, entry_id: int) -> dict[str, Any]:
        """One pain entry."""
        row = self._db.execute("SELECT * FROM pain WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no pain entry {entry_id} (see `runsense pain list`)")
        return dict(row) | {"red_flags": json.loads(row["red_flags"])}

    def update_pain(self, entry_id: int, entry: dict[str, Any]) -> None:
        """Replace a pain entry's fields with a validated entry."""
        self.pain_entry(entry_id)
        with self._transaction() as db:
            db.execute(
                "UPDATE pain SET local_time = ?, local_date = ?, score = ?, location = ?, timing = ?, activity_id = ?, note = ?, red_flags = ? WHERE id = ?",
                (entry["local_time"], entry["local_time"][:10], entry["score"], entry["location"], entry["timing"], entry.get("activity_id"),
                 entry.get("note", ""), json.dumps(entry.get("red_flags", [])), entry_id),
            )  # fmt: skip

    def delete_pain(self, entry_id: int) -> None:
        """Delete a pain entry."""
        self.pain_entry(entry_id)
        with self._transaction() as db:
            db.execute("DELETE FROM pain WHERE id = ?", (entry_id,))


__all__ = ["PainMixin"]
