"""The drifts issue #13 found in the code, each pinned so that it cannot come back: the dashboard's
upload imports as the CLI does (limits, thresholds, alerts), one number formatter, reading settings
loads no file reader, and the benchmarks use public names only."""

from __future__ import annotations

import ast
import base64
import json
import subprocess
import sys

from dashboards import create_app, data
from dashboards.callbacks import import_page
from runsense.settings import load_settings
from runsense.store import open_store
from runsense.units import M_PER_MI
from tests.conftest import ROOT, corpus_path

RUN_FIT = corpus_path("sports-lib/6860622783.fit")  # a 10.6 km Garmin FR945 run


def _upload(path) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(path.read_bytes()).decode()


def test_a_dashboard_upload_raises_the_alerts_a_cli_import_does(tmp_path):
    """The upload used to import without refreshing alerts: a pair past its notice mark said nothing."""
    db = tmp_path / "db.sqlite"
    with open_store(db) as store:
        store.add_shoe("Pegasus", start_distance_m=299 * M_PER_MI, default_for="running")
    app = create_app(db, load_settings(tmp_path / "none.toml", env={}, flags=["units=mi"]))
    with app.server.app_context():
        result = str(import_page.import_uploads([_upload(RUN_FIT)], ["run.fit"]))
    assert "1 imported" in result
    assert "1 new alert: see the Alerts page." in result
    with open_store(db) as store:
        (alert,) = store.alerts()
    assert alert.kind == "shoe_mileage"
    assert "Pegasus has reached 306 mi" in alert.text("mi")


def test_a_dashboard_upload_uses_the_signal_thresholds(tmp_path):
    db = tmp_path / "db.sqlite"
    settings = load_settings(tmp_path / "none.toml", env={}, flags=["signal.cadence.band_spm=[100, 110]"])
    app = create_app(db, settings)
    with app.server.app_context():
        import_page.import_uploads([_upload(RUN_FIT)], ["run.fit"])
        with data.store() as s:
            share = s.activity_table("running", ["cadence_in_band_share"])["cadence_in_band_share"].iloc[0]
    assert share == 0.0  # nobody runs at 100–110 spm; at 170–180 this run has most of its time


def _functions_and_names(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    return names | {t.id for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets if isinstance(t, ast.Name)}


def test_numbers_are_written_by_display_alone():
    """``_fmt``, ``_f``, ``_num`` and two ``_finite`` once wrote numbers and NaN five ways."""
    helpers = {"_fmt", "_f", "_num", "_finite"}
    files = [*(ROOT / "runsense").rglob("*.py"), *(ROOT / "dashboards").rglob("*.py")]
    found = {(str(p.relative_to(ROOT)), name) for p in files for name in _functions_and_names(p) & helpers}
    assert found == set()


def test_reading_settings_loads_no_file_reader_nor_the_analysis_stack(tmp_path):
    """``settings.py`` imported ``sources.py``, which imported the parsers: the dashboard reached them through settings."""
    path = tmp_path / "settings.toml"
    path.write_text("[signal.cadence]\ntrend_drop_spm = 4\n[limits]\nmax_file_mb = 10\n")
    probe = (
        "import json, sys; from pathlib import Path; from runsense.settings import load_settings; "
        f"s = load_settings(Path({str(path)!r}), env={{}}); print(json.dumps([s.signal.cadence.trend_drop_spm, sorted(sys.modules)]))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60, check=True)
    value, modules = json.loads(done.stdout)
    assert value == 4.0
    assert not [m for m in modules if m.startswith(("runsense.parsers", "runsense.sources", "runsense.store", "numpy", "pandas", "scipy"))]


def test_benchmarks_import_no_private_name_of_runsense():
    private = []
    for path in (ROOT / "bench").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("runsense"):
                private += [(path.name, node.module, a.name) for a in node.names if a.name.startswith("_")]
                private += [(path.name, node.module, "") for part in (node.module or "").split(".") if part.startswith("_")]
    assert private == []
