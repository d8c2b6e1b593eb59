"""Red flags first, open alerts next, and training suggestions held back while a red flag is active."""

from __future__ import annotations

from datetime import date

from runsense.attention import RED_FLAG_ACTIVE_DAYS, attention, red_flags_between

TODAY = date(2026, 11, 30)
ENTRIES = [
    {"id": 1, "local_date": "2026-10-01", "red_flags": ["below-knee"]},
    {"id": 2, "local_date": "2026-11-20", "red_flags": ["below-knee", "saddle-numbness"]},
    {"id": 3, "local_date": "2026-11-25", "red_flags": ["trauma"]},
    {"id": 4, "local_date": "2026-11-29", "red_flags": []},
]


def _alert(i: int, kind: str, severity: str, code: str = "", acknowledged: bool = False) -> dict:
    return {"id": i, "kind": kind, "severity": severity, "message": f"alert {i}", "payload": {"code": code}, "acknowledged_at": "x" if acknowledged else None}


ALERTS = [
    _alert(1, "shoe_mileage", "notice"), _alert(2, "flag", "warning", "SPIKE-MOD"), _alert(3, "pain", "emergency", "RF-EMERG"),
    _alert(4, "pain", "see-professional", "PAIN-PERSIST-14"), _alert(5, "shoe_mileage", "warning", acknowledged=True),
]  # fmt: skip


def test_red_flags_most_urgent_tier_first_then_newest():
    found = red_flags_between(ENTRIES, date(2026, 1, 1), TODAY)
    assert [(r.code, r.local_date) for r in found] == [
        ("RF-EMERG", "2026-11-20"), ("RF-URGENT", "2026-11-25"), ("RF-SOON", "2026-11-20"), ("RF-SOON", "2026-10-01"),
    ]  # fmt: skip


def test_an_active_red_flag_comes_first_and_holds_training_suggestions_back():
    care = attention(ENTRIES, ALERTS, TODAY)
    assert {r.local_date for r in care.red_flags} == {"2026-11-20", "2026-11-25"}  # 1 October is past the active days
    assert care.suggestions_held and "2026-11-25" in care.suggestions_held
    assert [a["id"] for a in care.alerts] == [4, 1]  # the RF alert is shown from its entry, never twice; flag alerts held; most severe first


def test_without_an_active_red_flag_every_open_alert_shows():
    later = date.fromisoformat("2026-11-25").toordinal() + RED_FLAG_ACTIVE_DAYS
    care = attention(ENTRIES, ALERTS, date.fromordinal(later))
    assert care.red_flags == [] and care.suggestions_held is None
    assert [a["id"] for a in care.alerts] == [4, 2, 1]  # see-professional, warning, notice
    assert attention(ENTRIES, [], date.fromordinal(later), week_has_red_flag=True).suggestions_held.endswith("a red flag was reported in it.")
