"""The Trends page shows the reference pace weekly form is compared at, and resets it on request."""

from __future__ import annotations

from playwright.sync_api import expect

from runsense.store import open_store

TIMEOUT = 20_000


def test_trends_shows_the_reference_pace_and_resets_it_to_take_older_runs_in(live_app, page, dashboard_db):
    """The dashboard store is the demo (which froze the reference at import) plus real runs from years before it."""
    with open_store(dashboard_db, read_only=True) as store:
        stored = store.reference_pace()
    assert stored is not None
    try:
        page.goto(live_app + "/trends")
        reference = page.locator("#trends-reference")
        expect(reference).to_contain_text(f"from your running of {stored.first_day} to {stored.last_day}", timeout=TIMEOUT)
        expect(reference).to_contain_text(f"Runs from before {stored.first_day} were imported after your reference pace")
        page.click("#trends-reference-reset")
        expect(reference).to_contain_text("Reset. Reference pace:", timeout=TIMEOUT)
        with open_store(dashboard_db, read_only=True) as store:
            reset = store.reference_pace()
        assert reset.first_day < stored.first_day  # the older runs' first 28 days now
        expect(reference).to_contain_text(f"from your running of {reset.first_day} to {reset.last_day}")
        expect(reference).not_to_contain_text("Runs from before")
        expect(page.locator("#trends-form-graph .main-svg").first).to_be_visible(timeout=TIMEOUT)
        assert page.js_errors == []
    finally:
        with open_store(dashboard_db) as store:  # the other dashboard tests share this store
            store.set_reference_pace(stored)
