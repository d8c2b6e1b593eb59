"""A live dashboard on 127.0.0.1 and a real headless Chromium (Debian's, driven by Playwright).

The store holds real device files from the corpus plus the example story (for flags, shoes and pain).
Screenshots of every page land in ``artifacts/`` for a person to look at.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from dashboards import create_app
from runsense.demo import build_demo
from runsense.ingest import import_paths
from runsense.settings import Settings
from runsense.store import open_store
from tests.conftest import ROOT, corpus_path

CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = ROOT / "artifacts"
REAL_RUNS = ["sports-lib/6860622783.fit", "GoldenCheetah/Fr955v19.28andStryd.fit", "connectstats/track_cs_544406.fit", "elevate/portland.fit"]


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("dash") / "dashboard.sqlite"
    build_demo(db, settings=Settings())
    with open_store(db) as store:
        report = import_paths(store, [corpus_path(p) for p in REAL_RUNS])
        assert len(report.imported) == len(REAL_RUNS)
    return db


def _serve(db: Path):
    """The dashboard of ``db`` on a free port of 127.0.0.1, in a thread: (server, thread, url)."""
    app = create_app(db, Settings())
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="session")
def live_app(dashboard_db):
    server, thread, url = _serve(dashboard_db)
    yield url
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def live_store(store_kit):
    """``live_store(name)``: the URL of a dashboard serving one of the four stores of ``tests.stores``
    (started the first time it is asked for, stopped at the end of the session)."""
    running: dict[str, tuple] = {}

    def url(name: str) -> str:
        if name not in running:
            running[name] = _serve(store_kit.path(name))
        return running[name][2]

    yield url
    for server, thread, _ in running.values():
        server.shutdown()
        thread.join(5)


@pytest.fixture
def private_app(tmp_path):
    """``(url, db)``: a dashboard on an empty store of its own, for tests that write (a red flag
    logged today in a shared store would hold back the suggestions other tests look for)."""
    db = tmp_path / "private.sqlite"
    with open_store(db):
        pass
    server, thread, url = _serve(db)
    yield url, db
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium (`.ci/run` does)")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.js_errors = []
    pg.on("pageerror", lambda e: pg.js_errors.append(str(e)))
    pg.on("console", lambda m: pg.js_errors.append(m.text) if m.type == "error" else None)
    pg.server_errors = []
    pg.on("response", lambda r: pg.server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    external: list[str] = []
    pg.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    pg.external_requests = external
    yield pg
    context.close()
