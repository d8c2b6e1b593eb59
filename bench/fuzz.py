"""Mutation fuzzing of every input format, with counts and outcomes printed.

    python bench/fuzz.py [--count 100000] [--seconds-per-input 5] [--formats fit,gpx,tcx,zip,gz,csv]

Seeds are real corpus files of each format (and the Strava activities.csv files). Each input is
mutated (bit flips, cuts, inserted bytes, zeroed runs, duplicated chunks) and fed to the same path
an import uses. Only runsense's own errors may come out; an input that takes longer than the bound
or raises anything else is saved under bench/out/fuzz-crashes/ to become a regression test.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import random
import signal
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from runsense.errors import RunsenseError
from runsense.parsers import read_activities
from runsense.sources import Limits, iter_sources, read_strava_csv

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
CRASHES = Path(__file__).resolve().parent / "out" / "fuzz-crashes"
#: gzip and zip inputs go through the import's own reader of files (runsense.sources.iter_sources)
SCRATCH = Path(tempfile.mkdtemp(prefix="runsense-fuzz-"))


class FuzzTimeoutError(Exception):
    pass


def _alarm(_signum, _frame):
    raise FuzzTimeoutError


def mutate(data: bytes, rng: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not b:
            b = bytearray(rng.randbytes(rng.randint(1, 64)))
        i = rng.randrange(len(b))
        op = rng.random()
        if op < 0.4:
            b[i] ^= 1 << rng.randrange(8)
        elif op < 0.55:
            del b[i : i + rng.randint(1, 256)]
        elif op < 0.7:
            b[i:i] = rng.randbytes(rng.randint(1, 32))
        elif op < 0.85:
            b[i : i + rng.randint(1, 16)] = bytes(rng.randint(1, 16))
        else:
            j = rng.randrange(len(b))
            b[i:i] = b[j : j + rng.randint(1, 128)]
    return bytes(b)


def seeds(fmt: str) -> list[bytes]:
    pattern = {"fit": "*.fit", "gpx": "*.gpx", "tcx": "*.tcx", "zip": "*.zip", "csv": "*.csv"}.get(fmt, "*.fit")
    limit = 2_000_000 if fmt in ("csv", "zip") else 40_000  # small seeds keep thousands of inputs a minute
    files = sorted(p for p in CORPUS.rglob(pattern) if 0 < p.stat().st_size < limit)[:40]
    data = [p.read_bytes() for p in files]
    return [gzip.compress(d) for d in data] if fmt == "gz" else data


def run_one(fmt: str, data: bytes) -> str:
    if fmt in ("fit", "gpx", "tcx"):
        return f"{len(read_activities(data, f'fuzz.{fmt}'))} activities"
    if fmt == "csv":
        return f"{len(read_strava_csv(data))} rows"
    path = SCRATCH / ("fuzz.fit.gz" if fmt == "gz" else "fuzz.zip")
    path.write_bytes(data)
    n = 0
    for source in iter_sources([path], Limits()):
        if source.error is not None and fmt == "gz":
            raise source.error
        if source.data is not None:
            try:
                read_activities(source.data, source.name)
            except RunsenseError:
                if fmt == "gz":
                    raise
        n += 1
    return f"{n} members"


#: what each entry point documents: runsense errors; zipfile's own for a damaged archive (BadZipFile, or
#: NotImplementedError for an unknown "version needed" field; the sources
#: layer turns it into a CorruptFileError naming the file); ValueError from read_strava_csv for a CSV
#: that is not Strava's (likewise reported by the sources layer)
EXPECTED = (RunsenseError, zipfile.BadZipFile, ValueError, NotImplementedError)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seconds-per-input", type=int, default=5)
    parser.add_argument("--formats", default="fit,gpx,tcx,zip,gz,csv")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--report-every", type=int, default=10_000, help="print the counts so far every N inputs (a long run shows where it is)")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(args.seed)
    for fmt in args.formats.split(","):
        pool = seeds(fmt)
        outcomes: collections.Counter[str] = collections.Counter()
        started = time.perf_counter()
        for i in range(args.count):
            data = mutate(rng.choice(pool), rng)
            signal.alarm(args.seconds_per_input)
            try:
                run_one(fmt, data)
                outcomes["read"] += 1
            except FuzzTimeoutError:
                outcomes["HANG"] += 1
                CRASHES.mkdir(parents=True, exist_ok=True)
                (CRASHES / f"hang-{fmt}-{i}").write_bytes(data)
            except EXPECTED as exc:
                # RunsenseError: the right answer. The container errors are what runsense's own
                # sources layer turns into a CorruptFileError with the file's name.
                outcomes["runsense error" if isinstance(exc, RunsenseError) else f"container error ({type(exc).__name__})"] += 1
            except Exception as exc:
                outcomes[f"CRASH {type(exc).__name__}"] += 1
                CRASHES.mkdir(parents=True, exist_ok=True)
                (CRASHES / f"crash-{fmt}-{i}").write_bytes(data)
            finally:
                signal.alarm(0)
            if (i + 1) % args.report_every == 0 and i + 1 < args.count:
                print(f"  {fmt}: {i + 1:,} so far in {time.perf_counter() - started:.0f} s: " + ", ".join(f"{k} {v:,}" for k, v in outcomes.most_common()), flush=True)
        elapsed = time.perf_counter() - started
        bad = sum(v for k, v in outcomes.items() if k.startswith(("CRASH", "HANG")))
        print(f"{fmt}: {args.count:,} mutated inputs in {elapsed:.0f} s ({args.count / elapsed:,.0f}/s): " + ", ".join(f"{k} {v:,}" for k, v in outcomes.most_common()) + f"; crashes or hangs: {bad}", flush=True)


if __name__ == "__main__":
    main()
