"""A FIT file within the size limit but holding more samples than one import may keep in memory
(a history chained into one file) is refused before its columns are built, on both FIT paths."""

from __future__ import annotations

from pathlib import Path

from runsense.parsers import fit_fast
from tests.adversarial.hostile_inputs import child_import
from tests.conftest import corpus_path

BUDGET_MB = 400
#: a real device file of 99,998 records (a muktihari/fit test file)
BIG = "muktihari-fit/big_activity.fit"


def test_a_chained_fit_over_the_sample_limit_is_refused_within_the_memory_budget(tmp_path: Path) -> None:
    chained = tmp_path / "history.fit"
    chained.write_bytes(corpus_path(BIG).read_bytes() * 3)  # three whole files one after the other: 299,994 records
    done = child_import(tmp_path / "s.sqlite", chained)
    assert done.returncode == 1
    error = done.report["failed"][0]["error"]
    assert "over the 250,000 one file may hold" in error, done.stderr
    assert done.peak_rss_mb < BUDGET_MB


def test_a_chained_fit_under_the_limit_still_imports(tmp_path: Path) -> None:
    chained = tmp_path / "two.fit"
    chained.write_bytes(corpus_path(BIG).read_bytes() * 2)
    done = child_import(tmp_path / "s.sqlite", chained)
    assert not done.report["failed"], done.report
    assert done.report["imported"] or done.report["duplicates"]


def test_the_limit_is_the_readers_samples_limit() -> None:
    from runsense.parsers._samples import MAX_SAMPLES

    assert fit_fast.MAX_RECORDS == MAX_SAMPLES
