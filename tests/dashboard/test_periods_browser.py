"""Periods on every analysis page, in real Chromium: a period in the address or picked on the page
shows only its weeks (Week, Shoes, Pain, Activity, Alerts, Trends); a bad one says why; the
navigation carries it; Back and Forward redraw the period of the address. And what the physio's
view promised: a marker added on the Plan page seen on the Trends charts, the clinic report
downloaded as a PDF that holds its period, an alert acknowledged on the Alerts page."""

from __future__ import annotations

import shutil
import subprocess
import threading
from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboards import create_app
from runsense.analysis import analyse
from runsense.settings import Settings
from runsense.shoes import format_distance
from runsense.store import open_store
from runsense.weeks import monday_of, week_of
from tests.dashboard.conftest import ARTIFACTS

TIMEOUT = 30_000
#: three weeks in the middle of the demo story (runs, pain entries and flags in each)
START, END = "2026-W40", "2026-W42"
FIRST_DAY, LAST_DAY = monday_of(START).isoformat(), (monday_of(END) + timedelta(days=6)).isoformat()
PERIOD_PAGES = ["/", "/trends", "/shoes", "/pain", "/activity", "/alerts"]


@pytest.fixture(scope="module")
def own_app(dashboard_db, tmp_path_factory):
    """``(url, db)``: a dashboard on a copy of the dashboard store, for the tests that write."""
    db = tmp_path_factory.mktemp("periods") / "dashboard.sqlite"
    shutil.copy(dashboard_db, db)
    server = make_server("127.0.0.1", 0, create_app(db, Settings()).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", db
    server.shutdown()
    thread.join(5)


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    expect(page.locator("._dash-loading")).to_have_count(0, timeout=TIMEOUT)
    expect(page.locator("#page > *").first).to_be_visible(timeout=TIMEOUT)


def _period_of(url: str) -> tuple[str | None, str | None]:
    query = parse_qs(urlparse(url).query)
    return (query.get("from") or [None])[0], (query.get("to") or [None])[0]


def _dropdown_options(page, selector: str) -> list[str]:
    """The labels a Dash 4 dropdown offers (it draws them only while open)."""
    page.click(selector)
    options = page.locator(".dash-dropdown-option")
    expect(options.first).to_be_visible(timeout=TIMEOUT)
    labels = options.all_inner_texts()
    page.keyboard.press("Escape")
    return labels


def _expect_trend_weeks(page, expected: list[str]) -> None:
    """Wait until the Trends load chart's bars are exactly the weeks ``expected``."""
    page.wait_for_function("""(expected) => { const g = document.querySelector('#trends-load-graph .js-plotly-plot');
        return g && g.data && JSON.stringify(Array.from(g.data[0].x)) === JSON.stringify(expected); }""", arg=expected, timeout=TIMEOUT)


def test_the_week_page_offers_the_weeks_of_the_period_and_opens_on_its_last(live_app, page):
    _open(page, live_app + f"/?from={START}&to={END}")
    expect(page.locator("#week-body h2")).to_contain_text(f"Week {END}", timeout=TIMEOUT)
    assert [label[:8] for label in _dropdown_options(page, "#week-picker")] == ["2026-W42", "2026-W41", "2026-W40"]
    page.click("#week-next")  # the period's last week: next stays
    page.click("#week-prev")
    expect(page.locator("#week-body h2")).to_contain_text("Week 2026-W41", timeout=TIMEOUT)
    page.click("#week-prev")
    page.click("#week-prev")  # clamped at the period's first week
    expect(page.locator("#week-body h2")).to_contain_text(f"Week {START}", timeout=TIMEOUT)
    assert page.js_errors == []


def test_shoes_show_the_distance_and_runs_of_the_period_besides_lifetime(live_app, page, dashboard_db):
    with open_store(dashboard_db, read_only=True) as store:
        runs = [a for a in store.activities() if a.shoe and FIRST_DAY <= a.local_date <= LAST_DAY]
        lifetime = {s.name: s for s in store.shoes()}
    assert runs, "the demo runs in its shoes in these weeks"
    _open(page, live_app + f"/shoes?from={START}&to={END}")
    shoe = runs[0].shoe
    row = page.locator("#shoes-table tr", has_text=shoe)
    in_period_m = sum(a.distance_m or 0 for a in runs if a.shoe == shoe)
    expect(row).to_contain_text(format_distance(in_period_m, "km"), timeout=TIMEOUT)
    headers = page.locator("#shoes-table th").all_inner_texts()
    cells = row.locator("td").all_inner_texts()
    assert cells[headers.index("in period runs")] == str(sum(a.shoe == shoe for a in runs))
    assert cells[headers.index("distance")] == format_distance(lifetime[shoe].distance_m, "km")  # lifetime stays
    names = page.evaluate("() => document.querySelector('#shoes-graph .js-plotly-plot').data.map(t => t.name)")
    assert "in the period" in names
    _open(page, live_app + "/shoes")  # no period: lifetime only
    expect(page.locator("#shoes-table th", has_text="distance").first).to_be_visible(timeout=TIMEOUT)
    assert "in period runs" not in page.locator("#shoes-table th").all_inner_texts()
    assert page.js_errors == []


def test_the_pain_page_lists_and_draws_only_the_entries_of_the_period(live_app, page, dashboard_db):
    with open_store(dashboard_db, read_only=True) as store:
        inside = [e for e in store.pain_entries() if FIRST_DAY <= e.local_date <= LAST_DAY]
    _open(page, live_app + f"/pain?from={START}&to={END}")
    expect(page.locator("#pain-entries h3")).to_contain_text(f"of {len(inside)}, {START} to {END}", timeout=TIMEOUT)
    days = [text[:10] for text in page.locator("#pain-entries-table tbody tr td:first-child").all_inner_texts()]
    assert days
    assert all(FIRST_DAY <= d <= LAST_DAY for d in days), days
    xs = page.evaluate("() => document.querySelector('#pain-history-graph .js-plotly-plot').data.flatMap(t => Array.from(t.x))")
    assert len(xs) == len(inside)
    assert all(FIRST_DAY <= x[:10] <= LAST_DAY for x in xs), xs
    page.get_by_role("radio", name="4 weeks").check()  # the last 4 weeks to today: the story has no pain logged there
    expect(page.locator("#period-empty")).to_contain_text("No pain entries from", timeout=TIMEOUT)
    today = date.today()
    expect(page).to_have_url(f"{live_app}/pain?from={week_of(today - timedelta(weeks=3))}&to={week_of(today)}", timeout=TIMEOUT)
    assert page.js_errors == []


def test_the_activity_page_offers_the_runs_of_the_period(live_app, page, dashboard_db):
    with open_store(dashboard_db, read_only=True) as store:
        inside = [a for a in store.activities() if FIRST_DAY <= a.local_date <= LAST_DAY]
    _open(page, live_app + f"/activity?from={START}&to={END}")
    expect(page.locator("#activity-body h2")).to_be_visible(timeout=TIMEOUT)
    labels = _dropdown_options(page, "#activity-picker")
    assert len(labels) == len(inside)
    assert all(FIRST_DAY <= label[:10] <= LAST_DAY for label in labels), labels
    _open(page, live_app + "/activity?from=2010-W01&to=2010-W05")  # no run in that period: said, nothing breaks
    expect(page.locator("#period-empty")).to_contain_text("No activity in this period", timeout=TIMEOUT)
    assert page.js_errors == []


def test_the_alerts_page_filters_alerts_by_the_week_they_are_about(live_app, page, dashboard_db):
    from dashboards.views import alert_day

    with open_store(dashboard_db, read_only=True) as store:
        open_alerts = store.alerts()
    about = {a.id: alert_day(a) for a in open_alerts}
    week_45 = [i for i, day in about.items() if "2026-11-02" <= day <= "2026-11-08"]
    assert week_45, "the demo's pain alert is about 2026-W45"
    _open(page, live_app + "/alerts?from=2026-W45&to=2026-W45")
    shown = page.locator("#alerts-body .open-alerts > li")
    expect(shown).to_have_count(len(week_45), timeout=TIMEOUT)
    assert sorted(int(x) for x in [shown.nth(i).get_attribute("data-alert") for i in range(shown.count())]) == sorted(week_45)
    _open(page, live_app + f"/alerts?from={START}&to={END}")
    expect(page.locator("#period-empty")).to_contain_text(f"No open alerts from {START} to {END}", timeout=TIMEOUT)
    _open(page, live_app + "/alerts")  # no period: every open alert
    expect(page.locator("#alerts-body .open-alerts > li")).to_have_count(len(open_alerts), timeout=TIMEOUT)
    assert page.js_errors == []


@pytest.mark.parametrize("path", PERIOD_PAGES)
def test_a_period_that_ends_before_it_starts_says_so_on_every_page(live_app, page, path):
    _open(page, live_app + f"{path}?from={END}&to={START}")
    expect(page.locator("#period-message")).to_contain_text(f"ends ({START}) before it starts ({END})", timeout=TIMEOUT)
    expect(page.locator("#nav-week")).to_be_visible()
    assert page.js_errors == []
    assert page.server_errors == []


def test_the_navigation_carries_the_period_from_page_to_page(live_app, page):
    _open(page, live_app + f"/trends?from={START}&to={END}")
    for nav, path in (("#nav-shoes", "/shoes"), ("#nav-pain", "/pain"), ("#nav-alerts", "/alerts"), ("#nav-activity", "/activity"), ("#nav-week", "/")):
        page.click(nav)
        expect(page).to_have_url(f"{live_app}{path}?from={START}&to={END}", timeout=TIMEOUT)
        expect(page.locator("#period-from")).to_contain_text(START, timeout=TIMEOUT)
    page.click("#nav-plan")  # a page without periods keeps it in its links all the same
    expect(page.locator("#nav-trends")).to_have_attribute("href", f"/trends?from={START}&to={END}", timeout=TIMEOUT)
    assert page.js_errors == []


def test_back_and_forward_redraw_the_period_of_the_address(live_app, page, dashboard_db):
    """The bug: with a period in the URL, Back changed the address but not the charts."""
    with open_store(dashboard_db, read_only=True) as store:
        weeks = list(analyse(store).weeks["week"])
    first = [w for w in weeks if "2026-W30" <= w <= "2026-W35"]
    _open(page, live_app + "/trends?from=2026-W30&to=2026-W35")
    _expect_trend_weeks(page, first)
    page.get_by_role("radio", name="4 weeks").check()
    expect(page).to_have_url(f"{live_app}/trends?from={weeks[-4]}&to={weeks[-1]}", timeout=TIMEOUT)
    _expect_trend_weeks(page, weeks[-4:])
    page.go_back()
    expect(page).to_have_url(f"{live_app}/trends?from=2026-W30&to=2026-W35", timeout=TIMEOUT)
    _expect_trend_weeks(page, first)
    expect(page.locator("#period-from")).to_contain_text("2026-W30")
    page.go_forward()
    _expect_trend_weeks(page, weeks[-4:])
    _open(page, live_app + f"/pain?from={START}&to={END}")  # the same on another page
    expect(page.locator("#pain-entries h3")).to_contain_text(f"{START} to {END}", timeout=TIMEOUT)
    page.get_by_role("radio", name="all").check()
    expect(page.locator("#pain-entries h3")).not_to_contain_text(f"{START} to {END}", timeout=TIMEOUT)
    page.go_back()
    expect(page.locator("#pain-entries h3")).to_contain_text(f"{START} to {END}", timeout=TIMEOUT)
    assert page.js_errors == []


def _figure(page, graph: str, what: str):
    return page.evaluate(f"() => document.querySelector('#{graph} .js-plotly-plot').layout.{what} || []")


def test_a_marker_added_on_the_plan_page_is_seen_on_the_trends_charts(own_app, page):
    url, db = own_app
    _open(page, url + "/plan")
    page.fill("#marker-date", "2026-10-07")
    page.press("#marker-date", "Enter")
    page.keyboard.press("Escape")
    page.fill("#marker-label", "started hill repeats")
    page.click("#marker-submit")
    expect(page.locator("#marker-list")).to_contain_text("started hill repeats", timeout=TIMEOUT)
    with open_store(db, read_only=True) as store:
        assert ("2026-10-07", "started hill repeats") in [(m.local_date, m.label) for m in store.markers()]
    _open(page, url + "/trends?from=2026-W38&to=2026-W44")
    for graph in ("trends-form-graph", "trends-load-graph"):
        page.wait_for_function(f"""() => {{ const g = document.querySelector('#{graph} .js-plotly-plot');
            return g && g.layout && (g.layout.annotations || []).some(a => a.text === 'started hill repeats'); }}""", timeout=TIMEOUT)
        assert any(s.get("x0") == "2026-W41" and s.get("type") == "line" for s in _figure(page, graph, "shapes")), graph
    assert page.js_errors == []


def test_the_clinic_report_downloaded_from_the_compare_page_is_a_pdf_of_its_period(own_app, page, tmp_path):
    url, _ = own_app
    _open(page, url + "/compare")
    for selector, value in (("#report-range", "2026-08-17"), ("#report-range-end-date", "2026-11-15")):
        page.fill(selector, value)
        page.press(selector, "Enter")
    page.keyboard.press("Escape")
    with page.expect_download(timeout=120_000) as download:
        page.click("#report-pdf")
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Period 17 Aug 2026 to 15 Nov 2026" in " ".join(text.split())
    assert download.value.suggested_filename == "runsense-clinic-report-2026-08-17-2026-11-15.pdf"


def test_an_alert_is_acknowledged_on_the_alerts_page_and_stays_in_the_history(own_app, page):
    url, db = own_app
    _open(page, url + "/alerts")
    first = page.locator("#alerts-body .open-alerts > li").first
    expect(first).to_be_visible(timeout=TIMEOUT)
    alert_id = int(first.get_attribute("data-alert"))
    before = page.locator("#alerts-body .open-alerts > li").count()
    first.get_by_role("button", name="Acknowledge").click()
    expect(page.locator("#alerts-message")).to_contain_text(f"Alert {alert_id} acknowledged", timeout=TIMEOUT)
    expect(page.locator("#alerts-body .open-alerts > li")).to_have_count(before - 1, timeout=TIMEOUT)
    expect(page.locator(f"#alerts-body .acknowledged li[data-alert='{alert_id}']")).to_have_count(1)
    expect(page.locator(f"#alerts-body .acknowledged li[data-alert='{alert_id}'] button")).to_have_count(0)  # nothing left to press
    with open_store(db, read_only=True) as store:
        acknowledged = {a.id: a.acknowledged_at for a in store.alerts(include_acknowledged=True)}
    assert acknowledged[alert_id] is not None
    assert date.fromisoformat(acknowledged[alert_id][:10]) >= date.today() - timedelta(days=1)
    page.screenshot(path=str(ARTIFACTS / "alerts-acknowledged.png"), full_page=True)
    assert page.js_errors == []


@pytest.mark.parametrize(("path", "query", "words"), [
    ("/", "from=2030-W01&to=2030-W05", "No weeks of your history from 2030-W01 to 2030-W05"),
    ("/shoes", "from=2010-W01&to=2010-W05", "No runs in any pair from 2010-W01 to 2010-W05"),
    ("/pain", "from=2010-W01&to=2010-W05", "No pain entries from 2010-W01 to 2010-W05"),
    ("/alerts", "from=2026-W99", "Showing your whole history instead: '2026-W99' is not a week"),
    ("/activity", "to=%3Cscript%3Ealert(1)%3C/script%3E", "'<script>alert(1)</script>' is not a week"),
    ("/trends", "from=2026-W40&to=2026-W30", "ends (2026-W30) before it starts (2026-W40)"),
])  # fmt: skip
def test_a_period_with_nothing_in_it_or_no_period_at_all_says_so(live_app, page, path, query, words):
    _open(page, f"{live_app}{path}?{query}")
    expect(page.locator("#period-message, #period-empty").filter(has_text=words)).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("#nav-week")).to_be_visible()
    assert page.js_errors == []
    assert page.server_errors == []


def test_marker_labels_do_not_stretch_a_phones_week_axis_past_the_last_week(live_app, browser):
    """Plotly widens an axis to hold every annotation: a marker label reading to the right of a
    late marker left a third of the phone's Trends chart empty (range up to 19.3 for 12 weeks)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _open(page, live_app + "/trends?from=2026-W34&to=2026-W45")
    for graph in ("trends-form-graph", "trends-load-graph"):
        page.wait_for_function(f"() => {{ const g = document.querySelector('#{graph} .js-plotly-plot'); return g && g._fullLayout && g.data.length; }}",
                               timeout=TIMEOUT)  # fmt: skip
        low, high = page.evaluate(f"() => document.querySelector('#{graph} .js-plotly-plot')._fullLayout.xaxis.range")
        assert (low, high) > (-1.5, 0), graph
        assert high < 12, (graph, low, high)  # 12 weeks: categories 0..11, a little padding
        labels = page.evaluate(f"() => document.querySelector('#{graph} .js-plotly-plot').layout.annotations.map(a => a.text)")
        assert "started cadence work" in labels
    names = page.evaluate("() => document.querySelector('#trends-form-graph .js-plotly-plot').data.map(t => t.name)")
    assert "170–180 spm band" in names  # in the legend: on the chart the markers' labels printed over it
    assert "170–180 spm band" not in page.evaluate("() => document.querySelector('#trends-form-graph .js-plotly-plot').layout.annotations.map(a => a.text)")
    context.close()


def _pick(page, picker: str, week: str) -> None:
    """Choose a week in one of the period's dropdowns, as a person does (open, type, click)."""
    page.click(picker)
    page.locator("input.dash-dropdown-search").fill(week)
    page.get_by_role("option", name=week, exact=True).click()


@pytest.mark.parametrize(("path", "shown"), [
    ("/", lambda page: [label[:8] for label in _dropdown_options(page, "#week-picker")] == ["2026-W42", "2026-W41", "2026-W40"]),
    ("/shoes", lambda page: "in period runs" in page.locator("#shoes-table th").all_inner_texts()),
    ("/pain", lambda page: f"{START} to {END}" in page.locator("#pain-entries h3").inner_text()),
    ("/activity", lambda page: all(FIRST_DAY <= label[:10] <= LAST_DAY for label in _dropdown_options(page, "#activity-picker"))),
    ("/alerts", lambda page: page.locator("#period-empty").inner_text().startswith(f"No open alerts from {START} to {END}")),
])  # fmt: skip
def test_a_period_picked_on_the_page_goes_into_the_address_and_narrows_what_it_shows(live_app, page, path, shown):
    _open(page, live_app + path)
    if path == "/":
        page.locator(".period-box summary").click()  # the Week page keeps its period control folded away
    _pick(page, "#period-from", START)
    expect(page).to_have_url(f"{live_app}{path}?from={START}", timeout=TIMEOUT)
    _pick(page, "#period-to", END)
    expect(page).to_have_url(f"{live_app}{path}?from={START}&to={END}", timeout=TIMEOUT)
    expect(page.locator("#nav-trends")).to_have_attribute("href", f"/trends?from={START}&to={END}", timeout=TIMEOUT)  # and on to the next page
    for _ in range(60):  # the page redraws after the address changed: give it up to 15 s
        if shown(page):
            break
        page.wait_for_timeout(250)
    else:
        pytest.fail(f"{path} did not narrow to {START}–{END}")
    assert page.js_errors == []


def test_back_after_choosing_a_period_brings_back_the_week_of_the_address(live_app, page):
    """The bug: /?week=…, then a period, then Back: the address said the week again, but the
    picker (and the page) stayed on the period's last week."""
    heading, picker = page.locator("#week-body h2"), page.locator("#week-picker")
    _open(page, live_app + "/?week=2026-W38")
    expect(heading).to_contain_text("Week 2026-W38", timeout=TIMEOUT)
    page.locator(".period-box summary").click()
    page.get_by_role("radio", name="4 weeks").check()
    current = week_of(date.today())
    expect(page).to_have_url(f"{live_app}/?week=2026-W38&from={week_of(date.today() - timedelta(weeks=3))}&to={current}", timeout=TIMEOUT)
    expect(heading).to_contain_text(f"Week {current}", timeout=TIMEOUT)  # the week asked for is not in the period: its last week
    page.go_back()
    expect(page).to_have_url(f"{live_app}/?week=2026-W38", timeout=TIMEOUT)
    expect(picker).to_contain_text("2026-W38", timeout=TIMEOUT)
    expect(heading).to_contain_text("Week 2026-W38", timeout=TIMEOUT)
    page.go_forward()
    expect(picker).to_contain_text(current, timeout=TIMEOUT)
    expect(heading).to_contain_text(f"Week {current}", timeout=TIMEOUT)
    assert page.js_errors == []


def test_a_period_picked_after_moving_week_by_week_keeps_the_week_shown(live_app, page):
    """Not the week of the address: the runner moved on from it before choosing the period."""
    heading = page.locator("#week-body h2")
    _open(page, live_app + "/?week=2026-W38")
    expect(heading).to_contain_text("Week 2026-W38", timeout=TIMEOUT)
    page.click("#week-next")
    expect(heading).to_contain_text("Week 2026-W39", timeout=TIMEOUT)
    page.locator(".period-box summary").click()
    _pick(page, "#period-from", "2026-W30")
    expect(page).to_have_url(f"{live_app}/?week=2026-W38&from=2026-W30", timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    expect(page.locator("#week-picker")).to_contain_text("2026-W39", timeout=TIMEOUT)
    expect(heading).to_contain_text("Week 2026-W39", timeout=TIMEOUT)
    assert page.js_errors == []


def test_back_after_choosing_a_period_brings_back_the_activity_of_the_address(live_app, page, dashboard_db):
    with open_store(dashboard_db, read_only=True) as store:
        outside = next(a for a in store.activities() if a.local_date < FIRST_DAY)
    picker = page.locator("#activity-picker")
    _open(page, live_app + f"/activity?id={outside.id}")
    expect(picker).to_contain_text(outside.local_date, timeout=TIMEOUT)
    _pick(page, "#period-from", START)
    _pick(page, "#period-to", END)
    expect(page).to_have_url(f"{live_app}/activity?id={outside.id}&from={START}&to={END}", timeout=TIMEOUT)
    expect(picker).not_to_contain_text(outside.local_date, timeout=TIMEOUT)  # not in the period: its newest run
    page.go_back()
    page.go_back()
    expect(page).to_have_url(f"{live_app}/activity?id={outside.id}", timeout=TIMEOUT)
    expect(picker).to_contain_text(outside.local_date, timeout=TIMEOUT)
    assert page.js_errors == []
