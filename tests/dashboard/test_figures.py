"""Figures hold what a reader needs: the 170–180 band, markers (as text), whole-number pain ticks,
a sane ACWR axis."""

from __future__ import annotations

import itertools

import pandas as pd

from dashboards import figures
from runsense.journal import Marker

WEEKS = pd.DataFrame({
    "week": ["2026-W40", "2026-W41", "2026-W42"], "cadence_spm_at_ref": [165.0, 166.0, 168.0],
    "cadence_spm_ci_low": [164.0, 165.0, 167.0], "cadence_spm_ci_high": [166.0, 167.0, 169.0], "qualifying": [True] * 3,
    "distance_m": [30_000.0, 45_000.0, 28_000.0],
})  # fmt: skip
MARKER = Marker("2026-10-05", "<a href='x'>started</a> cadence work", "cadence")


def test_the_cadence_figure_draws_the_band_and_the_markers():
    fig = figures.cadence_trend(WEEKS, (170.0, 180.0), pd.Series([2.0, 3.0, 4.0], index=WEEKS["week"]), markers=[MARKER])
    band = [s for s in fig.layout.shapes if s.type == "rect"]
    assert [(s.y0, s.y1) for s in band] == [(170.0, 180.0)]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [s.x0 for s in lines] == ["2026-W41"]  # the marker's ISO week
    texts = [a.text for a in fig.layout.annotations]
    assert "&lt;a href='x'&gt;started&lt;/a&gt; cadence work" in texts  # text, never a link
    assert fig.layout.yaxis2.dtick == 2
    assert tuple(fig.layout.yaxis2.range) == (0, 10.2)


def test_the_load_figure_keeps_acwr_on_a_sane_axis():
    acwr = pd.Series([0.9, 1.35, 0.7], index=WEEKS["week"])
    fig = figures.weekly_load(WEEKS, {"2026-W41"}, acwr, "km", [MARKER])
    assert tuple(fig.layout.yaxis2.range) == (0, 2.0)
    assert fig.layout.yaxis2.dtick == 0.5
    assert len([s for s in fig.layout.shapes if s.type == "line"]) == 1


def test_every_sensor_change_is_a_line_through_every_form_panel_with_its_name_once():
    """The lines go in with one layout update: ``add_vline`` on the 4-panel figure took 2 s a change
    (30 s for the 15 changes of a 14-year real history)."""
    from runsense.signal.sensors import SensorChange

    weeks = WEEKS.assign(step_length_m_at_ref=[1.0, 1.01, 1.02], vertical_oscillation_mm_at_ref=[90.0, 91.0, 92.0], stance_time_ms_at_ref=[260.0, 262.0, 261.0],
                         vertical_ratio_pct_at_ref=[9.2666627330922, 9.2666627330923, 9.2666627330924], sensor_epoch=[0, 1, 2])  # fmt: skip
    changes = [SensorChange("2026-W41", "watch", "chest strap: <b>hrm</b>"), SensorChange("2026-W42", "chest strap", "pod: stryd"), SensorChange("2026-W50", "pod", "x")]
    fig = figures.form_metrics(weeks, changes)
    lines = [(s.x0, s.xref, s.yref) for s in fig.layout.shapes if s.type == "line"]
    assert lines == [(w, f"x{a}", f"y{a} domain") for w in ("2026-W41", "2026-W42") for a in ("", "2", "3", "4")]  # W50 is not shown
    labels = [(a.text, a.x) for a in fig.layout.annotations if a.name == "sensor"]
    assert labels == [("S1", "2026-W41"), ("S2", "2026-W42")]  # short on the chart, named in the hover
    assert "2026-W41: chest strap: &lt;b&gt;hrm&lt;/b&gt;" in next(a.hovertext for a in fig.layout.annotations if a.text == "S1")
    assert {a.tickformat for a in (fig.layout.yaxis, fig.layout.yaxis4)} == {".4~g"}
    # the week axis holds the weeks and no more: Plotly widened it for the names on a phone
    assert {tuple(a.range) for a in (fig.layout.xaxis, fig.layout.xaxis4)} == {(-0.5, 2.5)}


def test_sensor_changes_close_together_share_a_label_and_labels_stand_apart():
    """A 14-year history's 15 changes, some a week apart, printed 15 names over each other."""
    from runsense.signal.sensors import SensorChange
    from runsense.weeks import week_span

    weeks = week_span("2012-W39", "2026-W49")
    changes = [SensorChange(w, "a", f"sensor {i % 3}") for i, w in enumerate(["2017-W07", "2017-W10", "2017-W14", "2018-W08", "2019-W46", "2019-W51",
                                                                              "2019-W52", "2020-W10", "2024-W10", "2026-W24", "2031-W01"])]  # fmt: skip
    groups = figures.sensor_groups(changes, weeks)
    assert [g.label for g in groups] == [f"S{i}" for i in range(1, len(groups) + 1)]
    assert [c for g in groups for c in g.changes] == changes[:-1]  # every change shown once, in order; 2031 is not on the axis
    assert len(groups) <= figures.MAX_SENSOR_LABELS + 1
    starts = [weeks.index(g.week) for g in groups]
    assert min(b - a for a, b in itertools.pairwise(starts)) >= len(weeks) / figures.MAX_SENSOR_LABELS
    assert groups[0].text.startswith("2017-W07 to ") and "changes between sensor 0, sensor 1, sensor 2 (before: a)" in groups[0].text
    single = figures.sensor_groups([SensorChange("2026-W41", "watch: fr955", "watch: fr965")], ["2026-W40", "2026-W41"])
    assert [g.text for g in single] == ["2026-W41: watch: fr965 (before: watch: fr955)"]
    assert figures.sensor_groups(changes, []) == []


def test_the_shoe_marks_are_written_as_the_alerts_write_them():
    """The chart said 'warning 644 km' beside an alert saying 'past its warning mark of 640 km'."""
    from runsense.records import Shoe
    from runsense.shoes import format_threshold
    from runsense.units import M_PER_MI

    marks = (300 * M_PER_MI, 400 * M_PER_MI, 500 * M_PER_MI)
    shoe = Shoe(1, "Ghost 12", "Brooks", None, 0.0, "", None, None, None, "2026-01-01", 700_000.0, 50, None)
    names = [t.name for t in figures.shoe_mileage([shoe], marks, "km").data[1:]]
    assert names == ["notice 480 km", "warning 640 km", "replace 800 km"]
    assert names[1].endswith(format_threshold(marks[1], "km"))


def test_a_strength_panel_with_no_session_says_so():
    weeks = ["2026-W40", "2026-W41"]
    terrain = pd.DataFrame(columns=["week", "ascent_m_per_km", "trail_share"])
    empty = figures.advice_trend(weeks, {}, (2, 3), terrain, "km")
    assert any("No strength or core sessions logged" in a.text for a in empty.layout.annotations)
    logged = figures.advice_trend(weeks, {"2026-W41": 2}, (2, 3), terrain, "km")
    assert not any("No strength or core sessions logged" in a.text for a in logged.layout.annotations)
    assert empty.layout.yaxis3.dtick == 25  # % trail in quarters, not 36.9 and 73.9


def test_years_of_weekly_distance_stay_visible():
    """729 weeks on a 290-px phone chart: bars with gaps between them and a 2-px ACWR line over them showed only the line."""
    from runsense.weeks import week_span

    weeks = pd.DataFrame({"week": week_span("2012-W39", "2026-W49")}).assign(distance_m=20_000.0)
    acwr = pd.Series(1.0, index=weeks["week"])
    fig = figures.weekly_load(weeks, set(), acwr, "km")
    assert fig.layout.bargap == 0
    assert fig.data[1].line.width == 1
    assert figures.weekly_load(WEEKS, set(), acwr, "km").layout.bargap is None  # a few weeks keep their gaps
