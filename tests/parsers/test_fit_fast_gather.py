"""The fast FIT reader on real watch files whose record messages are not in tidy runs.

Garmin writes HRV, event and device messages between records, Suunto two record definitions in
turn, Stryd developer fields. The reader gathers each record field once per *definition*,
wherever its messages sit (it used to gather once per run of consecutive records: about 25,000
gathers a file, as slow as fitdecode), and once per distinct layout when a device declares the
same definition again before each message. Values are checked against fitdecode, the reference.
"""

from __future__ import annotations

import io

import anycrc
import fitdecode
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runsense.parsers import fit_fast
from runsense.parsers.fit import _RAW_FIELDS, _RECORD_FIELDS, _decode_fast, _decode_fitdecode, decode
from tests.conftest import CORPUS, ROOT

WANTED = (*_RECORD_FIELDS, *_RAW_FIELDS)
INTERLEAVED = (
    "GoldenCheetah/HRV-Data.fit",  # Garmin, an HRV message after every record
    "GoldenCheetah/Move_2020_01_15_19_27_16_Running.fit",  # Suunto, two record definitions in turn
    "GoldenCheetah/Fr955v19.28andStryd.fit",  # Garmin FR955 with a Stryd pod's developer fields
    "elevate/loup-blanc.fit",  # about six other messages per record
)
REDECLARING = "fit-parser/test2.fit"  # 5,868 declarations of 9 layouts for 3,913 records


def _record_layouts(data: bytes) -> int:
    """How many different record definitions the file declares (as fitdecode reads them)."""
    layouts = set()
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDefinitionMessage) and frame.name == "record":
                fields = tuple((f.def_num, f.size, f.base_type.name) for f in frame.field_defs)
                layouts.add((frame.endian, fields, tuple((f.dev_data_index, f.def_num, f.size) for f in frame.dev_field_defs or ())))
    return len(layouts)


def _assert_same_records(data: bytes) -> None:
    fast, reference = _decode_fast(data), _decode_fitdecode(data)
    assert reference.error is None
    assert fast.n_records == reference.n_records > 0
    for name, values in reference.columns.items():
        np.testing.assert_array_equal(fast.columns[name], np.asarray(values, dtype=float), err_msg=name)
    np.testing.assert_array_equal(fast.dev_power, np.asarray(reference.dev_power, dtype=float), err_msg="developer power")


@pytest.mark.parametrize("name", [*INTERLEAVED, REDECLARING])
def test_each_record_field_is_gathered_once_per_definition(name, monkeypatch):
    data = (CORPUS / name).read_bytes()
    calls = []
    column = fit_fast._column
    monkeypatch.setattr(fit_fast, "_column", lambda *args: calls.append(args) or column(*args))
    result = fit_fast.read(data, WANTED)
    layouts = _record_layouts(data)
    assert 0 < len(calls) <= layouts * (len(WANTED) + 1)  # every wanted field, plus developer power
    assert result.n_records > 20 * layouts  # so a gather per run of records, or per declaration, would have shown


def test_a_file_that_declares_its_layout_before_each_record_equals_fitdecode():
    _assert_same_records((CORPUS / REDECLARING).read_bytes())


@pytest.mark.parametrize("name", INTERLEAVED)
def test_interleaved_records_equal_fitdecode(name):
    _assert_same_records((CORPUS / name).read_bytes())


def test_chained_real_files_equal_fitdecode():
    """Two watches' files back to back (a chained FIT file): definitions start afresh in the second."""
    data = b"".join((CORPUS / name).read_bytes() for name in INTERLEAVED[:2])
    _assert_same_records(data)


def test_a_file_cut_short_falls_back_to_fitdecode_with_a_reason():
    data = (CORPUS / INTERLEAVED[0]).read_bytes()
    with pytest.raises(fit_fast.Unsupported, match="truncated"):
        fit_fast.read(data[: len(data) // 2], WANTED)
    decoded = decode(data[: len(data) // 2])
    assert decoded.decoder == "fitdecode (truncated or malformed header)"
    assert decoded.n_records > 0


_CRC = anycrc.Model("CRC16-ARC")


def _with_crcs(header: bytes, body: bytes) -> bytes:
    """A one-file FIT stream around ``body``, its header and file CRCs computed."""
    head = bytearray(header[:12])
    head[0], head[4:8] = 14, len(body).to_bytes(4, "little")
    head += _CRC.calc(bytes(head)).to_bytes(2, "little")
    out = bytes(head) + body
    return out + _CRC.calc(out).to_bytes(2, "little")


def _first_messages(name: str, n: int) -> bytes:
    """A real file's first ``n`` messages as a valid FIT file (definitions come first, so it reads)."""
    data = (CORPUS / name).read_bytes()
    walk = fit_fast._Walk()
    fit_fast._walk(data, data[0], data[0] + int.from_bytes(data[4:8], "little"), walk)
    return _with_crcs(data, data[data[0] : walk.positions[n]])


SEEDS = [_first_messages(name, 300) for name in INTERLEAVED]


@st.composite
def crc_valid_mutations(draw) -> bytes:
    """A real file's data with a few bytes changed, inserted or removed, and its CRCs made right
    again, so the damage reaches the message walk instead of stopping at the CRC check."""
    seed = draw(st.sampled_from(SEEDS))
    body = bytearray(seed[14:-2])
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(body) - 1))
        kind = draw(st.sampled_from(["set", "set", "cut", "insert"]))
        if kind == "set":
            body[position] = draw(st.integers(0, 255))
        elif kind == "cut":
            del body[position : position + draw(st.integers(1, 3))]
        else:
            body[position:position] = draw(st.binary(min_size=1, max_size=3))
    return _with_crcs(seed, bytes(body))


@settings(max_examples=60, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(data=crc_valid_mutations())
def test_damaged_real_data_with_right_crcs_is_declined_or_read_as_fitdecode_reads_it(data):
    try:
        fast = _decode_fast(data)
    except fit_fast.Unsupported:
        return
    try:
        reference = _decode_fitdecode(data)
    except ValueError:
        return  # fitdecode cannot read it either (read_activities reports it as corrupt)
    if reference.error is not None:
        return
    assert fast.n_records == reference.n_records
    for name, values in reference.columns.items():
        np.testing.assert_array_equal(fast.columns[name], np.asarray(values, dtype=float), err_msg=name)


def test_a_definition_whose_architecture_byte_is_neither_0_nor_1_falls_back():
    """Found by the property above: fitdecode reads such a definition as big endian; the fast reader
    read it as little endian, took its message for another type and counted two records too many."""
    data = (ROOT / "tests" / "fixtures" / "fuzz" / "differ-fit-architecture-byte.fit").read_bytes()
    with pytest.raises(fit_fast.Unsupported, match="architecture byte 192"):
        fit_fast.read(data, WANTED)
    assert decode(data).decoder == "fitdecode (architecture byte 192 in a definition)"


def test_a_record_field_declared_twice_keeps_the_first_valid_value_as_fitdecode_does():
    """Found by the property above: position_lat declared as 4 bytes, then again as 1 byte; the fast
    reader let the 1-byte read (taken at the first field's place) overwrite the position. Real
    files do it too: two pool-swim files of the corpus declare the timestamp twice."""
    _assert_same_records((ROOT / "tests" / "fixtures" / "fuzz" / "differ-fit-field-declared-twice.fit").read_bytes())
    _assert_same_records((CORPUS / "GoldenCheetah/2024-10-14-070422-Pool_Swim-BingiWatch.fit").read_bytes())


def test_a_developer_field_left_unnamed_by_damage_is_read_as_fitdecode_reads_it():
    """A mutation found by the property test above: a developer field whose name was erased (its
    field_description's bytes zeroed, CRCs right) stopped the fitdecode path with an AttributeError."""
    seed = next(s for s in SEEDS if b"Form Power" in s)
    body = bytearray(seed[14:-2])
    name_at = seed.find(b"Form Power") - 14
    body[name_at : name_at + 10] = bytes(10)
    data = _with_crcs(seed, bytes(body))
    reference = _decode_fitdecode(data)
    assert reference.n_records == _decode_fitdecode(seed).n_records
    assert decode(data).n_records == reference.n_records
