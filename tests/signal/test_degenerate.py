"""Tiny and degenerate histories: a first run, one speed, no valid values, one week.

A new runner's first short run used to crash every analysis (``IndexError`` in the speed model
when all steady segments fell in one speed bin). Whatever segments a store holds, weekly form and
its flags must come out as numbers or NaN, never an exception.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runsense.signal.config import SignalConfig
from runsense.signal.flags import form_flags
from runsense.signal.trends import MATCHED_METRICS, reference_speed, weekly_form

WEEKS = ["2026-W45", "2026-W46", "2026-W47"]
DATES = {"2026-W45": "2026-11-03", "2026-W46": "2026-11-10", "2026-W47": "2026-11-17"}
_value = st.one_of(st.just(float("nan")), st.sampled_from([150.0, 170.0, 171.5]), st.floats(0.5, 300, allow_nan=False))


@st.composite
def segment_sets(draw: st.DrawFn) -> pd.DataFrame:
    """0–12 segments of 1–3 runs in 1–3 weeks; speeds often all equal, metrics often all missing."""
    n = draw(st.integers(0, 12))
    speeds = draw(st.one_of(st.just([3.05] * n), st.lists(st.sampled_from([2.0, 3.05, 3.06, 4.5]), min_size=n, max_size=n)))
    runs = sorted(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    weeks = [WEEKS[min(r, len(WEEKS) - 1)] for r in runs]
    rows = {
        "activity_id": [f"run{r}" for r in runs],
        "week": weeks,
        "local_date": [DATES[w] for w in weeks],
        "start_s": np.arange(n) * 30.0 + 300,
        "duration_s": draw(st.lists(st.sampled_from([0.0, 24.0, 30.0]), min_size=n, max_size=n)),
        "speed_mps": speeds,
        "grade_pct": [0.0] * n,
    }
    for metric in MATCHED_METRICS:
        rows[metric] = draw(st.lists(_value, min_size=n, max_size=n))
    return pd.DataFrame(rows)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments=segment_sets(), n_weeks=st.integers(0, 3))
def test_weekly_form_and_its_flags_never_fail_on_tiny_segment_sets(segments, n_weeks):
    weeks = WEEKS[:n_weeks]
    config = SignalConfig()
    v_ref = reference_speed(segments, config)
    form = weekly_form(segments, weeks, v_ref, config)
    assert list(form["week"]) == weeks
    for metric in MATCHED_METRICS:
        values = form[f"{metric}_at_ref"].to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        # a weekly value is one of the week's own adjusted values: never made up from nothing
        assert len(finite) <= segments[metric].notna().sum()
    flags = form_flags(form, v_ref, config)
    assert all(f.week in weeks for f in flags)


def test_all_steady_segments_in_one_speed_bin_use_the_prior_slope():
    """The first run of a new runner: four steady segments at one speed (the IndexError of #14)."""
    segments = pd.DataFrame({
        "activity_id": ["a"] * 4, "week": ["2026-W47"] * 4, "local_date": ["2026-11-20"] * 4, "start_s": [300.0, 330, 360, 390],
        "duration_s": [30.0] * 4, "speed_mps": [3.05, 3.04, 3.06, 3.05], "cadence_spm": [170.0, 171, 170, 172], "step_length_m": [1.07] * 4,
        "vertical_oscillation_mm": np.nan, "stance_time_ms": np.nan, "vertical_ratio_pct": np.nan, "gct_balance_dev_pp": np.nan, "grade_pct": 0.0,
    })  # fmt: skip
    form = weekly_form(segments, ["2026-W47"], 3.05)
    row = form.iloc[0]
    assert row["cadence_spm_method"] == "prior"
    assert row["cadence_spm_slope"] == 6.0
    assert 170.0 <= row["cadence_spm_at_ref"] <= 172.0
    assert np.isnan(row["stance_time_ms_at_ref"])


def _steady_gpx(path, minutes: int, speed_mps: float, start: str = "2026-11-20T07:00:00Z") -> None:
    """A GPX run at one steady speed, as a phone writes it: position and time only, with cadence."""
    t0 = pd.Timestamp(start)
    points = "".join(
        f'<trkpt lat="{52 + i * speed_mps / 111_320:.7f}" lon="5.0"><ele>10</ele><time>{(t0 + pd.Timedelta(seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")}</time>'
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>{85 + i % 2}</gpxtpx:cad></gpxtpx:TrackPointExtension></extensions></trkpt>"
        for i in range(minutes * 60)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    )


def test_a_first_short_run_into_an_empty_store_gives_a_report(tmp_path):
    """A new user's 7-minute first run: import, report and alerts answer (exit 0), not an IndexError."""
    from typer.testing import CliRunner

    from runsense.analysis import analyse, weekly_report
    from runsense.cli import app
    from runsense.store import open_store

    gpx, db = tmp_path / "first.gpx", tmp_path / "runsense.sqlite"
    _steady_gpx(gpx, 7, 3.05)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "import", str(gpx)])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        segments = store.segments("running")
        assert len(segments) >= 3
        assert np.floor(segments["speed_mps"] / 0.1).nunique() == 1
        report = weekly_report(analyse(store), "2026-W47")  # the run's week (the report opens on today's by default)
    assert report.runs == 1
    assert report.form["cadence_spm"].at_ref is not None
    for command in (["report"], ["report", "--json"], ["alerts"]):
        result = runner.invoke(app, ["--db", str(db), *command])
        assert result.exit_code == 0, (command, result.output)
    # the dashboard's Week and Trends pages build from the same analysis
    from dashboards.app import create_app
    from dashboards.callbacks.trends import render_trends
    from dashboards.callbacks.week import render_week

    with create_app(db).server.app_context():
        week = render_week(report.week)
        form, _metrics, _load, advice, _sensors, _message = render_trends(None, None)
    assert f"Week {report.week}" in str(week)
    assert len(form["data"]) > 0
    assert "Strength and core sessions" in advice.layout.annotations[0].text


@st.composite
def run_tables(draw: st.DrawFn) -> pd.DataFrame:
    """0–6 runs: same day, weeks or months apart, distances missing or zero."""
    n = draw(st.integers(0, 6))
    days = sorted(draw(st.lists(st.sampled_from([0, 0, 1, 6, 13, 14, 29, 30, 31, 45, 90]), min_size=n, max_size=n)))
    start = pd.Timestamp("2026-03-02T07:00:00Z")
    distances = draw(st.lists(st.sampled_from([float("nan"), 0.0, 400.0, 5_000.0, 15_000.0]), min_size=n, max_size=n))
    return pd.DataFrame({
        "id": [f"r{i}" for i in range(n)],
        "start_ms": [int((start + pd.Timedelta(days=d, minutes=i)).timestamp() * 1000) for i, d in enumerate(days)],
        "local_date": [(start + pd.Timedelta(days=d)).date().isoformat() for d in days],
        "distance_m": distances, "moving_time_s": [1800.0] * n,
    })  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(runs=run_tables())
def test_load_comeback_and_the_weekly_cap_never_fail_on_tiny_histories(runs):
    from runsense.signal.flags import cap_week, comeback_flags, ramp_flags, spike_flags
    from runsense.signal.load import acwr, daily_distance, iso_week, session_spikes, weekly_load

    config = SignalConfig()
    runs = runs.assign(week=iso_week(runs["local_date"]))
    load = weekly_load(runs, config.load)
    spikes = session_spikes(runs, config.load)
    acwr(daily_distance(runs), config.load)
    flags = spike_flags(spikes, runs) + comeback_flags(spikes, runs, config) + ramp_flags(load, config)
    comebacks = [f for f in flags if f.code == "RETURN-AFTER-BREAK"]
    gaps = np.diff(np.asarray(runs["local_date"], dtype="datetime64[D]").astype(np.int64))
    assert len(comebacks) == int((gaps >= config.load.comeback_gap_days).sum())
    for week in set(runs["week"]):
        capped = cap_week([f for f in flags if f.week == week])
        assert len(capped.shown) <= 3
        assert len(capped.shown) + len(capped.held_back) == len([f for f in flags if f.week == week])


def test_the_cadence_prior_slope_comes_from_the_config():
    """The prior was a literal 6.0 in trends.py beside an unread ``prior_slope_spm_per_mps``: changing
    the config changed nothing. Now the config is the one place."""
    from dataclasses import replace

    segments = pd.DataFrame({
        "activity_id": ["a"] * 4, "week": ["2026-W47"] * 4, "local_date": ["2026-11-20"] * 4, "start_s": [300.0, 330, 360, 390],
        "duration_s": [30.0] * 4, "speed_mps": [3.05, 3.04, 3.06, 3.05], "cadence_spm": [170.0, 171, 170, 172], "step_length_m": [1.07] * 4,
        "vertical_oscillation_mm": np.nan, "stance_time_ms": np.nan, "vertical_ratio_pct": np.nan, "gct_balance_dev_pp": np.nan, "grade_pct": 0.0,
    })  # fmt: skip
    config = SignalConfig(cadence=replace(SignalConfig().cadence, prior_slope_spm_per_mps=4.0))
    row = weekly_form(segments, ["2026-W47"], 3.05, config).iloc[0]
    assert row["cadence_spm_method"] == "prior"
    assert row["cadence_spm_slope"] == 4.0
