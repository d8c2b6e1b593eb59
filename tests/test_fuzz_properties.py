"""Property tests: whatever bytes arrive, readers raise only runsense's own errors, quickly."""

from __future__ import annotations

import gzip
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runsense.errors import RunsenseError
from runsense.parsers import read_activities
from runsense.sources import Limits, iter_sources
from tests.conftest import EXAMPLES, corpus_path

SEEDS = {
    "fit": (EXAMPLES / "2026-07-21_easy.fit").read_bytes()[:6000],
    "gpx": corpus_path("sports-lib/6090674952.gpx").read_bytes()[:6000],
    "tcx": corpus_path("heartandsole/testdata.tcx").read_bytes()[:6000],
}


@st.composite
def mutated(draw, fmt: str) -> bytes:
    data = bytearray(SEEDS[fmt])
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[position] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[position : position + draw(st.integers(1, 400))]
        elif kind == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=40))
        elif data:
            data[position] = 0
    return bytes(data)


def _read(data: bytes, name: str) -> None:
    try:
        read_activities(data, name)
    except RunsenseError:
        pass  # a clear, runsense error is the right answer for broken bytes


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated("fit"))
def test_mutated_fit_raises_only_runsense_errors(data):
    _read(data, "fuzz.fit")


@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated("gpx"))
def test_mutated_gpx_raises_only_runsense_errors(data):
    _read(data, "fuzz.gpx")


@settings(max_examples=100, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(data=mutated("tcx"))
def test_mutated_tcx_raises_only_runsense_errors(data):
    _read(data, "fuzz.tcx")


@settings(max_examples=60, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.fit", "a.gpx", "a.tcx", "a.bin"]))
def test_random_bytes_raise_only_runsense_errors(data, name):
    _read(data, name)


@settings(max_examples=60, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(payload=mutated("fit"), member=st.sampled_from(["run.fit", "a/b/run.fit.gz", "../x.fit", "/abs.fit", "nested.zip"]))
def test_archives_of_mutated_files_never_escape(tmp_path_factory, payload, member):
    folder = tmp_path_factory.mktemp("zip")
    inner = gzip.compress(payload) if member.endswith(".gz") else payload
    if member == "nested.zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("deep.fit", payload)
        inner = buffer.getvalue()
    with zipfile.ZipFile(folder / "fuzz.zip", "w") as z:
        z.writestr(member, inner)
    for source in iter_sources([folder / "fuzz.zip"], Limits()):
        if source.data is not None:
            _read(source.data, source.name)
        else:
            assert isinstance(source.error, RunsenseError)


def test_fit_inputs_that_once_hung_the_fast_reader_now_fail_fast():
    """bench/fuzz.py found FIT inputs where a record message ran past the end of the data and the
    fast reader's scan stopped advancing (a hang). Each must now end, quickly, in a runsense error."""
    import time

    from tests.conftest import ROOT

    for path in sorted((ROOT / "tests" / "fixtures" / "fuzz").glob("hang-fit-*.fit")):
        started = time.perf_counter()
        _read(path.read_bytes(), path.name)
        assert time.perf_counter() - started < 2.0, path.name
