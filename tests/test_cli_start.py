"""The quick commands stay quick: what they import, checked in a fresh process (a structure, not a timing).

``runsense --version``, ``pain log`` and ``shoes list`` answer a runner at once; the analysis stack
(numpy, pandas, scipy) and the dashboard's (dash, plotly) take seconds to import, so none of these
may load them. Nearer the bone: a plain ``pain log`` answers without Rich's console, the store
opens without the modules of the rows it does not read, and a group builds only the subcommand
that runs. The times themselves are measured by ``bench/cli_start.py``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
import typer
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from runsense.cli import app
from runsense.cli._app import _TYPER_OPTIONS, COMMANDS, _build_command, _target
from runsense.cli._text import _styled, say, say_table
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
#: what opening a store for a pain entry or the shoe list needs none of: the modules of other rows,
#: the sample codec, restoring, the protocol, Rich's console for a line of text, and (nothing being
#: set) the table of every setting and the analysis thresholds
NOT_FOR_A_QUICK_COMMAND = (
    "runsense.model", "runsense.plan", "runsense.journal", "runsense.ostrc", "runsense.store._codec",
    "runsense.store.restore", "runsense.store.protocol", "rich.console",
    "runsense.signal.config", "runsense.settings._keys",
)  # fmt: skip


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment of a fresh process that runs this checkout's runsense, with ``extra`` set."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]), **extra}


def loaded_modules(tmp_path: Path, *arguments: str) -> set[str]:
    """Top-level names of the packages a fresh ``runsense ARGUMENTS`` process imported (this checkout's runsense)."""
    return {name.split(".")[0] for name in all_loaded_modules(tmp_path, *arguments)}


def all_loaded_modules(tmp_path: Path, *arguments: str) -> set[str]:
    """Every module a fresh ``runsense ARGUMENTS`` process imported, with no settings file."""
    report = tmp_path / "modules.json"
    env = checkout_env(RUNSENSE_SETTINGS=str(tmp_path / "none.toml"))
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(arguments), str(report)], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(report.read_text())
    assert result["exit"] in (0, None), (arguments, done.stdout, done.stderr)
    modules = set(result["modules"])
    assert "runsense.cli._app" in modules  # the probe did run runsense
    return modules


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
    env = checkout_env(COLUMNS="120")
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


@pytest.mark.parametrize("new_store", [True, False], ids=["new store", "existing store"])
def test_a_plain_pain_entry_is_stored_and_answered_without_rich_or_other_rows(tmp_path, new_store):
    db = str(tmp_path / "pain.sqlite")
    if not new_store:
        assert CliRunner().invoke(app, ["--db", db, "pain", "log", "2", "--timing", "morning"]).exit_code == 0
    modules = all_loaded_modules(tmp_path, "--db", db, "pain", "log", "5", "--timing", "evening", "--note", "long run")
    assert modules & set(NOT_FOR_A_QUICK_COMMAND) == set()
    assert {"runsense.records._activity", "runsense.records._shoe", "runsense.records._alert"} & modules == set()  # rows it never reads
    assert json.loads(CliRunner().invoke(app, ["--db", db, "pain", "list", "--json"]).stdout)[-1]["note"] == "long run"


def test_the_shoe_list_opens_the_store_without_other_rows_and_reads_no_settings_modules_it_does_not_need(tmp_path):
    db = str(tmp_path / "shoes.sqlite")
    assert CliRunner().invoke(app, ["--db", db, "shoes", "add", "Pegasus"]).exit_code == 0
    modules = all_loaded_modules(tmp_path, "--db", db, "shoes", "list")
    assert modules & set(NOT_FOR_A_QUICK_COMMAND) == set()  # the table too is drawn without Rich's console
    assert {"tomllib", "runsense.records._activity", "runsense.records._pain", "runsense.records._alert"} & modules == set()  # no settings file, no other rows
    assert "rich.console" not in all_loaded_modules(tmp_path, "--db", str(tmp_path / "empty.sqlite"), "shoes", "list")


def test_a_group_builds_only_the_subcommand_that_runs():
    group = _build_command("pain", COMMANDS["pain"])
    assert group.commands == {}
    assert group.get_command(None, "log").name == "log"
    assert set(group.commands) == {"log"}
    assert group.get_command(None, "nothing") is None


@pytest.mark.parametrize("name", [name for name, target in COMMANDS.items() if isinstance(_target(target), typer.Typer)])
def test_a_lazy_group_shows_what_typer_would_have_built(name):
    """Every help page and error of a group of subcommands is what Typer's own group shows."""
    sub_app = _target(COMMANDS[name])
    eager = typer.Typer(add_completion=False, context_settings={"help_option_names": ["-h", "--help"]}, **_TYPER_OPTIONS)
    eager.add_typer(sub_app, name=name)
    eager.callback()(lambda: None)
    subcommands = [info.name or info.callback.__name__.replace("_", "-") for info in sub_app.registered_commands]
    for args in ([name, "--help"], [name], [name, "lst"], *([name, sub, "--help"] for sub in subcommands)):
        ours = CliRunner().invoke(app, args, prog_name="runsense", env={"COLUMNS": "120"})
        typers = CliRunner().invoke(eager, args, prog_name="runsense", env={"COLUMNS": "120"})
        assert (ours.exit_code, ours.output) == (typers.exit_code, typers.output), args


_TEXT = st.lists(st.sampled_from([*"abc xyz-./()[]:", "  ", "é", "跑", "🏃", "\u200b", "lower-back-left", "supercalifragilistic"]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, width=st.integers(1, 130))
@example(text="aaaaaa\u200b  ", width=4)  # spaces past the edge counted in characters, as Rich counts them
@example(text="12).跑步鞋子很好    + 12).", width=19)  # then cropped to the cells
@example(text=":a:", width=1)
def test_say_breaks_lines_where_rich_does(text, width):
    """``say`` answers the quick commands without Rich's console, and prints what Rich would have
    (text taken as it is: neither markup nor ``:emoji:`` codes are read)."""
    from rich.console import Console

    with mock.patch.dict(os.environ, {"COLUMNS": str(width)}), contextlib.redirect_stdout(ours_out := io.StringIO()):
        say(text)
    ours = ours_out.getvalue()
    Console(file=(rich_out := io.StringIO()), width=width).print(text, markup=False, emoji=False, highlight=False)
    assert ours == rich_out.getvalue()


def test_say_styles_its_segments_across_line_breaks():
    styled = _styled("Log one\nwith runsense pain\nlog 3.", [("Log one with ", ""), ("runsense pain log 3", "bold"), (".", "")])
    assert styled == "Log one\nwith " + typer.style("runsense pain\nlog 3", bold=True) + "."  # the spaces a part ends with are its own
    assert _styled("a b", [("a b", "dim")]) == typer.style("a b", dim=True)


_CELL = st.lists(st.sampled_from([*"abc xyz-./()[]:", "é", "跑", "🏃", "\u200b", "—", "480 km", "notice, warning", ":runner:"]), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(rows=st.integers(1, 4).flatmap(lambda n: st.lists(st.lists(_CELL, min_size=n, max_size=n), min_size=2, max_size=5)), width=st.integers(10, 130))
def test_say_table_draws_what_rich_draws(rows, width):
    """``say_table`` draws the shoe list without Rich's console, and prints what Rich's table would
    have (cells as text: neither markup nor ``:emoji:`` codes are read); a table too wide for the
    terminal is left to Rich, which wraps its cells."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    headers, body = rows[0], rows[1:]
    with mock.patch.dict(os.environ, {"COLUMNS": str(width)}), contextlib.redirect_stdout(ours_out := io.StringIO()):
        say_table(headers, body)
    table = Table(header_style="bold")
    for header in headers:
        table.add_column(Text(header))
    for row in body:
        table.add_row(*(Text(cell) for cell in row))
    Console(file=(rich_out := io.StringIO()), width=width).print(table)
    assert ours_out.getvalue() == rich_out.getvalue()


def test_the_shoe_list_shows_the_runners_text_as_it_is(tmp_path):
    """A name with markup or an emoji code is shown as typed (Rich's markup once turned
    ``:runner:`` into an emoji), and a wide table still lists every pair."""
    db = str(tmp_path / "shoes.sqlite")
    for name in ("Pegasus", "[bold]x[/bold] :runner:", "Ghost 15 Wide (blue, the long-run pair with the orthotic insoles)"):
        assert CliRunner().invoke(app, ["--db", db, "shoes", "add", name, "--start-distance", "120mi"]).exit_code == 0
    for columns in ("200", "60"):
        shown = CliRunner().invoke(app, ["--db", db, "shoes", "list"], env={"COLUMNS": columns})
        assert shown.exit_code == 0, shown.output
        flat = "".join(ch for ch in shown.output if ch not in "│┃ \n…")
        assert "[bold]x[/bold]:runner:" in flat or columns == "60", shown.output
        assert "🏃" not in shown.output
        assert shown.output.count("│ 193 km") == 3 or shown.output.count("193 km") == 3, shown.output


def test_a_terminal_that_cannot_show_the_text_gets_question_marks_not_an_internal_error(tmp_path):
    """On a terminal that is not UTF-8 (``PYTHONIOENCODING=ascii``, an old Windows console), the
    shoe list's "—" and a runner's emoji were an internal error: UnicodeEncodeError."""
    db = str(tmp_path / "shoes.sqlite")
    assert CliRunner().invoke(app, ["--db", db, "shoes", "add", "Pegasus 🏃", "--start-distance", "120mi"]).exit_code == 0
    env = checkout_env(PYTHONIOENCODING="ascii", COLUMNS="120")
    for command in (["shoes", "list"], ["pain", "log", "11"]):
        done = subprocess.run([sys.executable, "-m", "runsense", "--db", db, *command], capture_output=True, env=env, timeout=120, check=False)
        assert b"internal error" not in done.stdout + done.stderr, done.stderr
        assert done.returncode == (0 if command[0] == "shoes" else 1), done.stderr  # the score is refused, in words
    shown = subprocess.run([sys.executable, "-m", "runsense", "--db", db, "shoes", "list"], capture_output=True, env=env, timeout=120, check=False).stdout
    assert b"Pegasus ?" in shown
    assert b"| ?" in shown  # the dash of a mark not passed yet, in an ASCII table
