"""A small, vectorised FIT writer for the project's example files and benchmark archives.

Field numbers, base types, scales, offsets and enum values all come from fitdecode's
generated profile (the FIT SDK profile), never from a hand-copied table. Values are given in
physical units (``distance`` in m, ``step_length`` in mm, as the profile says); NaN becomes
the base type's "invalid" sentinel. A two-dimensional array (one row per message) writes an
array field, as watches write a strength set's exercise categories. A column of samples becomes one numpy structured array,
so a one-hour run encodes in a few milliseconds.

Every file this writes must decode with fitdecode with its CRC checked; the tests do that.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from datetime import datetime

import numpy as np
from fitdecode import profile
from fitdecode.utils import compute_crc

from runsense.units import FIT_EPOCH_S

#: numpy type and "invalid" sentinel per FIT base type (FIT protocol §4.2)
_BASE = {
    "enum": ("u1", 0xFF), "sint8": ("i1", 0x7F), "uint8": ("u1", 0xFF), "sint16": ("<i2", 0x7FFF),
    "uint16": ("<u2", 0xFFFF), "sint32": ("<i4", 0x7FFFFFFF), "uint32": ("<u4", 0xFFFFFFFF),
    "uint8z": ("u1", 0), "uint16z": ("<u2", 0), "uint32z": ("<u4", 0), "byte": ("u1", 0xFF),
}  # fmt: skip
_MESSAGES = {m.name: (num, m) for num, m in profile.MESSAGE_TYPES.items()}
_PROFILE_VERSION = 2132


def _field(message: str, name: str):
    fields = {f.name: f for f in _MESSAGES[message][1].fields.values()}
    if name not in fields:
        msg = f"FIT message {message!r} has no field {name!r}"
        raise KeyError(msg)
    return fields[name]


def _raw(field, values: np.ndarray | object, n: int) -> tuple[np.ndarray, str]:
    base = field.type.base_type.name if hasattr(field.type, "base_type") else field.type.name
    dtype, invalid = _BASE[base]
    enum = getattr(field.type, "enum", None)
    if enum and (isinstance(values, str) or (isinstance(values, np.ndarray) and values.dtype.kind == "U")):
        inverse = {v: k for k, v in enum.items()}
        values = np.vectorize(inverse.__getitem__, otypes=[float])(values) if isinstance(values, np.ndarray) else inverse[values]
    if isinstance(values, datetime):
        values = values.timestamp()
    given = np.asarray(values, dtype=float)
    array = np.broadcast_to(given, (n, given.shape[1]) if given.ndim == 2 else (n,)).copy()
    if field.type.name in ("date_time", "local_date_time"):
        array = array - FIT_EPOCH_S
    scale = field.scale or 1
    offset = field.offset or 0
    scaled = np.round((array + offset) * scale)
    info = np.iinfo(np.dtype(dtype))
    bad = ~np.isfinite(scaled) | (scaled < info.min) | (scaled > info.max) | (scaled == invalid)
    return np.where(bad, invalid, scaled).astype(dtype), dtype


class FitWriter:
    """Build a FIT file message by message; :meth:`to_bytes` adds the header and CRCs."""

    def __init__(self) -> None:
        self._body: list[bytes] = []
        self._locals: dict[tuple[str, tuple[str, ...]], int] = {}
        self._next_local = 0

    def write(self, message: str, values: Mapping[str, object], n: int | None = None) -> None:
        """Append ``n`` messages of one type; each value is a scalar or an array of length ``n``."""
        names = tuple(values)
        if n is None:
            lengths = {len(v) for v in values.values() if isinstance(v, np.ndarray)}
            n = lengths.pop() if lengths else 1
        fields = [_field(message, name) for name in names]
        columns = [_raw(field, values[name], n) for field, name in zip(fields, names, strict=True)]
        key = (message, names, tuple(array.shape[1:] for array, _ in columns))
        if key not in self._locals:
            # 16 local message numbers; reusing one redefines it (the older type must be redefined later)
            local, self._next_local = self._next_local, (self._next_local + 1) % 16
            self._locals = {k: v for k, v in self._locals.items() if v != local}
            self._locals[key] = local
            definition = struct.pack("<BBBHB", 0x40 | local, 0, 0, _MESSAGES[message][0], len(fields))
            for field, (array, _) in zip(fields, columns, strict=True):
                base = field.type.base_type if hasattr(field.type, "base_type") else field.type
                length = array.shape[1] if array.ndim == 2 else 1
                definition += struct.pack("<BBB", field.def_num, base.size * length, base.identifier)
            self._body.append(definition)
        local = self._locals[key]
        rows = np.zeros(n, dtype=[("header", "u1")] + [(f"f{i}", dtype, array.shape[1:]) for i, (array, dtype) in enumerate(columns)])
        rows["header"] = local
        for i, (array, _) in enumerate(columns):
            rows[f"f{i}"] = array
        self._body.append(rows.tobytes())

    def to_bytes(self) -> bytes:
        """The complete file: 14-byte header with its CRC, the messages, and the file CRC."""
        body = b"".join(self._body)
        header = struct.pack("<BBHI4s", 14, 0x20, _PROFILE_VERSION, len(body), b".FIT")
        header += struct.pack("<H", compute_crc(header))
        data = header + body
        return data + struct.pack("<H", compute_crc(data))
