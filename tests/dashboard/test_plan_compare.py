"""The Plan & log and Compare pages in a real browser, on a copy of the dashboard store: the cadence
plan and its workout download, strength sessions, markers and the weekly check-in (with their
refusals), two periods compared, and the clinic report downloaded as a PDF."""

from __future__ import annotations

import shutil
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboards import create_app
from runsense.settings import Settings
from runsense.store import open_store
from tests.dashboard.conftest import ARTIFACTS

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def own_app(dashboard_db, tmp_path_factory):
    """A dashboard of its own: these tests write to the store."""
    db = tmp_path_factory.mktemp("plan") / "dashboard.sqlite"
    shutil.copy(dashboard_db, db)
    app = create_app(db, Settings())
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", db
    server.shutdown()
    thread.join(5)


def test_plan_and_log(own_app, page):
    url, db = own_app
    page.goto(url + "/plan")
    expect(page.get_by_text("Since 2026-W43")).to_be_visible(timeout=TIMEOUT)  # the demo's plan
    with page.expect_download(timeout=TIMEOUT) as download:
        page.click("#plan-workout")
    path = download.value.path()
    assert open(path, "rb").read()[8:12] == b".FIT"
    assert download.value.suggested_filename.startswith("cadence-")
    page.fill("#strength-minutes", "-3")
    page.click("#strength-submit")
    expect(page.locator("#strength-message")).to_contain_text("Not logged: a session's minutes must be at least 5", timeout=TIMEOUT)
    page.fill("#strength-minutes", "25")
    page.fill("#strength-note", "<b>bridges</b>")
    page.click("#strength-submit")
    expect(page.locator("#strength-message")).to_contain_text("Logged 25 min of core work", timeout=TIMEOUT)
    expect(page.locator("#strength-list")).to_contain_text("<b>bridges</b>", timeout=TIMEOUT)  # text, not markup
    page.click("#marker-submit")
    expect(page.locator("#marker-message")).to_contain_text("Not added: a marker needs a few words", timeout=TIMEOUT)
    page.fill("#marker-label", "physio visit")
    page.click("#marker-submit")
    expect(page.locator("#marker-list")).to_contain_text("physio visit", timeout=TIMEOUT)
    page.click("#checkin-submit")
    expect(page.locator("#checkin-message")).to_contain_text("Not saved: the participation question needs an answer", timeout=TIMEOUT)
    for question, answer in (("participation", 1), ("volume", 1), ("performance", 0), ("symptoms", 1)):
        page.locator(f"[id*='\"question\":\"{question}\"'] input").nth(answer).check()
    page.click("#checkin-submit")
    expect(page.locator("#checkin-message")).to_contain_text("/100, no substantial problem", timeout=TIMEOUT)
    page.screenshot(path=str(ARTIFACTS / "plan.png"), full_page=True)
    assert page.js_errors == []
    with open_store(db, read_only=True) as store:
        assert [m.label for m in store.markers()][-1] == "physio visit"
        assert [c.score for c in store.checkins()] == [22]


def _set_range(page, picker: str, start: str, end: str) -> None:
    """Type both dates of a date range (Dash 4 puts the id on the start input, ``-end-date`` on the end)."""
    for selector, value in ((picker, start), (f"{picker}-end-date", end)):
        page.fill(selector, value)
        page.press(selector, "Enter")
    page.keyboard.press("Escape")


def test_compare_and_clinic_report(own_app, page):
    url, _ = own_app
    page.goto(url + "/compare")
    expect(page.get_by_text("Compare two periods")).to_be_visible(timeout=TIMEOUT)
    # the demo's six weeks before its cadence work against the three after
    for picker, (start, end) in (("#compare-before", ("2026-09-07", "2026-10-18")), ("#compare-after", ("2026-10-19", "2026-11-08"))):
        _set_range(page, picker, start, end)
    page.click("#compare-submit")
    expect(page.locator("#compare-result")).to_contain_text("cadence (spm)", timeout=TIMEOUT)
    expect(page.locator("#compare-result")).to_contain_text("Pain: median")
    _set_range(page, "#report-range", "2026-08-17", "2026-11-15")
    with page.expect_download(timeout=60_000) as download:
        page.click("#report-pdf")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
    assert page.js_errors == []
