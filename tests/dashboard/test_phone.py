"""Every page on a phone (390 × 844) and a desktop (1400 × 900) in real Chromium: nothing wider than
the screen, navigation reachable; the glossary and reference links; a flag that links its run; a
period chosen on Trends shows exactly those weeks and stays in the URL."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from dashboards.pages import PAGES
from runsense.analysis import analyse, weekly_report
from runsense.store import open_store
from tests.dashboard.conftest import ARTIFACTS
from tests.stores import STORE_NAMES

TIMEOUT = 30_000
SIZES = {"phone": (390, 844), "desktop": (1400, 900)}


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    expect(page.locator("._dash-loading")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#page > *").first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")


def _too_wide(page) -> list[str]:
    """The elements that stick out past the right edge of the window (empty when the page fits)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap'))
        .slice(0, 5).map(e => `${e.tagName}#${e.id}.${typeof e.className === 'string' ? e.className : ''}`)""")


@pytest.fixture
def sized_page(browser, request):
    """A page whose window is ``request.param`` (a key of ``SIZES``)."""
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.js_errors = []
    pg.on("pageerror", lambda e: pg.js_errors.append(str(e)))
    pg.width = width
    yield pg
    context.close()


@pytest.mark.parametrize("sized_page", list(SIZES), indirect=True)
def test_every_page_fits_the_screen_on_the_demo(live_app, sized_page):
    page, size = sized_page, "phone" if sized_page.width == 390 else "desktop"
    for path in PAGES:
        _open(page, live_app + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.width, (path, width, _too_wide(page))
        for label, _ in PAGES.values():  # every page of the navigation on screen, not off to the right
            box = page.locator(f"#nav-{label.lower()}").bounding_box()
            assert box is not None, (path, label)
            assert box["x"] + box["width"] <= page.width, (path, label, box)
        name = "week" if path == "/" else path.strip("/")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
    assert page.js_errors == []


@pytest.mark.parametrize("name", [n for n in STORE_NAMES if n != "demo"])
@pytest.mark.parametrize("sized_page", ["phone"], indirect=True)
def test_every_page_fits_a_phone_on_every_store(live_store, sized_page, name):
    page = sized_page
    for path in PAGES:
        _open(page, live_store(name) + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (name, path, width, _too_wide(page))
    assert page.js_errors == []


def test_a_term_links_to_its_glossary_entry_and_a_citation_to_its_reference(live_app, page):
    _open(page, live_app + "/?week=2026-W41")
    page.locator("#kpi-acwr .help").click()
    entry = page.locator("dt#acwr")
    expect(entry).to_contain_text("ACWR", timeout=TIMEOUT)
    assert urlparse(page.url).path == "/glossary"
    assert urlparse(page.url).fragment == "acwr"
    expect(entry).to_be_in_viewport()  # scrolled to the entry, not left at the top of the page
    expect(page.locator("dt#acwr + dd")).to_contain_text("information only")
    _open(page, live_app + "/?week=2026-W41")
    number = page.locator(".flag-meta a[href^='/references#ref-']").first
    cited = number.inner_text()
    number.click()
    expect(page.locator(f"li#ref-{cited}")).to_be_in_viewport(timeout=TIMEOUT)
    assert page.js_errors == []


def test_the_references_page_lists_every_numbered_reference(live_app, page):
    from runsense.references import REFERENCES

    _open(page, live_app + "/references")
    items = page.locator("#references li")
    expect(items).to_have_count(len(REFERENCES))
    expect(page.locator("li#ref-27")).to_contain_text("Frandsen")


def test_a_flag_about_one_run_names_and_links_it(live_app, page, dashboard_db):
    with open_store(dashboard_db, read_only=True) as store:
        analysis, entries = analyse(store), store.pain_entries()
        runs = analysis.runs.set_index("id")
        shown = next((week, f) for week in analysis.weeks["week"].iloc[::-1]
                     for f in weekly_report(analysis, week, pain_entries=entries).to_dict()["flags"] if f["code"].startswith("FAT-"))  # fmt: skip
    week, flag = shown
    _open(page, live_app + f"/?week={week}")
    link = page.locator(f".flag[data-code='{flag['code']}'] .flag-run a").first
    expect(link).to_contain_text(runs.loc[flag["activity_id"], "local_date"])
    expect(page.locator(f".flag[data-code='{flag['code']}'] .flag-message").first).not_to_contain_text("by -")
    link.click()
    expect(page.locator("#activity-picker")).to_contain_text(runs.loc[flag["activity_id"], "local_date"], timeout=TIMEOUT)
    assert parse_qs(urlparse(page.url).query)["id"] == [flag["activity_id"]]


def _expect_weeks(page, expected: list[str]) -> None:
    """Wait until the load chart's bars are exactly the weeks ``expected``."""
    page.wait_for_function("""(expected) => { const g = document.querySelector('#trends-load-graph .js-plotly-plot');
        return g && g.data && JSON.stringify(Array.from(g.data[0].x)) === JSON.stringify(expected); }""", arg=expected, timeout=TIMEOUT)


def test_a_period_chosen_on_trends_shows_those_weeks_and_stays_in_the_url(live_app, page, dashboard_db):
    with open_store(dashboard_db, read_only=True) as store:
        weeks = list(analyse(store).weeks["week"])
    start, end = "2026-W30", "2026-W35"
    _open(page, live_app + f"/trends?from={start}&to={end}")
    expect(page.locator("#trends-load-graph .main-svg").first).to_be_visible(timeout=TIMEOUT)
    _expect_weeks(page, [w for w in weeks if start <= w <= end])
    page.click("#period-from")  # an older start, picked in the browser
    page.locator("input.dash-dropdown-search").fill("2026-W27")
    page.get_by_role("option", name="2026-W27").click()
    expect(page).to_have_url(f"{live_app}/trends?from=2026-W27&to={end}", timeout=TIMEOUT)
    _expect_weeks(page, [w for w in weeks if "2026-W27" <= w <= end])
    page.get_by_label("4 weeks").check()  # the quick choices still work, and go into the URL too
    expect(page).to_have_url(f"{live_app}/trends?from={weeks[-4]}&to={weeks[-1]}", timeout=TIMEOUT)
    _expect_weeks(page, weeks[-4:])
    assert page.js_errors == []


@pytest.mark.parametrize(("query", "words"), [
    ("from=2026-W40&to=2026-W30", "ends (2026-W30) before it starts (2026-W40)"),
    ("from=2010-W01&to=2010-W10", "No runs from 2010-W01 to 2010-W10"),
    ("from=garbage", "Showing the last 12 weeks instead: 'garbage' is not a week"),
])  # fmt: skip
def test_a_period_that_cannot_be_shown_says_why(live_app, page, query, words):
    _open(page, live_app + f"/trends?{query}")
    expect(page.locator("#page .notice")).to_contain_text(words, timeout=TIMEOUT)
    assert page.js_errors == []
