"""In a real Chromium: the Activity page lists a watch strength session's sets, and the Compare page
says when a new running-dynamics sensor took over between the periods."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboards import create_app
from runsense.examples import run_fit_bytes
from runsense.examples.story import simulate, training_plan
from runsense.examples.strength import PlannedSet, strength_fit_bytes
from runsense.ingest import import_paths
from runsense.settings import Settings
from runsense.store import open_store
from tests.conftest import corpus_path
from tests.dashboard.conftest import ARTIFACTS
from tests.dashboard.test_plan_compare import _set_range

TIMEOUT = 20_000
SESSION = (PlannedSet("push_up", 40, 12, rest_s=60), PlannedSet("push_up", 40, 12, rest_s=60), PlannedSet("plank", 60, rest_s=30), PlannedSet("squat", 50, 10, 20.5))


@pytest.fixture
def strength_app(tmp_path):
    (tmp_path / "strength.fit").write_bytes(strength_fit_bytes(datetime(2026, 11, 2, 17, 0, tzinfo=UTC), SESSION))
    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        report = import_paths(store, [tmp_path / "strength.fit", corpus_path("sports-lib/6860622783.fit")])
        ids = {item["source"]: item["id"] for item in report.imported}
    server = make_server("127.0.0.1", 0, create_app(db, Settings()).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", ids
    server.shutdown()
    thread.join(5)


def test_the_activity_page_shows_the_sets_of_a_strength_session(strength_app, page):
    url, ids = strength_app
    page.goto(f"{url}/activity?id={ids['strength.fit']}")
    sets = page.locator("#activity-sets")
    expect(sets).to_be_visible(timeout=TIMEOUT)
    rows = [row.inner_text().split("\t") for row in sets.locator("tbody tr").all()]
    assert rows == [["1", "push up", "12", "—", "0:00:40"], ["2", "push up", "12", "—", "0:00:40"], ["3", "plank", "—", "—", "0:01:00"], ["4", "squat", "10", "20.5", "0:00:50"]]
    expect(page.locator("#activity-body")).to_contain_text("4 sets (push up ×2, plank ×1, squat ×1), 3.2 min of exercise; rests not counted")
    page.screenshot(path=str(ARTIFACTS / "activity-strength-sets.png"), full_page=True)
    page.goto(f"{url}/activity?id={ids['6860622783.fit']}")
    expect(page.get_by_text("First against last third")).to_be_visible(timeout=TIMEOUT)
    assert page.locator("#activity-sets").count() == 0  # a run has no sets
    assert page.js_errors == []


@pytest.fixture
def strap_app(tmp_path):
    """The example story with the HRM-Pro Plus swapped for an HRM-Run from week 40, on a live dashboard."""
    for i, run in enumerate(training_plan()):
        strap = {"strap_product": 1752} if run.local_start.strftime("%G-W%V") >= "2026-W40" else {}  # garmin_product 'hrm_run'
        (tmp_path / f"{run.name}.fit").write_bytes(run_fit_bytes(run, simulate(run, seed=1000 + i), **strap))
    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        import_paths(store, [tmp_path])
    server = make_server("127.0.0.1", 0, create_app(db, Settings()).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


def test_the_compare_page_says_vo_and_gct_are_compared_from_the_new_sensor(strap_app, page):
    page.goto(strap_app + "/compare")
    expect(page.get_by_text("Compare two periods")).to_be_visible(timeout=TIMEOUT)
    for picker, (start, end) in (("#compare-before", ("2026-09-07", "2026-09-27")), ("#compare-after", ("2026-09-28", "2026-10-18"))):
        _set_range(page, picker, start, end)
    page.click("#compare-submit")
    expect(page.locator("#compare-sensor")).to_have_text("New dynamics sensor from 2026-09-29 (chest strap: garmin hrm_run): VO and GCT compared from there.", timeout=TIMEOUT)
    result = page.locator("#compare-result").inner_text()
    assert "cadence (spm)" in result
    assert "vertical oscillation" not in result  # no VO before the new strap: not compared
    assert page.js_errors == []
