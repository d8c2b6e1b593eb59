"""Week page callbacks."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboards import data, figures, ids, period, views
from dashboards.components import GRAPH_CONFIG, attention_box, empty_state, flag_card, help_link, kpi, table, term
from runsense import display
from runsense.analysis import weeks_through
from runsense.signal import columns as col
from runsense.week_advice import advice_lines
from runsense.week_report import FormBlock, WeekReport


def step(prev_clicks: int | None, next_clicks: int | None, week: str | None, options: list[dict[str, str]] | None) -> str:
    """Previous / next week, through the weeks the picker offers (those of the period chosen)."""
    if week is None or not options or ctx.triggered_id not in (ids.WEEK_PREV, ids.WEEK_NEXT):
        raise PreventUpdate
    return views.step_week([o["value"] for o in options][::-1], week, -1 if ctx.triggered_id == ids.WEEK_PREV else 1)


def pick_in_period(start: str | None, end: str | None, week: str | None, search: str | None = None, by_history: bool | None = False) -> tuple[list[dict[str, str]], str, Any]:
    """A period chosen: the picker offers its weeks and jumps to its last, unless the week shown is in it.
    A period the browser's Back or Forward brought back shows the week its address names
    (``?week=``, else this week), as the page did when it opened on that address."""
    chosen, problem = period.checked(start, end)  # a bad period is said by the control: every week is offered
    today = date.today()
    with data.store() as s:
        analysis, entries = data.analysis(s), s.pain_entries()
        if by_history:
            week = views.open_week(period.asked_in_url(search, "week"), views.week_list(analysis, entries, today), today)[0]
        options, week, found = views.week_options_within(analysis, entries, today, chosen, week)
    return options, week, None if found or problem else period.empty_note("weeks of your history", chosen)



def render_week(week: str | None) -> list[Any]:
    """The week's body: its own red flags (older than the active ones on top), headline numbers,
    cadence, form, flags, pain and shoes."""
    if not week:
        raise PreventUpdate
    today = date.today()
    with data.store() as s:
        return data.rendered(s, "week", (week, today), lambda: _build_week(week, today))


def _build_week(week: str, today: date) -> list[Any]:
    unit = data.settings().units
    with data.store() as s:
        analysis = data.analysis(s)
        report = views.week_view(s, analysis, week, today, unit)
        active = {(r.code, r.local_date) for r in views.attention_view(s, today).red_flags}
        markers = s.markers()
        pain_by_week = views.morning_pain_by_week(s)
    older_red = [r.to_dict() for r in report.red_flags if (r.code, r.local_date) not in active]
    head = [attention_box(older_red, [], None, unit) if older_red else html.Div(), html.H2(f"Week {report.week} · {report.start} to {report.end}")]
    if analysis.runs.empty:
        body = [empty_state("No running yet. Import your watch files to see your week.")]
    else:
        weeks = weeks_through(analysis.weeks, week)
        i = list(weeks["week"]).index(week)
        shown = weeks.iloc[max(0, i - 11) : i + 1]
        earlier = weeks[col.of("cadence_spm").at_ref].iloc[: max(0, i - 11)].notna().any()  # steady running before these 12 weeks
        empty = f"No steady running from {shown['week'].iat[0]} to {week} to compare cadence at the same pace" + (": pick an earlier week above." if earlier else ".")
        figure = figures.cadence_trend(shown, report.form["cadence_spm"].target_band, pain_by_week, views.runs_by_week(analysis), highlight=week, markers=markers,
                                       empty=empty)  # fmt: skip
        body = [
            html.P(report.message, className="hint", id=ids.WEEK_EMPTY) if report.message else html.Div(),
            _kpis(report),
            dcc.Graph(figure=figure, id=ids.WEEK_CADENCE_GRAPH, config=GRAPH_CONFIG),
            html.H3(["Running form", help_link("at-reference-pace")]),
            html.P([term("At reference pace", "at-reference-pace"), " means every run is moved along your own pace–cadence line to the same pace, "
                    "so an easy week is not a change of form."], className="hint"),
            _form_table(report),
        ]  # fmt: skip
    body += _advice(report)
    return head + body + _flags(report, views.run_labels(analysis)) + _pain(report) + _shoes(report)


def _kpis(report: WeekReport) -> html.Div:
    unit, usual = report.units, report.usual_distance_m
    cadence = report.form["cadence_spm"]
    band = "" if report.suggestions_held else f" · band {cadence.target_band[0]:.0f}–{cadence.target_band[1]:.0f}"
    cards = [
        kpi("distance", display.distance(report.distance_m, unit, 1), f"usual {display.distance(usual, unit, 1)}" if usual else "no usual yet", "kpi-distance"),
        kpi("time", f"{report.moving_time_s / 3600:.1f} h", display.count(report.runs, "run"), "kpi-time"),
        kpi(["cadence at " + report.reference_pace, help_link("reference-pace")], display.measure(cadence.at_ref, "spm"), f"your usual {display.number(cadence.baseline)}{band}", "kpi-cadence"),
    ]
    if not report.suggestions_held:
        share = cadence.in_band_share
        low, high = cadence.target_band
        cards.append(kpi([f"in {low:.0f}–{high:.0f} spm", help_link("cadence-band")], "—" if share is None else f"{share * 100:.0f}%", "of running time (a convention)", "kpi-band"))
    cards.append(kpi(["acute:chronic", help_link("acwr")], display.number(report.load.acwr_ewma, 2), "information only", "kpi-acwr"))
    return html.Div(cards, className="kpis", id=ids.WEEK_KPIS)


def _form_table(report: WeekReport) -> html.Div:
    def digits(m: FormBlock) -> int:
        return 2 if m.unit == "m" else 1

    rows = [
        {"metric": f"{m.label} ({m.unit})", "this week": display.number(m.week_average, digits(m)), "at reference pace": display.number(m.at_ref, digits(m)),
         "your usual": display.number(m.baseline, digits(m)), "change": "—" if m.change is None else f"{m.change:+.{digits(m) + 1}f}"}
        for m in report.form.values()
    ]  # fmt: skip
    return table(rows, table_id=ids.WEEK_FORM)


def _advice(report: WeekReport) -> list[Any]:
    """Strength sessions against the target, surfaces and climbing, the cadence plan's step, a new sensor."""
    items = [html.Li([html.Strong(f"{label}: "), sentence]) for label, sentence in advice_lines(report)]
    return [html.H3("Strength, surface and plan"), html.Ul(items, id=ids.WEEK_ADVICE)]


def _flags(report: WeekReport, run_labels: dict[str, str]) -> list[Any]:
    others = [f.to_dict(report.units) for f in report.flags if not f.code.startswith("RF-")]
    n_held = len(report.held_flags)
    held = [html.P(f"{report.suggestions_held} {display.count(n_held, 'form and load flag')} {'is' if n_held == 1 else 'are'} not shown.", className="held")] \
        if n_held else []  # fmt: skip
    cards = [flag_card(f, run_labels.get(f.get("activity_id") or "")) for f in others] or [html.P("No flags this week.", className="hint")]
    capped = [html.P(report.flags_held_back_note, className="hint")] if report.flags_held_back_note else []
    return [html.H3(f"Flags ({len(others)})"), *held, html.Div(cards, id=ids.WEEK_FLAGS), *capped]


def _pain(report: WeekReport) -> list[Any]:
    entries = report.pain.entries
    if not entries:
        return [html.H3("Pain this week"), html.P(["No pain logged this week. ", dcc.Link("Log your morning back pain on the Pain page", href="/pain"),
                                                    ": it is what the pain rules and trends are built on."], className="hint", id=ids.WEEK_PAIN)]
    items = [html.Li(f"{e.local_time.replace('T', ' ')} · {e.score}/10 · {e.location} · {e.timing}" + (f" · “{e.note}”" if e.note else ""))
             for e in entries]  # fmt: skip
    return [html.H3("Pain this week"), html.Ul(items, id=ids.WEEK_PAIN)]


def _shoes(report: WeekReport) -> list[Any]:
    shoe_alerts = [a for a in report.alerts if a.kind == "shoe_mileage"]
    return [html.H3("Shoes"), html.Ul([html.Li(a.text(report.units)) for a in shoe_alerts]) if shoe_alerts else html.P("No shoe alerts.", className="hint")]


def register(app: Dash) -> None:
    app.callback(Output(ids.WEEK_PICKER, "value"), Input(ids.WEEK_PREV, "n_clicks"), Input(ids.WEEK_NEXT, "n_clicks"), State(ids.WEEK_PICKER, "value"),
                 State(ids.WEEK_PICKER, "options"), prevent_initial_call=True)(step)  # fmt: skip
    app.callback(Output(ids.WEEK_PICKER, "options"), Output(ids.WEEK_PICKER, "value", allow_duplicate=True), Output(ids.WEEK_PERIOD_NOTE, "children"),
                 Input(ids.PERIOD_FROM, "value"), Input(ids.PERIOD_TO, "value"), State(ids.WEEK_PICKER, "value"), State(ids.PERIOD_URL, "search"),
                 State(ids.PERIOD_BY_HISTORY, "data"), prevent_initial_call=True)(pick_in_period)  # fmt: skip
    app.callback(Output(ids.WEEK_BODY, "children"), Input(ids.WEEK_PICKER, "value"))(render_week)
