"""Trends: form per week at matched pace, with pain and load on the same time axis, over any
period of the history (``?from=2026-W30&to=2026-W40``, or the last ``?weeks=12``)."""

from __future__ import annotations

from dash import dcc, html

from dashboards import data, ids, period, views
from dashboards.components import GRAPH_CONFIG, help_link, term

#: the page writes its period into the URL itself: the shell need not draw it again for that
KEEPS_QUERY = True


def layout(query: dict[str, str]) -> html.Div:
    with data.store() as s:
        weeks = views.history_weeks(data.analysis(s))
    low, high = data.settings().signal.cadence.band_spm
    return html.Div([
        period.control(weeks, query, default_weeks=12),
        html.Div(id=ids.TRENDS_MESSAGE),
        html.Div([html.Span(id=ids.TRENDS_REFERENCE), help_link("reference-pace"),
                  html.Button("Reset reference pace from my first 28 days", id=ids.TRENDS_REFERENCE_RESET, className="button")], className="toolbar"),  # fmt: skip
        dcc.Loading([
            dcc.Graph(id=ids.TRENDS_FORM_GRAPH, config=GRAPH_CONFIG),
            html.P(["Blue: your weekly cadence ", term("at your reference pace", "at-reference-pace"), " with its ", term("95 % CI", "ci"), "; green: the ",
                    term(f"{low:.0f}–{high:.0f} spm band", "cadence-band"), "; bars: morning back pain."], className="caption"),
            dcc.Graph(id=ids.TRENDS_METRICS_GRAPH, config=GRAPH_CONFIG),
            html.P("Grey dashed: your usual (the mean of your previous 4 weeks).", className="caption"),
            html.Div(id=ids.TRENDS_SENSORS),
            dcc.Graph(id=ids.TRENDS_LOAD_GRAPH, config=GRAPH_CONFIG),
            html.P(["Red bars: weeks holding a ", term("spike", "spike"), ", a run much longer than your longest of the 30 days before. Grey line: ",
                    term("ACWR", "acwr"), ", information only."], className="caption"),
            dcc.Graph(id=ids.TRENDS_ADVICE_GRAPH, config=GRAPH_CONFIG),
        ]),
    ])  # fmt: skip
