"""Shoes: mileage per pair against its marks, over its life and within a chosen period; add, assign and retire."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboards import data, ids, period, views
from dashboards.components import GRAPH_CONFIG

#: the period goes into the URL by the period control: the shell need not draw the page again for that
KEEPS_QUERY = True


def layout(query: dict[str, str]) -> html.Div:
    with data.store() as s:
        activities = views.activity_options(s, data.settings().units)
        shoes = views.shoe_options(s)
        weeks = views.week_list(data.analysis(s), s.pain_entries(), date.today())
    return html.Div([
        period.control(weeks, query),
        dcc.Store(id=ids.SHOES_REFRESH, data=0),
        dcc.Graph(id=ids.SHOES_GRAPH, config=GRAPH_CONFIG),
        html.Div(id=ids.SHOES_TABLE),
        html.Div(id=ids.SHOE_MESSAGE, className="message", role="status"),
        html.Div([
            html.Div([
                html.H3("Add a pair"),
                dcc.Input(id=ids.SHOE_NAME, placeholder="name, e.g. Pegasus 38", type="text"),
                dcc.Input(id=ids.SHOE_BRAND, placeholder="brand and model", type="text"),
                dcc.Input(id=ids.SHOE_START, placeholder="distance already on it, e.g. 120mi", type="text"),
                dcc.Checklist(options=[{"label": " default for new runs", "value": "running"}], value=[], id=ids.SHOE_DEFAULT),
                html.Button("Add", id=ids.SHOE_ADD, className="button primary"),
            ], className="card"),
            html.Div([
                html.H3("Assign runs"),
                dcc.Dropdown(options=shoes, id=ids.SHOE_ASSIGN_SHOE, placeholder="shoe"),
                dcc.Dropdown(options=activities, id=ids.SHOE_ASSIGN_ACTIVITIES, multi=True, placeholder="activities"),
                html.Button("Assign", id=ids.SHOE_ASSIGN, className="button primary"),
            ], className="card"),
            html.Div([
                html.H3("Retire a pair"),
                html.P("Retired pairs keep their history.", className="hint"),
                dcc.Dropdown(options=shoes, id=ids.SHOE_RETIRE_SHOE, placeholder="shoe"),
                html.Button("Retire", id=ids.SHOE_RETIRE, className="button"),
            ], className="card"),
        ], className="cards"),
    ])  # fmt: skip
