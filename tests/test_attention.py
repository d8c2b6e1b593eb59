"""Red flags first, open alerts next, and training suggestions held back while a red flag is active."""

from __future__ import annotations

from datetime import date

from runsense.attention import RED_FLAG_ACTIVE_DAYS, attention, red_flags_between
from runsense.records import Alert, PainEntry

TODAY = date(2026, 11, 30)


def _entry(i: int, day: str, red_flags: tuple[str, ...]) -> PainEntry:
    return PainEntry(id=i, local_time=f"{day}T08:00", score=4, location="lower-back", timing="morning", red_flags=red_flags, created_at=f"{day}T08:01")


ENTRIES = [
    _entry(1, "2026-10-01", ("below-knee",)), _entry(2, "2026-11-20", ("below-knee", "saddle-numbness")), _entry(3, "2026-11-25", ("trauma",)),
    _entry(4, "2026-11-29", ()),
]  # fmt: skip


def _alert(i: int, kind: str, severity: str, code: str = "", acknowledged: bool = False) -> Alert:
    return Alert(i, f"{kind}:{i}", kind, severity, f"alert {i}", {"code": code}, "2026-11-01T00:00:00", "x" if acknowledged else None)


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
    assert [a.id for a in care.alerts] == [4, 1]  # the RF alert is shown from its entry, never twice; flag alerts held; most severe first


def test_without_an_active_red_flag_every_open_alert_shows():
    later = date.fromisoformat("2026-11-25").toordinal() + RED_FLAG_ACTIVE_DAYS
    care = attention(ENTRIES, ALERTS, date.fromordinal(later))
    assert care.red_flags == [] and care.suggestions_held is None
    assert [a.id for a in care.alerts] == [4, 2, 1]  # see-professional, warning, notice
    assert attention(ENTRIES, [], date.fromordinal(later), week_has_red_flag=True).suggestions_held.endswith("a red flag was reported in it.")
