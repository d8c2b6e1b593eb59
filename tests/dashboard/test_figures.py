"""Figures hold what a reader needs: the 170–180 band, markers (as text), whole-number pain ticks,
a sane ACWR axis."""

from __future__ import annotations

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
