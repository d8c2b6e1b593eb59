"""Activity: one run's samples, splits, first-vs-last third, and a tile-free route; its sport and
surface can be corrected and the activity deleted here."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboards import data, ids, period, views
from dashboards.components import empty_state
from runsense.model import SPORTS
from runsense.signal.terrain import SURFACES

#: the period goes into the URL by the period control: the shell need not draw the page again for that
KEEPS_QUERY = True


def layout(query: dict[str, str]) -> html.Div:
    with data.store() as s:
        if not s.activities():
            return empty_state("No activities yet. Import your watch files first.")
        weeks = views.week_list(data.analysis(s), s.pain_entries(), date.today())
        start, end, _, _ = period.from_query(weeks, query)
        options = views.activity_options(s, data.settings().units, within=period.checked(start, end)[0])
    chosen = query.get("id") or (options[0]["value"] if options else None)
    return html.Div([
        period.control(weeks, query),
        html.Div([dcc.Dropdown(options=options, value=chosen, id=ids.ACTIVITY_PICKER, clearable=False, className="wide",
                               placeholder="no activity in this period")], className="toolbar"),  # fmt: skip
        html.Div([
            # each label stays with its picker and button: on a phone "surface" ended one line and its picker began the next
            html.Div([
                html.Label("sport", htmlFor=ids.ACTIVITY_SPORT),
                dcc.Dropdown(options=[{"label": sport.replace("_", " "), "value": sport} for sport in SPORTS], id=ids.ACTIVITY_SPORT, clearable=False),
                html.Button("Change sport", id=ids.ACTIVITY_SET_SPORT, className="button"),
            ], className="control-group"),
            html.Div([
                html.Label("surface", htmlFor=ids.ACTIVITY_SURFACE),
                dcc.Dropdown(options=[{"label": surface, "value": surface} for surface in SURFACES], id=ids.ACTIVITY_SURFACE, clearable=False),
                html.Button("Change surface", id=ids.ACTIVITY_SET_SURFACE, className="button"),
            ], className="control-group"),
            dcc.ConfirmDialogProvider(html.Button("Delete activity", className="button"), id=ids.ACTIVITY_DELETE,
                                      message="Delete this activity, its samples and its alerts? Pain entries stay. Importing its file again brings it back."),
            html.Div(id=ids.ACTIVITY_MESSAGE, className="message", role="status"),
        ], className="toolbar"),  # fmt: skip
        dcc.Store(id=ids.ACTIVITY_REFRESH, data=0),
        dcc.Loading(html.Div(id=ids.ACTIVITY_BODY)),
    ])  # fmt: skip
