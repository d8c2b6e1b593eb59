"""Activity: one run's samples, splits, first-vs-last third, and a tile-free route."""

from __future__ import annotations

from dash import dcc, html

from dashboards import data, ids, views
from dashboards.components import empty_state


def layout(query: dict[str, str]) -> html.Div:
    with data.store() as s:
        options = views.activity_options(s)
    if not options:
        return empty_state("No activities yet. Import your watch files first:")
    chosen = query.get("id") or options[0]["value"]
    return html.Div([
        html.Div([dcc.Dropdown(options=options, value=chosen, id=ids.ACTIVITY_PICKER, clearable=False, className="wide")], className="toolbar"),
        dcc.Loading(html.Div(id=ids.ACTIVITY_BODY)),
    ])  # fmt: skip
