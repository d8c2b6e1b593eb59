"""The store's shoes: their mileage is a query over the activities assigned to them, never a counter."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from runsense.errors import NotFoundError, StoreError
from runsense.records import field_names
from runsense.store._base import StoreBase, now

if TYPE_CHECKING:
    from runsense.records import Shoe


@cache
def _row_type() -> tuple[type[Shoe], tuple[str, ...]]:
    """:class:`~runsense.records.Shoe` and its fields, loaded at the first shoe read (a pain entry never needs them)."""
    from runsense.records import Shoe

    return Shoe, field_names(Shoe)


class ShoesMixin(StoreBase):
    """Shoes methods of :class:`~runsense.store.sqlite.SQLiteStore`."""

    def add_shoe(self, name: str, *, brand: str = "", purchase_date: str | None = None, start_distance_m: float = 0.0,
                 notes: str = "", default_for: str | None = None, thresholds_m: tuple[float, float, float] | None = None) -> int:  # fmt: skip
        """Register a shoe; names are unique regardless of case."""
        if self._db.execute("SELECT 1 FROM shoes WHERE name = ?", (name,)).fetchone():
            raise StoreError(f"a shoe named {name!r} already exists (see `runsense shoes list`)")
        with self._transaction() as db:
            if default_for:
                db.execute("UPDATE shoes SET default_for = NULL WHERE default_for = ?", (default_for,))
            cursor = db.execute(
                "INSERT INTO shoes (name, brand, purchase_date, start_distance_m, notes, default_for, thresholds_m, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (name, brand, purchase_date, start_distance_m, notes, default_for, json.dumps(thresholds_m) if thresholds_m else None, now()),
            )
        return int(cursor.lastrowid or 0)

    def update_shoe(self, name: str, /, **fields: Any) -> None:
        """Change a shoe's fields (brand, notes, start_distance_m, default_for, thresholds_m, name, retired_at).

        ``name`` is positional-only, so that ``name=`` among the fields renames the shoe.
        """
        shoe = self.shoe(name)
        allowed = {"name", "brand", "purchase_date", "start_distance_m", "notes", "default_for", "thresholds_m", "retired_at"}
        unknown = set(fields) - allowed
        if unknown:
            raise StoreError(f"shoes have no field {sorted(unknown)[0]!r}")
        new_name = fields.get("name")
        if new_name is not None and self._db.execute("SELECT 1 FROM shoes WHERE name = ? AND id != ?", (new_name, shoe.id)).fetchone():
            raise StoreError(f"a shoe named {new_name!r} already exists (see `runsense shoes list`)")
        if "thresholds_m" in fields and fields["thresholds_m"] is not None:
            fields["thresholds_m"] = json.dumps(list(fields["thresholds_m"]))
        with self._transaction() as db:
            if fields.get("default_for"):
                db.execute("UPDATE shoes SET default_for = NULL WHERE default_for = ?", (fields["default_for"],))
            db.execute(f"UPDATE shoes SET {', '.join(f'{k} = ?' for k in fields)} WHERE id = ?", (*fields.values(), shoe.id))

    def shoe(self, name: str) -> Shoe:
        """One shoe with its computed distance; case-insensitive name."""
        rows = [s for s in self.shoes(include_retired=True) if s.name.lower() == name.lower()]
        if not rows:
            raise NotFoundError(f"no shoe named {name!r} (see `runsense shoes list`, or add it with `runsense shoes add`)")
        return rows[0]

    def shoes(self, *, include_retired: bool = True) -> list[Shoe]:
        """Every shoe with ``distance_m`` = starting distance + the assigned activities (a query, never a counter)."""
        rows = self._db.execute(
            "SELECT s.*, s.start_distance_m + COALESCE(SUM(a.distance_m), 0) AS distance_m, COUNT(a.id) AS activities,"
            " MAX(a.local_date) AS last_used FROM shoes s LEFT JOIN activities a ON a.shoe_id = s.id"
            + ("" if include_retired else " WHERE s.retired_at IS NULL")
            + " GROUP BY s.id ORDER BY s.retired_at IS NOT NULL, s.created_at"
        ).fetchall()
        row_type, names = _row_type()
        return [row_type(**({k: row[k] for k in names} | {"thresholds_m": _thresholds(row["thresholds_m"])})) for row in rows]

    def default_shoe_id(self, sport: str) -> int | None:
        """The shoe new ``sport`` activities get at import, if one is set and not retired."""
        row = self._db.execute("SELECT id FROM shoes WHERE default_for = ? AND retired_at IS NULL", (sport,)).fetchone()
        return int(row[0]) if row else None

    def assign_shoe(self, shoe_id: int | None, *, activity_ids: list[str] | None = None, date_from: str | None = None, date_to: str | None = None) -> int:
        """Assign a shoe to activities by id (prefixes allowed) or to every foot activity in a local-date range."""
        from runsense.model import FOOT_SPORTS  # here: `shoes list` opens this store, and never needs the model

        with self._transaction() as db:
            if activity_ids:
                ids = [self.activity(i).id for i in activity_ids]
                for activity_id in ids:
                    db.execute("UPDATE activities SET shoe_id = ? WHERE id = ?", (shoe_id, activity_id))
                return len(ids)
            foot = sorted(FOOT_SPORTS)
            cursor = db.execute(
                f"UPDATE activities SET shoe_id = ? WHERE local_date BETWEEN ? AND ? AND sport IN ({', '.join('?' * len(foot))})",
                (shoe_id, date_from or "0000-01-01", date_to or "9999-12-31", *foot),
            )
            return cursor.rowcount

    def shoe_id_named(self, name: str) -> int | None:
        """The id of the shoe named exactly ``name``, if any."""
        row = self._db.execute("SELECT id FROM shoes WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else None


def _thresholds(text: str | None) -> tuple[float, float, float] | None:
    """A pair's own marks as stored (a JSON list), or None."""
    if not text:
        return None
    notice, warning, replace = json.loads(text)
    return (float(notice), float(warning), float(replace))


__all__ = ["ShoesMixin"]
