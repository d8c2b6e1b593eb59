"""The fast FIT reader on real watch files whose record messages are not in tidy runs.

Garmin writes HRV, event and device messages between records, Suunto two record definitions in
turn, Stryd developer fields. The reader gathers each record field once per *definition*,
wherever its messages sit (it used to gather once per run of consecutive records: about 25,000
gathers a file, as slow as fitdecode). Values are checked against fitdecode, the reference.
"""

from __future__ import annotations

import io

import fitdecode
import numpy as np
import pytest

from runsense.parsers import fit_fast
from runsense.parsers.fit import _RAW_FIELDS, _RECORD_FIELDS, _decode, _decode_fast, _decode_fitdecode
from tests.conftest import CORPUS

WANTED = (*_RECORD_FIELDS, *_RAW_FIELDS)
INTERLEAVED = (
    "GoldenCheetah/HRV-Data.fit",  # Garmin, an HRV message after every record
    "GoldenCheetah/Move_2020_01_15_19_27_16_Running.fit",  # Suunto, two record definitions in turn
    "GoldenCheetah/Fr955v19.28andStryd.fit",  # Garmin FR955 with a Stryd pod's developer fields
    "elevate/loup-blanc.fit",  # about six other messages per record
)


def _record_definitions(data: bytes) -> int:
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        return sum(1 for frame in reader if isinstance(frame, fitdecode.FitDefinitionMessage) and frame.name == "record")


def _assert_same_records(data: bytes) -> None:
    fast, reference = _decode_fast(data), _decode_fitdecode(data)
    assert reference.error is None
    assert fast.n_records == reference.n_records > 0
    for name, values in reference.columns.items():
        np.testing.assert_array_equal(fast.columns[name], np.asarray(values, dtype=float), err_msg=name)
    np.testing.assert_array_equal(fast.dev_power, np.asarray(reference.dev_power, dtype=float), err_msg="developer power")


@pytest.mark.parametrize("name", INTERLEAVED)
def test_each_record_field_is_gathered_once_per_definition(name, monkeypatch):
    data = (CORPUS / name).read_bytes()
    calls = []
    column = fit_fast._column
    monkeypatch.setattr(fit_fast, "_column", lambda *args: calls.append(args) or column(*args))
    result = fit_fast.read(data, WANTED)
    definitions = _record_definitions(data)
    assert 0 < len(calls) <= definitions * (len(WANTED) + 1)  # every wanted field, plus developer power
    assert result.n_records > 20 * definitions  # so a gather per run of records would have shown


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
    decoded = _decode(data[: len(data) // 2])
    assert decoded.decoder == "fitdecode (truncated or malformed header)"
    assert decoded.n_records > 0
