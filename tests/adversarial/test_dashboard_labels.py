"""Names and titles from files or typing are plain text in Plotly figures, whose labels, legends and
hover text are HTML of Plotly's own: a shoe called ``<a href=…>`` must not become a link."""

from __future__ import annotations

import pandas as pd

from dashboards import create_app, data, figures, views
from runsense.ingest import import_paths
from runsense.records import Shoe
from runsense.settings import DEFAULT_SHOE_THRESHOLDS_M, Settings
from runsense.store import open_store
from tests.conftest import EXAMPLES

LINK = '<a href="http://evil.test/steal">Pegasus</a>'
GPX = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>&lt;a href="http://evil.test/"&gt;Sunday&lt;/a&gt; &lt;b&gt;long&lt;/b&gt; &amp; easy</name><type>running</type><trkseg>
{points}
</trkseg></trk></gpx>
"""


def _gpx_run(path):
    """A steady 20-minute run along a meridian, one point every 2 s at 3 m/s."""
    start = pd.Timestamp("2026-08-03T06:00:00Z")
    points = []
    for i in range(600):
        lat = 51.5 + i * 6 / 111_195
        points.append(f'<trkpt lat="{lat:.7f}" lon="-0.1"><time>{(start + pd.Timedelta(seconds=2 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")}</time></trkpt>')
    path.write_text(GPX.format(points="\n".join(points)))
    return path


def _shoe(name: str, distance_m: float, retired_at: str | None = None) -> Shoe:
    return Shoe(1, name, "", None, 0.0, "", None, None, retired_at, "2025-01-01T00:00:00", distance_m, 0, None)


def test_shoe_names_are_plain_text_on_the_shoes_chart():
    shoes = [_shoe(LINK, 120_000.0), _shoe("Tom & Jerry <b>", 5_000.0, retired_at="2026-01-01")]
    fig = figures.shoe_mileage(shoes, DEFAULT_SHOE_THRESHOLDS_M, "km")
    labels = list(fig.data[0].y)
    assert labels[0] == '&lt;a href="http://evil.test/steal"&gt;Pegasus&lt;/a&gt;'
    assert labels[1] == "Tom &amp; Jerry &lt;b&gt; (retired)"
    assert not any("<" in label for label in labels)


def test_run_titles_in_the_cadence_hover_are_plain_text(tmp_path):
    db = tmp_path / "store.sqlite"
    with open_store(db) as s:
        report = import_paths(s, [_gpx_run(tmp_path / "sunday.gpx"), *sorted(EXAMPLES.glob("*.fit"))[:3]])
        assert len(report.imported) == 4, report.to_dict()
    app = create_app(db, Settings())
    with app.server.app_context(), data.store() as s:
        hover = views.runs_by_week(data.analysis(s))
    text = "<br>".join(hover.values())
    assert '&lt;a href="http://evil.test/"&gt;Sunday&lt;/a&gt; &lt;b&gt;long&lt;/b&gt; &amp; easy' in text
    assert "<a" not in text and "<b>" not in text  # the only tags left are the line breaks between runs


def test_pain_timings_reach_the_legend_as_plain_text():
    entries = pd.DataFrame({"local_time": ["2026-08-01T07:00", "2026-08-02T07:00"], "score": [2, 3], "timing": ["morning", "<i>odd</i>"]})
    fig = figures.pain_history(entries)
    assert {t.name for t in fig.data} == {"morning", "&lt;i&gt;odd&lt;/i&gt;"}


def test_plain_keeps_ordinary_text_as_it_is():
    assert figures.plain("Pegasus 40 (2nd pair), 5:10/km") == "Pegasus 40 (2nd pair), 5:10/km"
