"""The vectorised FIT reader against fitdecode (the reference) on every FIT file of the corpus.

Where the fast path reads a file, every record column, lap and session field runsense uses must be
identical; where it declines, it says why and fitdecode reads the file instead.
"""

from __future__ import annotations

import numpy as np
import pytest

from runsense.parsers import fit_fast
from runsense.parsers._fit_sets import strength_sets
from runsense.parsers.fit import _decode_fast, _decode_fitdecode, decode
from tests.conftest import CORPUS, EXAMPLES, standalone_rows

FIT_ROWS = standalone_rows("fit")
SESSION_KEYS = ("start_time", "sport", "sub_sport", "total_distance", "total_elapsed_time", "total_timer_time", "avg_running_cadence", "avg_cadence",
                "avg_fractional_cadence", "avg_step_length", "avg_vertical_oscillation", "avg_stance_time", "avg_stance_time_balance",
                "avg_vertical_ratio", "enhanced_avg_speed", "avg_speed", "avg_heart_rate", "total_strides")  # fmt: skip
LAP_KEYS = ("start_time", "total_timer_time", "total_distance", "enhanced_avg_speed", "avg_speed", "avg_running_cadence", "avg_cadence",
            "avg_fractional_cadence", "avg_heart_rate")  # fmt: skip


def _same(a, b) -> bool:
    # array-valued fields (tuples in fitdecode) are never used by runsense, which keeps numbers only
    a, b = (None if isinstance(v, tuple) else v for v in (a, b))
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and np.isclose(float(a), float(b), rtol=1e-9, atol=1e-9)
    return a == b


@pytest.mark.parametrize("row", FIT_ROWS, ids=lambda r: r["path"].removeprefix("corpus/"))
def test_fast_reader_matches_fitdecode_or_declines_with_a_reason(row):
    data = (CORPUS.parent / row["path"]).read_bytes()
    try:
        fast = _decode_fast(data)
    except fit_fast.Unsupported as exc:
        assert str(exc)  # noqa: PT017 - the reason the fast reader declines is what is checked
        try:
            assert decode(data).decoder == f"fitdecode ({exc})"  # noqa: PT017 - and fitdecode's result says it
        except ValueError:
            pass  # fitdecode itself cannot read it either; read_activities reports it as corrupt
        return
    reference = _decode_fitdecode(data)
    assert reference.error is None and not reference.crc_mismatch  # the fast path only takes clean files
    assert fast.n_records == reference.n_records
    for name, values in reference.columns.items():
        np.testing.assert_array_equal(np.asarray(fast.columns[name], dtype=float), np.asarray(values, dtype=float), err_msg=name)
    np.testing.assert_array_equal(np.asarray(fast.dev_power, dtype=float), np.asarray(reference.dev_power, dtype=float), err_msg="developer power")
    assert (fast.file_type, fast.device, fast.sensors, fast.local_offset_s, fast.sport_msg) == (
        reference.file_type, reference.device, reference.sensors, reference.local_offset_s, reference.sport_msg,
    )  # fmt: skip
    assert len(fast.sessions) == len(reference.sessions) and len(fast.laps) == len(reference.laps)
    assert strength_sets(fast.sets) == strength_sets(reference.sets)  # a strength activity's sets (fit-parser/failed.fit, yoga, has one)
    for mine, theirs in zip(fast.sessions, reference.sessions, strict=True):
        for key in SESSION_KEYS:
            if key in theirs.values or key in mine.values:
                assert _same(mine.values.get(key), theirs.values.get(key)), key
    for mine, theirs in zip(fast.laps, reference.laps, strict=True):
        for key in LAP_KEYS:
            if key in theirs or key in mine:
                assert _same(mine.get(key), theirs.get(key)), key


def test_the_fast_path_reads_most_of_the_corpus_and_all_examples():
    taken = 0
    for row in FIT_ROWS:
        try:
            _decode_fast((CORPUS.parent / row["path"]).read_bytes())
            taken += 1
        except fit_fast.Unsupported:
            pass
    assert taken / len(FIT_ROWS) > 0.9, taken
    for path in sorted(EXAMPLES.glob("*.fit")):
        assert decode(path.read_bytes()).decoder == "fast"
