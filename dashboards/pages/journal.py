"""Plan & log: the cadence plan, strength and core sessions, markers, and the weekly check-in."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboards import ids
from runsense.journal import MARKER_KINDS, MAX_SESSION_MIN, MIN_SESSION_MIN, STRENGTH_KINDS
from runsense.ostrc import QUESTIONS


def layout(query: dict[str, str]) -> html.Div:
    today = date.today().isoformat()
    checkin = [
        html.Fieldset([html.Legend(text), dcc.RadioItems(options=[{"label": f" {label}", "value": i} for i, (label, _) in enumerate(options)],
                                                         id={"type": ids.CHECKIN_ANSWER, "question": question})])
        for question, (text, options) in QUESTIONS.items()
    ]  # fmt: skip
    return html.Div([
        dcc.Store(id=ids.JOURNAL_REFRESH, data=0),
        html.Div([
            html.H3("Cadence plan"),
            html.P("Small steps up from your own cadence at your reference pace: +5 %, then +10 % at most, each held two weeks and "
                   "reached at the same pace before the next.", className="hint"),
            html.Div(id=ids.PLAN_STATUS),
            html.Div([html.Button("Start a plan from my cadence now", id=ids.PLAN_START, className="button"),
                      html.Button("Download this step as a watch workout (.fit)", id=ids.PLAN_WORKOUT, className="button")], className="toolbar"),
            dcc.Download(id=ids.PLAN_WORKOUT_FILE),
            html.Div(id=ids.PLAN_MESSAGE, className="message", role="status"),
        ], className="card"),
        html.Div([
            html.Div([
                html.H3("Strength and core session"),
                html.P("The articles' advice: core and glutes two to three times a week. Strength activities from your watch count too.", className="hint"),
                html.Div([
                    html.Label(["Date ", dcc.DatePickerSingle(id=ids.STRENGTH_DATE, date=today, display_format="YYYY-MM-DD", max_date_allowed=today)]),
                    html.Label(["Minutes ", dcc.Input(id=ids.STRENGTH_MINUTES, type="number", value=20, min=MIN_SESSION_MIN, max=MAX_SESSION_MIN, className="short")]),
                    html.Label(["Kind ", dcc.Dropdown(options=list(STRENGTH_KINDS), value="core", id=ids.STRENGTH_KIND, clearable=False)]),
                ], className="form-row"),
                dcc.Input(id=ids.STRENGTH_NOTE, type="text", placeholder="what you did (optional)", className="wide"),
                html.Button("Log session", id=ids.STRENGTH_SUBMIT, className="button primary"),
                html.Div(id=ids.STRENGTH_MESSAGE, className="message", role="status"),
                html.Div(id=ids.STRENGTH_LIST),
            ], className="card"),
            html.Div([
                html.H3("Mark a change"),
                html.P("Started cadence work, new shoes, a physio visit: markers show on the charts and split comparisons.", className="hint"),
                html.Div([
                    html.Label(["Date ", dcc.DatePickerSingle(id=ids.MARKER_DATE, date=today, display_format="YYYY-MM-DD", max_date_allowed=today)]),
                    html.Label(["Kind ", dcc.Dropdown(options=list(MARKER_KINDS), value="cadence", id=ids.MARKER_KIND, clearable=False)]),
                ], className="form-row"),
                dcc.Input(id=ids.MARKER_LABEL, type="text", placeholder="what changed, e.g. started cadence work", className="wide"),
                html.Button("Add marker", id=ids.MARKER_SUBMIT, className="button primary"),
                html.Div(id=ids.MARKER_MESSAGE, className="message", role="status"),
                html.Div(id=ids.MARKER_LIST),
            ], className="card"),
        ], className="cards"),
        html.Div([
            html.H3("Weekly check-in (OSTRC-O2)"),
            html.P("Four questions about this week's back problems, scored 0 (none) to 100.", className="hint"),
            *checkin,
            html.Button("Save this week's check-in", id=ids.CHECKIN_SUBMIT, className="button primary"),
            html.Div(id=ids.CHECKIN_MESSAGE, className="message", role="status"),
        ], className="card"),
    ])  # fmt: skip
