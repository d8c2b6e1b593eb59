"""Memory bounded by design (issue #15): the peak resident memory of one child ``runsense import``
stays under 400 MB for the inputs that reached gigabytes before, each built at test time.

Before the fix: a zip whose members all fail kept every failed file alive (1,036 MB here), a
nested zip was read whole (769 MB), a ``.gpx.gz`` was parsed as a tree (2,038 MB for 1.2 M points,
1,107 MB for 600,000). The child's address space is capped at 3 GB, so a regression fails the
test, not the machine.
"""

from __future__ import annotations

from pathlib import Path

from tests.adversarial.hostile_inputs import big_gpx_gz, child_import, nested_zip, zip_of_failing_members
from tests.conftest import corpus_path

#: issue #15's budget for any single input within the default [limits]
BUDGET_MB = 400


def test_a_zip_whose_members_all_fail_leaves_nothing_alive(tmp_path: Path) -> None:
    archive = zip_of_failing_members(tmp_path / "routes.zip", members=12, points=20_000)
    done = child_import(tmp_path / "s.sqlite", archive)
    assert len(done.report["skipped"]) == 12, done.stderr
    assert all("no timestamps" in s["reason"] for s in done.report["skipped"])
    assert done.peak_rss_mb < BUDGET_MB


def test_a_nested_zip_is_read_member_by_member(tmp_path: Path) -> None:
    run = corpus_path("connectstats/activity_1378220136.fit")
    archive = nested_zip(tmp_path / "outer.zip", 300 << 20, run)  # 300 MB inside, 7.5 MB on disk
    done = child_import(tmp_path / "s.sqlite", archive)
    assert [i["source"] for i in done.report["imported"]] == [f"outer.zip!export/inner.zip!run/{run.name}"], done.stderr
    assert done.peak_rss_mb < BUDGET_MB


def test_a_gpx_gz_of_a_million_points_is_refused_by_what_it_inflates_to(tmp_path: Path) -> None:
    bomb = big_gpx_gz(tmp_path / "huge.gpx.gz", 1_200_000)  # 84 MB inflated, 10 MB on disk
    done = child_import(tmp_path / "s.sqlite", bomb)
    assert done.returncode == 1
    assert "over the 64 MiB limit" in done.report["failed"][0]["error"]
    assert done.peak_rss_mb < BUDGET_MB


def test_a_gpx_within_the_size_limit_but_over_the_sample_limit_is_refused_while_streaming(tmp_path: Path) -> None:
    big = big_gpx_gz(tmp_path / "long.gpx.gz", 600_000)  # 42 MB inflated
    done = child_import(tmp_path / "s.sqlite", big)
    assert "over 250,000 samples" in done.report["failed"][0]["error"], done.stderr
    assert done.peak_rss_mb < BUDGET_MB
