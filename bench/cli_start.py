"""CLI start-up: how long the light commands take, against ``python -c "import typer"`` in the same run.

    python bench/cli_start.py [--runs 15]

Each command runs in a fresh process, ``--runs`` times, the commands interleaved round by round so
that a busy machine slows them all alike; the medians are compared with the baseline's. A runner
types ``runsense pain log 3`` and waits for the answer: that wait is Python's start, Typer's
import and whatever runsense imports before it answers. Targets (issue #16): ``--version`` ≤ 1.5×
the baseline, ``--help`` ≤ 3× (a two-command Typer app's rich help is already about 2×),
``pain log`` and ``shoes list`` ≤ 3×.

``pain log`` writes into a temporary store (made, and its schema created, before timing starts),
so the runner's own store is never touched; ``shoes list`` lists one pair, so it draws its table
(an empty list is timed too). For reference, the bench also times a two-command Typer app running
one command with an ``int`` argument: what Typer itself costs a command (it imports pydantic to
check arguments), which runsense cannot go below; and the same app drawing a two-column Rich table,
below which no command that draws one can go.

``--instructions`` counts the instructions each command executes instead (one run each under
Valgrind's callgrind, about 50 times slower): a figure the other work on a shared machine does not
move, for comparing changes; the targets are set in time.

The runsense package is byte-compiled first (as ``pip install`` does): a checkout run with
``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module at every start.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

#: the baseline: (label, arguments after ``python``, no target)
BASELINE = ("python -c 'import typer'", ["-c", "import typer"], None)
#: the reference: the smallest Typer app that runs a command with an argument
TYPER_APP = """
import typer
app = typer.Typer()
@app.command()
def log(score: int, note: str = "") -> None:
    print(score, note)
@app.command()
def other() -> None:
    pass
app()
"""
#: the same app drawing a Rich table: the least a command that draws one takes
TYPER_APP_TABLE = TYPER_APP.replace(
    "print(score, note)", "from rich.console import Console\n    from rich.table import Table\n    table = Table('a', 'b')\n    table.add_row(str(score), note)\n    Console().print(table)"
)


def commands(db: Path, empty_db: Path) -> list[tuple[str, list[str], float | None]]:
    """The timed commands, each as the runner types it (through ``python -m runsense``)."""
    runsense = ["-m", "runsense", "--db", str(db)]
    return [
        BASELINE,
        ("(two-command Typer app: log 3)", ["-c", TYPER_APP, "log", "3"], None),
        ("(the same, drawing a Rich table)", ["-c", TYPER_APP_TABLE, "log", "3"], None),
        ("runsense --version", [*runsense, "--version"], 1.5),
        ("runsense --help", [*runsense, "--help"], 3.0),
        ("runsense pain log 3", [*runsense, "pain", "log", "3", "--timing", "morning", "--note", "bench"], 3.0),
        ("runsense shoes list (1 pair)", [*runsense, "shoes", "list"], 3.0),
        ("runsense shoes list (none yet)", ["-m", "runsense", "--db", str(empty_db), "shoes", "list"], None),
    ]


def run_once(python: str, arguments: list[str], cwd: str) -> float:
    """Seconds from start to exit of one fresh process; a failing command stops the bench.

    ``cwd`` is a scratch folder: ``python -m`` looks in the current folder first, and the bench
    times the runsense that ``python`` finds (installed, or on ``PYTHONPATH``), not a checkout's.
    """
    started = time.perf_counter()
    done = subprocess.run([python, *arguments], capture_output=True, text=True, cwd=cwd, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def instructions(python: str, arguments: list[str], cwd: str) -> int:
    """Instructions one fresh process executes, counted by Valgrind's callgrind (hash seed fixed)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, *arguments]
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env={**os.environ, "PYTHONHASHSEED": "0"}, check=False)
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or counted is None:
        raise SystemExit(f"{' '.join(arguments)} failed under valgrind ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(counted.group(1))


def runsense_location(python: str) -> str:
    """The folder of the runsense package that ``python`` imports from a scratch folder."""
    code = "import pathlib, runsense; print(pathlib.Path(runsense.__file__).parent.parent)"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir(), check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per command (default 15)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that has runsense and typer (default: this one)")
    parser.add_argument("--instructions", action="store_true", help="count instructions (valgrind) instead of timing")
    args = parser.parse_args()

    location = runsense_location(args.python)
    compileall.compile_dir(Path(location) / "runsense", quiet=1)
    with tempfile.TemporaryDirectory(prefix="runsense-cli-start-") as tmp:
        plan = commands(Path(tmp) / "bench.sqlite", Path(tmp) / "empty.sqlite")
        run_once(args.python, ["-m", "runsense", "--db", str(Path(tmp) / "bench.sqlite"), "shoes", "add", "Pegasus", "--start-distance", "120mi"], tmp)
        for _, arguments, _ in plan:  # warm-up: creates the stores, fills the OS file cache
            run_once(args.python, arguments, tmp)
        if args.instructions:
            counts = {label: instructions(args.python, arguments, tmp) for label, arguments, _ in plan}
            print(f"CLI start-up, instructions of one fresh process each ({args.python}, runsense from {location}):")
            _report(plan, counts, lambda n: f"{n / 1e6:7.0f} M")
            return
        times: dict[str, list[float]] = {label: [] for label, _, _ in plan}
        for _ in range(args.runs):
            for label, arguments, _ in plan:
                times[label].append(run_once(args.python, arguments, tmp))

    print(f"CLI start-up, median of {args.runs} fresh processes each ({args.python}, runsense from {location}):")
    _report(plan, {label: statistics.median(values) for label, values in times.items()}, lambda t: f"{t * 1000:6.0f} ms")


def _report(plan: list[tuple[str, list[str], float | None]], figures: dict[str, float], shown: Callable[[float], str]) -> None:
    """One line per command: its figure, its ratio to the baseline's, and its target."""
    baseline = figures[BASELINE[0]]
    print(f"  {'command':<32} {'figure':>9} {'ratio':>7} {'target':>7}")
    for label, _, target in plan:
        ratio = figures[label] / baseline
        verdict = "" if target is None else ("  ok" if ratio <= target else "  MISSED")
        shown_target = "" if target is None else f"≤{target:.1f}×"
        print(f"  {label:<32} {shown(figures[label])} {ratio:6.2f}× {shown_target:>7}{verdict}")


if __name__ == "__main__":
    main()
