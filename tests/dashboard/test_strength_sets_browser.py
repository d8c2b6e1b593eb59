"""The Activity page lists a watch strength session's sets, in a real Chromium."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboards import create_app
from runsense.examples.strength import PlannedSet, strength_fit_bytes
from runsense.ingest import import_paths
from runsense.settings import Settings
from runsense.store import open_store
from tests.conftest import corpus_path
from tests.dashboard.conftest import ARTIFACTS

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
