"""The store's journal: strength sessions logged by hand and markers of changes."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from runsense.errors import NotFoundError
from runsense.store._base import row_id

if TYPE_CHECKING:
    from runsense.journal import Marker, StrengthSession
    from runsense.ostrc import Checkin

# the rows' dataclasses are imported where rows are made: `runsense pain log` opens this store too


class _Connected(Protocol):
    _db: sqlite3.Connection

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class JournalMixin:
    """Strength-session and marker methods of :class:`~runsense.store.sqlite.SQLiteStore`."""

    def add_strength_session(self: _Connected, session: StrengthSession) -> int:
        """Store a validated session (see :func:`runsense.journal.make_strength_session`)."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO strength_sessions (local_date, minutes, kind, note, created_at) VALUES (?, ?, ?, ?, ?)",
                (session.local_date, session.minutes, session.kind, session.note, _now()),
            )
        return int(cursor.lastrowid or 0)

    def strength_sessions(self: _Connected) -> list[StrengthSession]:
        """Sessions logged by hand, oldest first (strength activities from the watch are activities)."""
        from runsense.journal import StrengthSession

        rows = self._db.execute("SELECT local_date, minutes, kind, note, id FROM strength_sessions ORDER BY local_date, id").fetchall()
        return [StrengthSession(*tuple(r)) for r in rows]

    def delete_strength_session(self: _Connected, session_id: int) -> None:
        """Remove one logged session."""
        with self._transaction() as db:
            if db.execute("DELETE FROM strength_sessions WHERE id = ?", (row_id(session_id),)).rowcount == 0:
                raise NotFoundError(f"no strength session {session_id} (see `runsense strength list`)")

    def add_marker(self: _Connected, marker: Marker) -> int:
        """Store a validated marker (see :func:`runsense.journal.make_marker`)."""
        with self._transaction() as db:
            cursor = db.execute("INSERT INTO markers (local_date, label, kind, created_at) VALUES (?, ?, ?, ?)", (marker.local_date, marker.label, marker.kind, _now()))
        return int(cursor.lastrowid or 0)

    def markers(self: _Connected) -> list[Marker]:
        """Every marker, oldest first."""
        from runsense.journal import Marker

        return [Marker(*tuple(r)) for r in self._db.execute("SELECT local_date, label, kind, id FROM markers ORDER BY local_date, id")]

    def delete_marker(self: _Connected, marker_id: int) -> None:
        """Remove one marker."""
        with self._transaction() as db:
            if db.execute("DELETE FROM markers WHERE id = ?", (row_id(marker_id),)).rowcount == 0:
                raise NotFoundError(f"no marker {marker_id} (see `runsense marker list`)")

    def add_checkin(self: _Connected, checkin: Checkin) -> None:
        """Store a validated OSTRC-O2 check-in; a second one for the same week replaces the first."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO ostrc_checkins (week, participation, volume, performance, symptoms, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (checkin.week, checkin.participation, checkin.volume, checkin.performance, checkin.symptoms, _now()),
            )

    def checkins(self: _Connected) -> list[Checkin]:
        """Every weekly check-in, oldest week first."""
        from runsense.ostrc import Checkin

        return [Checkin(*tuple(r)) for r in self._db.execute("SELECT week, participation, volume, performance, symptoms FROM ostrc_checkins ORDER BY week")]


__all__ = ["JournalMixin"]
