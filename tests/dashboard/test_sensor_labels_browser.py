"""The Trends form chart's changes of sensor on the real 14-year history, in real Chromium at a
desktop's and a phone's width: the 15 changes (some a week apart) printed their names over each
other and over the data. Now every label stands clear of every other text on the chart, there are
few of them, and each change is named in the list under the chart."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboards.figures import MAX_SENSOR_LABELS
from runsense.analysis import analyse
from runsense.store import open_store
from tests.dashboard.conftest import ARTIFACTS

TIMEOUT = 30_000
GRAPH = "#trends-metrics-graph .js-plotly-plot"


def _boxes(page) -> list[dict]:
    """Every annotation the chart drew (sensor labels and panel titles): its text and its box on screen."""
    return page.evaluate(f"""() => [...document.querySelectorAll('{GRAPH} g.annotation')].map(g => {{
        const r = g.querySelector('.annotation-text-g').getBoundingClientRect();
        return {{text: g.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom}}; }})""")


def _overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(boxes) for b in boxes[i + 1 :]
            if a["left"] < b["right"] - 1 and b["left"] < a["right"] - 1 and a["top"] < b["bottom"] - 1 and b["top"] < a["bottom"] - 1]  # fmt: skip


@pytest.mark.parametrize("query", ["weeks=0", "from=2019-W40&to=2020-W30"])
@pytest.mark.parametrize("width", [1280, 390])
def test_sensor_changes_on_the_form_chart_never_print_over_each_other(store_kit, live_store, browser, width, query):
    with open_store(store_kit.path("history"), read_only=True) as store:
        analysis = analyse(store)
    weeks = list(analysis.weeks["week"])
    start, end = (weeks[0], weeks[-1]) if query == "weeks=0" else ("2019-W40", "2020-W30")
    changes = [c for c in analysis.sensor_changes if start <= c.week <= end]
    assert len(changes) >= 5, "the real history changes sensor often, some changes a week apart"
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_store("history") + f"/trends?{query}")
    page.wait_for_function(f"() => {{ const g = document.querySelector('{GRAPH}'); return g && g._fullLayout && g.data.length; }}", timeout=TIMEOUT)
    page.wait_for_load_state("networkidle")
    boxes = _boxes(page)
    labels = [b for b in boxes if b["text"].startswith("S")]
    assert 1 <= len(labels) <= MAX_SENSOR_LABELS + 1, [b["text"] for b in labels]
    assert _overlapping(boxes) == []
    svg = page.locator(GRAPH).bounding_box()
    assert all(svg["x"] <= b["left"] and b["right"] <= svg["x"] + svg["width"] for b in labels)  # on the chart, not cut off
    legend = page.evaluate(f"() => document.querySelector('{GRAPH} g.legend').getBoundingClientRect().right")
    assert legend <= svg["x"] + svg["width"] + 1  # the legend's last word is not cut off
    listed = page.locator("#trends-sensors li")
    expect(listed).to_have_count(len(labels))
    spans = [re.findall(r"\d{4}-W\d\d", item)[:2] for item in listed.all_inner_texts()]  # "S1 2017-W07 to 2019-W46, 7 changes…" or "S3 2024-W10: …"
    for change in changes:  # each change in the weeks of one item, and its sensor named there
        item = next(i for i, span in enumerate(spans) if span[0] <= change.week <= span[-1])
        assert change.after in listed.nth(item).inner_text(), change
    page.locator("#trends-metrics-graph").screenshot(path=str(ARTIFACTS / f"sensor-labels-{width}-{query.replace('&', '-')}.png"))
    context.close()
    assert errors == []
