"""Peak resident memory of one ``runsense import`` per hostile or large input (issue #15's budget:
400 MB for any single input within the default ``[limits]``).

    python bench/memory_bench.py [--out /tmp/runsense-memory] [--corpus]

Each input is built by the generators the adversarial tests use, then imported by a child
``runsense import --json`` into a fresh store; the child's address space is capped at 3 GB so a
regression fails there. ``--corpus`` also imports the whole real corpus folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.adversarial.hostile_inputs import big_gpx_gz, child_import, gpx_file, nested_zip, zip_of_failing_members  # noqa: E402
from tests.conftest import CORPUS, corpus_path  # noqa: E402


def _special_files(folder: Path) -> Path:
    folder.mkdir()
    os.mkfifo(folder / "x.fit")
    (folder / "zero.fit").symlink_to("/dev/zero")
    return folder


def inputs(out: Path, corpus: bool) -> list[tuple[str, Path]]:
    run = corpus_path("connectstats/activity_1378220136.fit")
    built = [
        ("zip of 20 failing GPX members (30,000 points each)", zip_of_failing_members(out / "routes.zip", 20, 30_000)),
        ("zip in a zip, 300 MB inside", nested_zip(out / "outer.zip", 300 << 20, run)),
        (".gpx.gz of 1.2 M points (84 MB inflated)", big_gpx_gz(out / "huge.gpx.gz", 1_200_000)),
        (".gpx.gz of 600,000 points (42 MB inflated)", big_gpx_gz(out / "long.gpx.gz", 600_000)),
        ("GPX of 250,000 points with heart rate and cadence (the most accepted)", gpx_file(out / "longest.gpx", 250_000)),
        ("folder with a FIFO and a link to /dev/zero", _special_files(out / "special")),
    ]
    return [*built, ("the real corpus folder", CORPUS)] if corpus else built


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/runsense-memory"))
    parser.add_argument("--corpus", action="store_true")
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    for i, (label, path) in enumerate(inputs(args.out, args.corpus)):
        started = time.perf_counter()
        done = child_import(args.out / f"store-{i}.sqlite", path, timeout_s=900)
        counts = ", ".join(f"{len(v)} {k}" for k, v in done.report.items()) or f"no report ({done.stderr.strip()[-200:]})"
        print(f"{label}: peak RSS {done.peak_rss_mb:.0f} MB in {time.perf_counter() - started:.0f} s; {counts}", flush=True)
    shutil.rmtree(args.out, ignore_errors=True)


if __name__ == "__main__":
    main()
