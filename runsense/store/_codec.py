"""Per-activity sample blobs: the whole records table of one activity in one compressed value.

One row per activity (not one per sample) keeps a 1-hour run to a single read and a decompress:
milliseconds. Layout (little endian), Zstandard-compressed at level 3 (the same size as zlib
level 1 at a third of its time; blobs written zlib-compressed by earlier versions still read):

* a header line ``RS1 <n> <column>:<dtype>,...`` (ASCII, newline-terminated);
* ``t0_ms`` (int64) then ``n − 1`` time steps in ms (int32): a steady 1 Hz becomes a run of 1000s
  that deflate shrinks to almost nothing;
* one array per canonical column that holds any value: float64 for positions (float32 would
  round them to ~0.5 m), float32 for every other column (7 significant digits is finer than any
  sensor). Columns that are all missing are not stored and come back as NaN.

Steady-segment blobs (one per activity) carry a header too: ``RSG1 <dtype> <column>,...``. Both
formats are read by column name, so a column added, dropped or reordered in the model never
misreads what was stored before.
"""

from __future__ import annotations

import functools
import zlib

import numpy as np
import pandas as pd
import zstandard

from runsense import model
from runsense.errors import StoreError
from runsense.model import RECORD_COLUMNS, Records, make_records

_FLOAT64_COLUMNS = frozenset({"lat_deg", "lon_deg"})
_MAGIC = b"RS1"
_ZSTD_FRAME = b"\x28\xb5\x2f\xfd"
_ZSTD_LEVEL = 3


def compress(data: bytes) -> bytes:
    """Zstandard at level 3: what the store keeps of original files and sample tables."""
    return zstandard.ZstdCompressor(level=_ZSTD_LEVEL).compress(data)


#: what :func:`decompress` raises for a blob that is damaged (truncated, overwritten)
DECOMPRESS_ERRORS = (zstandard.ZstdError, zlib.error)


def decompress(blob: bytes) -> bytes:
    """Undo :func:`compress`, or the zlib compression of stores written before it (one of
    :data:`DECOMPRESS_ERRORS` for a damaged blob)."""
    if blob[:4] == _ZSTD_FRAME:
        return zstandard.ZstdDecompressor().decompress(blob)
    return zlib.decompress(blob)


def encode_records(records: Records) -> bytes:
    """Pack a canonical records table into bytes."""
    ms = records.index.asi8 // 1_000_000
    arrays = [("t0_ms", ms[:1].astype("<i8")), ("dt_ms", np.diff(ms).astype("<i4"))]
    table = records.to_numpy(dtype=float)  # every column at once: one pandas lookup per column costs more than packing it
    position = {name: i for i, name in enumerate(records.columns)}
    for column in RECORD_COLUMNS:
        values = table[:, position[column]]
        if np.isfinite(values).any():
            arrays.append((column, values.astype("<f8" if column in _FLOAT64_COLUMNS else "<f4")))
    header = _MAGIC + f" {len(records)} ".encode() + ",".join(f"{name}:{a.dtype.str}" for name, a in arrays).encode() + b"\n"
    return compress(header + b"".join(a.tobytes() for _, a in arrays))


def decode_records(blob: bytes) -> Records:
    """Unpack :func:`encode_records` output into a canonical records table (or the earlier npz form)."""
    if blob[:2] == b"PK":
        return _decode_npz(blob)
    raw = decompress(blob)
    header, _, body = raw.partition(b"\n")
    parts = header.split(b" ")
    if parts[0] != _MAGIC or len(parts) != 3:
        raise StoreError("a stored sample blob is not in runsense's format")
    n = int(parts[1])
    if n == 0:
        return make_records(pd.DatetimeIndex([], tz="UTC"), {})
    columns, offset = {}, 0
    for spec in parts[2].decode().split(","):
        name, dtype = spec.split(":")
        length = 1 if name == "t0_ms" else n - 1 if name == "dt_ms" else n
        array = np.frombuffer(body, dtype=np.dtype(dtype), count=length, offset=offset)
        offset += array.nbytes
        columns[name] = array
    ms = np.cumsum(np.r_[columns.pop("t0_ms").astype(np.int64), columns.pop("dt_ms").astype(np.int64)])
    return make_records(pd.to_datetime(ms, unit="ms", utc=True), {k: v.astype(np.float64) for k, v in columns.items()})


def _decode_npz(blob: bytes) -> Records:
    """The first format (numpy ``.npz``: ``t0_ms``, ``dt_ms`` and one array per column), still readable."""
    import io

    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        t0 = npz["t0_ms"].astype(np.int64)
        ms = np.cumsum(np.r_[t0, npz["dt_ms"].astype(np.int64)]) if len(t0) else np.zeros(0, np.int64)
        columns = {c: npz[c].astype(np.float64) for c in RECORD_COLUMNS if c in npz.files}
    return make_records(pd.to_datetime(ms, unit="ms", utc=True), columns)


def encode_segments(segments: pd.DataFrame) -> bytes:
    """Pack a steady-segments table: a header naming its format, dtype and columns
    (``RSG1 <f8 start_s,duration_s,...``, newline-terminated), then its rows as little-endian
    float64 (uncompressed: a few kB a run, read back without any work)."""
    if segments.empty:
        return b""
    return _segment_header(tuple(segments.columns)) + np.ascontiguousarray(segments.to_numpy(dtype="<f8")).tobytes()


def decode_segments(blobs: list[bytes], columns: tuple[str, ...] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Many packed segment tables as one ``(segments, columns)`` float64 array, in order, and the
    number of rows each blob gave. ``columns``: the model's :data:`~runsense.model.SEGMENT_COLUMNS`
    unless given. Blobs are read by column name: a column a blob lacks (written before the column
    existed) comes back as NaN, one it has extra is left out."""
    columns = columns or model.SEGMENT_COLUMNS
    current = _segment_header(columns)
    if all(blob.startswith(current) for blob in blobs):  # the common case: every run written with today's columns
        skip, row_bytes = len(current), 8 * len(columns)
        counts = np.fromiter(((len(blob) - skip) // row_bytes for blob in blobs), dtype=np.int64, count=len(blobs))
        raw = b"".join(memoryview(blob)[skip:] for blob in blobs)
        return np.frombuffer(raw, dtype="<f8").reshape(-1, len(columns)).astype(np.float64, copy=False), counts
    pieces = [_segment_rows(blob, columns, current) for blob in blobs]
    counts = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    if not pieces:
        return np.empty((0, len(columns))), counts
    return np.concatenate(pieces).astype(np.float64, copy=False), counts


def _segment_rows(blob: bytes, columns: tuple[str, ...], current: bytes) -> np.ndarray:
    if blob.startswith(current):
        return np.frombuffer(blob, dtype="<f8", offset=len(current)).reshape(-1, len(columns))
    header, newline, body = bytes(blob).partition(b"\n")
    parts = header.split(b" ")
    if not newline or len(parts) != 3 or parts[0] != _SEGMENT_MAGIC:
        raise StoreError("a stored segment blob is not in runsense's format (no RSG1 header)")
    names = parts[2].decode().split(",")
    stored = np.frombuffer(body, dtype=np.dtype(parts[1].decode())).reshape(-1, len(names))
    rows = np.full((len(stored), len(columns)), np.nan)
    for target, name in enumerate(columns):
        if name in names:
            rows[:, target] = stored[:, names.index(name)]
    return rows


_SEGMENT_MAGIC = b"RSG1"


@functools.cache
def _segment_header(columns: tuple[str, ...]) -> bytes:
    return _SEGMENT_MAGIC + b" <f8 " + ",".join(columns).encode() + b"\n"
