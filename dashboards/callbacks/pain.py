"""Pain page callbacks: log or edit an entry (red flags answered at once), delete one after a
confirmation, then history and insights."""

from __future__ import annotations

from datetime import datetime

from dash import ALL, Dash, Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from dashboards import data, figures, ids, period
from dashboards.components import red_flag_box
from dashboards.period import WeekPeriod
from runsense.analysis import pain_insights
from runsense.errors import RunsenseError
from runsense.guidance import RED_FLAG_TIERS
from runsense.pain import entry_time, make_entry, prompts_for, red_flag_guidance_for, symptoms_text, ticked_flags
from runsense.pain_analysis import entries_frame
from runsense.records import PainEntry

#: the form's fields, in the order of the callbacks' States and of what :func:`start_edit` fills
_FORM = [(ids.PAIN_SCORE, "value"), (ids.PAIN_DATE, "date"), (ids.PAIN_TIME, "value"), (ids.PAIN_TIMING, "value"), (ids.PAIN_LOCATION, "value"),
         (ids.PAIN_LEG, "value"), (ids.PAIN_STIFFNESS, "value"), (ids.PAIN_STIFFNESS_EASES, "value"), (ids.PAIN_SLEEP, "value"),
         (ids.PAIN_INTERFERENCE, "value"), (ids.PAIN_NOTE, "value")]  # fmt: skip
_RED_FLAGS = {"type": ids.PAIN_RED_FLAGS, "tier": ALL}


def save_entry(clicks: int | None, score: str | None, day: str | None, time: str | None, timing: str, locations: list[str] | None,
               leg: list[str] | None, stiffness: str | None, eases: list[str] | None, sleep: list[str] | None, interference: str | None,
               note: str | None, red_flags: list[list[str]], editing: int | None, refresh: int) -> tuple:  # fmt: skip
    """Validate and store the entry (new, or the one being edited) with the CLI's rules
    (:mod:`runsense.pain`); red-flag guidance comes back first. Anything wrong: its message, and
    nothing stored."""
    if not clicks:
        raise PreventUpdate
    leg = leg or []
    try:
        with data.store(write=True) as s:
            old = s.pain_entry(editing) if editing else None
            entry = make_entry(
                score, when=entry_time(day, time, datetime.now()), location=locations or [], timing=timing, note=note or "",
                activity_id=old.activity_id if old else None, red_flags=[code for group in red_flags for code in (group or [])],
                leg_numbness="leg-numbness" in leg, leg_weakness="leg-weakness" in leg, stiffness_min=stiffness, stiffness_eases=bool(eases),
                sleep_disturbed=bool(sleep), interference=interference,
            )  # fmt: skip
            if editing:
                s.update_pain(editing, entry)
            else:
                s.add_pain(entry)
    except RunsenseError as exc:
        return html.Div(), f"Not {'saved' if editing else 'logged'}: {exc}.", refresh, editing
    guidance = red_flag_box(red_flag_guidance_for(entry.red_flags)) or html.Div()
    asks = " ".join(p.text for p in prompts_for(entry))
    done = f"Entry {editing} updated:" if editing else "Logged"
    return guidance, f"{done} {entry.score}/10 ({entry.timing}, {', '.join(entry.locations)}, {entry.local_time.replace('T', ' ')}). {asks}".strip(), refresh + 1, None


def screen_hint(locations: list[str] | None, leg: list[str] | None) -> tuple:
    """Pain below the knee or leg symptoms bring the red-flag screen up at once (spec §7.5)."""
    if any(loc.startswith("below-knee") for loc in locations or []) or leg:
        return True, html.P("Symptoms reaching the leg: please go through the warning signs below (especially the emergency ones).", className="hint")
    return False, None


def start_edit(clicks: list[int | None]) -> tuple:
    """Fill the form with the entry whose Edit button was pressed; saving then replaces it."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    entry_id = ctx.triggered_id["index"]
    with data.store() as s:
        e = s.pain_entry(entry_id)
    day, time = e.local_time.split("T")
    leg = [code for code, yes in (("leg-numbness", e.leg_numbness), ("leg-weakness", e.leg_weakness)) if yes]
    ticked = ticked_flags(e)
    form = [str(e.score), day, time, e.timing, list(e.locations), leg, _text(e.morning_stiffness_min), ["eases"] if e.stiffness_eases else [],
            ["sleep"] if e.sleep_disturbed else [], _text(e.activity_interference), e.note]  # fmt: skip
    flags = [[code for code in tier.questions if code in ticked] for tier in RED_FLAG_TIERS]
    return (*form, flags, entry_id, f"Editing entry {entry_id}: change what you need and press Save changes.")


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


_SHOWN, _HIDDEN = {}, {"display": "none"}


def show_editing(editing: int | None) -> tuple:
    return ("Save changes", _SHOWN) if editing else ("Log entry", _HIDDEN)


def ask_delete(clicks: list[int | None]) -> tuple:
    """Ask before deleting: the entry is named, and nothing happens until the runner confirms."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate
    entry_id = ctx.triggered_id["index"]
    with data.store() as s:
        e = s.pain_entry(entry_id)
    return entry_id, f"Delete the entry of {e.local_time.replace('T', ' ')} ({e.score}/10, {e.timing})? This cannot be undone.", _SHOWN


def confirm_delete(yes: int | None, no: int | None, entry_id: int | None, refresh: int) -> tuple:
    if ctx.triggered_id != ids.PAIN_CONFIRM_YES or entry_id is None:
        return None, _HIDDEN, "Nothing deleted.", refresh
    try:
        with data.store(write=True) as s:
            s.delete_pain(entry_id)
    except RunsenseError as exc:
        return None, _HIDDEN, f"Not deleted: {exc}.", refresh
    return None, _HIDDEN, f"Entry {entry_id} deleted.", refresh + 1


def render_history(refresh: int, start: str | None = None, end: str | None = None) -> tuple:
    """Pain over time and the entries, within the period chosen; the association analysis with its
    caveats (over the whole history: it needs every day it can get)."""
    del refresh
    chosen, _ = period.checked(start, end)  # a bad period is said by the control: everything is shown
    with data.store() as s:
        entries = [e for e in s.pain_entries() if chosen.holds(e.local_date)]
        insights = pain_insights(s, data.analysis(s))
    contrast = insights.get("contrast")
    parts = [html.H3("Patterns with your training"), html.P(insights["summary"])]
    if contrast:
        parts.append(html.P(
            f"Next-morning pain after run days {contrast['after_run_days']:.1f}/10, after rest days {contrast['after_rest_days']:.1f}/10 "
            f"(difference {contrast['difference']:+.1f}, 95% CI {contrast['ci95'][0]:+.1f} to {contrast['ci95'][1]:+.1f})."
        ))  # fmt: skip
    parts.append(html.P("The pain-monitoring rules come from tendon rehabilitation; applying them to back pain is an extrapolation.", className="hint"))
    if not entries and not chosen.is_everything:
        return figures.empty_figure(f"No pain logged from {chosen}."), parts, [html.H3("Your entries"), period.empty_note("pain entries", chosen)]
    return figures.pain_history(entries_frame(entries)), parts, _entries_table(entries, chosen)


def _entries_table(entries: list[PainEntry], within: WeekPeriod, limit: int = 30) -> list:
    """The latest entries of the period, newest first, notes included (the runner's own words
    matter to the physio), each with its Edit and Delete buttons."""
    if not entries:
        return [html.H3("Your entries"), html.P("No pain entries yet.", className="hint")]
    columns = ["when", "score", "where", "timing", "symptoms", "red flags", "note", ""]
    rows = [_entry_row(e) for e in entries[::-1][:limit]]
    span = "" if within.is_everything else f", {within}"
    return [html.H3(f"Your entries (latest {min(limit, len(entries))} of {len(entries)}{span})"),
            html.Div(html.Table([html.Thead(html.Tr([html.Th(c) for c in columns])), html.Tbody(rows)], className="table", id="pain-entries-table"),
                     className="table-wrap")]  # fmt: skip  (the same scrolling box as every table: a phone's page never scrolls sideways)


def _entry_row(e: PainEntry) -> html.Tr:
    cells = [e.local_time.replace("T", " "), f"{e.score}/10", ", ".join(e.locations), e.timing, symptoms_text(e), ", ".join(e.red_flags) or "—", e.note or "—"]
    actions = html.Td([html.Button("Edit", id={"type": ids.PAIN_EDIT, "index": e.id}, className="button small", title=f"Edit entry {e.id}"),
                       html.Button("Delete", id={"type": ids.PAIN_DELETE, "index": e.id}, className="button small", title=f"Delete entry {e.id}")])  # fmt: skip
    return html.Tr([*(html.Td(c) for c in cells), actions], **{"data-entry": str(e.id)})


def register(app: Dash) -> None:
    form_states = [State(i, prop) for i, prop in _FORM]
    app.callback(
        Output(ids.PAIN_GUIDANCE, "children"), Output(ids.PAIN_MESSAGE, "children"), Output(ids.PAIN_REFRESH, "data"), Output(ids.PAIN_EDITING, "data"),
        Input(ids.PAIN_SUBMIT, "n_clicks"), *form_states, State(_RED_FLAGS, "value"), State(ids.PAIN_EDITING, "data"), State(ids.PAIN_REFRESH, "data"),
        prevent_initial_call=True,
    )(save_entry)  # fmt: skip
    app.callback(Output(ids.PAIN_SCREEN, "open"), Output(ids.PAIN_SCREEN_HINT, "children"), Input(ids.PAIN_LOCATION, "value"), Input(ids.PAIN_LEG, "value"),
                 prevent_initial_call=True)(screen_hint)  # fmt: skip
    app.callback(*(Output(i, prop, allow_duplicate=True) for i, prop in _FORM), Output(_RED_FLAGS, "value"), Output(ids.PAIN_EDITING, "data", allow_duplicate=True),
                 Output(ids.PAIN_MESSAGE, "children", allow_duplicate=True), Input({"type": ids.PAIN_EDIT, "index": ALL}, "n_clicks"),
                 prevent_initial_call=True)(start_edit)  # fmt: skip
    app.callback(Output(ids.PAIN_EDITING, "data", allow_duplicate=True), Input(ids.PAIN_CANCEL_EDIT, "n_clicks"), prevent_initial_call=True)(lambda _: None)
    app.callback(Output(ids.PAIN_SUBMIT, "children"), Output(ids.PAIN_CANCEL_EDIT, "style"), Input(ids.PAIN_EDITING, "data"))(show_editing)
    app.callback(Output(ids.PAIN_DELETING, "data"), Output(ids.PAIN_CONFIRM_TEXT, "children"), Output(ids.PAIN_CONFIRM, "style"),
                 Input({"type": ids.PAIN_DELETE, "index": ALL}, "n_clicks"), prevent_initial_call=True)(ask_delete)  # fmt: skip
    app.callback(Output(ids.PAIN_DELETING, "data", allow_duplicate=True), Output(ids.PAIN_CONFIRM, "style", allow_duplicate=True),
                 Output(ids.PAIN_MESSAGE, "children", allow_duplicate=True), Output(ids.PAIN_REFRESH, "data", allow_duplicate=True),
                 Input(ids.PAIN_CONFIRM_YES, "n_clicks"), Input(ids.PAIN_CONFIRM_NO, "n_clicks"), State(ids.PAIN_DELETING, "data"),
                 State(ids.PAIN_REFRESH, "data"), prevent_initial_call=True)(confirm_delete)  # fmt: skip
    app.callback(Output(ids.PAIN_HISTORY_GRAPH, "figure"), Output(ids.PAIN_INSIGHTS, "children"), Output(ids.PAIN_ENTRIES, "children"),
                 Input(ids.PAIN_REFRESH, "data"), Input(ids.PERIOD_FROM, "value"), Input(ids.PERIOD_TO, "value"))(render_history)  # fmt: skip
