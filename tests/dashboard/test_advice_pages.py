"""The advice followed through on the Week and Trends pages, in a real browser on the dashboard
store (the demo story with its strength routine and cadence plan, plus real runs from four devices
measured by other sensors)."""

from __future__ import annotations

from playwright.sync_api import expect

TIMEOUT = 20_000


def test_the_week_shows_strength_surface_and_the_plans_step(live_app, page):
    page.goto(live_app + "/?week=2026-W44")
    advice = page.locator("#week-advice")
    expect(advice).to_contain_text("3 strength or core sessions (within the target of 2–3 a week)", timeout=TIMEOUT)
    expect(advice).to_contain_text("road 100%; climbing")
    expect(advice).to_contain_text("step 1: 174 spm (metronome 174)")
    expect(advice).to_contain_text("not yet")
    assert page.js_errors == []


def test_the_week_the_sensor_changed_says_so(live_app, page):
    page.goto(live_app + "/?week=2026-W30")  # the demo's first week: an HRM-Pro Plus after the real runs' other sensors
    expect(page.locator("#week-advice")).to_contain_text("Running dynamics are measured by chest strap: garmin hrm_pro_plus", timeout=TIMEOUT)
    assert page.js_errors == []


def test_trends_show_strength_climbing_and_the_sensor_change(live_app, page):
    page.goto(live_app + "/trends?weeks=52")
    expect(page.locator("#trends-advice-graph")).to_contain_text("Strength and core sessions (2–3 a week)", timeout=TIMEOUT)
    expect(page.locator("#trends-advice-graph")).to_contain_text("Climbing (m per km) and trail share")
    expect(page.locator("#trends-metrics-graph .annotation-text").filter(has_text="S1")).to_have_count(1, timeout=TIMEOUT)  # short on the chart
    expect(page.locator("#trends-sensors li").first).to_contain_text("S1 2026-W30: chest strap: garmin hrm_pro_plus")  # named under it
    assert page.js_errors == []
