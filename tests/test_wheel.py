"""Shipping: the wheel a release builds runs the demo once installed, far from any checkout.

The wheel is built from a copy of the sources (as ``python -m build`` would, without network:
no build isolation), installed with ``pip --no-deps`` into a fresh virtual environment in a
temporary folder, and its ``runsense demo --no-serve`` must build the demo store. The new
environment borrows this one's installed dependencies (numpy, pandas…) through a ``.pth`` line
after its own site-packages, so runsense itself can only come from the wheel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from runsense.store import open_store
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow

SOURCES = ("pyproject.toml", "README.md", "runsense", "dashboards")


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, **kwargs)
    assert done.returncode == 0, f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """runsense's wheel, built from a copy of the sources (the checkout is never written to)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, src / name)
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(work / "dist"), str(src)])
    (path,) = (work / "dist").glob("runsense-*.whl")
    return path


def test_the_wheel_holds_the_packages_and_the_dashboard_assets_but_no_tests(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "runsense/cli/_app.py" in names
    assert "runsense/examples/story.py" in names  # the demo writes its files from the story
    assert "dashboards/assets/style.css" in names  # served locally by the dashboard
    assert not [n for n in names if n.startswith(("tests/", "bench/", "example_fit_files/"))]


def test_installed_wheel_runs_the_demo_outside_the_checkout(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", "--no-index", str(wheel)])
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    (site / "zz-borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")  # after runsense's own site-packages

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "RUNSENSE_DB", "RUNSENSE_SETTINGS")} | {"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
    where = run([str(python), "-c", "import runsense; print(runsense.__file__)"], cwd=tmp_path, env=env).stdout.strip()
    assert Path(where).is_relative_to(site), f"runsense came from {where}, not the installed wheel"

    demo_db = tmp_path / "demo.sqlite"
    done = run([str(env_dir / "bin" / "runsense"), "--db", str(tmp_path / "own.sqlite"), "demo", "--no-serve", "--demo-db", str(demo_db)], cwd=tmp_path, env=env)
    n_runs = len(list(EXAMPLES.glob("*.fit")))
    assert f"{n_runs} runs imported (2 duplicate copies recognised)" in " ".join(done.stdout.split())  # as rich wraps it
    with open_store(demo_db, read_only=True) as store:
        assert len(store.activities()) == n_runs
        assert {s.name for s in store.shoes()} == {s["name"] for s in json.loads((EXAMPLES / "shoes.json").read_text())}
        assert len(store.pain_entries()) > 0
    assert not (tmp_path / "own.sqlite").exists()  # the demo never touches the runner's store
