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
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd
import zstandard

from runsense.errors import StoreError
from runsense.model import RECORD_COLUMNS, SEGMENT_COLUMNS, Records, make_records

_FLOAT64_COLUMNS = frozenset({"lat_deg", "lon_deg"})
_MAGIC = b"RS1"
_ZSTD_FRAME = b"\x28\xb5\x2f\xfd"
_ZSTD_LEVEL = 3


def compress(data: bytes) -> bytes:
    """Zstandard at level 3: what the store keeps of original files and sample tables."""
    return zstandard.ZstdCompressor(level=_ZSTD_LEVEL).compress(data)


def decompress(blob: bytes) -> bytes:
    """Undo :func:`compress`, or the zlib compression of stores written before it."""
    if blob[:4] == _ZSTD_FRAME:
        return zstandard.ZstdDecompressor().decompress(blob)
    return zlib.decompress(blob)


def encode_records(records: Records) -> bytes:
    """Pack a canonical records table into bytes."""
    ms = records.index.asi8 // 1_000_000
    arrays = [("t0_ms", ms[:1].astype("<i8")), ("dt_ms", np.diff(ms).astype("<i4"))]
    for column in RECORD_COLUMNS:
        values = records[column].to_numpy()
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
    """Pack a steady-segments table: its :data:`~runsense.model.SEGMENT_COLUMNS` as rows of
    little-endian float64 (uncompressed: a few kB a run, and read back without any work)."""
    if segments.empty:
        return b""
    return np.ascontiguousarray(segments[list(SEGMENT_COLUMNS)].to_numpy(dtype="<f8")).tobytes()


def decode_segments(blobs: list[bytes]) -> np.ndarray:
    """Many packed segment tables as one ``(segments, columns)`` float64 array, in order."""
    raw = b"".join(blobs)
    return np.frombuffer(raw, dtype="<f8").reshape(-1, len(SEGMENT_COLUMNS)).astype(np.float64, copy=False)  # no copy on little-endian machines
