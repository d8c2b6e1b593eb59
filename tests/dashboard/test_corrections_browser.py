"""Correcting activities in a real browser, on a store of real files with miles set: the Activity
page's sport, surface and delete controls, the Shoes form refusing a bike ride, and every figure in miles."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboards import create_app
from runsense.ingest import import_paths
from runsense.settings import Settings
from runsense.store import open_store
from tests.conftest import corpus_path
from tests.dashboard.conftest import ARTIFACTS

TIMEOUT = 20_000
RUN = "sports-lib/6860622783.fit"  # a 10.63 km (6.61 mi) run
RIDE = "fitparse-rs/hrv-activity.fit"
UNTYPED = "TestFilesForFitnessApps/run_03_garmin.gpx"


@pytest.fixture
def miles_app(tmp_path):
    """A store of three real files, a default running shoe, and a live dashboard set to miles."""
    db = tmp_path / "miles.sqlite"
    with open_store(db) as store:
        store.add_shoe("Pegasus", default_for="running")
        report = import_paths(store, [corpus_path(p) for p in (RUN, RIDE, UNTYPED)])
        ids = {item["source"]: item["id"] for item in report.imported}
    app = create_app(db, Settings(units="mi"))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", db, ids
    server.shutdown()
    thread.join(5)


def _open_activity(page, url: str, activity_id: str) -> None:
    page.goto(f"{url}/activity?id={activity_id}")
    expect(page.get_by_text("First against last third")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")


def test_the_activity_page_speaks_miles(miles_app, page):
    url, _, ids = miles_app
    _open_activity(page, url, ids["6860622783.fit"])
    body = page.locator("#activity-body")
    expect(body).to_contain_text("6.61 mi")
    expect(body).to_contain_text("/mi")
    expect(body).to_contain_text("Splits per mi")
    assert "/km" not in body.inner_text()
    assert page.js_errors == []


def test_changing_the_sport_on_the_activity_page_moves_the_shoe_mileage(miles_app, page):
    url, db, ids = miles_app
    run_id = ids["6860622783.fit"]
    _open_activity(page, url, run_id)
    page.click("#activity-sport")
    page.get_by_role("option", name="cycling", exact=True).click()
    page.click("#activity-set-sport")
    expect(page.locator("#activity-message")).to_contain_text("Now cycling (was running)", timeout=TIMEOUT)
    expect(page.locator("#activity-message")).to_contain_text("Pegasus was taken off")
    with open_store(db, read_only=True) as store:
        assert store.activity(run_id).sport == "cycling"
        assert store.shoe("Pegasus").activities == 1  # the inferred GPX run keeps it
    page.screenshot(path=str(ARTIFACTS / "activity_sport_changed.png"), full_page=True)
    assert page.js_errors == []


def test_changing_the_surface_on_the_activity_page_stores_the_runners_word(miles_app, page):
    url, db, ids = miles_app
    run_id = ids["6860622783.fit"]  # no GPS: taken as treadmill
    _open_activity(page, url, run_id)
    expect(page.locator("#activity-body")).to_contain_text("treadmill")
    page.click("#activity-surface")
    page.get_by_role("option", name="track", exact=True).click()
    page.click("#activity-set-surface")
    expect(page.locator("#activity-message")).to_contain_text("Run on: track (was treadmill)", timeout=TIMEOUT)
    expect(page.locator("#activity-body")).to_contain_text("you said so", timeout=TIMEOUT)
    with open_store(db, read_only=True) as store:
        row = store.activity(run_id)
        assert (row.surface, row.surface_source) == ("track", "runner")
    assert page.js_errors == []


def test_deleting_on_the_activity_page_asks_then_deletes(miles_app, page):
    url, db, ids = miles_app
    run_id = ids["6860622783.fit"]
    _open_activity(page, url, run_id)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete activity").click()
    expect(page.locator("#activity-message")).to_contain_text("Deleted the running of 2020-02-02", timeout=TIMEOUT)
    with open_store(db, read_only=True) as store:
        assert run_id not in {a.id for a in store.activities()}
        assert store.shoe("Pegasus").activities == 1
    expect(page.locator("#activity-picker")).not_to_contain_text("6860622783")
    assert page.js_errors == []


def test_the_shoes_form_refuses_a_bike_ride(miles_app, page):
    url, db, _ = miles_app
    page.goto(url + "/shoes")
    expect(page.get_by_text("Distance per pair")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    page.click("#shoe-assign-shoe")
    page.get_by_role("option", name="Pegasus").click()
    page.click("#shoe-assign-activities")
    page.locator("input.dash-dropdown-search").fill("hrv-activity")
    page.get_by_role("option", name=re.compile("hrv-activity")).click()
    page.click("#shoe-assign")
    expect(page.locator("#shoe-message")).to_contain_text("cycling: a running shoe only goes on runs, walks and hikes", timeout=TIMEOUT)
    with open_store(db, read_only=True) as store:
        assert store.shoe("Pegasus").activities == 2
    assert page.js_errors == []
