"""A vectorised FIT reader for the common case; fitdecode stays the reference and the fallback.

How it works:

1. One light pass over the message headers. Definitions are parsed as they come; data messages
   are skipped by size. A run of consecutive ``record`` messages of one definition is found in
   one numpy comparison over a strided view of their header bytes, so the Python loop turns once
   per *run*, not once per sample.
2. Each ``record`` field becomes a numpy column in one gather over the message offsets (both
   byte orders, the base type's invalid value to NaN, scale and offset applied).
3. The few other messages (file_id, session, lap, device_info, activity, sport, developer
   field descriptions) are decoded one by one, with enum names and subfields resolved.

Field numbers, types, scales, offsets, enums and subfields all come from fitdecode's generated
profile (the FIT SDK profile), not from a hand-copied table. The CRC is checked natively
(``anycrc``). Anything unusual raises :class:`Unsupported` and the caller uses fitdecode:
compressed timestamp headers, CRC or header damage, truncation, undefined local messages, fields
whose size is not their type's, a big-endian ``record`` definition, component-packed speed.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any

import anycrc
import numpy as np
from fitdecode import profile

_CRC = anycrc.Model("CRC16-ARC")  # the FIT SDK's CRC (poly 0xA001 reflected, init 0)

#: numpy dtype (little endian) and invalid sentinel per base type identifier
_BASE: dict[int, tuple[str, int | None]] = {
    0x00: ("u1", 0xFF), 0x01: ("i1", 0x7F), 0x02: ("u1", 0xFF), 0x83: ("<i2", 0x7FFF), 0x84: ("<u2", 0xFFFF),
    0x85: ("<i4", 0x7FFFFFFF), 0x86: ("<u4", 0xFFFFFFFF), 0x88: ("<f4", None), 0x89: ("<f8", None), 0x0A: ("u1", 0),
    0x8B: ("<u2", 0), 0x8C: ("<u4", 0), 0x0D: ("u1", 0xFF), 0x8E: ("<i8", 0x7FFFFFFFFFFFFFFF), 0x8F: ("<u8", 0xFFFFFFFFFFFFFFFF),
    0x90: ("<u8", 0),
}  # fmt: skip
#: each base type as a struct of its byte order, for fields read one at a time
_STRUCT_CODES = {("u", 1): "B", ("i", 1): "b", ("u", 2): "H", ("i", 2): "h", ("u", 4): "I", ("i", 4): "i", ("u", 8): "Q", ("i", 8): "q", ("f", 4): "f", ("f", 8): "d"}
_SCALAR: dict[tuple[int, bool], struct.Struct] = {
    (base, big): struct.Struct((">" if big else "<") + _STRUCT_CODES[np.dtype(dtype).kind, np.dtype(dtype).itemsize])
    for base, (dtype, _) in _BASE.items()
    for big in (False, True)
}
_RECORD = 20
_FIELD_DESCRIPTION = 206
#: messages decoded one by one (besides records)
_WANTED = {0: "file_id", 18: "session", 19: "lap", 23: "device_info", 34: "activity", 12: "sport", 206: "field_description"}
_RECORD_FIELDS = {f.name: f for f in profile.MESSAGE_TYPES[_RECORD].fields.values()}


class Unsupported(Exception):  # noqa: N818 - a signal to fall back, not an error for users
    """The fast path does not handle this file; the reason says why (fitdecode will read it)."""


@dataclass
class _Definition:
    global_num: int
    big_endian: bool
    fields: list[tuple[int, int, int]]  # (def_num, size, base type)
    dev_fields: list[tuple[int, int, int]]  # (field num, size, developer data index)
    size: int = 0
    offsets: dict[int, int] = field(default_factory=dict)
    dev_offsets: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        offset = 0
        for num, size, _ in self.fields:
            self.offsets.setdefault(num, offset)
            offset += size
        for num, size, index in self.dev_fields:
            self.dev_offsets[(index, num)] = (offset, size)
            offset += size
        self.size = offset


@dataclass
class FastResult:
    """What the fast pass found: record columns plus the few other messages, decoded."""

    columns: dict[str, np.ndarray]
    dev_power: np.ndarray
    messages: list[tuple[str, dict[str, Any]]]
    n_records: int


def _check_crc(buf: bytes, start: int, end: int) -> None:
    crc = int.from_bytes(buf[end : end + 2], "little")
    if crc != 0 and _CRC.calc(buf[start:end]) != crc:
        raise Unsupported("CRC mismatch")


def read(buf: bytes, wanted_record_fields: tuple[str, ...]) -> FastResult:
    """Decode every chained FIT file in ``buf``. Raises Unsupported for anything unusual."""
    data = np.frombuffer(buf, dtype=np.uint8)
    runs: list[tuple[_Definition, int, int]] = []  # (definition, first offset, count)
    messages: list[tuple[_Definition, int]] = []
    pos = 0
    while pos < len(buf):
        if len(buf) - pos < 12 or buf[pos + 8 : pos + 12] != b".FIT":
            if pos == 0:
                raise Unsupported("no FIT header")
            if any(buf[pos:]):
                raise Unsupported("trailing bytes after the last chained file")
            break
        header_size = buf[pos]
        data_size = int.from_bytes(buf[pos + 4 : pos + 8], "little")
        start, end = pos + header_size, pos + header_size + data_size
        if header_size not in (12, 14) or end + 2 > len(buf):
            raise Unsupported("truncated or malformed header")
        if header_size == 14:
            header_crc = int.from_bytes(buf[pos + 12 : pos + 14], "little")
            if header_crc != 0 and _CRC.calc(buf[pos : pos + 12]) != header_crc:
                raise Unsupported("header CRC mismatch")
        _check_crc(buf, pos, end)
        _scan(buf, data, start, end, runs, messages)
        pos = end + 2
    return _gather(buf, data, runs, messages, wanted_record_fields)


def _scan(buf: bytes, data: np.ndarray, pos: int, end: int, runs: list, messages: list) -> None:
    definitions: dict[int, _Definition] = {}
    while pos < end:
        header = buf[pos]
        if header & 0x80:
            raise Unsupported("compressed timestamp headers")
        local = header & 0x0F
        if header & 0x40:
            if pos + 6 > end:
                raise Unsupported("truncated definition")
            big_endian = buf[pos + 2] == 1
            global_num = struct.unpack(">H" if big_endian else "<H", buf[pos + 3 : pos + 5])[0]
            n_fields = buf[pos + 5]
            fields_end = pos + 6 + 3 * n_fields
            fields = [tuple(buf[i : i + 3]) for i in range(pos + 6, fields_end, 3)]
            dev_fields: list = []
            if header & 0x20:
                n_dev = buf[fields_end]
                dev_fields = [tuple(buf[i : i + 3]) for i in range(fields_end + 1, fields_end + 1 + 3 * n_dev, 3)]
                fields_end += 1 + 3 * n_dev
            definitions[local] = _Definition(global_num, big_endian, fields, dev_fields)  # type: ignore[arg-type]
            pos = fields_end
            continue
        definition = definitions.get(local)
        if definition is None:
            raise Unsupported(f"local message {local} used before its definition")
        step = definition.size + 1
        if definition.global_num == _RECORD:
            count = _run_length(data, pos, end, step, header)
            if count == 0:  # the message does not fit before the end of the data (found by fuzzing)
                raise Unsupported("record message runs past the end of the data")
            runs.append((definition, pos, count))
            pos += count * step
        else:
            if definition.global_num in _WANTED:
                messages.append((definition, pos))
            pos += step
        if pos > end:
            raise Unsupported("message runs past the end of the data")


def _run_length(data: np.ndarray, pos: int, end: int, step: int, header: int) -> int:
    """How many consecutive messages of ``step`` bytes start here with the same header byte."""
    count = 0
    chunk = 64
    while True:
        available = (end - pos) // step - count
        if available <= 0:
            return count
        n = min(chunk, available)
        first = pos + count * step
        headers = data[first : first + n * step : step]
        mismatch = np.flatnonzero(headers != header)
        if len(mismatch):
            return count + int(mismatch[0])
        count += n
        chunk = min(chunk * 8, 65536)


def _column(data: np.ndarray, starts: slice, offset: int, base: int, big_endian: bool) -> np.ndarray:
    """One field of a run of same-definition messages (``starts``: their first bytes, a fixed step
    apart) as float64, invalid values as NaN: a strided view of the bytes, converted in one pass."""
    dtype, invalid = _BASE[base]
    order = ">" if big_endian else "<"
    count = len(range(starts.start, starts.stop, starts.step))
    values = np.ndarray((count,), dtype=np.dtype(dtype).newbyteorder(order), buffer=data, offset=starts.start + 1 + offset, strides=(starts.step,))
    out = values.astype(float)
    if invalid is not None:
        out[values == invalid] = np.nan
    return out


def _gather(buf: bytes, data: np.ndarray, runs: list, messages: list, wanted: tuple[str, ...]) -> FastResult:
    # developer field descriptions: which (index, number) is a Power field in watts
    decoded = [(_WANTED[d.global_num], _message(buf, d, pos)) for d, pos in messages]
    base_ids = {name: value for value, name in profile.FIELD_TYPES["fit_base_type"].enum.items()}
    power_dev = {
        (int(m.get("developer_data_index", -1)), int(m.get("field_definition_number", -1))): base_ids.get(m.get("fit_base_type_id"), m.get("fit_base_type_id"))
        for name, m in decoded
        if name == "field_description" and str(m.get("field_name", "")).lower() == "power" and str(m.get("units", "")).lower() in {"watts", "w"}
    }
    n_total = sum(count for _, _, count in runs)
    columns = {name: np.full(n_total, np.nan) for name in wanted}
    dev_power = np.full(n_total, np.nan)
    cursor = 0
    for definition, first, count in runs:
        starts = slice(first, first + count * (definition.size + 1), definition.size + 1)
        sl = slice(cursor, cursor + count)
        for num, size, base in definition.fields:
            f = profile.MESSAGE_TYPES[_RECORD].fields.get(num)
            if f is None or f.name not in columns:
                continue
            if base not in _BASE or size != np.dtype(_BASE[base][0]).itemsize:
                raise Unsupported(f"record field {f.name} of size {size} for base type {base:#x}")
            values = _column(data, starts, definition.offsets[num], base, definition.big_endian)
            scale, offset = f.scale or 1, f.offset or 0
            columns[f.name][sl] = values / scale - offset if scale != 1 or offset != 0 else values
        for num, size, base in definition.fields:
            # a field with one component expands into it (altitude → enhanced_altitude), as fitdecode does
            f = profile.MESSAGE_TYPES[_RECORD].fields.get(num)
            components = (getattr(f, "components", None) or []) if f is not None else []
            used = [c for c in components if c.name in columns and _RECORD_FIELDS[c.name].def_num not in definition.offsets]
            if not used:
                continue
            if len(components) != 1 or components[0].bit_offset or getattr(components[0], "accumulate", False):
                raise Unsupported(f"multi-component field {f.name}")
            if base not in _BASE or size != np.dtype(_BASE[base][0]).itemsize:
                raise Unsupported(f"record field {f.name} of size {size} for base type {base:#x}")
            target = _RECORD_FIELDS[components[0].name]
            raw = _column(data, starts, definition.offsets[num], base, definition.big_endian)
            mask = (1 << components[0].bits) - 1
            finite = np.isfinite(raw)
            expanded = np.full(count, np.nan)
            expanded[finite] = raw[finite].astype(np.int64) & mask
            scale, offset = components[0].scale or 1, components[0].offset or 0
            columns[target.name][sl] = expanded / scale - offset
        for (index, num), (offset, size) in definition.dev_offsets.items():
            base = power_dev.get((index, num))
            if base is not None and base in _BASE and size == np.dtype(_BASE[base][0]).itemsize:
                dev_power[sl] = _column(data, starts, offset, base, definition.big_endian)
        cursor += count
    return FastResult(columns, dev_power, [(n, m) for n, m in decoded if n != "field_description"], n_total)


def _message(buf: bytes, definition: _Definition, pos: int) -> dict[str, Any]:
    """One non-record message as ``{name: value}`` like fitdecode (enum names, scale, subfields)."""
    message_type = profile.MESSAGE_TYPES[definition.global_num]
    raw: dict[str, Any] = {}
    values: dict[str, Any] = {}
    offset = pos + 1
    for num, size, base in definition.fields:
        start, offset = offset, offset + size
        f = message_type.fields.get(num)
        if f is None:
            continue
        if base == 0x07:  # string
            text = buf[start:offset].split(b"\0", 1)[0].decode("utf-8", "replace")
            values.setdefault(f.name, text or None)
            continue
        if base not in _BASE:
            continue
        scalar = _SCALAR[base, definition.big_endian]
        if size != scalar.size:
            continue  # arrays: not needed here
        value = scalar.unpack_from(buf, start)[0]
        invalid = _BASE[base][1]
        if invalid is not None and value == invalid:
            continue
        if f.name not in raw:  # a field number declared twice: the first wins, as in fitdecode
            raw[f.name] = value
            values[f.name] = _physical(f, value)
    by_name = {x.name: x for x in message_type.fields.values()}
    for name, value in list(raw.items()):
        f = by_name[name]
        components = getattr(f, "components", None) or []
        if len(components) == 1 and not components[0].bit_offset and components[0].name not in raw:
            c = components[0]
            values[c.name] = (int(value) & ((1 << c.bits) - 1)) / (c.scale or 1) - (c.offset or 0)
        for sub in f.subfields or ():
            if any(raw.get(ref.name) == ref.raw_value for ref in sub.ref_fields):
                values[sub.name] = _physical(sub, value)
                values.pop(name, None)
                break
    return values


def _physical(f: Any, value: int | float) -> Any:
    enum = getattr(f.type, "enum", None)
    if enum:
        return enum.get(value, value)
    scale, offset = f.scale or 1, f.offset or 0
    if scale != 1 or offset != 0:
        return value / scale - offset
    return value
