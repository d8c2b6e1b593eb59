"""Unlucky and hostile containers: special files, odd activities.csv, unreadable folders, UTF-16
XML, nested zips and gzip streams that inflate past the limits (issue #15).

Each input is built at test time. Inputs that could hang or exhaust the machine on a broken
reader go through a child ``runsense import`` with its time and address space bounded.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from runsense.ingest import import_paths
from runsense.parsers import read_activities
from runsense.sources import Limits, iter_sources
from runsense.store import open_store
from tests.adversarial.hostile_inputs import child_import, gpx_file, nested_zip, padding_blocks
from tests.conftest import ROOT, corpus_path

RUN_GPX = "TestFilesForFitnessApps/20210119_run_garmin_fenix6_sapphire.gpx"
RUN_TCX = "TestFilesForFitnessApps/20120611_run_garmin_fr405cx.tcx"
RUN_FIT = "connectstats/activity_1378220136.fit"


def _failed(report: dict) -> dict[str, str]:
    return {f["source"]: f["error"] for f in report["failed"]}


def _skipped(report: dict) -> dict[str, str]:
    return {s["source"]: s["reason"] for s in report["skipped"]}


def test_a_fifo_named_fit_is_refused_and_the_rest_imports(tmp_path: Path) -> None:
    folder = tmp_path / "watch"
    folder.mkdir()
    os.mkfifo(folder / "x.fit")
    shutil.copy(corpus_path(RUN_FIT), folder / "run.fit")
    done = child_import(tmp_path / "s.sqlite", folder, timeout_s=60)
    assert done.returncode == 1, done.stderr  # it finished (no hang) and says a file failed
    assert "FIFO" in _failed(done.report)["x.fit"]
    assert [i["source"] for i in done.report["imported"]] == ["run.fit"]


def test_a_link_to_dev_zero_is_refused_before_reading(tmp_path: Path) -> None:
    folder = tmp_path / "watch"
    folder.mkdir()
    (folder / "zero.fit").symlink_to("/dev/zero")
    (folder / "zero.gpx.gz").symlink_to("/dev/zero")
    done = child_import(tmp_path / "s.sqlite", folder, tmp_path / "watch" / "zero.fit", timeout_s=60)
    failed = _failed(done.report)
    assert "character device" in failed["zero.fit"]
    assert "refused without reading" in failed["zero.fit"]
    assert "character device" in failed["zero.gpx.gz"]
    assert done.peak_rss_mb < 400


def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    folder = Path(tempfile.mkdtemp(prefix="rs-sock-"))  # a socket path must be short
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(str(folder / "s.tcx"))
            (source,) = iter_sources([folder], Limits())
        assert source.data is None
        assert "a socket" in str(source.error)
    finally:
        shutil.rmtree(folder)


def test_a_folder_whose_activities_csv_is_not_stravas_still_imports(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "activities.csv").write_text("date,km,notes\n2024-01-01,5,easy\n")
    shutil.copy(corpus_path(RUN_FIT), folder / "run.fit")
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_paths(store, [folder]).to_dict()
    assert [i["source"] for i in report["imported"]] == ["run.fit"]
    assert "no 'Filename' column" in _skipped(report)["activities.csv"]
    assert "import without them" in _skipped(report)["activities.csv"]
    assert report["failed"] == []


def test_an_activities_csv_with_a_128_kb_field_still_imports(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    shutil.copy(corpus_path(RUN_FIT), folder / "run.fit")
    long_title = "x" * (128 * 1024 + 10)  # over csv's default field limit (131,072)
    (folder / "activities.csv").write_text(f'Activity ID,Activity Name,Activity Type,Activity Gear,Filename\n1,"{long_title}",Run,,run.fit\n')
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_paths(store, [folder]).to_dict()
        assert store.activities()[0].title != long_title
    assert [i["source"] for i in report["imported"]] == ["run.fit"]
    assert "field larger than field limit" in _skipped(report)["activities.csv"]


def test_a_strava_zip_whose_activities_csv_is_broken_still_imports(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("activities.csv", "not,a,strava,list\n")
        out.write(corpus_path(RUN_FIT), "activities/run.fit")
    with open_store(tmp_path / "s.sqlite") as store:
        report = import_paths(store, [archive]).to_dict()
    assert [i["source"] for i in report["imported"]] == ["export.zip!activities/run.fit"]
    assert "export.zip!activities.csv" in _skipped(report)


_LIST_SOURCES = """
import json, sys
from pathlib import Path
from runsense.sources import Limits, iter_sources
print(json.dumps([[s.name, str(s.error) if s.error else None] for s in iter_sources([Path(sys.argv[1])], Limits())]))
"""


def test_an_unreadable_subfolder_is_reported_by_name(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    (tmp_path / "locked").mkdir()
    shutil.copy(corpus_path(RUN_FIT), tmp_path / "2024" / "run.fit")
    shutil.copy(corpus_path(RUN_FIT), tmp_path / "locked" / "run.fit")
    os.chmod(tmp_path / "locked", 0)
    # root reads any folder whatever its mode: the walk then runs without root's capabilities
    without_caps = ["setpriv", "--bounding-set=-all", "--inh-caps=-all"] if os.geteuid() == 0 else []
    try:
        done = subprocess.run([*without_caps, sys.executable, "-c", _LIST_SOURCES, str(tmp_path)], capture_output=True, text=True, env=os.environ | {"PYTHONPATH": str(ROOT)}, check=True)
    finally:
        os.chmod(tmp_path / "locked", 0o755)
    sources = dict(json.loads(done.stdout))
    assert sources["2024/run.fit"] is None
    assert "cannot read this folder" in sources["locked"]
    assert "not imported" in sources["locked"]


def _as_utf16(data: bytes, codec: str) -> bytes:
    text = data.decode("utf-8-sig").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    return text.encode(codec) if codec == "utf-16" else b"\xfe\xff" + text.encode(codec)


@pytest.mark.parametrize("relative", [RUN_GPX, RUN_TCX])
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_gpx_and_tcx_read_like_their_utf8_original(relative: str, codec: str) -> None:
    original = corpus_path(relative).read_bytes()
    suffix = relative.rsplit(".", 1)[-1]
    (utf8,) = read_activities(original, f"run.{suffix}")
    (utf16,) = read_activities(_as_utf16(original, codec), f"run.{suffix}")
    assert utf16.n_records == utf8.n_records > 200
    assert utf16.meta.distance_m == pytest.approx(utf8.meta.distance_m)
    assert utf16.meta.start_time == utf8.meta.start_time


def test_utf16_without_the_gpx_suffix_is_still_sniffed_as_gpx() -> None:
    (activity,) = read_activities(_as_utf16(corpus_path(RUN_GPX).read_bytes(), "utf-16"), "download")
    assert activity.meta.source_format == "gpx"


def test_entities_in_utf16_are_refused_too() -> None:
    bomb = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa">]><gpx><trk><trkseg><trkpt lat="1" lon="2"><time>2024-01-01T00:00:00Z</time><name>&a;</name></trkpt></trkseg></trk></gpx>'
    with pytest.raises(Exception, match="declares entities"):
        read_activities(bomb.encode("utf-16"), "bomb.gpx")


def test_a_utf16_bom_on_bytes_that_are_not_utf16_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="byte-order mark but is not UTF-16"):
        read_activities(b"\xff\xfe<\x00g\x00p\x00x\x00>\x00\x00\xd8", "odd.gpx")  # a lone surrogate at the end


def test_a_gz_is_limited_by_what_it_inflates_to(tmp_path: Path) -> None:
    bomb = tmp_path / "big.gpx.gz"
    with gzip.open(bomb, "wb") as out:
        for block in padding_blocks(8 << 20):
            out.write(block)
    (source,) = iter_sources([bomb], Limits(max_file_bytes=4 << 20))
    assert source.data is None
    assert "over the 4 MiB limit" in str(source.error)


def test_a_gz_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.fit.gz"
    big.write_bytes(os.urandom(2 << 20))
    (source,) = iter_sources([big], Limits(max_file_bytes=1 << 20))
    assert "over the 1 MiB limit" in str(source.error)


def test_a_nested_zip_member_is_read_member_by_member_under_the_same_limits(tmp_path: Path) -> None:
    archive = nested_zip(tmp_path / "outer.zip", 8 << 20, corpus_path(RUN_FIT))
    names = {s.name: s for s in iter_sources([archive], Limits())}
    assert names["outer.zip!export/inner.zip!run/activity_1378220136.fit"].data == corpus_path(RUN_FIT).read_bytes()
    # the outer archive's total budget covers what its nested zips inflate to
    (refused,) = iter_sources([archive], Limits(max_zip_total_bytes=len(corpus_path(RUN_FIT).read_bytes()) - 1))
    assert "expands past" in str(refused.error)


def test_a_member_of_a_nested_zip_over_the_ratio_is_refused(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("bomb.fit", bytes(50 << 20))  # zeros: about 1000:1
    archive = tmp_path / "outer.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        out.writestr("inner.zip", inner.getvalue())
    (source,) = iter_sources([archive], Limits())
    assert source.name == "outer.zip!inner.zip!bomb.fit"
    assert "compression ratio" in str(source.error)


def test_zips_nested_past_the_depth_limit_are_refused(tmp_path: Path) -> None:
    payload = gpx_file(tmp_path / "run.gpx", 50).read_bytes()
    for level in range(4):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as out:
            out.writestr("run.gpx" if level == 0 else f"level{level}.zip", payload)
        payload = buffer.getvalue()
    archive = tmp_path / "deep.zip"
    archive.write_bytes(payload)
    (source,) = iter_sources([archive], Limits(max_depth=3))
    assert "nested more than 3 deep" in str(source.error)
    (source,) = iter_sources([archive], Limits(max_depth=4))
    assert source.name == "deep.zip!level3.zip!level2.zip!level1.zip!run.gpx"
    assert source.data is not None


class _Recording(io.BytesIO):
    """A stream that remembers how much each read asked for."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.asked: list[int] = []

    def read(self, size: int | None = -1, /) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read(size)


@pytest.mark.parametrize("hint", [None, "exact", "short", "long"])
@pytest.mark.parametrize("size", [0, 1, 4095, 4096, 4097, (1 << 20) + 3])
def test_a_capped_read_returns_every_byte_up_to_the_limit_and_refuses_one_more(size: int, hint: str | None) -> None:
    """Whatever the size hint (right, or wrong: a file that grew or shrank since it was listed, a zip
    member whose header lies), what is read is the whole stream, and one byte over the limit is refused."""
    from runsense.errors import UnsafeInputError
    from runsense.sources import _read_capped

    data = os.urandom(size)
    size_hint = {None: None, "exact": size, "short": size // 2, "long": size * 2 + 10}[hint]
    assert _read_capped(io.BytesIO(data), max(size, 1), "run.fit", size_hint) == data
    if size:
        with pytest.raises(UnsafeInputError, match=r"^run.fit: is or expands to over the \d+ MiB limit"):
            _read_capped(io.BytesIO(data), size - 1, "run.fit", size_hint)


def test_a_small_file_is_read_without_a_buffer_the_size_of_the_limit(tmp_path: Path) -> None:
    """Reading a 200 kB watch file once asked for the whole 64 MiB limit (Python makes that buffer,
    then shrinks it): 80 % of a re-import's reading time. It asks for its size (and one byte more)."""
    from runsense.sources import _read_activity_file

    data = corpus_path(RUN_FIT).read_bytes()
    stream = _Recording(data)
    source = _read_activity_file(stream, "run.fit", Limits(), None, len(data), size_hint=len(data))
    assert source.data == data
    assert max(stream.asked) == len(data) + 1
    unknown = _Recording(data)  # a size not known beforehand: read in 1 MiB chunks
    assert _read_activity_file(unknown, "run.fit", Limits(), None, len(data)).data == data
    assert max(unknown.asked) <= 1 << 20
