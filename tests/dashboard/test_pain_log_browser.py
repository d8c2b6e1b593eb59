"""The full pain log (spec §7.2) in a real browser: several locations, leg symptoms, morning
stiffness, sleep and interference logged; a bad value refused with nothing stored; an entry
edited and deleted (after a confirmation); notes shown."""

from __future__ import annotations

from playwright.sync_api import expect

from runsense.store import open_store
from tests.dashboard.conftest import ARTIFACTS

TIMEOUT = 20_000


def _entries(db):
    with open_store(db, read_only=True) as store:
        return store.pain_entries()


def _open(page, url):
    page.goto(url + "/pain")
    expect(page.get_by_text("Log your back pain")).to_be_visible(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    expect(page.locator("._dash-loading")).to_have_count(0, timeout=TIMEOUT)


def test_full_pain_log_edit_and_delete(private_app, page):
    url, db = private_app
    _open(page, url)
    page.click("#pain-location")
    page.get_by_role("option", name="below the knee, left").click()
    page.keyboard.press("Escape")
    expect(page.locator("#pain-screen")).to_have_attribute("open", "", timeout=TIMEOUT)  # below the knee brings the screen up
    expect(page.locator("#pain-screen-hint")).to_contain_text("warning signs")
    page.fill("#pain-score", "4")
    page.get_by_label("Weakness in a leg").check()
    page.fill("#pain-stiffness", "-5")
    page.get_by_label("The stiffness eases as I move").check()
    page.get_by_label("The pain disturbed my sleep").check()
    page.fill("#pain-interference", "6")
    page.fill("#pain-note", "sat through a long meeting")
    page.click("#pain-submit")
    expect(page.locator("#pain-message")).to_contain_text("Not logged: morning stiffness (minutes) must be a whole number from 0 to 1440, not '-5'", timeout=TIMEOUT)
    assert _entries(db) == []
    page.fill("#pain-stiffness", "45")
    page.fill("#pain-interference", "11")
    page.click("#pain-submit")
    expect(page.locator("#pain-message")).to_contain_text("activity interference must be a whole number from 0 to 10, not '11'", timeout=TIMEOUT)
    assert _entries(db) == []

    page.fill("#pain-interference", "6")
    page.click("#pain-submit")
    expect(page.locator(".red-flag-box")).to_contain_text("Book an appointment with a GP or physiotherapist", timeout=TIMEOUT)
    expect(page.locator(".red-flag-box")).to_contain_text("Leg weakness")
    expect(page.locator("#pain-message")).to_contain_text("Logged 4/10 (other, lower-back, below-knee-left")
    [entry] = _entries(db)
    assert entry.locations == ("lower-back", "below-knee-left")
    assert entry.location == "lower-back"
    assert (entry.leg_weakness, entry.leg_numbness, entry.morning_stiffness_min, entry.stiffness_eases) == (True, False, 45, True)
    assert (entry.sleep_disturbed, entry.activity_interference) == (True, 6)
    assert entry.red_flags == ("below-knee", "leg-weakness", "morning-stiffness")
    row = page.locator(f"tr[data-entry='{entry.id}']")
    expect(row).to_contain_text("sat through a long meeting", timeout=TIMEOUT)  # the note is shown
    expect(row).to_contain_text("stiff 45 min, eases with movement")
    page.screenshot(path=str(ARTIFACTS / "pain_full_log.png"), full_page=True)

    row.get_by_role("button", name="Edit").click()
    expect(page.locator("#pain-score")).to_have_value("4", timeout=TIMEOUT)
    expect(page.locator("#pain-stiffness")).to_have_value("45")
    expect(page.locator("#pain-submit")).to_have_text("Save changes")
    page.fill("#pain-score", "12")
    page.click("#pain-submit")
    expect(page.locator("#pain-message")).to_contain_text("Not saved: the pain score must be a whole number", timeout=TIMEOUT)
    assert _entries(db) == [entry]
    page.fill("#pain-score", "2")
    page.fill("#pain-stiffness", "")
    page.get_by_label("Weakness in a leg").uncheck()
    page.click("#pain-submit")
    expect(page.locator("#pain-message")).to_contain_text(f"Entry {entry.id} updated: 2/10", timeout=TIMEOUT)
    expect(page.locator("#pain-submit")).to_have_text("Log entry")
    [edited] = _entries(db)
    assert (edited.id, edited.score, edited.morning_stiffness_min, edited.leg_weakness) == (entry.id, 2, None, False)
    assert edited.red_flags == ("below-knee",)  # the flags of the fields taken away went with them
    assert edited.note == "sat through a long meeting"
    expect(row).not_to_contain_text("stiff 45 min", timeout=TIMEOUT)  # the table has been drawn again: click the new row's button

    row.get_by_role("button", name="Delete").click()
    expect(page.locator("#pain-confirm")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("#pain-confirm-text")).to_contain_text("2/10")
    page.click("#pain-confirm-no")
    expect(page.locator("#pain-confirm")).to_be_hidden(timeout=TIMEOUT)
    assert len(_entries(db)) == 1  # kept
    row.get_by_role("button", name="Delete").click()
    page.click("#pain-confirm-yes")
    expect(page.locator("#pain-message")).to_contain_text(f"Entry {entry.id} deleted", timeout=TIMEOUT)
    expect(page.locator(f"tr[data-entry='{entry.id}']")).to_have_count(0, timeout=TIMEOUT)
    assert _entries(db) == []
    assert page.js_errors == []
