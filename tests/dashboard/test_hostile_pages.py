"""Hostile pages and files against the dashboard in a real Chromium: a DNS-rebinding page that
tries to read the pain history and log an entry, a shoe name that tries to become a link, and an
upload over the size limit (refused in the browser, never sent)."""

from __future__ import annotations

import json
import threading
from dataclasses import replace

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from dashboards import create_app
from runsense.settings import Settings
from runsense.sources import Limits
from runsense.store import open_store
from tests.conftest import EXAMPLES
from tests.dashboard.conftest import ARGS, ARTIFACTS, CHROMIUM

TIMEOUT = 20_000
LINK = '<a href="http://evil.test/steal">Stolen</a>'
#: the upload limit of this module's dashboard: the smallest example file fits, the largest does not
LIMIT_BYTES = 100 * 1024
#: Chromium alone also blocks a public page's requests to this computer (Local Network Access);
#: Firefox and Safari do not, so the dashboard must refuse them itself: the test turns that off
NO_LOCAL_NETWORK_CHECKS = "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights"
ATTACK = """<!doctype html><title>cute cats</title><script>
window.results = (async () => {
  const out = [];
  const bodies = %s;
  for (const [name, init] of [["page", {}], ["history", {method: "POST", headers: {"Content-Type": "application/json"}, body: bodies.history}],
                              ["log", {method: "POST", headers: {"Content-Type": "application/json"}, body: bodies.log}]]) {
    const path = name === "page" ? "/pain" : "/_dash-update-component";
    try { const r = await fetch(path, init); out.push({name, status: r.status, text: await r.text()}); }
    catch (e) { out.push({name, status: 0, text: String(e)}); }
  }
  return out;
})();
</script>"""


@pytest.fixture(scope="module")
def hostile_db(dashboard_db, tmp_path_factory):
    """A copy of the dashboard store (pain entries included) with a shoe named like a link."""
    db = tmp_path_factory.mktemp("hostile") / "store.sqlite"
    with open_store(dashboard_db, read_only=True) as source:
        source.backup(db)
    with open_store(db) as s:
        s.add_shoe(LINK)
    return db


@pytest.fixture(scope="module")
def hostile_app(hostile_db):
    app = create_app(hostile_db, replace(Settings(), limits=Limits(max_upload_bytes=LIMIT_BYTES)))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_port
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def rebinding_browser(browser):
    """Chromium in which evil.test resolves to 127.0.0.1, as after a DNS rebinding."""
    instance = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=[*ARGS, "--host-resolver-rules=MAP evil.test 127.0.0.1", NO_LOCAL_NETWORK_CHECKS])
    yield instance
    instance.close()


def _pain_count(db) -> int:
    with open_store(db, read_only=True) as s:
        return len(s.pain_entries())


def test_a_rebinding_page_can_neither_read_the_pain_history_nor_log_an_entry(rebinding_browser, hostile_app, hostile_db):
    context = rebinding_browser.new_context()
    page = context.new_page()
    bodies: dict[str, str] = {}

    def keep(request):
        body = request.post_data or ""
        if "pain-history-graph" in body:
            bodies["history"] = body
        elif "pain-submit" in body:
            bodies["log"] = body

    page.on("request", keep)
    # 1. The runner uses the dashboard: the page's own requests (the ones the attacker will replay) work.
    page.goto(f"http://127.0.0.1:{hostile_app}/pain")
    expect(page.locator("#pain-history-graph .main-svg").first).to_be_visible(timeout=TIMEOUT)
    page.fill("#pain-score", "2")  # the score is typed: there is no default score
    page.fill("#pain-note", "the runner's own entry")
    page.click("#pain-submit")
    expect(page.locator("#pain-message")).to_contain_text("Logged", timeout=TIMEOUT)
    assert set(bodies) == {"history", "log"}
    count = _pain_count(hostile_db)

    # 2. A page from evil.test (its server first; then evil.test resolves to 127.0.0.1) replays them.
    attack_url = f"http://evil.test:{hostile_app}/cats.html"
    page.route(attack_url, lambda route: route.fulfill(status=200, content_type="text/html", body=ATTACK % json.dumps(bodies)))
    page.goto(attack_url)
    results = page.evaluate("window.results")
    context.close()

    assert [r["name"] for r in results] == ["page", "history", "log"]
    for result in results:
        assert result["status"] == 421, result  # the dashboard answered (the host rules work), and refused
        assert "does not answer to the host 'evil.test'" in result["text"]
        assert "the runner's own entry" not in result["text"] and "lower-back" not in result["text"]
    assert _pain_count(hostile_db) == count  # nothing was logged


def test_a_shoe_named_like_a_link_is_text_on_the_shoes_chart(browser, hostile_app):
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{hostile_app}/shoes")
    graph = page.locator("#shoes-graph")
    expect(graph.locator(".ytick text").first).to_be_visible(timeout=TIMEOUT)
    expect(graph.locator(".ytick text", has_text=LINK)).to_have_count(1)  # the characters, as typed
    assert graph.locator("a").count() == 0  # and no link
    graph.screenshot(path=str(ARTIFACTS / "shoes_link_name.png"))
    page.close()


def test_an_upload_over_the_limit_is_refused_in_the_browser_and_never_sent(browser, hostile_app, hostile_db):
    files = sorted(EXAMPLES.glob("*.fit"), key=lambda p: p.stat().st_size)
    small, big = files[0], files[-1]
    assert small.stat().st_size < LIMIT_BYTES < big.stat().st_size
    page = browser.new_page()
    sent: list[int] = []
    page.on("request", lambda r: sent.append(len(r.post_data or "")) if "_dash-update-component" in r.url and "import-accepted" in (r.post_data or "") else None)
    page.goto(f"http://127.0.0.1:{hostile_app}/import")
    expect(page.get_by_text("Up to 0.1 MB at a time")).to_be_visible(timeout=TIMEOUT)
    page.set_input_files("#import-upload input[type=file]", [str(big)])
    expect(page.locator("#import-summary")).to_contain_text("Nothing was imported", timeout=TIMEOUT)
    expect(page.locator("#import-summary")).to_contain_text("max_upload_mb")
    assert sent == []  # the file never left the browser
    page.set_input_files("#import-upload input[type=file]", [str(small)])  # within the limit: imported as ever
    expect(page.locator("#import-summary")).to_contain_text("0 imported, 1 duplicates", timeout=TIMEOUT)
    assert len(sent) == 1
    page.close()


def test_with_a_password_the_runner_uses_every_page_and_a_wrong_one_is_locked_out(browser, hostile_db):
    """Remote access end to end: basic auth, the host and origin checks and the lockout together."""
    from werkzeug.security import generate_password_hash

    app = create_app(hostile_db, Settings(), password_hash=generate_password_hash("correct horse battery"), host="0.0.0.0")
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        context = browser.new_context(http_credentials={"username": "runner", "password": "correct horse battery"})
        page = context.new_page()
        page.goto(base + "/pain")
        expect(page.locator("#pain-history-graph .main-svg").first).to_be_visible(timeout=TIMEOUT)  # its POSTs passed every check
        context.close()
        wrong = browser.new_context(http_credentials={"username": "runner", "password": "guess"})
        page = wrong.new_page()
        statuses = [page.goto(base + "/").status for _ in range(7)]
        wrong.close()
        assert statuses[0] == 401 and statuses[-1] == 429
    finally:
        server.shutdown()
