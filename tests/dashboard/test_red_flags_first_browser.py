"""What a runner or physio found wrong on the real stores' screenshots, in real Chromium: an active
red flag (the history's emergency, reported yesterday) first on every page, not only on Week and
Alerts; the Week page's empty cadence chart saying why when the runner has years of running; an
activity without left/right balance not saying "—% left"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dashboards.pages import PAGES

TIMEOUT = 30_000
OTHER_PAGES = [path for path in PAGES if path not in ("/", "/alerts")]


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    expect(page.locator("._dash-loading")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#page > *").first).to_be_visible(timeout=TIMEOUT)


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_an_active_red_flag_comes_first_on_every_page(store_kit, live_store, page, path):
    _open(page, live_store("history") + path)
    red = page.locator("#red-flag-banner .red-flag-box")
    expect(red).to_contain_text("cauda equina", timeout=TIMEOUT)
    expect(red).to_contain_text(store_kit.history_facts.red_flag_day.isoformat())
    assert red.bounding_box()["y"] < page.locator("#page").bounding_box()["y"]  # above everything the page shows
    assert page.js_errors == []


@pytest.mark.parametrize("path", ["/", "/alerts", "/trends", "/pain"])
def test_no_banner_without_an_active_red_flag_and_none_twice(live_store, page, path):
    _open(page, live_store("demo") + path)
    expect(page.locator("#page > *").first).to_be_visible()
    expect(page.locator("#red-flag-banner > *")).to_have_count(0)
    _open(page, live_store("history") + ("/" if path in ("/", "/alerts") else path))
    expect(page.locator(".red-flag-box").filter(has_text="cauda equina")).to_have_count(1, timeout=TIMEOUT)  # Week and Alerts show their own


def test_the_weeks_empty_cadence_chart_says_why_when_there_is_running_before(live_store, page):
    _open(page, live_store("history") + "/")
    expect(page.locator("#week-cadence-graph")).to_contain_text("No steady running from", timeout=TIMEOUT)
    said = page.evaluate("() => document.querySelector('#week-cadence-graph .js-plotly-plot').layout.annotations[0].text").replace("<br>", " ")
    assert said.endswith("to compare cadence at the same pace: pick an earlier week above.")
    assert "yet" not in said  # 14 years of running: not "no steady running yet"


def test_an_activity_without_left_right_balance_does_not_say_a_dash_percent(live_store, page):
    _open(page, live_store("history") + "/activity")
    body = page.locator("#activity-body")
    expect(body.locator(".kpi").first).to_be_visible(timeout=TIMEOUT)
    expect(body).not_to_contain_text("—% left")
