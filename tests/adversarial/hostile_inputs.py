"""Hostile and unlucky inputs, built at test time (small generators, streamed where they are large),
and a child ``runsense import`` whose peak memory is measured.

Every builder writes under the directory it is given and returns the path; none needs network or
anything outside the corpus.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import ROOT

_START_S = 1_700_000_000  # 2023-11-14T22:13:20Z


def gpx_points(n: int, *, timed: bool = True, seed: int = 1) -> bytes:
    """``n`` GPX track points of a jog (a point a second, heart rate and cadence), as bytes.

    Coordinates wander at random, so the points do not compress to nothing (a zip keeps a real ratio).
    """
    rng = random.Random(seed)
    lat, lon = 51.5, -0.12
    parts = []
    for i in range(n):
        lat += rng.uniform(-2e-5, 3e-5)
        lon += rng.uniform(-2e-5, 3e-5)
        time = f"<time>{_iso(_START_S + i)}</time>" if timed else ""
        parts.append(
            f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><ele>{20 + rng.random() * 5:.1f}</ele>{time}'
            f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{rng.randint(120, 160)}</gpxtpx:hr>"
            f"<gpxtpx:cad>{rng.randint(80, 90)}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>\n"
        )
    return "".join(parts).encode()


GPX_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="hostile" xmlns="http://www.topografix.com/GPX/1/1" '
    b'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"><trk><name>test</name><type>running</type><trkseg>\n'
)
GPX_TAIL = b"</trkseg></trk></gpx>\n"


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx_file(path: Path, n_points: int, *, timed: bool = True, seed: int = 1) -> Path:
    """A GPX file of ``n_points`` points."""
    path.write_bytes(GPX_HEAD + gpx_points(n_points, timed=timed, seed=seed) + GPX_TAIL)
    return path


def big_gpx_gz(path: Path, n_points: int, chunk: int = 50_000) -> Path:
    """A ``.gpx.gz`` of ``n_points`` bare timed points (position and time, 70 bytes each: the most
    points for the bytes), written a chunk at a time, never whole in memory. The chunk repeats
    (times too): the readers refuse such a file long before its times matter."""
    point = '<trkpt lat="51.{i:06d}" lon="-0.{i:06d}"><time>{t}</time></trkpt>\n'
    block = "".join(point.format(i=i, t=_iso(_START_S + i)) for i in range(chunk)).encode()
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(GPX_HEAD)
        for start in range(0, n_points, chunk):
            out.write(block if start + chunk <= n_points else block[: (n_points - start) * len(block) // chunk])
        out.write(GPX_TAIL)
    return path


def zip_of_failing_members(path: Path, members: int, points: int) -> Path:
    """A zip whose every member is a GPX of ``points`` untimed points: each is read in full, then
    refused as a route (the failure comes late, after the reader has built everything)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(members):
            archive.writestr(f"route-{i:03d}.gpx", GPX_HEAD + gpx_points(points, timed=False, seed=i) + GPX_TAIL)
    return path


def padding_blocks(size: int, every: int = 150) -> Iterator[bytes]:
    """``size`` bytes, a MiB at a time, that deflate about 100:1 (zeros with a random byte every
    ``every``): under the 200:1 ratio a zip bomb is refused at, so only the reading can bound them."""
    rng = random.Random(3)
    block = bytearray(1 << 20)
    for i in range(0, len(block), every):
        block[i] = rng.randrange(256)
    for start in range(0, size, len(block)):
        yield bytes(block[: min(len(block), size - start)])


def nested_zip(path: Path, inner_padding_bytes: int, activity: Path) -> Path:
    """``outer.zip`` holding ``export/inner.zip``, which holds a large member that is not an activity
    file and one activity file: read whole, the inner zip costs ``inner_padding_bytes`` of memory."""
    inner_path = path.with_name("inner-build.zip")
    with zipfile.ZipFile(inner_path, "w", zipfile.ZIP_STORED) as inner:
        with inner.open("padding/notes.bin", "w", force_zip64=True) as member:
            for block in padding_blocks(inner_padding_bytes):
                member.write(block)
        inner.write(activity, f"run/{activity.name}")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as outer:
        outer.write(inner_path, "export/inner.zip")
    inner_path.unlink()
    return path


@dataclass(frozen=True)
class ChildImport:
    """What a child ``runsense import --json`` did, and its peak resident memory."""

    returncode: int | None
    report: dict
    stderr: str
    peak_rss_mb: float


#: run in a child of its own: ``runsense import`` as its only child (killed at the timeout, so a hang
#: ends here), then the peak RSS of it and of any import workers it forked: no other process of the
#: test run is counted
_MEASURE = """
import json, resource, subprocess, sys
limit, timeout_s = int(sys.argv[1]), float(sys.argv[2])
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    done = subprocess.run(sys.argv[3:], capture_output=True, text=True, preexec_fn=cap, timeout=timeout_s)
    result = {"rc": done.returncode, "out": done.stdout, "err": done.stderr}
except subprocess.TimeoutExpired:
    result = {"rc": None, "out": "", "err": f"timed out after {timeout_s} s"}
result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps(result))
"""


def child_import(db: Path, *paths: Path, address_space_mb: int = 3072, timeout_s: float = 120) -> ChildImport:
    """``runsense --db DB import --json PATHS`` in a child process whose address space is capped
    (``RLIMIT_AS``: a runaway read fails there instead of taking the machine) and whose run time is
    bounded (``returncode`` None: it hung), with its peak RSS."""
    env = os.environ | {"PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1", "RUNSENSE_SETTINGS": str(db.with_suffix(".toml"))}
    command = [sys.executable, "-m", "runsense", "--db", str(db), "import", "--json", *map(str, paths)]
    wrapper = [sys.executable, "-c", _MEASURE, str(address_space_mb << 20), str(timeout_s), *command]
    done = subprocess.run(wrapper, capture_output=True, text=True, env=env, timeout=timeout_s + 60, check=True)
    result = json.loads(done.stdout)
    try:
        report = json.loads(result["out"])
    except json.JSONDecodeError:
        report = {}
    return ChildImport(result["rc"], report, result["err"], result["maxrss_kb"] / 1024)
