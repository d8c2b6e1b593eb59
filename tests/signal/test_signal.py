"""Signal functions on synthetic records with exact expected answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from runsense.signal import SignalConfig, derive_activity, in_band_share, sample_duration_s, summarize
from runsense.signal.fatigue import within_run_change
from runsense.signal.load import acwr, iso_week, session_spikes, weekly_load
from runsense.signal.segments import steady_segments
from runsense.signal.splits import distance_splits
from runsense.signal.trends import MATCHED_METRICS, trend_slope, weekly_form
from runsense.units import fit_cadence_to_spm
from tests.signal.reference_trends import fit_speed_model, weighted_median
from tests.signal.synthetic import make_run


class TestCadenceAndStepLength:
    def test_fit_cadence_is_doubled_with_its_fraction(self):
        assert fit_cadence_to_spm(np.array([85.0]), np.array([0.5]))[0] == 171.0
        assert fit_cadence_to_spm(np.array([85.0]), np.array([np.nan]))[0] == 170.0

    def test_band_share_counts_time_inside_170_to_180(self):
        cadence = np.r_[np.full(1800, 165.0), np.full(1800, 175.0)]
        assert in_band_share(make_run(3600, cadence_spm=cadence)) == pytest.approx(0.5, abs=1e-3)

    def test_step_length_is_derived_from_speed_and_cadence_when_the_device_has_none(self):
        summary = summarize(make_run(600, speed_mps=3.0, cadence_spm=180.0), "running")
        assert summary["step_length_m"] == pytest.approx(1.0)
        assert derive_activity(make_run(600, speed_mps=3.0, cadence_spm=180.0), "running").metrics["stride_length_m"] == pytest.approx(2.0)

    def test_device_step_length_is_preferred(self):
        assert summarize(make_run(600, step_length_m=1.2), "running")["step_length_m"] == pytest.approx(1.2)

    def test_averages_are_time_weighted_under_smart_recording(self):
        # 10 min at 160 spm sampled every 5 s, then 10 min at 180 spm sampled every 1 s: 170 time-weighted, not 176.7
        slow = make_run(600, cadence_spm=160.0, interval_s=5.0)
        fast = make_run(600, cadence_spm=180.0, start="2026-03-02T07:10:00Z")
        records = pd.concat([slow, fast])
        assert summarize(records, "running")["cadence_spm"] == pytest.approx(170.0, abs=0.2)

    def test_walking_and_stopped_samples_do_not_count_for_running_form(self):
        speed = np.r_[np.full(1800, 3.0), np.full(600, 1.2)]  # a walk break at the end
        cadence = np.r_[np.full(1800, 172.0), np.full(600, 110.0)]
        assert summarize(make_run(2400, speed_mps=speed, cadence_spm=cadence), "running")["cadence_spm"] == pytest.approx(172.0)

    def test_implausible_values_are_masked(self):
        gct = np.r_[np.full(1000, 250.0), np.full(100, 900.0)]
        assert summarize(make_run(1100, gct_ms=gct), "running")["stance_time_ms"] == pytest.approx(250.0)

    def test_pauses_longer_than_10_s_count_for_nothing(self):
        records = make_run(100)
        later = make_run(100, start="2026-03-02T08:00:00Z")
        weights = sample_duration_s(pd.concat([records, later]))
        assert weights.sum() == pytest.approx(198.0)


class TestFatigue:
    def _long_run(self, drop_spm: float, seed: int = 1):
        n = 3600
        progress = np.arange(n) / n
        cadence = 170.0 - drop_spm * (progress > 2 / 3)
        return make_run(n, speed_mps=3.0, cadence_spm=cadence, noise=1.0, seed=seed)

    def test_thirds_at_matched_pace_find_a_known_drop(self):
        result = within_run_change(self._long_run(5.0))
        assert result.eligible
        assert result.delta["cadence_spm"] == pytest.approx(-5.0, abs=0.6)
        low, high = result.ci95["cadence_spm"]
        assert high < 0 and low < -4

    def test_no_drop_gives_a_ci_around_zero(self):
        result = within_run_change(self._long_run(0.0))
        low, high = result.ci95["cadence_spm"]
        assert low <= 0 <= high or abs(result.delta["cadence_spm"]) < 0.5

    def test_short_runs_are_not_eligible(self):
        result = within_run_change(make_run(1200, speed_mps=3.0))
        assert not result.eligible and "too short" in result.reason


class TestLoad:
    def _runs(self, days_and_km):
        start = pd.Timestamp("2026-03-02T07:00:00Z")
        return pd.DataFrame({
            "id": [f"r{i}" for i in range(len(days_and_km))],
            "start_ms": [int((start + pd.Timedelta(days=d)).timestamp() * 1000) for d, _ in days_and_km],
            "local_date": [(start + pd.Timedelta(days=d)).date().isoformat() for d, _ in days_and_km],
            "distance_m": [km * 1000.0 for _, km in days_and_km],
            "moving_time_s": [km * 360.0 for _, km in days_and_km],
        })  # fmt: skip

    def test_spike_ratio_against_the_longest_run_of_the_previous_30_days(self):
        spikes = session_spikes(self._runs([(0, 10), (7, 11), (14, 15.4), (20, 31), (80, 5)])).set_index("id")
        assert np.isnan(spikes.loc["r0", "ref_distance_m"]) and spikes.loc["r0", "spike_category"] == "after_break"
        assert spikes.loc["r1", "spike_ratio"] == pytest.approx(0.10) and spikes.loc["r1", "spike_category"] == "none"
        assert spikes.loc["r2", "spike_ratio"] == pytest.approx(0.40) and spikes.loc["r2", "spike_category"] == "moderate"
        assert spikes.loc["r3", "spike_ratio"] == pytest.approx(31 / 15.4 - 1) and spikes.loc["r3", "spike_category"] == "large"
        assert spikes.loc["r4", "spike_category"] == "after_break"
        assert spikes.loc["r2", "planned_distance_limit_m"] == pytest.approx(12_100.0)

    def test_weekly_ramp_uses_ratio_above_10_km_and_absolute_increase_below(self):
        load = weekly_load(self._runs([(0, 20), (7, 30), (14, 5), (21, 9), (28, 4), (35, 12)])).set_index("week")
        weeks = list(load.index)
        assert load.loc[weeks[1], "ramp_ratio"] == pytest.approx(0.5) and load.loc[weeks[1], "ramp_flag"]
        assert not load.loc[weeks[3], "ramp_flag"]  # 5 → 9 km: base under 10 km, +4 km
        assert load.loc[weeks[5], "ramp_flag"]  # 4 → 12 km: +8 km

    def test_weeks_are_iso_weeks_monday_first_with_empty_weeks_filled(self):
        assert list(iso_week(pd.Series(["2026-03-01", "2026-03-02", "2026-03-08"]))) == ["2026-W09", "2026-W10", "2026-W10"]

    def test_iso_weeks_agree_with_the_calendar_over_two_centuries(self):
        days = pd.date_range("1899-12-25", "2101-01-10", freq="D")  # week 53s, years starting on every weekday
        iso = days.isocalendar()
        expected = [f"{y}-W{w:02d}" for y, w in zip(iso["year"], iso["week"], strict=True)]
        assert list(iso_week(pd.Series(days.strftime("%Y-%m-%d")))) == expected
        load = weekly_load(self._runs([(0, 5), (21, 5)]))
        assert list(load["runs"]) == [1, 0, 0, 1]

    def test_acwr_is_one_under_constant_load_and_hidden_for_the_first_28_days(self):
        daily = pd.Series(5000.0, index=pd.date_range("2026-01-01", periods=60, freq="D"))
        ratios = acwr(daily)
        assert ratios["acwr_ewma"].iloc[:27].isna().all()
        assert ratios["acwr_ewma"].iloc[-1] == pytest.approx(1.0)
        assert ratios["acwr_coupled"].iloc[-1] == pytest.approx(1.0)


class TestMatchedPace:
    def _segments(self, a: float, b: float, weeks: int = 6, seed: int = 3):
        rng = np.random.default_rng(seed)
        rows = []
        for w in range(weeks):
            for run in range(3):
                day = pd.Timestamp("2026-03-02") + pd.Timedelta(days=7 * w + 2 * run)
                speed = rng.uniform(2.5, 3.6, 40)
                rows.append(pd.DataFrame({
                    "activity_id": f"w{w}r{run}", "local_date": day.date().isoformat(), "duration_s": 30.0, "speed_mps": speed,
                    "cadence_spm": a + b * speed + rng.normal(0, 1.0, 40), "step_length_m": 1.0, "vertical_oscillation_mm": 85.0,
                    "stance_time_ms": 250.0, "vertical_ratio_pct": 8.0, "gct_balance_dev_pp": 0.3,
                }))  # fmt: skip
        seg = pd.concat(rows, ignore_index=True)
        return seg.assign(week=iso_week(seg["local_date"]))

    def test_cadence_at_reference_pace_recovers_a_known_model(self):
        seg = self._segments(150.0, 7.0)
        model = fit_speed_model(seg["speed_mps"].to_numpy(), seg["cadence_spm"].to_numpy(), 6.0, (0, 15))
        assert model.method == "theil_sen"
        assert model.b == pytest.approx(7.0, abs=0.5)
        weekly = weekly_form(seg, sorted(seg["week"].unique()), v_ref=3.0)
        assert weekly["cadence_spm_at_ref"].to_numpy() == pytest.approx(171.0, abs=0.6)
        assert (weekly["cadence_spm_ci_low"] < 171.0 + 0.6).all() and (weekly["cadence_spm_ci_high"] > 171.0 - 0.6).all()

    def test_narrow_speed_range_falls_back_to_the_population_slope(self):
        speed = np.full(30, 3.0) + np.linspace(0, 0.2, 30)
        model = fit_speed_model(speed, 170 + 6 * (speed - 3.0), 6.0, (0, 15))
        assert model.method == "prior" and model.b == 6.0 and model.a + model.b * 3.0 == pytest.approx(170.0, abs=0.1)

    def test_weighted_median_and_trend_slope(self):
        assert weighted_median(np.array([1.0, 2.0, 10.0]), np.array([1.0, 1.0, 5.0])) == 10.0
        trend = trend_slope(pd.Series([170, 169, 168, 167, 166, 165.0]))
        assert trend.slope_per_week == pytest.approx(-1.0) and trend.is_trend
        assert not trend_slope(pd.Series([170, 171, 170, 171, 170.0])).is_trend


class TestSegmentsAndSplits:
    def test_steady_segments_skip_the_warm_up_and_unsteady_pace(self):
        speed = np.r_[np.full(1200, 3.0), np.where((np.arange(600) // 20) % 2, 2.4, 3.8)]  # 20-s surges
        seg = steady_segments(make_run(1800, speed_mps=speed))
        assert seg["start_s"].min() >= 300
        assert seg["start_s"].max() < 1200  # the erratic last 10 minutes give no steady segment
        assert len(seg) == (1200 - 300) // 30

    def test_km_splits(self):
        splits = distance_splits(make_run(1000, speed_mps=3.0, cadence_spm=172.0))
        assert list(splits["split"]) == [1, 2, 3]
        assert splits["distance_m"].iloc[0] == pytest.approx(1000.0, abs=3.1)
        assert splits["time_s"].iloc[0] == pytest.approx(1000 / 3, abs=1.5)
        assert splits["cadence_spm"].iloc[0] == pytest.approx(172.0)


def test_signal_functions_never_modify_their_input():
    records = make_run(3000, noise=1.0, seed=5)
    before = records.copy()
    derive_activity(records, "running", SignalConfig())
    distance_splits(records)
    pd.testing.assert_frame_equal(records, before)


@pytest.mark.parametrize("seed", range(5))
def test_group_median_matches_pandas(seed):
    from runsense.signal._groups import group_median

    rng = np.random.default_rng(seed)
    groups = np.sort(rng.integers(0, 40, 600))
    values = rng.normal(size=600)
    values[rng.random(600) < 0.25] = np.nan
    values[groups == groups[0]] = np.nan  # a group with no value at all
    expected = pd.Series(values).groupby(groups).median().to_numpy()
    np.testing.assert_allclose(group_median(values, groups), expected, equal_nan=True)


@pytest.mark.parametrize("n", [1, 2, 3, 6, 61, 120])
def test_resampled_medians_match_numpy(n):
    from runsense.signal.fatigue import _draw_counts, _resampled_medians

    rng = np.random.default_rng(n)
    x = rng.normal(size=n).round(1)  # rounding makes ties
    counts = _draw_counts(np.random.default_rng(0), 200, n)
    draws = np.random.default_rng(0).integers(0, n, (200, n))  # the same draws, as indices
    assert (counts.sum(axis=1) == n).all()
    np.testing.assert_allclose(_resampled_medians(x, counts), np.median(x[draws], axis=1))


def test_group_median_of_stacked_series_matches_one_at_a_time():
    from runsense.signal._groups import group_median

    rng = np.random.default_rng(9)
    groups = np.sort(rng.integers(0, 30, 400))
    stacked = rng.normal(size=(3, 400))
    stacked[rng.random((3, 400)) < 0.3] = np.nan
    expected = np.vstack([group_median(row, groups) for row in stacked])
    np.testing.assert_allclose(group_median(stacked, groups), expected, equal_nan=True)


def _random_segments(seed: int, n_weeks: int = 30) -> tuple[pd.DataFrame, list[str]]:
    """Segments of runs over ``n_weeks`` weeks: some weeks empty, narrow or wide speed ranges,
    missing values, and durations that are whole seconds (exact ties) or not."""
    rng = np.random.default_rng(seed)
    first = pd.Timestamp("2026-01-05")
    rows = []
    for w in range(n_weeks):
        if rng.random() < 0.15:
            continue  # a week without running
        spread = rng.choice([0.1, 0.6, 1.5])
        for run in range(int(rng.integers(1, 5))):
            n = int(rng.integers(3, 90))
            speed = rng.uniform(3.0, 3.0 + spread, n)
            frame = pd.DataFrame({
                "activity_id": f"w{w}r{run}", "local_date": (first + pd.Timedelta(days=7 * w + run)).date().isoformat(),
                "duration_s": rng.choice([30.0, 24.0]) if seed % 2 else rng.uniform(24, 30, n), "speed_mps": speed,
                **{m: rng.normal(100, 10, n) + 5 * speed for m in MATCHED_METRICS},
            })  # fmt: skip
            frame.loc[rng.random(n) < 0.1, "stance_time_ms"] = np.nan
            rows.append(frame)
    seg = pd.concat(rows, ignore_index=True)
    seg = seg.assign(week=iso_week(seg["local_date"]))
    weeks = list(iso_week(pd.Series([(first + pd.Timedelta(days=7 * w)).date().isoformat() for w in range(n_weeks)])))
    return seg, weeks


@pytest.mark.parametrize("seed", range(6))
def test_weekly_form_matches_the_week_by_week_reference(seed):
    from tests.signal.reference_trends import weekly_form_loop

    seg, weeks = _random_segments(seed)
    fast = weekly_form(seg, weeks, v_ref=3.3)
    slow = weekly_form_loop(seg, weeks, v_ref=3.3)
    assert list(fast.columns) == list(slow.columns)
    for column in slow.columns:
        if not pd.api.types.is_numeric_dtype(slow[column]) or slow[column].dtype == bool:
            assert list(fast[column]) == list(slow[column]), column
        else:
            np.testing.assert_allclose(fast[column].to_numpy(dtype=float), slow[column].to_numpy(dtype=float), rtol=1e-9, atol=1e-9, equal_nan=True, err_msg=column)
