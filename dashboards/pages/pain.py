"""Pain: log an entry (red flags answered at once), history and patterns with training."""

from __future__ import annotations

from datetime import date, datetime

from dash import dcc, html

from dashboards import ids
from runsense.guidance import RED_FLAG_TIERS
from runsense.pain import DEFAULT_TIMING, LOCATIONS

_TIMINGS = [("morning", "on waking"), ("before-run", "before a run"), ("during-run", "during a run (the worst)"),
            ("after-run", "after a run (within 30 min)"), ("evening", "evening"), ("other", "other")]  # fmt: skip


def layout(query: dict[str, str]) -> html.Div:
    red_flags = [
        html.Div([html.Strong(f"{tier.tier.title()}"), dcc.Checklist(options=[{"label": f" {text}", "value": code} for code, text in tier.questions.items()],
                                                                     value=[], id={"type": ids.PAIN_RED_FLAGS, "tier": tier.tier})])
        for tier in RED_FLAG_TIERS
    ]  # fmt: skip
    return html.Div([
        dcc.Store(id=ids.PAIN_REFRESH, data=0),
        html.Div([
            html.H3("Log your back pain"),
            html.Label(["Score (0 = no pain, 10 = worst imaginable) ",
                        dcc.Input(id=ids.PAIN_SCORE, type="text", inputMode="numeric", placeholder="0–10", className="short", debounce=False)]),
            html.Div([
                html.Label(["Date ", dcc.DatePickerSingle(id=ids.PAIN_DATE, date=date.today().isoformat(), display_format="YYYY-MM-DD")]),
                html.Label(["Time ", dcc.Input(id=ids.PAIN_TIME, type="text", value=datetime.now().strftime("%H:%M"), placeholder="HH:MM (empty: now)", className="short")]),
                html.Label(["When ", dcc.Dropdown(options=[{"label": label, "value": v} for v, label in _TIMINGS], value=DEFAULT_TIMING, id=ids.PAIN_TIMING, clearable=False)]),
                html.Label(["Where ", dcc.Dropdown(options=list(LOCATIONS), value="lower-back", id=ids.PAIN_LOCATION, clearable=False)]),
            ], className="form-row"),
            dcc.Input(id=ids.PAIN_NOTE, type="text", placeholder="note (optional)", className="wide"),
            html.Details([html.Summary("Any of these warning signs? (tick what applies)"), html.Div(red_flags, className="red-flag-questions")], open=False),
            html.Button("Log entry", id=ids.PAIN_SUBMIT, className="button primary"),
            html.Div(id=ids.PAIN_GUIDANCE),  # red-flag guidance, right where the runner is looking
            html.Div(id=ids.PAIN_MESSAGE, className="message", role="status"),
        ], className="card"),
        dcc.Graph(id=ids.PAIN_HISTORY_GRAPH, config={"displayModeBar": False}),
        html.Div(id=ids.PAIN_ENTRIES, className="card"),
        html.Div(id=ids.PAIN_INSIGHTS, className="card"),
    ])  # fmt: skip
