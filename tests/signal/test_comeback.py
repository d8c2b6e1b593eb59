"""A comeback after a layoff: a note on the first run back, and the weekly ramp still counts.

Before, a 15 km first run after 41 days got no word at all: the spike check has no reference after
30 days (spec §5.2 suppresses the ratio and asks for a "return after a break" note that was
missing), and the weekly ramp skipped any week that followed an empty one.
"""

from __future__ import annotations

import shutil

import pytest

from runsense.analysis import analyse, weekly_report
from runsense.ingest import import_paths
from runsense.store import open_store
from tests.conftest import EXAMPLES


def _store_of(tmp_path, names):
    folder = tmp_path / "files"
    folder.mkdir()
    for path in EXAMPLES.glob("*.fit"):
        if path.name < "2026-08-03" or path.name in names:
            shutil.copy(path, folder / path.name)
    store = open_store(tmp_path / "runsense.sqlite")
    import_paths(store, [folder])
    return store


def test_a_long_first_run_after_six_weeks_off_gets_a_comeback_note_and_the_ramp(tmp_path):
    with _store_of(tmp_path, {"2026-09-13_long.fit"}) as store:  # 42 days after 2026-08-02
        analysis = analyse(store)
    report = weekly_report(analysis, "2026-W37").to_dict()
    flags = {f["code"]: f for f in report["flags"]}
    comeback = flags["RETURN-AFTER-BREAK"]
    assert comeback["value"] == 42
    assert comeback["severity"] == "notice"
    assert "build up gradually" in comeback["message"]
    assert "no run in the 30 days before" in comeback["message"]
    assert flags["WK-RAMP-30"]["unit"] == "m"  # from an empty week: the absolute increase (spec §5.3), in SI like every distance
    assert flags["WK-RAMP-30"]["value"] == pytest.approx(report["distance_m"])
    assert flags["WK-RAMP-30"]["threshold"] == 5000.0


def test_a_break_of_two_to_four_weeks_names_the_longest_run_before_it(tmp_path):
    with _store_of(tmp_path, {"2026-08-20_easy.fit"}) as store:  # 18 days after 2026-08-02
        analysis = analyse(store)
    comeback = next(f for f in analysis.flags if f.code == "RETURN-AFTER-BREAK")
    assert comeback.value == 18
    assert "Your longest run of the 30 days before it was" in comeback.message


def test_runs_a_few_days_apart_are_no_comeback(tmp_path):
    with open_store(tmp_path / "story.sqlite") as store:
        import_paths(store, [EXAMPLES])
        assert not [f for f in analyse(store).flags if f.code == "RETURN-AFTER-BREAK"]
