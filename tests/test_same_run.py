"""The same-run rule (model.same_run): one run recorded in two files is stored once."""

from __future__ import annotations

from runsense.model import RunKey, same_run

FIT = RunKey("running", 1_700_000_000_000, 3600.0, 10_000.0)


def test_the_same_run_from_another_file_matches():
    assert same_run(FIT, RunKey("running", FIT.start_ms + 59_000, 3900.0, 10_400.0))  # within 60 s, 10 % and 5 %
    assert same_run(FIT, RunKey("generic", FIT.start_ms, None, float("nan")))  # TCX "Other", unknown duration and distance


def test_other_runs_do_not_match():
    assert not same_run(FIT, RunKey("running", FIT.start_ms + 61_000, 3600.0, 10_000.0))
    assert not same_run(FIT, RunKey("cycling", FIT.start_ms, 3600.0, 10_000.0))
    assert not same_run(FIT, RunKey("running", FIT.start_ms, 4100.0, 10_000.0))  # 12 % longer
    assert not same_run(FIT, RunKey("running", FIT.start_ms, 3600.0, 10_600.0))  # 6 % further


def test_short_runs_get_the_absolute_floors():
    short = RunKey("running", FIT.start_ms, 600.0, 1000.0)
    assert same_run(short, RunKey("running", FIT.start_ms, 719.0, 1199.0))  # 2 min / 200 m
    assert not same_run(short, RunKey("running", FIT.start_ms, 721.0, 1000.0))
