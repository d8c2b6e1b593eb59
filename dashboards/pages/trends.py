"""Trends: form per week at matched pace, with pain and load on the same time axis, over any
period of the history (``?from=2026-W30&to=2026-W40``, or the last ``?weeks=12``)."""

from __future__ import annotations

from dash import dcc, html

from dashboards import data, ids, views
from dashboards.components import GRAPH_CONFIG, help_link, notice, term

#: the quick choices: the last N weeks of the history
QUICK_WEEKS = (4, 12, 26, 52)
#: the page writes its period into the URL itself: the shell need not draw it again for that
KEEPS_QUERY = True


def layout(query: dict[str, str]) -> html.Div:
    with data.store() as s:
        weeks = views.history_weeks(data.analysis(s))
    start, end, quick, problem = views.trend_period(weeks, query)
    low, high = data.settings().signal.cadence.band_spm
    # a week asked for in the URL outside the history stays chosen: the charts then say there are no runs
    options = [{"label": w, "value": w} for w in sorted(set(weeks) | {w for w in (start, end) if w}, reverse=True)]
    return html.Div([
        html.Div([html.Span("Show the last "), dcc.RadioItems(options=[{"label": f" {n} weeks", "value": n} for n in QUICK_WEEKS],
                  value=quick, id=ids.TRENDS_WINDOW, inline=True)], className="toolbar"),  # fmt: skip
        html.Div([
            html.Label(["from ", dcc.Dropdown(options=options, value=start, id=ids.TRENDS_FROM, clearable=False, className="week-select")]),
            html.Label(["to ", dcc.Dropdown(options=options, value=end, id=ids.TRENDS_TO, clearable=False, className="week-select")]),
        ], className="toolbar period-picker"),
        notice(problem) if problem else html.Div(),
        html.Div(id=ids.TRENDS_MESSAGE),
        html.Div([html.Span(id=ids.TRENDS_REFERENCE), help_link("reference-pace"),
                  html.Button("Reset reference pace from my first 28 days", id=ids.TRENDS_REFERENCE_RESET, className="button")], className="toolbar"),  # fmt: skip
        dcc.Loading([
            dcc.Graph(id=ids.TRENDS_FORM_GRAPH, config=GRAPH_CONFIG),
            html.P(["Blue: your weekly cadence ", term("at your reference pace", "at-reference-pace"), " with its ", term("95 % CI", "ci"), "; green: the ",
                    term(f"{low:.0f}–{high:.0f} spm band", "cadence-band"), "; bars: morning back pain."], className="caption"),
            dcc.Graph(id=ids.TRENDS_METRICS_GRAPH, config=GRAPH_CONFIG),
            html.P("Dashed: your usual (the mean of your previous 4 weeks).", className="caption"),
            dcc.Graph(id=ids.TRENDS_LOAD_GRAPH, config=GRAPH_CONFIG),
            html.P(["Red bars: weeks holding a ", term("spike", "spike"), ", a run much longer than your longest of the 30 days before. Grey line: ",
                    term("ACWR", "acwr"), ", information only."], className="caption"),
            dcc.Graph(id=ids.TRENDS_ADVICE_GRAPH, config=GRAPH_CONFIG),
        ]),
    ])  # fmt: skip
