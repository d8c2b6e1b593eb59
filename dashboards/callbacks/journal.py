"""Plan & log callbacks: the cadence plan and its workout file, strength sessions, markers, check-ins."""

from __future__ import annotations

from datetime import date

from dash import ALL, Dash, Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from dashboards import data, ids, views
from dashboards.components import table
from runsense.coach import DRILL_NOTE, current_plan, new_plan
from runsense.errors import RunsenseError
from runsense.journal import make_marker, make_strength_session
from runsense.ostrc import make_checkin
from runsense.plan import iso_week_of
from runsense.signal.strength import DEFAULT_STRENGTH_TARGET, sessions_per_week


def render(refresh: int) -> tuple:
    """The plan in force week by week, recent strength sessions per week, and the markers."""
    from runsense.analysis import strength_sessions

    with data.store() as s:
        view = current_plan(s, analysis=data.analysis(s))
        sessions = strength_sessions(s)
        markers = s.markers()
        held = views.attention_view(s, date.today()).suggestions_held
    if held:
        plan = html.P(held, className="held", id=ids.PLAN_HELD)  # a cadence target is a training suggestion
    elif view is None:
        plan = html.P("No plan yet. Start one: it begins from your cadence at your reference pace this week.")
    else:
        p = view.progress
        rows = [{"week": w.week, "step": w.step, "target (spm)": w.target_spm,
                 "at reference pace (spm)": "—" if w.cadence_at_ref_spm is None else f"{w.cadence_at_ref_spm:.1f}", "result": w.status} for w in p.weeks[-8:]]  # fmt: skip
        steps = ", then ".join(f"{t} spm" for t in p.plan.targets_spm)
        plan = html.Div([
            html.P(f"Since {p.plan.start_week}: from {p.plan.baseline_spm:.0f} spm to {steps}. Now: step {p.step}, {p.target_spm} spm"
                   + (" (complete: keep it there)." if p.complete else ".") + f" Metronome: {p.metronome_spm} beats per minute."),
            table(rows),
            html.P(DRILL_NOTE, className="hint"),
        ])  # fmt: skip
    per_week = sessions_per_week(sessions)
    low, high = DEFAULT_STRENGTH_TARGET
    recent = sorted(per_week.items())[-8:]
    strength = html.Div([
        html.P(f"Sessions per week (target {low}–{high}): " + (", ".join(f"{w}: {n}" for w, n in recent) if recent else "none logged yet.")),
        table([{"date": x.local_date, "minutes": f"{x.minutes:g}", "kind": x.kind, "from": "watch" if x.activity_id else "logged", "note": x.note}
               for x in reversed(sessions[-6:])]) if sessions else html.Div(),
    ])  # fmt: skip
    marker_list = table([{"date": m.local_date, "kind": m.kind, "what changed": m.label} for m in reversed(markers)]) if markers else html.P("No markers yet.")
    return plan, strength, marker_list


def start_plan(clicks: int | None, refresh: int) -> tuple[str, int]:
    if not clicks:
        raise PreventUpdate
    try:
        with data.store(write=True) as s:
            view = new_plan(s, analysis=data.analysis(s))
    except RunsenseError as exc:
        return f"No plan started: {exc}", refresh
    return f"Plan started: step 1 is {view.progress.target_spm} spm at your reference pace.", refresh + 1


def workout(clicks: int | None) -> tuple:
    if not clicks:
        raise PreventUpdate
    from runsense.workout import cadence_workout

    with data.store() as s:
        view = current_plan(s, analysis=data.analysis(s))
    if view is None:
        return None, "Start a plan first: the workout carries its current step."
    target = view.progress.target_spm
    message = f"Workout for {target} spm: copy it to GARMIN/NewFiles on your watch (USB), or import it in Garmin Connect."
    return dcc.send_bytes(cadence_workout(target), f"cadence-{target}spm.fit"), message


def log_strength(clicks: int | None, day: str | None, minutes: float | None, kind: str, note: str | None, refresh: int) -> tuple[str, int]:
    if not clicks:
        raise PreventUpdate
    try:
        session = make_strength_session(day or "", minutes if minutes is not None else 0, kind, note or "")
        with data.store(write=True) as s:
            s.add_strength_session(session)
    except RunsenseError as exc:
        return f"Not logged: {exc}", refresh
    return f"Logged {session.minutes:g} min of {session.kind} work on {session.local_date}.", refresh + 1


def add_marker(clicks: int | None, day: str | None, label: str | None, kind: str, refresh: int) -> tuple[str, int]:
    if not clicks:
        raise PreventUpdate
    try:
        marker = make_marker(day or "", label or "", kind)
        with data.store(write=True) as s:
            s.add_marker(marker)
    except RunsenseError as exc:
        return f"Not added: {exc}", refresh
    return f"Marker added: {marker.local_date}, {marker.label}.", refresh + 1


def save_checkin(clicks: int | None, answers: list[int | None]) -> str:
    if not clicks:
        raise PreventUpdate
    from datetime import date

    try:
        checkin = make_checkin(iso_week_of(date.today()), *answers)
        with data.store(write=True) as s:
            s.add_checkin(checkin)
    except RunsenseError as exc:
        return f"Not saved: {exc}"
    verdict = "a substantial problem (training reduced)" if checkin.substantial else "no substantial problem"
    return f"Check-in for {checkin.week}: {checkin.score}/100, {verdict}."


def register(app: Dash) -> None:
    app.callback(Output(ids.PLAN_STATUS, "children"), Output(ids.STRENGTH_LIST, "children"), Output(ids.MARKER_LIST, "children"),
                 Input(ids.JOURNAL_REFRESH, "data"))(render)  # fmt: skip
    app.callback(Output(ids.PLAN_MESSAGE, "children", allow_duplicate=True), Output(ids.JOURNAL_REFRESH, "data", allow_duplicate=True),
                 Input(ids.PLAN_START, "n_clicks"), State(ids.JOURNAL_REFRESH, "data"), prevent_initial_call=True)(start_plan)  # fmt: skip
    app.callback(Output(ids.PLAN_WORKOUT_FILE, "data"), Output(ids.PLAN_MESSAGE, "children", allow_duplicate=True),
                 Input(ids.PLAN_WORKOUT, "n_clicks"), prevent_initial_call=True)(workout)  # fmt: skip
    app.callback(Output(ids.STRENGTH_MESSAGE, "children"), Output(ids.JOURNAL_REFRESH, "data", allow_duplicate=True),
                 Input(ids.STRENGTH_SUBMIT, "n_clicks"), State(ids.STRENGTH_DATE, "date"), State(ids.STRENGTH_MINUTES, "value"),
                 State(ids.STRENGTH_KIND, "value"), State(ids.STRENGTH_NOTE, "value"), State(ids.JOURNAL_REFRESH, "data"), prevent_initial_call=True)(log_strength)  # fmt: skip
    app.callback(Output(ids.MARKER_MESSAGE, "children"), Output(ids.JOURNAL_REFRESH, "data", allow_duplicate=True),
                 Input(ids.MARKER_SUBMIT, "n_clicks"), State(ids.MARKER_DATE, "date"), State(ids.MARKER_LABEL, "value"),
                 State(ids.MARKER_KIND, "value"), State(ids.JOURNAL_REFRESH, "data"), prevent_initial_call=True)(add_marker)  # fmt: skip
    app.callback(Output(ids.CHECKIN_MESSAGE, "children"), Input(ids.CHECKIN_SUBMIT, "n_clicks"),
                 State({"type": ids.CHECKIN_ANSWER, "question": ALL}, "value"), prevent_initial_call=True)(save_checkin)  # fmt: skip


