"""Import of a 10-year archive (about 2,600 one-hour runs, 9 million records), all figures in one run.

    python bench/archive.py --fit-out bench/out/archive     # once: write the archive (~2 min)
    python bench/import_archive_bench.py [--workers 2] [--sample 0.03]

Prints, measured in the same run:
* a bare fitdecode decode (every frame, CRC checked) of a random sample of the same files, as
  records/s (decoding all 9 million records with fitdecode would take about 15 minutes);
* the full runsense import (decode, derive, store) of the whole archive into a fresh store:
  seconds, records/s, and the ratio to fitdecode; peak memory of this process and its workers;
* re-importing the whole archive (every file a duplicate);
* loading one activity's samples (median of 50); the weekly analysis over the 10 years (median of
  5), with the default allocator and then with the heap headroom the runsense command keeps;
* bytes per stored record.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import fitdecode

from runsense.analysis import analyse
from runsense.ingest import import_paths
from runsense.memory import keep_heap_headroom
from runsense.store import SQLiteStore, open_store

ARCHIVE = Path(__file__).resolve().parent / "out" / "archive"


def bare_fitdecode(files: list[Path]) -> tuple[int, float]:
    started = time.perf_counter()
    records = 0
    for path in files:
        with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
            records += sum(1 for f in reader if isinstance(f, fitdecode.FitDataMessage) and f.name == "record")
    return records, time.perf_counter() - started


def weekly_trends(store: SQLiteStore, repeat: int = 5) -> float:
    """Median seconds of the whole weekly analysis (form at matched pace, load, trends, every flag)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        analyse(store)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=ARCHIVE)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--sample", type=float, default=0.03, help="share of files decoded by the bare fitdecode baseline")
    args = parser.parse_args()
    files = sorted(args.archive.glob("*.fit"))
    if not files:
        raise SystemExit(f"no archive at {args.archive}: run `python bench/archive.py --fit-out {args.archive}` first")
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"archive: {len(files):,} FIT files, {size_mb:,.0f} MB")
    sample = random.Random(1).sample(files, max(1, int(len(files) * args.sample)))
    n_bare, t_bare = bare_fitdecode(sample)
    bare_rate = n_bare / t_bare
    print(f"bare fitdecode decode ({len(sample)} files sampled, {n_bare:,} records): {bare_rate:,.0f} records/s")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "archive.sqlite"
        with open_store(db) as store:
            started = time.perf_counter()
            report = import_paths(store, [args.archive], workers=args.workers)
            t_import = time.perf_counter() - started
            rate = report.n_records / t_import
            print(f"full import: {len(report.imported):,} activities, {report.n_records:,} records in {t_import:.1f} s = {rate:,.0f} records/s "
                  f"({rate / bare_rate:.1f}x the bare fitdecode decode); {len(report.failed)} failed")  # fmt: skip
            print(f"peak memory (largest process): {peak_mb():,.0f} MB")
            started = time.perf_counter()
            again = import_paths(store, [args.archive], workers=args.workers)
            print(f"re-import of the whole archive: {time.perf_counter() - started:.1f} s ({len(again.duplicates):,} duplicates, {len(again.imported)} imported)")
            ids = [a.id for a in store.activities()]
            loads = []
            for activity_id in random.Random(2).sample(ids, 50):
                started = time.perf_counter()
                store.records(activity_id)
                loads.append(time.perf_counter() - started)
            print(f"load one activity's samples: median {statistics.median(loads) * 1000:.1f} ms")
            plain = weekly_trends(store)
            keep_heap_headroom()  # as the runsense command does at start (its import workers always do)
            trends = weekly_trends(store)
            print(f"weekly trends over 520 weeks: median {trends * 1000:.0f} ms ({plain * 1000:.0f} ms before keeping heap headroom)")
            blob = store._db.execute("SELECT SUM(LENGTH(data)), SUM(n) FROM samples").fetchone()
            print(f"stored samples: {blob[0] / blob[1]:.1f} bytes per record ({blob[0] / 1e6:,.0f} MB for {blob[1]:,} records); database file {db.stat().st_size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()
