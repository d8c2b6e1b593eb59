"""The period rules every analysis page shares (dashboards.period), as plain functions."""

from __future__ import annotations

from dashboards import period
from dashboards.callbacks.period import nav_links
from dashboards.pages import PAGES
from runsense.weeks import week_span

WEEKS = week_span("2026-W30", "2026-W45")


def test_a_period_in_the_url_is_taken_and_either_end_may_be_missing():
    assert period.from_query(WEEKS, {"from": "2026-w33", "to": "2026W35"}) == ("2026-W33", "2026-W35", None, None)
    assert period.from_query(WEEKS, {"from": "2026-W40"}) == ("2026-W40", "2026-W45", None, None)
    assert period.from_query(WEEKS, {"to": "2026-W31"}) == ("2026-W30", "2026-W31", None, None)


def test_without_a_period_trends_shows_its_last_weeks_and_other_pages_everything():
    assert period.from_query(WEEKS, {}, default_weeks=12) == ("2026-W34", "2026-W45", 12, None)
    assert period.from_query(WEEKS, {}) == (None, None, 0, None)
    assert period.from_query(WEEKS, {"weeks": "4"}) == ("2026-W42", "2026-W45", 4, None)
    assert period.from_query(WEEKS, {"weeks": "many"}, default_weeks=12)[:3] == ("2026-W34", "2026-W45", 12)
    assert period.from_query([], {"from": "2026-W40"}) == (None, None, 0, None)


def test_a_week_that_is_not_one_falls_back_and_says_why():
    start, end, chosen, problem = period.from_query(WEEKS, {"from": "2026-W99"}, default_weeks=12)
    assert (start, end, chosen) == ("2026-W34", "2026-W45", 12)
    assert problem == "Showing the last 12 weeks instead: '2026-W99' is not a week: 2026 has weeks W01 to W53"
    assert period.from_query(WEEKS, {"to": "garbage"})[3].startswith("Showing your whole history instead: 'garbage' is not a week")


def test_a_reversed_or_garbled_period_is_refused_with_a_message_and_everything_is_shown():
    assert period.checked("2026-W42", "2026-W40") == (period.EVERYTHING, "The period ends (2026-W40) before it starts (2026-W42): "
                                                                          "pick a 'to' week after the 'from' week.")  # fmt: skip
    chosen, problem = period.checked("<script>", None)
    assert chosen.is_everything
    assert "'<script>' is not a week" in problem
    assert period.checked(None, None) == (period.EVERYTHING, None)


def test_a_period_holds_the_days_of_its_weeks_across_a_new_year():
    chosen, _ = period.checked("2026-W53", "2027-W01")
    assert (chosen.first_day.isoformat(), chosen.last_day.isoformat()) == ("2026-12-28", "2027-01-10")
    assert chosen.holds("2026-12-28")
    assert chosen.holds("2027-01-10T23:59:00")
    assert not chosen.holds("2026-12-27")
    assert not chosen.holds("2027-01-11")
    assert str(chosen) == "2026-W53 to 2027-W01"
    assert period.EVERYTHING.holds("1990-01-01")


def test_quick_choices_and_the_query_keep_what_else_the_address_says():
    assert period.quick(WEEKS, 4) == ("2026-W42", "2026-W45")
    assert period.quick(WEEKS, 0) == ("2026-W30", "2026-W45")
    assert period.quick(WEEKS[:2], 52) == ("2026-W30", "2026-W31")
    assert period.query_with("?id=abc&from=2026-W01", "2026-W40", "2026-W42") == "?id=abc&from=2026-W40&to=2026-W42"
    assert period.query_with("?from=2026-W40&to=2026-W42", None, None) == ""
    assert period.in_url("?to=2026-W42&from=") == (None, "2026-W42")


def test_the_navigation_carries_only_the_period():
    links = nav_links("?from=2026-W40&to=2026-W42&id=abc&week=2026-W41")
    assert links == [f"{path}?from=2026-W40&to=2026-W42" for path in PAGES]
    assert nav_links("?week=2026-W41") == list(PAGES)
