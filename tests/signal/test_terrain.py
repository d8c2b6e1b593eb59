"""Surface and hills: from real files' sub_sport and altitude, a planted profile, and the context
a form flag gets in a hillier week."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runsense.ingest import import_paths
from runsense.model import make_records
from runsense.signal.flags import Flag
from runsense.signal.run import Run
from runsense.signal.terrain import ascent_m, hilliness, surface_of, terrain_context, weekly_terrain
from runsense.store import open_store
from tests.conftest import corpus_path

#: real files whose sub_sport names the surface (catalog.csv), and flat / hilly road runs
SURFACE_FILES = {
    "TestFilesForFitnessApps/20210604_track_run_garmin_fenix_6.fit": "track",
    "sports-lib/6860622783.fit": "treadmill",
    "tormoder-fit/0137001239.fit": "treadmill",  # sub_sport indoor_running
    "elevate/portland.fit": "road",
}


def test_surfaces_of_real_files(tmp_path):
    with open_store(tmp_path / "t.sqlite") as store:
        report = import_paths(store, [corpus_path(p) for p in SURFACE_FILES], workers=1)
        assert not report.failed
        got = {a.source_name: (a.surface, a.sub_sport) for a in store.activities()}
    for path, surface in SURFACE_FILES.items():
        assert got[path.rsplit("/", 1)[-1]][0] == surface, got


def test_trail_from_a_real_file_in_a_zip(tmp_path):
    with open_store(tmp_path / "t.sqlite") as store:
        import_paths(store, [corpus_path("GoldenCheetah/4077461142.zip")], workers=1)
        assert {a.surface for a in store.activities() if a.sub_sport == "trail"} == {"trail"}


def test_surface_rules():
    assert surface_of("trail_running", "generic", True) == "trail"
    assert surface_of("running", "generic", False, "estimated") == "treadmill"
    assert surface_of("running", "generic", True) == "road"
    assert surface_of("running", "generic", False) == "unknown"


def test_a_planted_climb():
    """1 km flat then 1 km at 5 %: 50 m of climbing over 2 km, half the moving time steep."""
    n = 2000
    t = pd.date_range("2026-05-01 07:00", periods=n, freq="1s", tz="UTC")
    distance = np.arange(n, dtype=float)  # 1 m/s
    altitude = np.where(distance < 1000, 100.0, 100.0 + (distance - 1000) * 0.05)
    run = Run(make_records(t, {"distance_m": distance, "altitude_m": altitude, "speed_mps": np.ones(n)}))
    h = hilliness(run, moving_speed_mps=0.5)
    assert h.ascent_m_per_km == pytest.approx(25.0, rel=0.02)
    assert h.steep_share == pytest.approx(0.5, abs=0.03)


def test_noise_on_the_flat_is_not_climbing():
    rng = np.random.default_rng(1)
    assert ascent_m(100 + rng.normal(0, 1.5, 3600)) < 40  # ±1.5 m of GPS noise for an hour: raw rises sum to ~2 km


def test_real_hills_rank_above_a_real_flat_run(tmp_path):
    with open_store(tmp_path / "t.sqlite") as store:
        import_paths(store, [corpus_path("elevate/portland.fit"), corpus_path("ActivityLog2/920xt-run.fit")], workers=1)
        climb = {a.source_name: a.ascent_m_per_km for a in store.activities()}
    assert climb["portland.fit"] > 20 > 2 > climb["920xt-run.fit"]


def _flag(week: str) -> Flag:
    return Flag("GCT-UP", "notice", "stance_time_ms", 280.0, 10.0, "ms", "Contact time rose.", "CONV", "[19]", week=week)


def test_a_form_flag_in_a_hilly_week_says_so_and_not_in_a_usual_week():
    weeks = ["2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"]
    runs = pd.DataFrame({"week": weeks, "distance_m": 10_000.0, "ascent_m_per_km": [5.0, 6.0, 5.0, 6.0, 14.0],
                         "steep_share": 0.1, "surface": "road"})  # fmt: skip
    terrain = weekly_terrain(runs)
    flagged = terrain_context([_flag("2026-W14"), _flag("2026-W13")], terrain)
    assert "2.5× your usual climbing (14 m per km against 6 m per km)" in flagged[0].message
    assert "(23 m per mi against 9 m per mi)" in flagged[0].text("mi")  # climbing per mile for a runner who reads miles
    assert flagged[1].message == "Contact time rose."


def test_a_trail_week_says_so():
    runs = pd.DataFrame({"week": ["2026-W10", "2026-W11", "2026-W12"], "distance_m": 10_000.0, "ascent_m_per_km": 5.0,
                         "steep_share": 0.1, "surface": ["road", "road", "trail"]})  # fmt: skip
    assert "100% of this week's distance was on trails (usually 0%)" in terrain_context([_flag("2026-W12")], weekly_terrain(runs))[0].message
