"""The clinic report fits one to three A4 pages for 12 weeks (issue #17) on the demo story and on the
120-run real history, keeping every part a physio needs; and it marks a new running-dynamics sensor
(spec §4.3) on the form chart and in the text, comparing VO and GCT only from there."""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.clinic import build_report, write_pdf
from runsense.clinic.html import render
from runsense.compare import Period, compare
from runsense.demo import build_demo
from runsense.examples import run_fit_bytes
from runsense.examples.story import simulate, training_plan
from runsense.ingest import import_paths
from runsense.ostrc import make_checkin
from runsense.pain import make_entry
from runsense.settings import Settings
from runsense.store import open_store
from runsense.weeks import week_of

_HRM_RUN = 1752  # garmin_product 'hrm_run'


def _pages(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _render(db, period: Period, tmp_path, today: date | None = None) -> tuple[int, str, str]:
    """(pages, PDF text, HTML) of the clinic report of ``period``."""
    with open_store(db, read_only=True) as store:
        report = build_report(store, period, today=today)
    pdf = tmp_path / f"clinic-{period.start}.pdf"
    write_pdf(report, pdf)
    return _pages(pdf), _text(pdf), render(report)


def _holds_every_part(text: str, page: str, period: Period) -> None:
    """What the issue asks of every clinic report, found in its PDF text and its page."""
    assert f"Period {period.start:%d %b %Y} to {period.end:%d %b %Y}" in text
    assert "What changed" in text
    assert page.count("<svg") == 3  # form, load and pain charts
    assert "170–180 spm band" in page.split("<svg")[1]  # the band on the form chart
    assert "Back pain (0–10)" in page  # chart titles are drawn, not text, in the PDF
    assert "OSTRC-O2" in text
    assert "Shoes" in text
    assert "Seek emergency care now" in text  # the whole red-flag screen, always
    assert "not a medical device" in text  # the disclaimer
    if "Red flags reported in this period" in text:
        assert text.index("Red flags reported in this period") < text.index("What changed")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo story with a red flag, an intervention marker and two weekly check-ins."""
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(db, settings=Settings())
    with open_store(db) as store:
        store.add_pain(make_entry(6, when=datetime(2026, 11, 3, 7, 30), timing="morning", red_flags=["leg-weakness"], now=datetime(2026, 11, 30)))
        for week, answers in (("2026-W40", (1, 1, 1, 2)), ("2026-W44", (0, 0, 1, 1))):
            store.add_checkin(make_checkin(week, *answers))
    return db


@pytest.mark.parametrize("weeks", [12, 13])
def test_the_demo_report_is_three_pages_at_most_and_keeps_every_part(demo, tmp_path, weeks):
    period = Period(date(2026, 11, 15) - timedelta(weeks=weeks, days=-1), date(2026, 11, 15))
    pages, text, page = _render(demo, period, tmp_path)
    assert pages <= 3  # four before the layout was tightened
    _holds_every_part(text, page, period)
    assert "95 % CI" in text  # the headline's changes with their CIs
    assert "Red flags reported in this period" in text
    assert "Leg weakness" in text
    for code in ("SPIKE-MOD", "CAD-TREND-DOWN", "VO-UP"):
        assert code in text
    assert "Evidence: SR systematic review or meta-analysis" in text  # the grades, spelt out once
    assert "References cited" in text
    assert "W40" in text  # the check-ins' week row


def test_the_real_history_reports_are_three_pages_at_most(store_kit, tmp_path):
    """The 120 real device runs: the last 12 weeks to the emergency red flag, and 12 weeks of running."""
    db = store_kit.path("history")
    facts = store_kit.history_facts
    with open_store(db, read_only=True) as store:
        last_run = max(date.fromisoformat(a.local_date) for a in store.activities("running"))
    for end in (facts.red_flag_day, last_run):
        period = Period(end - timedelta(weeks=12, days=-1), end)
        pages, text, page = _render(db, period, tmp_path)
        assert 1 <= pages <= 3, period
        _holds_every_part(text, page, period)
    assert week_of(facts.red_flag_day) == facts.red_flag_week


@pytest.fixture(scope="module")
def new_strap(tmp_path_factory):
    """The example story with the HRM-Pro Plus swapped for an HRM-Run from week 40 (2026-09-29 is its first run)."""
    folder = tmp_path_factory.mktemp("strap")
    for i, run in enumerate(training_plan()):
        strap = {"strap_product": _HRM_RUN} if run.local_start.strftime("%G-W%V") >= "2026-W40" else {}
        (folder / f"{run.name}.fit").write_bytes(run_fit_bytes(run, simulate(run, seed=1000 + i), **strap))
    with open_store(folder / "s.sqlite") as store:
        import_paths(store, [folder])
    return folder / "s.sqlite"


def test_the_report_marks_the_new_sensor_and_compares_vo_and_gct_from_there(new_strap, tmp_path):
    period = Period(date(2026, 8, 17), date(2026, 11, 8))
    pages, text, page = _render(new_strap, period, tmp_path)
    assert pages <= 3
    assert "New dynamics sensor from 2026-09-29 (chest strap: garmin hrm_run): VO and GCT compared from there." in " ".join(text.split())
    cadence_svg = page.split("<svg")[1]
    assert "new dynamics sensor" in cadence_svg  # the line on the form chart, in its legend
    assert "not compared: a new sensor measures it from 2026-09-29" in page  # the halves split at the change: no VO before it
    before = Period(date(2026, 8, 17), date(2026, 9, 27))
    assert "New dynamics sensor" not in _render(new_strap, before, tmp_path)[1]  # a period before the change has none


def test_compare_takes_vo_and_gct_from_the_new_sensor_only(new_strap):
    with open_store(new_strap, read_only=True) as store:
        across = compare(store, Period(date(2026, 9, 7), date(2026, 9, 27)), Period(date(2026, 9, 28), date(2026, 10, 18)))
        after = compare(store, Period(date(2026, 9, 28), date(2026, 10, 11)), Period(date(2026, 10, 12), date(2026, 10, 25)))
    changes = {c.metric: c for c in across.form_changes}
    assert across.sensor_change is not None
    assert across.sensor_change.first_day == "2026-09-29"
    for metric in ("vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "gct_balance_dev_pp"):
        assert changes[metric].change is None, metric  # the strap changed, not the form
    assert changes["cadence_spm"].change is not None  # cadence does not depend on the strap
    assert after.sensor_change is None
    assert {c.metric: c for c in after.form_changes}["vertical_oscillation_mm"].change is not None
    shown = CliRunner().invoke(app, ["--db", str(new_strap), "compare", "--before", "2026-09-07..2026-09-27", "--after", "2026-09-28..2026-10-18"])
    assert "new dynamics sensor from 2026-09-29 (chest strap: garmin hrm_run): VO and GCT compared from there" in " ".join(shown.output.split())
