"""Per-activity sample blobs: the whole records table of one activity in one compressed value.

One row per activity (not one per sample) keeps a 1-hour run to a single read and a
decompress of a few hundred kB: milliseconds. The format is numpy's ``.npz`` (a zip of
``.npy`` arrays, loaded with ``allow_pickle=False``), chosen because numpy reads it natively
and it needs no extra dependency:

* ``t_ms``: the first timestamp (ms since the Unix epoch, int64) followed by int32 steps, which
  deflate shrinks to almost nothing at a steady 1 Hz;
* one array per canonical column that holds any value: float64 for positions (float32 would
  round them to ~0.5 m), float32 for every other column (7 significant digits is finer than
  any sensor);
* columns that are all missing are not stored and come back as NaN.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from runsense.model import RECORD_COLUMNS, Records, make_records

_FLOAT64_COLUMNS = frozenset({"lat_deg", "lon_deg"})


def encode_records(records: Records) -> bytes:
    """Pack a canonical records table into bytes."""
    ms = records.index.asi8 // 1_000_000
    arrays: dict[str, np.ndarray] = {"t0_ms": ms[:1].astype(np.int64), "dt_ms": np.diff(ms).astype(np.int32)}
    for column in RECORD_COLUMNS:
        values = records[column].to_numpy()
        if np.isfinite(values).any():
            arrays[column] = values.astype(np.float64 if column in _FLOAT64_COLUMNS else np.float32)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def decode_records(blob: bytes) -> Records:
    """Unpack :func:`encode_records` output into a canonical records table."""
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        t0 = npz["t0_ms"]
        if len(t0) == 0:
            return make_records(pd.DatetimeIndex([], tz="UTC"), {})
        ms = np.concatenate([t0, t0[0] + np.cumsum(npz["dt_ms"], dtype=np.int64)])
        columns = {c: npz[c].astype(np.float64) for c in RECORD_COLUMNS if c in npz.files}
    return make_records(pd.to_datetime(ms, unit="ms", utc=True), columns)
