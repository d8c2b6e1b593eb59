"""The quick commands stay quick: what they import, checked in a fresh process (a structure, not a timing).

``runsense --version``, ``pain log`` and ``shoes list`` answer a runner at once; the analysis stack
(numpy, pandas, scipy) and the dashboard's (dash, plotly) take seconds to import, so none of these
may load them. The times themselves are measured by ``bench/cli_start.py``.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.cli._app import COMMANDS
from tests.conftest import EXAMPLES, ROOT

#: runs the command line with the given arguments, then writes the names of every module loaded
_PROBE = """
import json, runpy, sys
arguments, report = json.loads(sys.argv[1]), sys.argv[2]
sys.argv = ["runsense", *arguments]
try:
    runpy.run_module("runsense", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(report, "w") as handle:
    json.dump({"exit": code, "modules": sorted(sys.modules)}, handle)
"""

ANALYSIS_AND_DASHBOARD = ("numpy", "pandas", "scipy", "dash", "plotly")


def loaded_modules(tmp_path: Path, *arguments: str) -> set[str]:
    """Top-level names of the packages a fresh ``runsense ARGUMENTS`` process imported (this checkout's runsense)."""
    report = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(arguments), str(report)], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(report.read_text())
    assert result["exit"] in (0, None), (arguments, done.stdout, done.stderr)
    modules = set(result["modules"])
    assert "runsense.cli._app" in modules  # the probe did run runsense
    return {name.split(".")[0] for name in modules}


def heavy(modules: set[str]) -> set[str]:
    return modules & set(ANALYSIS_AND_DASHBOARD)


def test_version_loads_neither_the_analysis_stack_nor_rich_nor_the_store(tmp_path):
    modules = loaded_modules(tmp_path, "--version")
    assert heavy(modules) == set()
    assert {"rich", "sqlite3"} & modules == set()


@pytest.mark.parametrize("new_store", [True, False], ids=["new store", "existing store"])
def test_pain_log_does_not_load_the_analysis_stack(tmp_path, new_store):
    db = str(tmp_path / "pain.sqlite")
    if not new_store:
        assert CliRunner().invoke(app, ["--db", db, "pain", "log", "2", "--timing", "morning"]).exit_code == 0
    modules = loaded_modules(tmp_path, "--db", db, "pain", "log", "4", "--timing", "evening", "--red-flag", "saddle-numbness")
    assert heavy(modules) == set()
    entries = json.loads(CliRunner().invoke(app, ["--db", db, "pain", "list", "--json"]).stdout)
    assert entries[-1]["score"] == 4  # and the entry was stored
    assert entries[-1]["red_flags"] == ["saddle-numbness"]


def test_shoes_list_and_help_do_not_load_the_analysis_stack(tmp_path):
    db = str(tmp_path / "shoes.sqlite")
    assert CliRunner().invoke(app, ["--db", db, "shoes", "add", "Pegasus", "--start-distance", "120mi"]).exit_code == 0
    assert heavy(loaded_modules(tmp_path, "--db", db, "shoes", "list")) == set()
    assert heavy(loaded_modules(tmp_path, "--help")) == set()


def test_every_command_is_listed_and_builds():
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for name in COMMANDS:
        assert f" {name} " in result.stdout, name
        sub = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "200"})
        assert sub.exit_code == 0, (name, sub.output)
        assert "Usage:" in sub.stdout


def test_an_unknown_command_is_refused_with_a_suggestion(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "x.sqlite"), "shoes", "lst"])
    assert result.exit_code == 2
    assert "No such command 'lst'" in result.output
    assert "Did you mean 'list'?" in result.output


def test_import_in_a_terminal_shows_its_progress_bar_and_imports(tmp_path):
    """In a terminal, ``import`` draws a rich progress bar on the error console, which must be a
    real Console (a stand-in made for a quick ``--version`` once broke exactly this path)."""
    main, terminal = pty.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]), "COLUMNS": "120"}
    files = [str(p) for p in sorted(EXAMPLES.glob("*.fit"))[:2]]
    command = [sys.executable, "-m", "runsense", "--db", str(tmp_path / "tty.sqlite"), "import", *files]
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=terminal, env=env, timeout=300, check=False)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: all read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert b"internal error" not in shown, shown.decode(errors="replace")
    assert done.returncode == 0, shown.decode(errors="replace")
    assert "2 imported" in done.stdout.decode()
