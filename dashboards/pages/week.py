"""Week: the default page. Red flags and open alerts first, then the current week (runs or not),
or ``?week=YYYY-Www``; a week that cannot be shown says why."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboards import data, ids, views
from dashboards.components import attention_box, notice


def layout(query: dict[str, str]) -> html.Div:
    today = date.today()
    with data.store() as s:
        analysis = data.analysis(s)
        entries = s.pain_entries()
        care = views.attention_view(s, today)
    weeks = views.week_list(analysis, entries, today)
    week, message = views.open_week(query.get("week"), weeks, today)
    return html.Div([
        attention_box([r.to_dict() for r in care.red_flags], care.alerts, care.suggestions_held, ids.WEEK_ATTENTION),
        notice(message, ids.WEEK_MESSAGE) if message else html.Div(id=ids.WEEK_MESSAGE),
        html.Div([
            html.Button("◀ previous", id=ids.WEEK_PREV, className="button"),
            dcc.Dropdown(options=views.week_options(analysis, entries, today), value=week, id=ids.WEEK_PICKER, clearable=False, className="week-picker"),
            html.Button("next ▶", id=ids.WEEK_NEXT, className="button"),
        ], className="toolbar"),
        dcc.Loading(html.Div(id=ids.WEEK_BODY)),
    ])  # fmt: skip
