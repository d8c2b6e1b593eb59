"""A vectorised FIT reader for the common case; fitdecode stays the reference and the fallback.

Real watch files interleave their ``record`` messages with HRV, event, device and developer
messages, often one or two of them between every two records, and Suunto writes two record
definitions in turn. So the reader never works per run of messages. It works per *definition*:

1. One tight pass over the message headers (the only per-message Python work): each data
   message's offset is appended to one list and the walk steps by the size of the definition
   in force for its header byte (a 256-entry table). Definitions are parsed as they come.
2. Each message's definition is found afterwards, in numpy: per local message number, the last
   definition of that number before the message (``searchsorted`` over the definitions' offsets).
3. Per definition, its messages' bytes become one (n, size) matrix: a strided view of the file
   when they are evenly spaced, else one fancy-index gather. Each ``record`` field is then a
   strided view of that matrix, converted in one pass (both byte orders, the base type's invalid
   value to NaN, scale and offset applied) and scattered to the records' rows in file order.
4. The few other messages (file_id, session, lap, device_info, activity, sport, developer field
   descriptions, a strength activity's sets) are decoded one by one, in file order, with enum names
   and subfields resolved (and a set's array fields, as fitdecode gives them).

Field numbers, types, scales, offsets, enums and subfields all come from fitdecode's generated
profile (the FIT SDK profile), not from a hand-copied table. The CRC is checked natively
(``anycrc``). Anything unusual raises :class:`Unsupported` and the caller uses fitdecode:
compressed timestamp headers, CRC or header damage, truncation, undefined local messages, fields
whose size is not their type's, component-packed speed.
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
_WANTED = {0: "file_id", 18: "session", 19: "lap", 23: "device_info", 34: "activity", 12: "sport", 206: "field_description", 225: "set"}
#: messages whose array fields are read (as tuples, like fitdecode): a strength set's exercise categories
_ARRAYS_READ = {225}
_RECORD_FIELDS = {f.name: f for f in profile.MESSAGE_TYPES[_RECORD].fields.values()}
_ITEMSIZE = {base: np.dtype(dtype).itemsize for base, (dtype, _) in _BASE.items()}


def _expansions(global_num: int) -> dict[str, tuple[Any, list[tuple[Any, tuple[tuple[str, int], ...]]]]]:
    """Per field name of a message type: the one component it expands into (or None) and its
    subfields with the (field, raw value) pairs that select each; only fields that have either."""
    out = {}
    for f in profile.MESSAGE_TYPES[global_num].fields.values():
        components = getattr(f, "components", None) or []
        component = components[0] if len(components) == 1 and not components[0].bit_offset else None
        subfields = [(sub, tuple((ref.name, ref.raw_value) for ref in sub.ref_fields)) for sub in f.subfields or ()]
        if component is not None or subfields:
            out[f.name] = (component, subfields)
    return out


#: each wanted message type's expansions, built once (a session message has over a hundred fields)
_EXPANSIONS = {num: _expansions(num) for num in _WANTED}


class TooManyRecords(Exception):  # noqa: N818 - a limit reached, turned into the reader's own error
    """The file holds more records than one import may hold in memory (see :data:`MAX_RECORDS`)."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count:,} records")
        self.count = count


#: most records one FIT file may hold, all its sessions together: the samples limit of every reader
#: (``runsense.parsers._samples.MAX_SAMPLES``, 69 hours at one a second), which keeps one import
#: under 400 MB (a 1.2 M-record chained file peaked at 627 MB)
MAX_RECORDS = 250_000


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
    layout: _Layout | None = None  # built on first use, for non-record messages

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


@dataclass
class _Walk:
    """What the header walk found: every data message's offset; every distinct definition (some
    devices declare the same layout again before each message: one definition, one gather); and
    each declaration, in file order: its offset, local message number and definition index."""

    positions: list[int] = field(default_factory=list)
    definitions: list[_Definition] = field(default_factory=list)
    declared: list[tuple[int, int, int]] = field(default_factory=list)
    layouts: dict[bytes, int] = field(default_factory=dict)  # a definition's bytes -> its index


def _check_crc(buf: bytes, start: int, end: int) -> None:
    crc = int.from_bytes(buf[end : end + 2], "little")
    if crc != 0 and _CRC.calc(buf[start:end]) != crc:
        raise Unsupported("CRC mismatch")


def read(buf: bytes, wanted_record_fields: tuple[str, ...]) -> FastResult:
    """Decode every chained FIT file in ``buf``. Raises Unsupported for anything unusual."""
    walk = _Walk()
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
        _walk(buf, start, end, walk)
        pos = end + 2
    return _gather(buf, walk, wanted_record_fields)


def _walk(buf: bytes, pos: int, end: int, walk: _Walk) -> None:
    """The header walk of one FIT file's data: the only loop that turns once per message, so it does
    one table look-up and one append per data message and nothing else. ``steps`` holds, per header
    byte, the size of the definition in force plus one (0: not a data header of a defined local
    message, handled by :func:`_definition`)."""
    steps = [0] * 256
    append = walk.positions.append
    while pos < end:
        step = steps[buf[pos]]
        if step:
            append(pos)
            pos += step
        else:
            pos = _definition(buf, pos, end, steps, walk)
    if pos != end:
        raise Unsupported("message runs past the end of the data")


def _definition(buf: bytes, pos: int, end: int, steps: list[int], walk: _Walk) -> int:
    """Parse the definition message at ``pos`` (anything else here falls back) and put it in force."""
    header = buf[pos]
    if header & 0x80:
        raise Unsupported("compressed timestamp headers")
    local = header & 0x0F
    if not header & 0x40:
        raise Unsupported(f"local message {local} used before its definition")
    if pos + 6 > end:
        raise Unsupported("truncated definition")
    if buf[pos + 2] > 1:  # fitdecode reads any other value as big endian; the FIT protocol knows 0 and 1
        raise Unsupported(f"architecture byte {buf[pos + 2]} in a definition")
    fields_end = pos + 6 + 3 * buf[pos + 5]
    n_dev = buf[fields_end] if header & 0x20 and fields_end < end else None
    layout_end = fields_end if n_dev is None else fields_end + 1 + 3 * n_dev
    if layout_end > end:
        raise Unsupported("truncated definition")
    key = bytes([header & 0x20]) + buf[pos + 2 : layout_end]
    index = walk.layouts.get(key)
    if index is None:
        big_endian = buf[pos + 2] == 1
        global_num = struct.unpack_from(">H" if big_endian else "<H", buf, pos + 3)[0]
        fields = [tuple(buf[i : i + 3]) for i in range(pos + 6, fields_end, 3)]
        dev_fields = [] if n_dev is None else [tuple(buf[i : i + 3]) for i in range(fields_end + 1, layout_end, 3)]
        index = walk.layouts[key] = len(walk.definitions)
        walk.definitions.append(_Definition(global_num, big_endian, fields, dev_fields))  # type: ignore[arg-type]
    walk.declared.append((pos, local, index))
    for reserved_bits in (0x00, 0x10, 0x20, 0x30):  # a data header's bits 4-5 are reserved: its local number is bits 0-3
        steps[local | reserved_bits] = walk.definitions[index].size + 1
    return layout_end


def _definition_ids(data: np.ndarray, positions: np.ndarray, walk: _Walk) -> np.ndarray:
    """Each data message's definition: per local message number, the last one declared before it."""
    ids = np.empty(len(positions), dtype=np.int64)
    if not len(positions):
        return ids
    local_of_message = data[positions] & 0x0F
    declared = np.array(walk.declared, dtype=np.int64).reshape(-1, 3)
    for local in np.unique(declared[:, 1]):
        of_local = declared[declared[:, 1] == local]
        mask = local_of_message == local
        ids[mask] = of_local[np.searchsorted(of_local[:, 0], positions[mask], side="right") - 1, 2]
    return ids


def _messages(data: np.ndarray, starts: np.ndarray, step: int) -> np.ndarray:
    """The bytes of messages of one definition as an (n, step) matrix, header byte first: a strided
    view of the file when they are evenly spaced (tidy files), else one gather (real files)."""
    n = len(starts)
    if int(starts[-1] - starts[0]) == (n - 1) * step:  # strictly increasing and never closer than a step: all evenly spaced
        return np.ndarray((n, step), dtype=np.uint8, buffer=data, offset=int(starts[0]), strides=(step, 1))
    return data[starts[:, None] + np.arange(step)]


def _column(messages: np.ndarray, offset: int, base: int, big_endian: bool) -> np.ndarray:
    """One field of messages of one definition as float64, invalid values as NaN: a strided view of
    their bytes, converted in one pass."""
    dtype = np.dtype(_BASE[base][0]).newbyteorder(">" if big_endian else "<")
    values = messages[:, 1 + offset : 1 + offset + dtype.itemsize].view(dtype)[:, 0]
    out = values.astype(float)
    invalid = _BASE[base][1]
    if invalid is not None:
        out[values == invalid] = np.nan
    return out


def _gather(buf: bytes, walk: _Walk, wanted: tuple[str, ...]) -> FastResult:
    data = np.frombuffer(buf, dtype=np.uint8)
    positions = np.array(walk.positions, dtype=np.int64)
    def_ids = _definition_ids(data, positions, walk)
    globals_ = np.array([d.global_num for d in walk.definitions], dtype=np.int64)
    global_of_message = globals_[def_ids] if len(globals_) else np.zeros(0, dtype=np.int64)
    decoded = [(_WANTED[int(global_of_message[i])], _message(buf, walk.definitions[def_ids[i]], int(positions[i])))
               for i in np.flatnonzero(np.isin(global_of_message, list(_WANTED)))]  # fmt: skip
    is_record = global_of_message == _RECORD
    record_row = np.cumsum(is_record) - 1  # each record message's row in the columns (file order)
    n_total = int(is_record.sum())
    if n_total > MAX_RECORDS:
        raise TooManyRecords(n_total)  # before any column is allocated
    columns = {name: np.full(n_total, np.nan) for name in wanted}
    dev_power = np.full(n_total, np.nan)
    order = np.argsort(def_ids, kind="stable")  # messages grouped by definition, each group in file order
    bounds = np.searchsorted(def_ids[order], np.arange(len(walk.definitions) + 1))
    power_dev = _developer_power_fields(decoded)
    for d in np.flatnonzero(globals_ == _RECORD):
        group = order[bounds[d] : bounds[d + 1]]
        if len(group):
            definition = walk.definitions[d]
            messages = _messages(data, positions[group], definition.size + 1)
            _record_columns(messages, definition, record_row[group], columns, dev_power, power_dev)
    return FastResult(columns, dev_power, [(n, m) for n, m in decoded if n != "field_description"], n_total)


def _developer_power_fields(decoded: list[tuple[str, dict[str, Any]]]) -> dict[tuple[int, int], Any]:
    """Which developer fields (data index, field number) are a Power in watts, with their base type."""
    base_ids = {name: value for value, name in profile.FIELD_TYPES["fit_base_type"].enum.items()}
    return {
        (int(m.get("developer_data_index", -1)), int(m.get("field_definition_number", -1))): base_ids.get(m.get("fit_base_type_id"), m.get("fit_base_type_id"))
        for name, m in decoded
        if name == "field_description" and str(m.get("field_name", "")).lower() == "power" and str(m.get("units", "")).lower() in {"watts", "w"}
    }


def _checked_base(name: str, size: int, base: int) -> int:
    if size != _ITEMSIZE.get(base):
        raise Unsupported(f"record field {name} of size {size} for base type {base:#x}")
    return base


def _record_columns(messages: np.ndarray, definition: _Definition, rows: np.ndarray, columns: dict[str, np.ndarray], dev_power: np.ndarray, power_dev: dict) -> None:
    """Scatter one record definition's fields (and developer power) into the columns' ``rows``."""
    start, seen = 0, set()
    for num, size, base in definition.fields:
        start += size
        f = profile.MESSAGE_TYPES[_RECORD].fields.get(num)
        if f is None or f.name not in columns:
            continue
        values = _column(messages, start - size, _checked_base(f.name, size, base), definition.big_endian)
        scale, offset = f.scale or 1, f.offset or 0
        values = values / scale - offset if scale != 1 or offset != 0 else values
        if num in seen:  # a field declared again: fitdecode keeps each message's first valid value
            values = np.where(np.isnan(columns[f.name][rows]), values, columns[f.name][rows])
        columns[f.name][rows] = values
        seen.add(num)
    for num, size, base in definition.fields:
        # a field with one component expands into it (altitude → enhanced_altitude), as fitdecode does
        f = profile.MESSAGE_TYPES[_RECORD].fields.get(num)
        components = (getattr(f, "components", None) or []) if f is not None else []
        used = [c for c in components if c.name in columns and _RECORD_FIELDS[c.name].def_num not in definition.offsets]
        if not used:
            continue
        if len(components) != 1 or components[0].bit_offset or getattr(components[0], "accumulate", False):
            raise Unsupported(f"multi-component field {f.name}")
        if sum(1 for other, _, _ in definition.fields if other == num) > 1:
            raise Unsupported(f"record field {f.name}, which expands into {components[0].name}, declared twice in one definition")
        raw = _column(messages, definition.offsets[num], _checked_base(f.name, size, base), definition.big_endian)
        mask = (1 << components[0].bits) - 1
        finite = np.isfinite(raw)
        expanded = np.full(len(raw), np.nan)
        expanded[finite] = raw[finite].astype(np.int64) & mask
        scale, offset = components[0].scale or 1, components[0].offset or 0
        columns[components[0].name][rows] = expanded / scale - offset
    for (index, num), (offset, size) in definition.dev_offsets.items():
        base = power_dev.get((index, num))
        if base is not None and size == _ITEMSIZE.get(base):
            dev_power[rows] = _column(messages, offset, base, definition.big_endian)


@dataclass(frozen=True)
class _Layout:
    """How one definition's non-record messages are read: one ``struct`` call for all their fields
    (arrays, unknown fields and developer fields skipped as padding), then the profile field of
    each value read, with its invalid value (``None``: a string or a float)."""

    struct: struct.Struct
    fields: list[tuple[Any, int | None, int]]  # (profile field, invalid value, how it is read: _STRING, _SCALAR_VALUE or its array length)
    arrays: bool = False  # some field is an array (one struct value per element)


_STRING, _SCALAR_VALUE = -1, 0


def _layout(definition: _Definition) -> _Layout:
    if definition.layout is None:
        message_type = profile.MESSAGE_TYPES[definition.global_num]
        codes, fields = [], []
        for num, size, base in definition.fields:
            f = message_type.fields.get(num)
            itemsize = _ITEMSIZE.get(base)
            if f is not None and base == 0x07:  # string
                codes.append(f"{size}s")
                fields.append((f, None, _STRING))
            elif f is not None and size == itemsize:
                codes.append(_SCALAR[base, definition.big_endian].format[1:])
                fields.append((f, _BASE[base][1], _SCALAR_VALUE))
            elif f is not None and itemsize and size % itemsize == 0 and definition.global_num in _ARRAYS_READ:
                codes.append(f"{size // itemsize}{_SCALAR[base, definition.big_endian].format[1:]}")
                fields.append((f, _BASE[base][1], size // itemsize))
            else:
                codes.append(f"{size}x")  # arrays and fields the profile does not name: not needed here
        definition.layout = _Layout(struct.Struct((">" if definition.big_endian else "<") + "".join(codes)), fields, any(kind > 0 for _, _, kind in fields))
    return definition.layout


def _group_arrays(layout: _Layout, unpacked: tuple[Any, ...], values: dict[str, Any]) -> list[Any]:
    """Put each array field's values in ``values`` as a tuple, invalid ones as None (as fitdecode
    gives them); returns one value per field of the layout (None for the arrays)."""
    out, i = [], 0
    for f, invalid, kind in layout.fields:
        if kind > 0:
            values.setdefault(f.name, tuple(None if v == invalid else v for v in unpacked[i : i + kind]))
            out.append(None)
            i += kind
        else:
            out.append(unpacked[i])
            i += 1
    return out


def _message(buf: bytes, definition: _Definition, pos: int) -> dict[str, Any]:
    """One non-record message as ``{name: value}`` like fitdecode (enum names, scale, subfields)."""
    layout = _layout(definition)
    raw: dict[str, Any] = {}
    values: dict[str, Any] = {}
    unpacked = layout.struct.unpack_from(buf, pos + 1)
    if layout.arrays:
        unpacked = _group_arrays(layout, unpacked, values)
    for (f, invalid, kind), value in zip(layout.fields, unpacked, strict=True):
        if kind > 0:
            continue  # an array, read above
        if kind == _STRING:
            values.setdefault(f.name, value.split(b"\0", 1)[0].decode("utf-8", "replace") or None)
        elif (invalid is None or value != invalid) and f.name not in raw:  # a field declared twice: the first wins, as in fitdecode
            raw[f.name] = value
            values[f.name] = _physical(f, value)
    expansions = _EXPANSIONS[definition.global_num]
    for name, value in list(raw.items()):
        if name not in expansions:
            continue
        component, subfields = expansions[name]
        if component is not None and component.name not in raw:
            c = component
            values[c.name] = (int(value) & ((1 << c.bits) - 1)) / (c.scale or 1) - (c.offset or 0)
        for sub, refs in subfields:
            if any(raw.get(ref_name) == raw_value for ref_name, raw_value in refs):
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
