"""Every page on every store of ``tests.stores`` (the demo story, the whole corpus, a real history,
an empty store) in real Chromium, and a sample of weeks on each: no HTTP 500, no console error, and
content or a clear empty state on screen. Then the Week page's red flags, ``?week=`` and pain notes.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from dashboards import views
from runsense.analysis import analyse
from runsense.store import open_store
from runsense.weeks import week_of
from tests.dashboard.conftest import ARTIFACTS
from tests.stores import STORE_NAMES

TIMEOUT = 30_000
TODAY = date.today()
CURRENT = week_of(TODAY)
#: path → a selector that shows the page's content or its empty state
PAGES = {
    "/": "#week-body h2",
    "/alerts": "#alerts-list h2",
    "/trends": "#trends-load-graph .main-svg",
    "/shoes": "#shoes-graph .main-svg",
    "/pain": "#pain-entries h3",
    "/plan": "h3:has-text('Cadence plan')",
    "/compare": "h3:has-text('Compare two periods')",
    "/activity": "#activity-body h3, .empty-state",
    "/import": "#import-upload",
}


def _open(page, url: str, selector: str) -> None:
    page.goto(url)
    expect(page.locator(selector).first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    expect(page.locator("._dash-loading")).to_have_count(0, timeout=TIMEOUT)


def _clean(page) -> None:
    assert page.server_errors == []
    assert page.js_errors == []
    assert page.external_requests == []
    assert len(page.locator("#page").inner_text().strip()) > 40  # never a blank page


@pytest.mark.parametrize("path", list(PAGES))
@pytest.mark.parametrize("name", STORE_NAMES)
def test_every_page_on_every_store(live_store, page, name, path):
    _open(page, live_store(name) + path, PAGES[path])
    expect(page.locator("#disclaimer")).to_contain_text("not a medical device")
    page.screenshot(path=str(ARTIFACTS / f"store_{name}{path.replace('/', '_') or '_week'}.png"), full_page=True)
    _clean(page)


def sample_weeks(store_kit, name: str) -> dict[str, str]:
    """The first week the picker offers, the current (last) one, a week without runs, and the week
    with only a red flag (the history's emergency)."""
    with open_store(store_kit.path(name), read_only=True) as store:
        analysis, entries = analyse(store), store.pain_entries()
    weeks = views.week_list(analysis, entries, TODAY)
    with_runs = set(analysis.weeks.loc[analysis.weeks["runs"] > 0, "week"]) if analysis.week_ids else set()
    sample = {"first": weeks[0], "last": weeks[-1], "no runs": next(w for w in reversed(weeks) if w not in with_runs)}
    if name == "history":
        sample["red flag only"] = store_kit.history_facts.red_flag_week
    return sample


@pytest.mark.parametrize("name", STORE_NAMES)
def test_a_sample_of_weeks_on_every_store(store_kit, live_store, page, name):
    for kind, week in sample_weeks(store_kit, name).items():
        page.js_errors.clear()
        _open(page, live_store(name) + f"/?week={week}", "#week-body h2")
        expect(page.locator("#week-body h2")).to_contain_text(f"Week {week}", timeout=TIMEOUT)
        expect(page.locator("#week-picker")).to_contain_text(week)
        page.screenshot(path=str(ARTIFACTS / f"store_{name}_week_{kind.replace(' ', '_')}.png"), full_page=True)
        _clean(page)


def test_week_opens_on_the_current_week_with_the_red_flag_first_whatever_week(store_kit, live_store, page):
    url = live_store("history")
    facts = store_kit.history_facts
    for week in ("", f"?week={facts.first_week}", f"?week={facts.last_run_week}"):
        _open(page, f"{url}/{week}", "#week-body h2")
        expect(page.locator("#week-body h2")).to_contain_text(f"Week {week[6:] or CURRENT}")
        red = page.locator("#week-attention .red-flag-box")
        expect(red).to_contain_text("cauda equina")
        expect(red).to_contain_text(facts.red_flag_day.isoformat())
        assert red.bounding_box()["y"] < page.locator("#week-picker").bounding_box()["y"]  # above everything else
        expect(page.locator("#week-attention .held")).to_contain_text("held back while a red flag is active")
        expect(page.locator("#kpi-band")).to_have_count(0)  # the 170–180 target is a training suggestion
        _clean(page)


def test_the_red_flag_week_without_runs_is_in_the_picker_and_shows_its_note(store_kit, live_store, page):
    facts = store_kit.history_facts
    _open(page, live_store("history") + "/", "#week-body h2")
    page.click("#week-picker")
    option = page.get_by_role("option", name=f"{facts.red_flag_week} ")
    expect(option).to_contain_text("red flag")
    option.click()
    expect(page.locator("#week-body h2")).to_contain_text(f"Week {facts.red_flag_week}", timeout=TIMEOUT)
    expect(page.locator("#week-pain")).to_contain_text("could not run: numb between the legs")
    expect(page.locator("#week-empty")).to_contain_text("No runs this week.")
    _clean(page)


@pytest.mark.parametrize(("asked", "words"), [
    ("2026-W99", "2026 has weeks W01 to W53"), ("garbage", "write it as YYYY-Www"), ("2999-W01", "is in the future"),
])  # fmt: skip
def test_a_bad_week_in_the_address_says_what_is_wrong_and_opens_this_week(live_store, page, asked, words):
    _open(page, live_store("demo") + f"/?week={asked}", "#week-body h2")
    expect(page.locator("#week-message")).to_contain_text(words)
    expect(page.locator("#week-body h2")).to_contain_text(f"Week {CURRENT}")
    _clean(page)


def test_alerts_page_lists_the_red_flag_first_then_open_alerts_and_links_earlier_red_flags(store_kit, live_store, page):
    facts = store_kit.history_facts
    _open(page, live_store("history") + "/alerts", "#alerts-list h2")
    first = page.locator("#alerts-list .attention > *").first
    expect(first).to_contain_text("cauda equina")
    expect(page.locator("#alerts-list .open-alerts")).to_contain_text("Novablast 4")
    page.get_by_role("link", name=f"week {week_of(facts.earlier_red_flag_day)}").click()
    expect(page.locator("#week-body h2")).to_contain_text(f"Week {week_of(facts.earlier_red_flag_day)}", timeout=TIMEOUT)
    expect(page.locator("#week-body .red-flag-box")).to_contain_text("Book an appointment")  # that week's own red flag, in its body
    _clean(page)


def test_the_plan_page_holds_the_cadence_target_back_while_a_red_flag_is_active(live_store, page):
    _open(page, live_store("history") + "/plan", "#plan-held")
    expect(page.locator("#plan-held")).to_contain_text("held back while a red flag is active")
    _clean(page)


def test_pain_page_shows_the_notes(live_store, page):
    _open(page, live_store("history") + "/pain", "#pain-entries h3")
    expect(page.locator("#pain-entries")).to_contain_text("could not run: numb between the legs")
    expect(page.locator("#pain-entries")).to_contain_text("tingling down the left calf")
    _clean(page)


def test_pain_form_refuses_what_is_not_a_score_and_never_leaves_a_stale_message(private_app, page):
    url, db = private_app
    _open(page, url + "/pain", "#pain-entries h3")
    page.fill("#pain-score", "3")
    page.fill("#pain-time", "")
    page.click("#pain-submit")
    expect(page.locator("#pain-message")).to_contain_text("Logged 3/10 (other, lower-back", timeout=TIMEOUT)  # empty time on today: now
    for typed, words in (("11", "not '11'"), ("-3", "not '-3'"), ("4.5", "not '4.5'"), ("", "the score is missing")):
        page.fill("#pain-score", typed)
        page.click("#pain-submit")
        expect(page.locator("#pain-message")).to_contain_text("Not logged: the pain score must be a whole number from 0 (no pain) to 10 (worst imaginable)", timeout=TIMEOUT)
        expect(page.locator("#pain-message")).to_contain_text(words)
    with open_store(db, read_only=True) as store:
        assert [e.score for e in store.pain_entries()] == [3]
    page.screenshot(path=str(ARTIFACTS / "pain_refused.png"), full_page=True)
    _clean(page)
