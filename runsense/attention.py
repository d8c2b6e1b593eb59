"""What needs the runner's attention before anything else: active red flags and open alerts.

Spec §7.5: a red flag's message comes immediately, above all analytics, and training suggestions
are suppressed. The spec says "for that day"; runsense keeps a red flag active for
:data:`RED_FLAG_ACTIVE_DAYS` after the entry that reported it, because a runner who reported
cauda equina signs yesterday should not be handed a cadence target today either. One place for
the rule: ``runsense report``, ``runsense alerts``, the Week page and the Alerts page all call
:func:`attention`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from runsense.pain import RED_FLAG_CODE, red_flag_guidance_for
from runsense.records import Alert, PainEntry
from runsense.signal.flags import SEVERITIES

#: how long a reported red flag keeps its message on top and training suggestions held back
RED_FLAG_ACTIVE_DAYS = 14


@dataclass(frozen=True, slots=True)
class RedFlag:
    """One tier of red flags from one pain entry: what to do, and what the runner reported."""

    code: str  # RF-EMERG | RF-URGENT | RF-SOON
    tier: str
    severity: str
    message: str
    signs: list[str]
    local_date: str
    entry_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON form."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Attention:
    """Red flags first, then the open alerts; and whether training suggestions are held back."""

    red_flags: list[RedFlag] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    suggestions_held: str | None = None  # why, in one line; None when suggestions may be shown

    def to_dict(self, units: str) -> dict[str, Any]:
        """Plain JSON form (alerts as the store keeps them, their words in ``units``)."""
        return {"red_flags": [r.to_dict() for r in self.red_flags], "alerts": [a.as_stored(units) for a in self.alerts], "suggestions_held": self.suggestions_held}


def red_flags_between(entries: list[PainEntry], start: date, end: date) -> list[RedFlag]:
    """Red flags reported in entries dated ``start``..``end``: most urgent tier first, newest first within it."""
    found = [
        RedFlag(RED_FLAG_CODE[t["tier"]], t["tier"], t["severity"], t["message"], t["signs"], e.local_date, e.id)
        for e in entries
        if e.red_flags and start.isoformat() <= e.local_date <= end.isoformat()
        for t in red_flag_guidance_for(e.red_flags)
    ]
    newest_first = sorted(found, key=lambda r: r.local_date, reverse=True)
    return sorted(newest_first, key=lambda r: list(RED_FLAG_CODE).index(r.tier))  # stable: newest first within a tier


def attention(entries: list[PainEntry], alerts: list[Alert], today: date, *, week_has_red_flag: bool = False) -> Attention:
    """Active red flags (reported in the last :data:`RED_FLAG_ACTIVE_DAYS` days), then open alerts
    most severe first. While a red flag is active (or the week shown has one), training suggestions
    are held back: flag alerts (which carry them) are left out, and the reason is given."""
    active = red_flags_between(entries, today - timedelta(days=RED_FLAG_ACTIVE_DAYS - 1), today)
    held = _held_reason(active, week_has_red_flag)
    open_alerts = [a for a in alerts if not a.acknowledged and not _is_red_flag_alert(a)]
    if held:
        open_alerts = [a for a in open_alerts if a.kind != "flag"]
    open_alerts.sort(key=lambda a: -SEVERITIES.index(a.severity) if a.severity in SEVERITIES else 0)
    return Attention(active, open_alerts, held)


def _held_reason(active: list[RedFlag], week_has_red_flag: bool) -> str | None:
    if active:
        newest = max(r.local_date for r in active)
        return (f"Training suggestions (cadence targets, load and form advice) are held back while a red flag is active "
                f"(reported {newest}): follow the red-flag advice first.")  # fmt: skip
    if week_has_red_flag:
        return "Training suggestions (cadence targets, load and form advice) are held back for this week: a red flag was reported in it."
    return None


def _is_red_flag_alert(alert: Alert) -> bool:
    """An alert recorded for a red flag: shown from the pain entries themselves instead, never twice."""
    return str(alert.payload.get("code", "")).startswith("RF-")
