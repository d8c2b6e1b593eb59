"""ISO weeks written as ranges (the clinic report's flag rows)."""

from __future__ import annotations

from runsense.weeks import week_ranges


def test_consecutive_weeks_become_one_range_across_a_new_year():
    weeks = {"2026-W07", "2025-W51", "2025-W52", "2026-W01", "2026-W02", "2026-W04"}
    assert week_ranges(weeks) == "2025-W51–2026-W02, 2026-W04, 2026-W07"


def test_a_year_with_53_weeks_and_single_weeks():
    assert week_ranges(["2026-W53", "2027-W01"]) == "2026-W53–2027-W01"
    assert week_ranges(["2026-W10"]) == "2026-W10"
    assert week_ranges([]) == ""
