"""runsense's per-run averages against the watch's own session averages, on real corpus files.

Where they cannot agree, it is because the watch averages over a different set of samples or
with another definition, and the test says which:

* **Stops and walk breaks.** The watch's session cadence is total steps over timer time, so
  standing at a light or walking pulls it down; runsense averages running samples only (spec
  §1.4: v ≥ 1.8 m/s and ≥ 130 spm) and never averages zeros (§1.1). On runs with more than 3 %
  of time not running, runsense's cadence must therefore be *higher*, not equal.
* **Step length** on the watch is total distance over total steps (checked: it equals
  ``distance / (2 × total_strides)`` to 0.1 mm on these files), which weights by distance;
  runsense's is time-weighted over running samples. Within 3 % on continuous runs.
"""

from __future__ import annotations

import numpy as np
import pytest

from runsense.signal import running_mask, sample_duration_s, summarize, weighted_mean
from tests.conftest import read_corpus_file, standalone_rows

#: files whose session average matches no average of the file's own samples, with the tolerance kept
KNOWN_DEFINITIONS = {
    # a 2014 Fenix 2: session GCT 252 ms, yet its samples average 242 ms (median 228 ms) whichever
    # way they are weighted; an older firmware's definition. Checked to 5 % instead of 3 %.
    ("python-fitparse/activity-small-fenix2-run.fit", "stance_time_ms"): 0.05,
}


def _activities_with_device_dynamics():
    out = []
    for row in standalone_rows("fit"):
        if "running" not in row["sport"]:
            continue
        activities, _ = read_corpus_file(row["path"].removeprefix("corpus/"))
        for i, a in enumerate(activities):
            ds = a.meta.device_summary
            if a.meta.sport == "running" and ds.get("avg_vertical_oscillation_mm") and ds.get("avg_cadence"):
                out.append(pytest.param(row["path"].removeprefix("corpus/"), i, id=f"{row['path'].removeprefix('corpus/')}#{i}"))
    return out


CASES = _activities_with_device_dynamics()


@pytest.mark.corpus
def test_the_corpus_has_runs_with_device_dynamics():
    assert len(CASES) >= 15


def _not_running_share(records) -> float:
    w = sample_duration_s(records)
    return 1.0 - float((w * running_mask(records)).sum() / max(w.sum(), 1e-9))


@pytest.mark.parametrize(("path", "index"), CASES)
def test_runsense_averages_agree_with_the_device(path, index):
    activities, _ = read_corpus_file(path)
    activity = activities[index]
    ds = activity.meta.device_summary
    ours = summarize(activity.records, "running")
    device_cadence = 2 * (ds["avg_cadence"] + ds.get("avg_fractional_cadence", 0.0))
    not_running = _not_running_share(activity.records)
    if not_running > 0.03:
        assert ours["cadence_spm"] >= device_cadence - 1.5, f"{not_running:.0%} not running"
    else:
        assert ours["cadence_spm"] == pytest.approx(device_cadence, abs=1.5)
    weights = sample_duration_s(activity.records)
    for device_key, ours_key in (
        ("avg_vertical_oscillation_mm", "vertical_oscillation_mm"),
        ("avg_stance_time_ms", "stance_time_ms"),
        ("avg_vertical_ratio_pct", "vertical_ratio_pct"),
    ):
        if not ds.get(device_key):
            continue
        if not_running <= 0.03:
            assert ours[ours_key] == pytest.approx(ds[device_key], rel=0.03), ours_key
        else:
            # walking has less bounce and longer contact: over the watch's own sample set
            # (every recorded value, time-weighted) the parsed values must reproduce its average
            tolerance = KNOWN_DEFINITIONS.get((path, ours_key), 0.03)
            assert weighted_mean(activity.records[ours_key].to_numpy(), weights) == pytest.approx(ds[device_key], rel=tolerance), ours_key
    smart_recording = np.median(np.diff(activity.records.index.asi8)) / 1e9 > 2
    if ds.get("avg_step_length_mm") and not_running <= 0.03 and not smart_recording:
        # (on smart-recorded files, one sample every few seconds, the per-sample step lengths the
        # watch writes average up to 7 % below its distance / steps; runsense keeps the watch's samples)
        assert ours["step_length_m"] == pytest.approx(ds["avg_step_length_mm"] / 1000, rel=0.03)


def test_device_step_length_is_distance_over_steps():
    (activity,), _ = read_corpus_file("GoldenCheetah/Garmin920_withFirstbeat.fit")
    ds = activity.meta.device_summary
    assert activity.meta.distance_m / (2 * ds["total_strides"]) * 1000 == pytest.approx(ds["avg_step_length_mm"], abs=0.1)
    assert np.isfinite(summarize(activity.records, "running")["step_length_m"])
