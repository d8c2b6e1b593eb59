"""Week: the default page. Red flags and open alerts first, then the current week (runs or not),
or ``?week=YYYY-Www``; a week that cannot be shown says why."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboards import data, ids, period, views
from dashboards.components import attention_box, notice

#: the period goes into the URL by the period control: the shell need not draw the page again for that
KEEPS_QUERY = True


def layout(query: dict[str, str]) -> html.Div:
    today = date.today()
    with data.store() as s:
        analysis = data.analysis(s)
        entries = s.pain_entries()
        care = views.attention_view(s, today)
    weeks = views.week_list(analysis, entries, today)
    week, message = views.open_week(query.get("week"), weeks, today)
    start, end, _, _ = period.from_query(weeks, query)
    within, problem = period.checked(start, end)
    options, week, found = views.week_options_within(analysis, entries, today, within, week)
    return html.Div([
        attention_box([r.to_dict() for r in care.red_flags], care.alerts, care.suggestions_held, data.settings().units, ids.WEEK_ATTENTION),
        notice(message, ids.WEEK_MESSAGE) if message else html.Div(id=ids.WEEK_MESSAGE),
        html.Details([html.Summary("Weeks of a period"), period.control(weeks, query)], open=bool(start or end), className="period-box"),
        html.Div(None if found or problem else period.empty_note("weeks of your history", within), id=ids.WEEK_PERIOD_NOTE),
        html.Div([
            html.Button("◀ previous", id=ids.WEEK_PREV, className="button"),
            dcc.Dropdown(options=options, value=week, id=ids.WEEK_PICKER, clearable=False, className="week-picker"),
            html.Button("next ▶", id=ids.WEEK_NEXT, className="button"),
        ], className="toolbar"),
        dcc.Loading(html.Div(id=ids.WEEK_BODY)),
    ])  # fmt: skip
