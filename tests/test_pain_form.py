"""Form in the n-of-1 pain analysis (spec §7.6): cadence at reference pace, bounce, contact time,
balance, hills and strength work are exposures, under the same multiple-testing control."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd

from runsense.analysis import pain_insights
from runsense.demo import build_demo
from runsense.pain_analysis import pain_association
from runsense.settings import Settings
from runsense.store import open_store


def _planted(seed: int = 3) -> tuple[pd.DataFrame, pd.Series]:
    """Eight weeks: runs on most days; the morning after a run, pain rises with that run's contact
    time at reference pace (and with nothing else)."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2026-09-01", periods=57, freq="D")
    ran = rng.random(len(days)) < 0.75
    gct = np.where(ran, rng.normal(260, 8, len(days)), np.nan)
    exposures = pd.DataFrame({
        "distance_km": np.where(ran, rng.normal(8, 1.5, len(days)), 0.0),
        "duration_min": np.where(ran, rng.normal(45, 8, len(days)), 0.0),
        "cadence_at_ref_spm": np.where(ran, rng.normal(168, 2, len(days)), np.nan),
        "stance_time_at_ref_ms": gct,
        "ascent_m_per_km": np.where(ran, rng.gamma(2, 4, len(days)), np.nan),
        "strength_sessions": (rng.random(len(days)) < 0.3).astype(float),
    }, index=days)  # fmt: skip
    pain = 3 + np.nan_to_num((gct - 260) / 4) + rng.normal(0, 0.4, len(days))
    morning = pd.Series(np.clip(np.round(pain), 0, 10), index=days + pd.Timedelta(days=1))  # the next morning
    return exposures, morning


def test_a_planted_form_pain_relation_is_found():
    exposures, morning = _planted()
    report = pain_association(exposures, morning)
    assert report.enough_data
    shown = [a for a in report.associations if a.shown]
    assert shown
    best = max(shown, key=lambda a: abs(a.rho))
    assert (best.feature, best.lag_days) == ("stance_time_at_ref_ms", 0)  # exposure on day t, the morning after
    assert best.rho > 0.5
    assert {a.feature for a in shown} <= {"stance_time_at_ref_ms"}  # BH keeps the other features out
    assert "longer ground contact at your reference pace" in report.summary
    assert "not proof of cause" in report.summary


def test_shuffled_pain_rarely_shows_a_pattern():
    """Under no relation at all, Benjamini–Hochberg at q = 0.10 over 7 features × 4 lags and the
    display thresholds keep false patterns rare: 5 of these 30 shuffles show one (more than
    q alone would give, as the lags of one feature, and distance and duration, move together)."""
    exposures, morning = _planted()
    shown = 0
    for seed in range(30):
        shuffled = pd.Series(np.random.default_rng(seed).permutation(morning.to_numpy()), index=morning.index)
        report = pain_association(exposures, shuffled)
        shown += any(a.shown for a in report.associations)
        assert report.summary.startswith("No clear pattern yet") or any(a.shown for a in report.associations)
    assert shown <= 6


def test_the_store_feeds_form_hills_and_strength_into_the_analysis(tmp_path_factory):
    db = tmp_path_factory.mktemp("painform") / "demo.sqlite"
    build_demo(db, settings=Settings())
    copy = tmp_path_factory.mktemp("painform2") / "demo.sqlite"
    shutil.copy(db, copy)
    with open_store(copy) as store:
        from runsense.journal import make_strength_session

        for day in ("2026-10-20", "2026-10-22", "2026-10-27"):
            store.add_strength_session(make_strength_session(day, 20, "core"))
        report = pain_insights(store)
    features = {a["feature"] for a in report["associations"]}
    assert {"cadence_at_ref_spm", "stance_time_at_ref_ms", "vertical_oscillation_at_ref_mm", "ascent_m_per_km", "strength_sessions"} <= features
    # (the story is run on the flat: every run's steep share is 0, a feature without variance is not tested)
    assert "cadence_spm" not in features  # raw cadence moves with pace: the spec asks for cadence at reference pace


def test_too_little_data_counts_its_days_in_words():
    """'1 days of next-morning pain' on the Pain page of a runner with one morning after a run."""
    exposures, morning = _planted()
    report = pain_association(exposures, morning.iloc[-2:-1])  # the morning after the last but one day
    assert not report.enough_data
    assert report.reason == "1 day of next-morning pain (needs 28)"
