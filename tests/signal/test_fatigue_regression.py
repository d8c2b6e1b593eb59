"""The regression fallback of spec §8.2.3: within-run fatigue on runs whose pace varies.

Before, a run whose pace was never steady enough for 10 min of matched pace in each third got no
comparison at all: 10 of 64 long corpus runs were compared (``python bench/fatigue_corpus.py``).
"""

from __future__ import annotations

import numpy as np
import pytest

from runsense.signal.fatigue import within_run_change
from tests.conftest import read_corpus_file
from tests.signal.synthetic import make_run


def _varied_run(drop_spm: float, seed: int = 1):
    """An hour whose pace swings between 2.6 and 3.6 m/s every 4 min; cadence follows the pace
    (150 + 7·v spm) and drops by ``drop_spm`` in the last third."""
    n = 3600
    t = np.arange(n)
    speed = 3.1 + 0.5 * np.sin(2 * np.pi * t / 240)
    cadence = 150 + 7 * speed - drop_spm * (t > 2 * n / 3)
    gct = 380 - 45 * speed + 0.8 * drop_spm * (t > 2 * n / 3)
    return make_run(n, speed_mps=speed, cadence_spm=cadence, gct_ms=gct, noise=1.0, seed=seed)


def test_a_varied_run_is_compared_by_regression_and_finds_a_known_drop():
    result = within_run_change(_varied_run(5.0))
    assert result.eligible
    assert result.method == "regression"
    assert result.delta["cadence_spm"] == pytest.approx(-5.0, abs=0.7)
    _, high = result.ci95["cadence_spm"]
    assert high < 0
    assert result.delta["stance_time_ms"] == pytest.approx(4.0, abs=1.5)  # corrected for speed and cadence


def test_a_varied_run_without_a_drop_gives_a_ci_around_zero():
    result = within_run_change(_varied_run(0.0))
    assert result.method == "regression"
    low, high = result.ci95["cadence_spm"]
    assert low <= 0 <= high or abs(result.delta["cadence_spm"]) < 0.5


def test_a_steady_run_still_uses_matched_pace():
    result = within_run_change(make_run(3600, speed_mps=3.0, noise=1.0, seed=2))
    assert result.method == "matched_pace"


def test_a_real_run_that_matched_pace_could_not_compare_now_is():
    """connectstats/activity_1378220136.fit: 10.2 km in 53 min whose pace varies; matched pace left < 10 min a third."""
    (activity,), error = read_corpus_file("connectstats/activity_1378220136.fit")
    assert error is None
    result = within_run_change(activity.records)
    assert result.eligible
    assert result.method == "regression"
    assert set(result.delta) >= {"cadence_spm", "stance_time_ms", "vertical_oscillation_mm"}
    low, high = result.ci95["cadence_spm"]
    assert low <= result.delta["cadence_spm"] <= high


def test_a_last_third_at_paces_the_first_never_ran_is_not_extrapolated():
    n = 3600
    speed = np.linspace(2.6, 3.8, n)  # a progressive run: the last third is faster than any of the first
    result = within_run_change(make_run(n, speed_mps=speed, cadence_spm=150 + 7 * speed, noise=1.0, seed=3))
    assert not result.eligible
    assert "paces the first third covered" in result.reason
