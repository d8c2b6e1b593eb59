"""Week: the default page. The latest week with running, or ``?week=YYYY-Www``."""

from __future__ import annotations

from dash import dcc, html

from dashboards import data, ids, views
from dashboards.components import empty_state


def layout(query: dict[str, str]) -> html.Div:
    with data.store() as s:
        analysis = data.analysis(s)
    options = views.week_options(analysis)
    if not options:
        return empty_state("No running yet. Import your watch files to see your week:", "runsense import ~/Downloads/export.zip")
    week = query.get("week") or views.latest_week(analysis)
    return html.Div([
        html.Div([
            html.Button("◀ previous", id=ids.WEEK_PREV, className="button"),
            dcc.Dropdown(options=options, value=week, id=ids.WEEK_PICKER, clearable=False, className="week-picker"),
            html.Button("next ▶", id=ids.WEEK_NEXT, className="button"),
        ], className="toolbar"),
        dcc.Loading(html.Div(id=ids.WEEK_BODY)),
    ])  # fmt: skip
