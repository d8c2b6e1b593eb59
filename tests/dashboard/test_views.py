"""Dashboard views and callbacks as plain functions (no browser), against a real store."""

from __future__ import annotations

import base64
import re
from datetime import date

import pytest

from dashboards import create_app, data, ids, views
from dashboards.callbacks import import_page, shell, trends, week
from runsense.settings import Settings
from tests.conftest import corpus_path


@pytest.fixture(scope="module")
def app(dashboard_db):
    return create_app(dashboard_db, Settings())


def test_week_options_newest_first_reach_today_and_stepping(app):
    today = date(2026, 11, 30)
    with app.server.app_context(), data.store() as s:
        analysis = data.analysis(s)
        options = views.week_options(analysis, s.pain_entries(), today)
        weeks = views.week_list(analysis, s.pain_entries(), today)
    assert options[0]["value"] == "2026-W49" and "this week" in options[0]["label"]  # the story ends in W45: the picker still reaches today
    assert options[1]["label"].startswith("2026-W48 (23 Nov 2026) · 0 km")
    assert views.step_week(weeks, "2026-W49", 1) == "2026-W49"  # clamped at the newest
    assert views.step_week(weeks, "2026-W45", -2) == "2026-W43"


def test_analysis_is_cached_per_data_version(app, dashboard_db):
    with app.server.app_context(), data.store() as s:
        first = data.analysis(s)
        assert data.analysis(s) is first


def test_week_callback_renders_flags_and_kpis(app):
    with app.server.app_context():
        children = week.render_week("2026-W41")
    text = str(children)
    assert "CAD-TREND-DOWN" in text and "kpi-distance" in text


def test_trends_callback_returns_four_figures(app):
    with app.server.app_context():
        figs = trends.render_trends(None, None)
    assert len(figs) == 6  # four figures, the sensor changes named and the period's message
    assert figs[5] is None
    assert figs[0].layout.title.text == "Cadence at your reference pace"
    assert figs[3].layout.annotations[0].text == "Strength and core sessions (2–3 a week)"


def test_unknown_path_is_a_not_found_page(app):
    with app.server.app_context():
        assert "Page not found" in str(shell.render_page("/nope", ""))


def test_upload_never_uses_a_path_from_the_browser(app, tmp_path):
    content = "data:application/octet-stream;base64," + base64.b64encode(corpus_path("connectstats/activity_234979239.fit").read_bytes()).decode()
    with app.server.app_context():
        result = import_page.import_uploads([content, "data:x;base64,!!!"], ["../../../etc/evil.fit", "broken.fit"])
    text = str(result)
    assert "evil.fit" in text and "../" not in text


def test_a_password_protected_dashboard_refuses_requests_without_it(dashboard_db):
    from werkzeug.security import generate_password_hash

    app = create_app(dashboard_db, Settings(), password_hash=generate_password_hash("correct horse"))
    client = app.server.test_client()
    assert client.get("/").status_code == 401
    wrong = base64.b64encode(b"runner:wrong").decode()
    assert client.get("/", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
    right = base64.b64encode(b"runner:correct horse").decode()
    assert client.get("/", headers={"Authorization": f"Basic {right}"}).status_code == 200


def test_remote_binding_needs_an_explicit_flag(tmp_path):
    from typer.testing import CliRunner

    from runsense.cli import app as cli

    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.sqlite"), "dashboard", "--host", "0.0.0.0", "--no-browser"], env={"RUNSENSE_SETTINGS": str(tmp_path / "none.toml")})
    assert result.exit_code == 1 and "health data" in result.output


def test_while_a_newer_analysis_computes_pages_show_the_last_one(tmp_path, monkeypatch):
    import time

    from runsense.ingest import import_paths
    from runsense.store import open_store
    from tests.conftest import EXAMPLES

    files = sorted(EXAMPLES.glob("*.fit"))
    db = tmp_path / "store.sqlite"
    with open_store(db) as writer:
        import_paths(writer, files[:-1])
    app = create_app(db, Settings())
    with app.server.app_context():
        with data.store() as s:
            before = data.analysis(s)
        slow = data.analyse

        def slow_analyse(store, config=None):
            time.sleep(1.5)
            return slow(store, config)

        monkeypatch.setattr(data, "analyse", slow_analyse)
        monkeypatch.setattr(data, "STALE_WAIT_S", 0.2)
        with open_store(db) as writer:
            import_paths(writer, files[-1:])  # an import commits: the analysis is out of date
        started = time.perf_counter()
        with data.store() as s:
            shown = data.rendered(s, "runs", (), lambda: len(data.analysis(s).runs))
            assert time.perf_counter() - started < 1.0  # did not wait for the slow analysis
            assert shown == len(before.runs)  # the last analysis, one run short
            data._running[str(db)][0].result()  # the newer one finishes in the background
            assert len(data.analysis(s).runs) == len(before.runs) + 1
            assert data.rendered(s, "runs", (), lambda: len(data.analysis(s).runs)) == len(before.runs) + 1


def test_other_writes_renew_rendered_pages_and_imports_count_apart(tmp_path):
    from runsense.ingest import import_paths
    from runsense.store import open_store
    from tests.conftest import EXAMPLES

    db = tmp_path / "store.sqlite"
    with open_store(db) as writer:
        import_paths(writer, sorted(EXAMPLES.glob("*.fit"))[:1])
        others = writer.writes_besides_imports()
        import_paths(writer, sorted(EXAMPLES.glob("*.fit"))[1:2])
        assert writer.writes_besides_imports() == others  # an import is not one of the other writes
        writer.add_shoe("Pegasus")
        assert writer.writes_besides_imports() == others + 1
    app = create_app(db, Settings())
    builds = []
    with app.server.app_context(), data.store() as s:
        data.rendered(s, "page", (), lambda: builds.append(1))
        data.rendered(s, "page", (), lambda: builds.append(1))
        assert len(builds) == 1
        with open_store(db) as writer:
            writer.add_shoe("Other")
        data.rendered(s, "page", (), lambda: builds.append(1))
        assert len(builds) == 2  # another write: built again


def test_runs_without_distance_do_not_break_the_hover_text(store_kit):
    """pandas 3 keeps NaN through ``.astype(str)``: one running file without a distance (the corpus's
    python-fitparse/antfs-dump.63.fit) made Week and Trends answer HTTP 500."""
    from runsense.analysis import analyse
    from runsense.store import open_store

    with open_store(store_kit.path("corpus"), read_only=True) as s:
        analysis = analyse(s)
    assert analysis.runs["distance_m"].isna().any()
    hover = views.runs_by_week(analysis)
    assert all(isinstance(text, str) for text in hover.values())
    assert any("no distance" in text for text in hover.values())


def test_the_week_a_page_opens_on():
    today = date(2026, 11, 30)
    weeks = ["2026-W40", "2026-W41", "2026-W49", "2027-W02"]  # a run dated 2027 by a watch with a wrong clock
    assert views.open_week(None, weeks, today) == ("2026-W49", None)  # never the future run's week
    assert views.open_week("2027-w02", weeks, today) == ("2027-W02", None)  # but it can be looked at
    assert views.open_week("2026-W41", weeks, today) == ("2026-W41", None)
    for asked, words in (("2026-W99", "2026 has weeks W01 to W53"), ("garbage", "YYYY-Www"), ("2026-W52", "in the future"), ("2020-W01", "records start")):
        week, message = views.open_week(asked, weeks, today)
        assert week == ("2026-W40" if asked == "2020-W01" else "2026-W49")
        assert words in message


def test_the_strength_flag_names_the_page_that_logs_sessions(app):
    """It sent the runner to the Week page, which has no form for them."""
    from dashboards.pages import PAGES
    from runsense.signal.strength import strength_flags

    flag = strength_flags({"2026-W40": 0, "2026-W41": 0}, ["2026-W40", "2026-W41"])[0]
    page = next(label for label, _ in PAGES.values() if f"on the {label} page" in flag.text("km"))
    path = next(p for p, (label, _) in PAGES.items() if label == page)
    with app.server.app_context():
        assert ids.STRENGTH_SUBMIT in str(PAGES[path][1].layout({}))


def test_a_compared_change_that_rounds_to_nothing_says_so(app):
    """The demo's step length 'fell 0.00', a CI 'from -0.0 to +0.0'."""
    from dashboards.callbacks import compare

    with app.server.app_context():
        text = str(compare.run_compare(1, "2026-09-07", "2026-10-18", "2026-10-19", "2026-11-30"))
    assert "clear change" in text or "within the noise" in text
    assert "did not change" in text
    assert not re.search(r"(fell|rose) 0\.0+ ", text)
    assert not re.search(r"-0\.0+\b", text)


def test_compared_periods_with_a_red_flag_say_so_first(store_kit):
    """The history's emergency showed only as 'Flags after: … RF-EMERG ×1', after the form table and the load."""
    from datetime import timedelta

    from dashboards.callbacks import compare

    history = create_app(store_kit.path("history"), Settings())  # built first: its facts come with it
    day = store_kit.history_facts.red_flag_day
    with history.server.app_context():
        result = compare.run_compare(1, str(day - timedelta(days=120)), str(day - timedelta(days=61)), str(day - timedelta(days=60)), str(day))
    first = result.children[0]
    assert getattr(first, "id", None) == ids.COMPARE_RED_FLAGS and first.className == "red-flag-box"
    assert "RF-EMERG ×1 after" in str(first.children)
    assert "RF-" not in str(result.children[1:])  # said once, on top
