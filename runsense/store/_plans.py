"""The store's cadence plans: at most one in force; ended ones stay as history."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from runsense.plan import CadencePlan

# the rows' dataclasses are imported where rows are made: `runsense pain log` opens this store too


class _Connected(Protocol):
    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...


class PlansMixin:
    """Cadence-plan methods of :class:`~runsense.store.sqlite.SQLiteStore`."""

    def start_cadence_plan(self: _Connected, plan: CadencePlan) -> int:
        """Store ``plan`` as the plan in force; a plan already in force ends today."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._transaction() as db:
            db.execute("UPDATE cadence_plans SET ended_at = ? WHERE ended_at IS NULL", (now,))
            cursor = db.execute(
                "INSERT INTO cadence_plans (start_week, baseline_spm, reference_speed_mps, step_pct, max_pct, hold_weeks, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (plan.start_week, plan.baseline_spm, plan.reference_speed_mps, plan.step_pct, plan.max_pct, plan.hold_weeks, now),
            )
        return int(cursor.lastrowid or 0)

    def cadence_plan(self: _Connected) -> CadencePlan | None:
        """The plan in force, if any."""
        from runsense.plan import CadencePlan

        row = self._db.execute(
            "SELECT baseline_spm, reference_speed_mps, start_week, step_pct, max_pct, hold_weeks FROM cadence_plans WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return CadencePlan(*tuple(row)) if row else None

    def end_cadence_plan(self: _Connected) -> bool:
        """End the plan in force; False when there was none."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._transaction() as db:
            return db.execute("UPDATE cadence_plans SET ended_at = ? WHERE ended_at IS NULL", (now,)).rowcount > 0


__all__ = ["PlansMixin"]
