"""Trends: form per week at matched pace, with pain and load on the same time axis."""

from __future__ import annotations

from dash import dcc, html

from dashboards import ids


def layout(query: dict[str, str]) -> html.Div:
    return html.Div([
        html.Div([html.Span("Show the last "), dcc.RadioItems(options=[{"label": f" {n} weeks", "value": n} for n in (4, 12, 26, 52)],
                  value=int(query.get("weeks", 12)), id=ids.TRENDS_WINDOW, inline=True)], className="toolbar"),  # fmt: skip
        html.Div([html.Span(id=ids.TRENDS_REFERENCE),
                  html.Button("Reset reference pace from my first 28 days", id=ids.TRENDS_REFERENCE_RESET, className="button")], className="toolbar"),  # fmt: skip
        dcc.Loading([
            dcc.Graph(id=ids.TRENDS_FORM_GRAPH, config={"displayModeBar": False}),
            dcc.Graph(id=ids.TRENDS_METRICS_GRAPH, config={"displayModeBar": False}),
            dcc.Graph(id=ids.TRENDS_LOAD_GRAPH, config={"displayModeBar": False}),
            dcc.Graph(id=ids.TRENDS_ADVICE_GRAPH, config={"displayModeBar": False}),
        ]),
    ])  # fmt: skip
