"""runsense's FIT decode against fitdecode's, file by file, on any real FIT files.

    python bench/fit_files_bench.py                  # every FIT file of ../shared/corpus (zips included)
    python bench/fit_files_bench.py DIR_OR_FILE ...  # any other FIT files, e.g. another project's test files

For each file that holds records: fitdecode's decode time (every frame, CRC checked, one pass),
runsense's decode time (the fast path, or fitdecode where it declines; best of 3), their ratio
and which decoder runsense used (with the reason when it fell back). Then the smallest and the
median ratio over the files the fast path read, and the fallback reasons counted. The import
benchmark (``bench/real_import_bench.py``) only uses long single running files without
compressed timestamps; this one covers the rest: chains, pool swims, cycling, short and odd files.
"""

from __future__ import annotations

import argparse
import statistics
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from real_import_bench import fitdecode_s, runsense_decode_s

from runsense.parsers.fit import decode

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def fit_files(paths: list[Path]) -> Iterator[tuple[str, bytes]]:
    """Every FIT file under ``paths``, zip members included, as (name, bytes)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                yield from fit_files([child]) if child.is_file() else ()
        elif path.suffix.lower() == ".fit":
            yield str(path), path.read_bytes()
        elif path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if member.lower().endswith(".fit"):
                        yield f"{path}!{member}", archive.read(member)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[CORPUS])
    args = parser.parse_args()
    ratios: list[tuple[float, str]] = []
    fallbacks: Counter[str] = Counter()
    for name, data in fit_files(args.paths):
        try:
            decoded = decode(data)
        except Exception as exc:
            print(f"{name}: unreadable ({type(exc).__name__}: {exc})")
            continue
        if decoded.n_records == 0:
            continue
        try:
            reference_s = fitdecode_s(data)
        except Exception as exc:
            print(f"{'':9s} {decoded.n_records:7,} records  fitdecode fails with CRC checks on ({type(exc).__name__})  {decoded.decoder}  {name}")
            fallbacks[decoded.decoder] += decoded.decoder != "fast"
            continue
        runsense_s = runsense_decode_s(data)
        print(f"{reference_s / runsense_s:8.1f}x {decoded.n_records:7,} records  fitdecode {reference_s * 1000:7.1f} ms  runsense {runsense_s * 1000:7.2f} ms  "
              f"{decoded.decoder}  {name}", flush=True)  # fmt: skip
        if decoded.decoder == "fast":
            ratios.append((reference_s / runsense_s, name))
        else:
            fallbacks[decoded.decoder] += 1
    if ratios:
        print(f"\nfast path: {len(ratios)} files; slowest {min(ratios)[0]:.1f}x fitdecode ({min(ratios)[1]}), median {statistics.median(r for r, _ in ratios):.0f}x")
    for reason, count in fallbacks.most_common():
        print(f"fallback: {count} files read by {reason}")


if __name__ == "__main__":
    main()
