"""Alerts: what needs attention, most urgent first. Active red flags (whatever the period), then
the open alerts of the period chosen (shoe mileage, pain rules, weekly flags), each with its
Acknowledge button, then earlier red flags with a link to their week and the acknowledged alerts."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboards import data, ids, period, views
from dashboards.components import attention_box

#: the period goes into the URL by the period control: the shell need not draw the page again for that
KEEPS_QUERY = True


def layout(query: dict[str, str]) -> html.Div:
    today = date.today()
    with data.store() as s:
        care = views.attention_view(s, today)
        entries = s.pain_entries()
        weeks = views.week_list(data.analysis(s), entries, today)
    return html.Div([
        html.H2("Alerts"),
        attention_box([r.to_dict() for r in care.red_flags], [], care.suggestions_held, data.settings().units) if care.red_flags or care.suggestions_held else html.Div(),
        period.control(weeks, query),
        dcc.Store(id=ids.ALERTS_REFRESH, data=0),
        html.Div(id=ids.ALERTS_MESSAGE, className="message", role="status"),
        dcc.Loading(html.Div(id=ids.ALERTS_BODY)),
    ], id=ids.ALERTS_LIST)  # fmt: skip
