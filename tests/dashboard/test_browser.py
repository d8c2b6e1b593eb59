"""The dashboard in a real browser: every page, changing the week, logging pain, assigning a shoe,
uploading a file; no console errors and no request leaving the machine."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from runsense.analysis import analyse, weekly_report
from runsense.store import open_store
from runsense.weeks import week_of
from tests.conftest import EXAMPLES, corpus_path
from tests.dashboard.conftest import ARTIFACTS

TIMEOUT = 20_000


def _settle(page):
    page.wait_for_load_state("networkidle")
    expect(page.locator("._dash-loading")).to_have_count(0, timeout=TIMEOUT)


@pytest.mark.parametrize(("path", "expected"), [
    ("/", f"Week {week_of(date.today())}"), ("/alerts", "Alerts"), ("/trends", "Cadence at your reference pace"), ("/shoes", "Distance per pair"),
    ("/pain", "Log your back pain"), ("/activity", "Samples over time"), ("/import", "Drag and drop"),
])  # fmt: skip
def test_every_page_opens_without_errors_and_stays_offline(live_app, page, path, expected):
    page.goto(live_app + path)
    expect(page.get_by_text(expected).first).to_be_visible(timeout=TIMEOUT)
    _settle(page)
    expect(page.locator("#disclaimer")).to_contain_text("not a medical device")
    expect(page.locator("#disclaimer")).to_contain_text("cauda equina")
    page.screenshot(path=str(ARTIFACTS / f"page{path.replace('/', '_') or '_week'}.png"), full_page=True)
    assert page.js_errors == []
    assert page.external_requests == []


def test_week_page_shows_the_reports_figures_and_flags(live_app, page, dashboard_db):
    with open_store(dashboard_db, read_only=True) as store:
        report = weekly_report(analyse(store), "2026-W41", pain_entries=store.pain_entries())
    page.goto(live_app + "/?week=2026-W41")
    expect(page.get_by_text("Week 2026-W41")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#kpi-distance .kpi-value")).to_have_text(f"{report.distance_m / 1000:.1f} km")
    expect(page.locator("#kpi-cadence .kpi-value")).to_have_text(f"{report.form['cadence_spm'].at_ref:.0f} spm")
    for code in ("FORM-COMBO", "CAD-TREND-DOWN", "VO-UP", "PAIN-PERSIST-14"):
        expect(page.locator(f"[data-code='{code}']")).to_be_visible()
    expect(page.locator("[data-code='GCT-UP']")).to_have_count(0)  # spec §10: 3 form or load flags a week, the rest counted
    expect(page.get_by_text(report.flags_held_back_note)).to_be_visible()
    first_flag = page.locator(".flag").first
    expect(first_flag).to_have_attribute("data-code", "PAIN-PERSIST-14")  # see-professional ranks above notices
    expect(page.locator("#week-cadence-graph .main-svg").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "week_2026-W41.png"), full_page=True)
    assert page.js_errors == []


def test_changing_the_week(live_app, page):
    page.goto(live_app + "/?week=2026-W45")
    expect(page.get_by_text("Week 2026-W45")).to_be_visible(timeout=TIMEOUT)
    page.click("#week-prev")
    expect(page.get_by_text("Week 2026-W44")).to_be_visible(timeout=TIMEOUT)
    page.click("#week-picker")
    page.locator("input.dash-dropdown-search").fill("2026-W38")
    page.get_by_role("option", name=re.compile(r"^2026-W38")).click()
    expect(page.get_by_text("Week 2026-W38")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("[data-code='SPIKE-MOD']")).to_be_visible()
    page.click("#week-next")
    expect(page.get_by_text("Week 2026-W39")).to_be_visible(timeout=TIMEOUT)
    assert page.js_errors == []


def test_logging_pain_with_a_red_flag_shows_its_guidance_at_once(private_app, page):
    live_app, dashboard_db = private_app
    page.goto(live_app + "/pain")
    expect(page.get_by_text("Log your back pain")).to_be_visible(timeout=TIMEOUT)
    _settle(page)
    page.get_by_text("Any of these warning signs?").click()
    page.get_by_label("Pain spreading below the knee").check()
    page.fill("#pain-score", "2")
    page.fill("#pain-note", "browser test entry")
    page.click("#pain-submit")
    expect(page.locator(".red-flag-box")).to_contain_text("Book an appointment with a GP or physiotherapist", timeout=TIMEOUT)
    expect(page.locator("#pain-message")).to_contain_text("Logged 2/10")
    page.screenshot(path=str(ARTIFACTS / "pain_logged.png"), full_page=True)
    with open_store(dashboard_db, read_only=True) as store:
        entry = next(e for e in reversed(store.pain_entries()) if e.note == "browser test entry")
    assert entry.red_flags == ("below-knee",) and entry.score == 2
    assert page.js_errors == []


def test_assigning_a_shoe_through_the_form(live_app, page, dashboard_db):
    with open_store(dashboard_db, read_only=True) as store:
        real = next(a for a in store.activities() if a.source_name == "6860622783.fit")
        assert real.shoe == "Novablast 4"  # the default shoe when it was imported
        before = store.shoe("Pegasus 38").distance_m
    page.goto(live_app + "/shoes")
    expect(page.get_by_text("Distance per pair")).to_be_visible(timeout=TIMEOUT)
    _settle(page)
    page.click("#shoe-assign-shoe")
    page.get_by_role("option", name="Pegasus 38").click()
    page.click("#shoe-assign-activities")
    page.locator("input.dash-dropdown-search").fill("6860622783")
    page.get_by_role("option", name=re.compile("6860622783")).click()
    page.click("#shoe-assign")
    expect(page.locator("#shoe-message")).to_contain_text("1 activity now run in Pegasus 38", timeout=TIMEOUT)
    with open_store(dashboard_db, read_only=True) as store:
        assert store.shoe("Pegasus 38").distance_m == pytest.approx(before + real.distance_m)
        assert store.activity(real.id).shoe == "Pegasus 38"
    expect(page.locator("#shoes-table")).to_contain_text(f"{(before + real.distance_m) / 1000:,.0f} km")
    page.screenshot(path=str(ARTIFACTS / "shoes_assigned.png"), full_page=True)
    assert page.js_errors == []


def test_uploading_a_file_imports_it_through_the_same_path(live_app, page):
    page.goto(live_app + "/import")
    expect(page.get_by_text("Drag and drop")).to_be_visible(timeout=TIMEOUT)
    page.set_input_files("#import-upload input[type=file]", [str(corpus_path("connectstats/activity_2477200414.fit")), str(EXAMPLES / "exports" / "2026-08-04_easy.tcx")])
    expect(page.locator("#import-summary")).to_contain_text("1 imported, 1 duplicates", timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "import_done.png"), full_page=True)
    assert page.js_errors == []


def test_trends_window_and_activity_drilldown(live_app, page):
    page.goto(live_app + "/trends")
    expect(page.locator("#trends-form-graph .main-svg").first).to_be_visible(timeout=TIMEOUT)
    page.get_by_label("26 weeks").check()
    _settle(page)
    expect(page.locator("#trends-load-graph")).to_contain_text("Weekly distance")
    page.goto(live_app + "/activity")
    expect(page.get_by_text("First against last third")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#activity-map")).to_contain_text("Route", timeout=TIMEOUT)  # the map draws after the page: slow on a loaded machine
    assert page.js_errors == []
