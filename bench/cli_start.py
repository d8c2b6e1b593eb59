"""CLI start-up: how long the light commands take, against ``python -c "import typer"`` in the same run.

    python bench/cli_start.py [--runs 15]

Each command runs in a fresh process, ``--runs`` times, the commands interleaved round by round so
that a busy machine slows them all alike; the medians are compared with the baseline's. A runner
types ``runsense pain log 3`` and waits for the answer: that wait is Python's start, Typer's
import and whatever runsense imports before it answers. Targets (issue #16): ``--version`` ≤ 1.5×
the baseline, ``--help`` ≤ 3× (a two-command Typer app's rich help is already about 2×),
``pain log`` and ``shoes list`` ≤ 3×.

``pain log`` writes into a temporary store (made, and its schema created, before timing starts),
so the runner's own store is never touched. For reference, the bench also times a two-command Typer
app running one command with an ``int`` argument: what Typer itself costs a command (it imports
pydantic to check arguments), which runsense cannot go below.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
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


def commands(db: Path) -> list[tuple[str, list[str], float | None]]:
    """The timed commands, each as the runner types it (through ``python -m runsense``)."""
    runsense = ["-m", "runsense", "--db", str(db)]
    return [
        BASELINE,
        ("(two-command Typer app: log 3)", ["-c", TYPER_APP, "log", "3"], None),
        ("runsense --version", [*runsense, "--version"], 1.5),
        ("runsense --help", [*runsense, "--help"], 3.0),
        ("runsense pain log 3", [*runsense, "pain", "log", "3", "--timing", "morning", "--note", "bench"], 3.0),
        ("runsense shoes list", [*runsense, "shoes", "list"], 3.0),
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


def runsense_location(python: str) -> str:
    """The folder of the runsense package that ``python`` imports from a scratch folder."""
    code = "import pathlib, runsense; print(pathlib.Path(runsense.__file__).parent.parent)"
    return subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir(), check=True).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per command (default 15)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that has runsense and typer (default: this one)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="runsense-cli-start-") as tmp:
        plan = commands(Path(tmp) / "bench.sqlite")
        for _, arguments, _ in plan:  # warm-up: creates the store, fills the OS file cache
            run_once(args.python, arguments, tmp)
        times: dict[str, list[float]] = {label: [] for label, _, _ in plan}
        for _ in range(args.runs):
            for label, arguments, _ in plan:
                times[label].append(run_once(args.python, arguments, tmp))

    baseline = statistics.median(times[BASELINE[0]])
    print(f"CLI start-up, median of {args.runs} fresh processes each ({args.python}, runsense from {runsense_location(args.python)}):")
    print(f"  {'command':<32} {'median':>8} {'ratio':>7} {'target':>7}")
    for label, _, target in plan:
        median = statistics.median(times[label])
        ratio = median / baseline
        verdict = "" if target is None else ("  ok" if ratio <= target else "  MISSED")
        shown_target = "" if target is None else f"≤{target:.1f}×"
        print(f"  {label:<32} {median * 1000:6.0f} ms {ratio:6.2f}× {shown_target:>7}{verdict}")


if __name__ == "__main__":
    main()
