"""Import speed on the corpus' running FIT files, against a bare fitdecode loop, in one run.

    python bench/import_bench.py [--repeat 3]

Prints records/s for (a) a bare fitdecode decode of the same files (every frame read, CRC
checked) and (b) the full runsense import (decode, tidy, summarise, store in a fresh SQLite
file), as medians over the repeats, and their ratio. Nothing here is a test: figures vary
with the machine, so they are quoted, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import tempfile
import time
from pathlib import Path

import fitdecode

from runsense.ingest import import_paths
from runsense.store import open_store

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def running_fit_files() -> list[Path]:
    with (CORPUS / "catalog.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return sorted(
        CORPUS.parent / r["path"]
        for r in rows
        if r["format"] == "fit" and not r["container"] and r["sport"] == "running" and r["parse_ok"] == "yes"
    )


def bare_fitdecode(files: list[Path]) -> tuple[float, int]:
    started = time.perf_counter()
    records = 0
    for path in files:
        with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                    records += 1
    return time.perf_counter() - started, records


def runsense_import(files: list[Path]) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        with open_store(Path(folder) / "bench.sqlite") as store:
            started = time.perf_counter()
            report = import_paths(store, files)
            elapsed = time.perf_counter() - started
    return elapsed, report.n_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = running_fit_files()
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"{len(files)} running FIT files from the corpus, {size_mb:.1f} MB")
    bare, full = [], []
    for i in range(args.repeat):
        t_bare, n_bare = bare_fitdecode(files)
        t_full, n_full = runsense_import(files)
        bare.append(n_bare / t_bare)
        full.append(n_full / t_full)
        print(f"  run {i + 1}: fitdecode {n_bare:,} records in {t_bare:.2f} s; runsense import {n_full:,} records in {t_full:.2f} s")
    b, f = statistics.median(bare), statistics.median(full)
    print(f"median bare fitdecode decode: {b:,.0f} records/s")
    print(f"median runsense full import:  {f:,.0f} records/s  ({f / b:.2f}x the bare decode)")


if __name__ == "__main__":
    main()
