"""The clinic report (PDF and HTML): rendered by poppler, its text holds what a physio must see."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.demo import build_demo
from runsense.pain import make_entry
from runsense.settings import Settings
from runsense.store import open_store

PERIOD = ["--from", "2026-08-17", "--to", "2026-11-15"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("clinic") / "demo.sqlite"
    build_demo(db, settings=Settings())
    with open_store(db) as store:
        store.add_pain(make_entry(6, when=datetime(2026, 11, 3, 7, 30), timing="morning", red_flags=["leg-weakness"], now=datetime(2026, 11, 30)))
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "marker", "add", "2026-10-19", "started cadence <b>work</b>", "--kind", "cadence"]).exit_code == 0
    return db


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_pdf_renders_and_holds_period_red_flags_first_flags_guidance_and_disclaimer(demo_db, tmp_path):
    pdf, html = tmp_path / "clinic.pdf", tmp_path / "clinic.html"
    result = CliRunner().invoke(app, ["--db", str(demo_db), "report", *PERIOD, "--pdf", str(pdf), "--html", str(html)])
    assert result.exit_code == 0, result.output
    text = _text(pdf)
    assert "Period 17 Aug 2026 to 15 Nov 2026" in text
    assert text.index("Red flags reported in this period") < text.index("What changed")  # red flags first
    assert "Leg weakness" in text
    assert "Seek emergency care now" in text  # the whole red-flag screen, always
    assert "not a medical device" in text
    for code in ("SPIKE-MOD", "CAD-TREND-DOWN", "VO-UP"):
        assert code in text
    assert "References cited" in text
    assert "before and after the marker of 2026-10-19" in text
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines() if line.startswith("Pages:")))
    assert 1 <= pages <= 3
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 10_000
    # charts are vector graphics: no raster image in the PDF
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    assert len(images) == 2  # the header lines only
    page = html.read_text()
    assert "started cadence &lt;b&gt;work&lt;/b&gt;" in page  # the runner's text is text, never markup
    assert "<b>work</b>" not in page
    assert "@media print" in page
    assert page.count("<svg") == 3
    assert (pdf.stat().st_mode & 0o777) == 0o600


def test_the_cadence_chart_draws_the_band_and_the_marker(demo_db, tmp_path):
    html = tmp_path / "clinic.html"
    assert CliRunner().invoke(app, ["--db", str(demo_db), "report", *PERIOD, "--html", str(html)]).exit_code == 0
    cadence_svg = html.read_text().split("<svg")[1]
    assert "170–180 spm band" in cadence_svg
    assert "started cadence" in cadence_svg


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-11-15", "--to", "2026-08-17", "--pdf", "{dir}/a.pdf"], "ends (2026-08-17) before it starts"),
        (["--from", "2020-01-01", "--to", "2020-02-01", "--pdf", "{dir}/a.pdf"], "nothing to report"),
        ([*PERIOD, "--pdf", "{dir}/missing/a.pdf"], "does not exist"),
        ([*PERIOD], "needs somewhere to go"),
        (["--pdf", "{dir}/a.pdf"], "--from"),
        (["--from", "2999-01-01", "--pdf", "{dir}/a.pdf"], "future"),
        (["--from", "2026/08/17", "--pdf", "{dir}/a.pdf"], "--from must be a date written YYYY-MM-DD"),
        (["--from", "2026-08-17", "--to", "17.11.2026", "--pdf", "{dir}/a.pdf"], "--to must be a date written YYYY-MM-DD"),
        (["--week", "2026-W40", *PERIOD, "--pdf", "{dir}/a.pdf"], "--week is the weekly report's"),
    ],
)
def test_bad_report_requests_are_refused_and_write_nothing(demo_db, tmp_path, args, message):
    result = CliRunner().invoke(app, ["--db", str(demo_db), "report", *[a.format(dir=tmp_path) for a in args]])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert not (tmp_path / "a.pdf").exists()


def test_an_existing_file_is_not_overwritten_without_force(demo_db, tmp_path):
    pdf = tmp_path / "clinic.pdf"
    pdf.write_bytes(b"the physio's copy")
    result = CliRunner().invoke(app, ["--db", str(demo_db), "report", *PERIOD, "--pdf", str(pdf)])
    assert result.exit_code == 1
    assert "--force" in result.output
    assert pdf.read_bytes() == b"the physio's copy"


def test_poppler_is_there():
    assert shutil.which("pdftotext"), "poppler-utils is missing: .ci/run installs it"


def test_a_period_running_into_the_future_ends_today(demo_db, tmp_path):
    """Days still to come hold no runs: the report's period stops at today (its weekly figures are not diluted)."""
    pdf = tmp_path / "ahead.pdf"
    result = CliRunner().invoke(app, ["--db", str(demo_db), "report", "--from", "2026-08-17", "--to", "2999-12-31", "--pdf", str(pdf)])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"to {datetime.now():%d %b %Y}" in text
    assert "2999" not in text
