"""The project's own example files: made by the project, valid FIT, and telling the intended story."""

from __future__ import annotations

import hashlib

import fitdecode
import pytest

from runsense.examples import write_examples
from runsense.ingest import import_paths
from tests.conftest import EXAMPLES


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "README.md"}


def test_committed_examples_are_what_the_generator_writes(tmp_path):
    write_examples(tmp_path)
    assert _digest(tmp_path) == _digest(EXAMPLES), "example_fit_files/ is stale: run `python -m runsense.examples`"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.fit"))[:6] + sorted(EXAMPLES.glob("*treadmill*.fit")), ids=lambda p: p.name)
def test_example_fit_decodes_strictly_with_fitdecode(path):
    fields = set()
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.RAISE, error_handling=fitdecode.ErrorHandling.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                fields |= {f.name for f in frame.fields if f.value is not None}
    dynamics = {"cadence", "fractional_cadence", "step_length", "vertical_oscillation", "stance_time", "stance_time_balance", "vertical_ratio", "enhanced_speed", "distance", "heart_rate"}
    assert dynamics <= fields
    assert ("position_lat" in fields) == ("treadmill" not in path.name)


def test_examples_import_with_the_gpx_and_tcx_copies_counted_once(store):
    report = import_paths(store, [EXAMPLES])
    assert report.failed == [] and report.skipped == []
    assert len(report.imported) == len(list(EXAMPLES.glob("*.fit")))
    assert sorted(d["source"].rsplit(".", 1)[1] for d in report.duplicates) == ["gpx", "tcx"]
    treadmill = [a for a in store.activities() if "treadmill" in a.source_name]
    assert treadmill[0].sub_sport == "treadmill" and treadmill[0].speed_source == "estimated"


def test_the_story_shoe_crosses_300_400_and_500_miles_once_each(store, tmp_path):
    import json
    import shutil

    from runsense.alerts import refresh_alerts
    from runsense.settings import Settings
    from runsense.units import parse_distance_m

    pegasus = json.loads((EXAMPLES / "shoes.json").read_text())[0]
    store.add_shoe(pegasus["name"], start_distance_m=parse_distance_m(pegasus["start_distance"]), default_for="running")
    crossings = []
    for week_start in sorted({p.name[:10] for p in EXAMPLES.glob("*.fit")}):
        folder = tmp_path / week_start
        folder.mkdir()
        for path in EXAMPLES.glob(f"{week_start}*.fit"):
            shutil.copy(path, folder / path.name)
        import_paths(store, [folder])
        if week_start > pegasus["to"]:
            store.update_shoe(pegasus["name"], default_for=None)
        crossings += [a.payload["level"] for a in refresh_alerts(store, Settings(units="mi")) if a.kind == "shoe_mileage"]
    assert crossings == ["notice", "warning", "replace"]
    assert refresh_alerts(store, Settings(units="mi")) == []
