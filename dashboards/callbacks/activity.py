"""Activity page callbacks."""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from dashboards import data, figures, ids, period, views
from dashboards.components import GRAPH_CONFIG, kpi, table
from runsense import corrections, display
from runsense.analysis import form_basis
from runsense.errors import NotFoundError, RunsenseError
from runsense.model import StrengthSet
from runsense.signal.splits import distance_splits
from runsense.signal.strength import set_rows, sets_summary


def correct(set_clicks: int | None, surface_clicks: int | None, delete_confirmed: int | None, activity_id: str | None, sport: str | None,
            surface: str | None, refresh: int, start: str | None = None, end: str | None = None) -> tuple[Any, ...]:  # fmt: skip
    """Change the open activity's sport or surface, or delete it (after the confirm dialog); returns
    the message, the refreshed picker (options, value) and the bumped refresh counter."""
    if not activity_id or ctx.triggered_id not in (ids.ACTIVITY_SET_SPORT, ids.ACTIVITY_SET_SURFACE, ids.ACTIVITY_DELETE):
        raise PreventUpdate
    settings = data.settings()
    try:
        with data.store(write=True) as s:
            if ctx.triggered_id == ids.ACTIVITY_DELETE:
                row = corrections.delete_activity(s, settings, activity_id)
                message, chosen = f"Deleted the {row.sport} of {row.local_date} ({row.source_name}).", None
            elif ctx.triggered_id == ids.ACTIVITY_SET_SURFACE:
                moved = corrections.change_surface(s, activity_id, surface or "")
                message, chosen = f"Run on: {moved.new_surface} (was {moved.old_surface}). Weekly surface shares follow.", activity_id
            else:
                change = corrections.change_sport(s, settings, activity_id, sport or "")
                shoe = f" It runs in {change.shoe}." if change.shoe else ""
                message = f"Now {change.new_sport} (was {change.old_sport}).{shoe} {change.note}".strip() if change.old_sport != change.new_sport else change.note
                chosen = activity_id
            options = views.activity_options(s, settings.units, within=period.checked(start, end)[0])
    except RunsenseError as exc:
        return f"Not done: {exc}", no_update, no_update, refresh
    return message, options, chosen or (options[0]["value"] if options else None), refresh + 1


def pick_in_period(start: str | None, end: str | None, chosen: str | None, search: str | None = None, by_history: bool | None = False,
                   ) -> tuple[list[dict[str, str]], str | None]:  # fmt: skip
    """The activities of the period chosen; the one shown stays if it is among them, else the newest.
    After the browser's Back or Forward, the one its address names (``?id=``), if it is among them."""
    within, _ = period.checked(start, end)  # a bad period is said by the control: every activity is offered
    with data.store() as s:
        options = views.activity_options(s, data.settings().units, within=within)
    values = [o["value"] for o in options]
    if by_history and period.asked_in_url(search, "id") in values:
        return options, period.asked_in_url(search, "id")
    return options, chosen if chosen in values else (values[0] if values else None)


def render_activity(activity_id: str | None, refresh: int = 0) -> tuple[list, Any]:
    """One run: headline numbers, samples over time, splits, first-vs-last third, route; and its sport
    and surface for the pickers. ``refresh`` only triggers a new render after a correction."""
    del refresh
    if not activity_id:
        return [html.P("No activity in this period: choose other weeks above, or 'all'.", className="notice", id=ids.PERIOD_EMPTY)], None, None
    units = data.settings().units
    split_m, unit = display.metres_per(units), units
    with data.store() as s:
        try:
            row = s.activity(activity_id)
        except NotFoundError as exc:
            return [html.P(str(exc), className="hint")], None, None
        records = s.records(row.id)
        basis = form_basis(s, row, data.settings().signal)
        sets = s.strength_sets(row.id)
    config = data.settings().signal
    band = config.cadence.band_spm
    splits = distance_splits(records, split_m, config)
    split_rows = [{"split": int(r.split), unit: f"{r.distance_m / split_m:.2f}", "pace": display.pace(r.avg_speed_mps, unit), "spm": display.number(r.cadence_spm),
                   "GCT ms": display.number(r.stance_time_ms), "VO mm": display.number(r.vertical_oscillation_mm), "bpm": display.number(r.heart_rate_bpm)} for r in splits.itertuples(index=False)]  # fmt: skip
    fatigue = (row.metrics or {}).get("fatigue") or {}
    if fatigue.get("eligible"):
        labels = {"cadence_spm": "cadence (spm)", "stance_time_ms": "ground contact (ms)", "vertical_oscillation_mm": "vertical oscillation (mm)",
                  "vertical_ratio_pct": "vertical ratio (%)", "step_length_m": "step length (m)", "gct_balance_dev_pp": "balance off 50/50 (pp)"}  # fmt: skip
        fatigue_rows = [{"metric": labels[k], "last − first third": f"{v:+.2f}", "95% CI": f"{fatigue['ci95'][k][0]:+.2f} to {fatigue['ci95'][k][1]:+.2f}"}
                        for k, v in fatigue["delta"].items()]  # fmt: skip
        fatigue_part = table(fatigue_rows)
    else:
        fatigue_part = html.P(fatigue.get("reason") or "Not a running activity.", className="hint")
    notes = [html.Li(issue.message) for issue in row.issues]
    return [
        html.H2(row.title or row.source_name),
        html.Div([
            kpi("distance", display.distance(row.distance_m, unit), row.start_time[:16].replace("T", " ") + f" · {row.sport.replace('_', ' ')}"),
            kpi("pace", display.pace(row.avg_speed_mps, unit), display.measure(row.avg_heart_rate_bpm, "bpm")),
            kpi("cadence", display.measure(row.cadence_spm, "spm"), f"step {display.measure(row.step_length_m, 'm', 2)}"),
            kpi("counted as running", "—" if basis["running_share"] is None else f"{basis['running_share']:.0%}", "of moving time: form is from this part"),
            kpi("ground contact", display.measure(row.stance_time_ms, "ms"), "no left/right balance" if display.finite(row.stance_time_balance_pct) is None else f"balance {display.measure(row.stance_time_balance_pct, '% left', 1, space=False)}"),
            kpi("vertical oscillation", display.measure(row.vertical_oscillation_mm, "mm"), f"ratio {display.measure(row.vertical_ratio_pct, '%', 1, space=False)}"),
            kpi("surface", row.surface, f"climbing {display.measure(row.ascent_m_per_km, f'm per {unit}', 1, split_m / 1000)}" + (" · you said so" if row.surface_source == "runner" else "")),
        ], className="kpis"),  # fmt: skip
        html.P(basis["note"], className="hint", id="activity-form-basis") if basis["note"] else html.Div(),
        dcc.Graph(figure=figures.activity_samples(records, band, units), id=ids.ACTIVITY_SAMPLES_GRAPH, config=GRAPH_CONFIG),
        html.H3(f"Splits per {unit}"),
        table(split_rows) if split_rows else html.P("No distance recorded."),
        html.H3("First against last third, at the same pace"),
        fatigue_part,
        *_strength_sets(sets),
        dcc.Graph(figure=figures.route_map(records), id=ids.ACTIVITY_MAP, config=GRAPH_CONFIG),
        html.P(f"Device: {row.device or '—'} · sensors: {', '.join(row.sensors) or '—'} · shoe: {row.shoe or '—'} · source: {row.source_name}", className="hint"),
        html.Ul(notes, className="hint") if notes else html.Div(),
    ], row.sport, row.surface


def _strength_sets(sets: list[StrengthSet]) -> list[Any]:
    """A strength activity's sets from the watch: one table, with a line that sums them up."""
    if not sets:
        return []
    rows = [{"set": r.number, "exercise": r.exercise, "reps": display.number(r.repetitions), "kg": display.number(r.weight_kg, 1), "time": display.duration(r.duration_s)} for r in set_rows(sets)]
    return [html.H3("Strength sets"), html.P(sets_summary(sets), className="hint"), html.Div(table(rows), id=ids.ACTIVITY_SETS)]


def register(app: Dash) -> None:
    app.callback(Output(ids.ACTIVITY_BODY, "children"), Output(ids.ACTIVITY_SPORT, "value"), Output(ids.ACTIVITY_SURFACE, "value"),
                 Input(ids.ACTIVITY_PICKER, "value"), Input(ids.ACTIVITY_REFRESH, "data"))(render_activity)  # fmt: skip
    app.callback(Output(ids.ACTIVITY_PICKER, "options", allow_duplicate=True), Output(ids.ACTIVITY_PICKER, "value", allow_duplicate=True),
                 Input(ids.PERIOD_FROM, "value"), Input(ids.PERIOD_TO, "value"), State(ids.ACTIVITY_PICKER, "value"), State(ids.PERIOD_URL, "search"),
                 State(ids.PERIOD_BY_HISTORY, "data"), prevent_initial_call=True)(pick_in_period)  # fmt: skip
    app.callback(
        Output(ids.ACTIVITY_MESSAGE, "children"), Output(ids.ACTIVITY_PICKER, "options"), Output(ids.ACTIVITY_PICKER, "value"),
        Output(ids.ACTIVITY_REFRESH, "data"),
        Input(ids.ACTIVITY_SET_SPORT, "n_clicks"), Input(ids.ACTIVITY_SET_SURFACE, "n_clicks"), Input(ids.ACTIVITY_DELETE, "submit_n_clicks"),
        State(ids.ACTIVITY_PICKER, "value"), State(ids.ACTIVITY_SPORT, "value"), State(ids.ACTIVITY_SURFACE, "value"), State(ids.ACTIVITY_REFRESH, "data"),
        State(ids.PERIOD_FROM, "value"), State(ids.PERIOD_TO, "value"), prevent_initial_call=True,
    )(correct)  # fmt: skip
