"""The same run from FIT and TCX (and GPX) pins every unit conversion, cadence ×2 included."""

from __future__ import annotations

import numpy as np
import pytest

from runsense.signal import summarize
from tests.conftest import read_corpus_file

PAIRS = [
    ("sports-lib/6860622783.fit", "sports-lib/6860622783.tcx"),  # Garmin FR945, Garmin Connect TCX
    ("connectstats/activity_234979239.fit", "connectstats/activity_234979239.tcx"),
    ("sports-lib/6782987395.fit", "elevate/sloatsburg.tcx"),
    ("TestFilesForFitnessApps/20181108_run_garmin_fenix_3_hr.fit", "TestFilesForFitnessApps/20181108_run_garmin_fenix_3_hr.tcx"),
]


@pytest.mark.parametrize(("fit", "other"), PAIRS)
def test_fit_and_tcx_of_one_run_agree(fit, other):
    (a,), _ = read_corpus_file(fit)
    (b,), _ = read_corpus_file(other)
    assert a.meta.sport == b.meta.sport == "running"
    assert a.meta.cadence_unit_source == "fit_profile"
    assert b.meta.cadence_unit_source == "gpx_heuristic"  # per-leg RunCadence recognised and doubled
    assert b.meta.distance_m == pytest.approx(a.meta.distance_m, rel=0.01)
    assert abs(summarize(b.records, "running")["cadence_spm"] - summarize(a.records, "running")["cadence_spm"]) <= 1.0
    # sample by sample where both have a value at the same second
    joined = a.records[["cadence_spm"]].join(b.records[["cadence_spm"]].add_suffix("_b"), how="inner").dropna()
    assert len(joined) > 100
    assert np.median(np.abs(joined["cadence_spm"] - joined["cadence_spm_b"])) <= 1.0


def test_strava_gpx_per_leg_cadence_is_doubled():
    (gpx,), _ = read_corpus_file("sports-lib/6782987395.gpx")
    (fit,), _ = read_corpus_file("sports-lib/6782987395.fit")
    assert gpx.meta.cadence_unit_source == "gpx_heuristic"
    assert abs(summarize(gpx.records, "running")["cadence_spm"] - summarize(fit.records, "running")["cadence_spm"]) <= 1.5
