"""Pain: log an entry (red flags answered at once), edit or delete one; the history of any period, and patterns with training."""

from __future__ import annotations

from datetime import date, datetime

from dash import dcc, html

from dashboards import data, ids, period, views
from runsense.guidance import RED_FLAG_TIERS
from runsense.pain import DEFAULT_TIMING, LOCATIONS

_TIMINGS = [("morning", "on waking"), ("before-run", "before a run"), ("during-run", "during a run (the worst)"),
            ("after-run", "after a run (within 30 min)"), ("evening", "evening"), ("other", "other")]  # fmt: skip
#: hidden by style: the cards' and buttons' CSS display would override the ``hidden`` attribute
_HIDDEN = {"display": "none"}
_LOCATION_LABELS = {"lower-back": "low back (central)", "lower-back-left": "low back, left", "lower-back-right": "low back, right",
                    "buttock-left": "buttock, left", "buttock-right": "buttock, right", "thigh-left": "thigh, left", "thigh-right": "thigh, right",
                    "below-knee-left": "below the knee, left", "below-knee-right": "below the knee, right", "foot-left": "foot, left",
                    "foot-right": "foot, right"}  # fmt: skip


#: the period goes into the URL by the period control: the shell need not draw the page again for that
KEEPS_QUERY = True


def layout(query: dict[str, str]) -> html.Div:
    with data.store() as s:
        weeks = views.week_list(data.analysis(s), s.pain_entries(), date.today())
    return html.Div([
        dcc.Store(id=ids.PAIN_REFRESH, data=0),
        dcc.Store(id=ids.PAIN_EDITING, data=None),
        dcc.Store(id=ids.PAIN_DELETING, data=None),
        html.Div([
            html.H3("Log your back pain"),
            html.Label(["Score (0 = no pain, 10 = worst imaginable) ",
                        dcc.Input(id=ids.PAIN_SCORE, type="text", inputMode="numeric", placeholder="0–10", className="short", debounce=False)]),
            html.Div([
                html.Label(["Date ", dcc.DatePickerSingle(id=ids.PAIN_DATE, date=date.today().isoformat(), display_format="YYYY-MM-DD")]),
                html.Label(["Time ", dcc.Input(id=ids.PAIN_TIME, type="text", value=datetime.now().strftime("%H:%M"), placeholder="HH:MM (empty: now)", className="short")]),
                html.Label(["When ", dcc.Dropdown(options=[{"label": label, "value": v} for v, label in _TIMINGS], value=DEFAULT_TIMING, id=ids.PAIN_TIMING, clearable=False)]),
                html.Label(["Where (one or more) ", dcc.Dropdown(options=[{"label": _LOCATION_LABELS[v], "value": v} for v in LOCATIONS], value=["lower-back"],
                                                                  id=ids.PAIN_LOCATION, multi=True, clearable=False)]),
            ], className="form-row"),
            _symptom_fields(),
            dcc.Input(id=ids.PAIN_NOTE, type="text", placeholder="note (optional)", className="wide"),
            html.Div(id=ids.PAIN_SCREEN_HINT, role="status"),
            html.Details([html.Summary("Any of these warning signs? (tick what applies)"), html.Div(_red_flag_questions(), className="red-flag-questions")],
                         open=False, id=ids.PAIN_SCREEN),
            html.Button("Log entry", id=ids.PAIN_SUBMIT, className="button primary"),
            html.Button("Cancel editing", id=ids.PAIN_CANCEL_EDIT, className="button", style=_HIDDEN),
            html.Div(id=ids.PAIN_GUIDANCE),  # red-flag guidance, right where the runner is looking
            html.Div(id=ids.PAIN_MESSAGE, className="message", role="status"),
        ], className="card"),
        period.control(weeks, query),
        dcc.Graph(id=ids.PAIN_HISTORY_GRAPH, config={"displayModeBar": False}),
        html.Div([
            html.Div(id=ids.PAIN_CONFIRM_TEXT),
            html.Button("Yes, delete it", id=ids.PAIN_CONFIRM_YES, className="button danger"),
            html.Button("Keep it", id=ids.PAIN_CONFIRM_NO, className="button"),
        ], id=ids.PAIN_CONFIRM, className="card confirm", role="alertdialog", style=_HIDDEN),
        html.Div(id=ids.PAIN_ENTRIES, className="card"),
        html.Div(id=ids.PAIN_INSIGHTS, className="card"),
    ])  # fmt: skip


def _symptom_fields() -> html.Div:
    """The §7.2 fields beyond score and place: leg symptoms, morning stiffness, sleep, interference."""
    return html.Div([
        dcc.Checklist(id=ids.PAIN_LEG, options=[{"label": " Numbness or tingling in a leg", "value": "leg-numbness"},
                                                {"label": " Weakness in a leg", "value": "leg-weakness"}], value=[]),
        html.Label(["Morning stiffness (minutes) ", dcc.Input(id=ids.PAIN_STIFFNESS, type="text", inputMode="numeric", placeholder="e.g. 20", className="short")]),
        dcc.Checklist(id=ids.PAIN_STIFFNESS_EASES, options=[{"label": " The stiffness eases as I move", "value": "eases"}], value=[]),
        dcc.Checklist(id=ids.PAIN_SLEEP, options=[{"label": " The pain disturbed my sleep", "value": "sleep"}], value=[]),
        html.Label(["How much it got in the way of daily activity (0–10, optional) ",
                    dcc.Input(id=ids.PAIN_INTERFERENCE, type="text", inputMode="numeric", placeholder="0–10", className="short")]),
    ], className="form-row symptoms")  # fmt: skip


def _red_flag_questions() -> list[html.Div]:
    return [
        html.Div([html.Strong(f"{tier.tier.title()}"), dcc.Checklist(options=[{"label": f" {text}", "value": code} for code, text in tier.questions.items()],
                                                                     value=[], id={"type": ids.PAIN_RED_FLAGS, "tier": tier.tier})])
        for tier in RED_FLAG_TIERS
    ]  # fmt: skip
