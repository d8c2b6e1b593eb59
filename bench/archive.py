"""A 10-year running archive for benchmarks: about 2,600 realistic runs with running dynamics.

    python bench/archive.py --fit-out DIR     # write the runs as FIT files (valid, CRC-checked)
    python bench/archive.py --store PATH      # store them directly (simulated samples, no parsing)

The runs follow the example story's physiology (runsense.examples.story) with a varied
schedule: 5 runs a week, easy, tempo and long, 25–110 minutes, over 520 weeks from 2016.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from runsense.examples import run_fit_bytes
from runsense.examples.story import TIME_ZONE, RunPlan, simulate

FIRST_MONDAY = date(2016, 1, 4)
WEEKS = 520


class ArchiveRun(RunPlan):
    """A RunPlan anchored on the archive's calendar instead of the story's."""

    @property
    def local_start(self) -> datetime:  # type: ignore[override]
        day = FIRST_MONDAY + timedelta(weeks=self.week, days=self.weekday)
        return datetime(day.year, day.month, day.day, int(self.hour), 0, tzinfo=TIME_ZONE)

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"{self.local_start:%Y-%m-%d}_{self.kind}"


def plan(weeks: int = WEEKS, seed: int = 11) -> list[ArchiveRun]:
    rng = np.random.default_rng(seed)
    runs = []
    for week in range(weeks):
        for weekday, kind in ((1, "easy"), (2, "easy"), (3, "tempo"), (5, "easy"), (6, "long")):
            km = {"easy": rng.uniform(5, 12), "tempo": rng.uniform(7, 11), "long": rng.uniform(14, 24)}[kind]
            speed = {"easy": rng.uniform(2.7, 3.1), "tempo": 3.4, "long": 2.8}[kind]
            runs.append(ArchiveRun(week % 16, weekday, kind, round(km, 1), speed))  # story physiology cycles every 16 weeks
            object.__setattr__(runs[-1], "week", week)
    return runs


def fit_files(runs: list[ArchiveRun]) -> Iterator[tuple[str, bytes]]:
    for i, run in enumerate(runs):
        samples = simulate(ArchiveRun(run.week % 16, run.weekday, run.kind, run.distance_km, run.speed_mps), seed=i)
        yield f"{run.name}_{i}.fit", run_fit_bytes(run, samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit-out", type=Path)
    parser.add_argument("--store", type=Path)
    parser.add_argument("--weeks", type=int, default=WEEKS)
    args = parser.parse_args()
    runs = plan(args.weeks)
    started = time.perf_counter()
    if args.fit_out:
        args.fit_out.mkdir(parents=True, exist_ok=True)
        total = 0
        for name, data in fit_files(runs):
            (args.fit_out / name).write_bytes(data)
            total += len(data)
        print(f"wrote {len(runs)} FIT files, {total / 1e6:.0f} MB, in {time.perf_counter() - started:.0f} s")
    if args.store:
        from runsense.ingest import analyse_file
        from runsense.store import open_store

        with open_store(args.store) as store:
            for name, data in fit_files(runs):
                # the import's own per-file step (decode, derive, pack), without the files on disk
                analysed = analyse_file(data, name, None, None)
                store.add_import(hashlib.sha256(data).hexdigest(), name, "fit", data, analysed.items, compressed=analysed.compressed)
        print(f"stored {len(runs)} runs in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
