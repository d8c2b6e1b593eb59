"""Week page callbacks."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboards import data, figures, ids, views
from dashboards.components import flag_card, kpi, red_flag_box, table
from runsense import display


def step(prev_clicks: int | None, next_clicks: int | None, week: str | None) -> str:
    """Previous / next week."""
    if week is None or ctx.triggered_id not in (ids.WEEK_PREV, ids.WEEK_NEXT):
        raise PreventUpdate
    with data.store() as s:
        return views.step_week(data.analysis(s), week, -1 if ctx.triggered_id == ids.WEEK_PREV else 1)


def _fmt(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def render_week(week: str | None) -> list[Any]:
    """The week's body: red flags first, then headline numbers, cadence, form, flags, pain and shoes."""
    if not week:
        raise PreventUpdate
    with data.store() as s:
        return data.rendered(s, "week", (week,), lambda: _build_week(week))


def _build_week(week: str) -> list[Any]:
    unit = data.settings().units
    with data.store() as s:
        analysis = data.analysis(s)
        report = views.week_view(s, analysis, week, unit)
        pain_by_week = views.morning_pain_by_week(s)
    i = list(analysis.weeks["week"]).index(week)
    recent = analysis.weeks.iloc[max(0, i - 11) : i + 1]
    red = [f for f in report["flags"] if f["code"].startswith("RF-")]
    others = [f for f in report["flags"] if not f["code"].startswith("RF-")]
    usual = report["usual_distance_m"]
    cadence = report["form"]["cadence_spm"]
    kpis = html.Div([
        kpi("distance", display.distance(report["distance_m"], unit, 1), f"usual {display.distance(usual, unit, 1)}" if usual else "no usual yet", "kpi-distance"),
        kpi("time", f"{report['moving_time_s'] / 3600:.1f} h", f"{report['runs']} runs", "kpi-time"),
        kpi("cadence at " + report["reference_pace"], f"{_fmt(cadence['at_ref'])} spm",
            f"your usual {_fmt(cadence['baseline'])} · band {cadence['target_band'][0]:.0f}–{cadence['target_band'][1]:.0f}", "kpi-cadence"),
        kpi("in 170–180 spm", f"{_fmt((cadence['in_band_share'] or 0) * 100)}%", "of running time (a convention)", "kpi-band"),
        kpi("acute:chronic", _fmt(report["load"]["acwr_ewma"], 2), "information only", "kpi-acwr"),
    ], className="kpis", id=ids.WEEK_KPIS)  # fmt: skip
    rows = [
        {"metric": f"{m['label']} ({m['unit']})", "this week": _fmt(m["week_average"], 2 if m["unit"] in ("m",) else 1),
         "at reference pace": _fmt(m["at_ref"], 2 if m["unit"] == "m" else 1), "your usual": _fmt(m["baseline"], 2 if m["unit"] == "m" else 1),
         "change": "—" if m["change"] is None else f"{m['change']:+.{3 if m['unit'] == 'm' else 1}f}"}
        for m in report["form"].values()
    ]  # fmt: skip
    form_table = table(rows, table_id=ids.WEEK_FORM)
    pain = report["pain"]
    pain_list = html.Ul([html.Li(f"{e['local_time'].replace('T', ' ')} · {e['score']}/10 · {e['location']} · {e['timing']}") for e in pain["entries"]]) if pain["entries"] \
        else html.P(pain["nudge"], className="hint")  # fmt: skip
    shoe_alerts = [a for a in report["alerts"] if a["kind"] == "shoe_mileage"]
    return [
        red_flag_box([{"tier": f["code"], "message": f["message"], "signs": []} for f in red]) if red else html.Div(),
        html.H2(f"Week {report['week']} · {report['start']} to {report['end']}"),
        kpis,
        dcc.Graph(figure=figures.cadence_trend(recent, tuple(cadence["target_band"]), pain_by_week, views.runs_by_week(analysis), highlight=week),
                  id=ids.WEEK_CADENCE_GRAPH, config={"displayModeBar": False}),  # fmt: skip
        html.H3("Running form"),
        html.P("At reference pace means every run is moved along your own pace–cadence line to the same pace, so an easy week is not a change of form.", className="hint"),
        form_table,
        html.H3(f"Flags ({len(others)})"),
        html.Div([flag_card(f) for f in others] or [html.P("No flags this week.", className="hint")], id=ids.WEEK_FLAGS),
        html.P(report["flags_held_back"]["note"], className="hint") if report["flags_held_back"]["note"] else html.Div(),
        html.H3("Pain this week"),
        pain_list,
        html.H3("Shoes"),
        html.Ul([html.Li(a["message"]) for a in shoe_alerts]) if shoe_alerts else html.P("No shoe alerts.", className="hint"),
    ]


def register(app: Dash) -> None:
    app.callback(Output(ids.WEEK_PICKER, "value"), Input(ids.WEEK_PREV, "n_clicks"), Input(ids.WEEK_NEXT, "n_clicks"), State(ids.WEEK_PICKER, "value"),
                 prevent_initial_call=True)(step)  # fmt: skip
    app.callback(Output(ids.WEEK_BODY, "children"), Input(ids.WEEK_PICKER, "value"))(render_week)
