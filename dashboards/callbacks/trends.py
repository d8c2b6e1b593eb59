"""Trends page callbacks: the period (:mod:`dashboards.callbacks.period`) draws the charts."""

from __future__ import annotations

from dash import Dash, Input, Output, dcc, html

from dashboards import data, figures, ids, period, views
from dashboards.components import notice
from runsense.baseline import reset_reference, store_reference
from runsense.errors import RunsenseError
from runsense.signal.strength import DEFAULT_STRENGTH_TARGET


def reference(n_clicks: int | None) -> str:
    """The reference pace and where it came from; after a click on the reset button, reset first."""
    try:
        with data.store(write=bool(n_clicks)) as s:
            config = data.settings().signal
            current = reset_reference(s, config) if n_clicks else store_reference(s, config)
    except RunsenseError as exc:
        return f"Not reset: {exc}"
    return " ".join(filter(None, ["Reset." if n_clicks else "", current.summary, current.note]))


def render_trends(start: str | None, end: str | None, _reference: str | None = None) -> tuple:
    """Form at matched pace, the other metrics, weekly load, and strength and climbing over the weeks ``start``–``end``
    (either open: the history's first or last week), and a message when that period cannot be shown."""
    with data.store() as s:
        return data.rendered(s, "trends", (start, end), lambda: _build_trends(start, end))


def _build_trends(start: str | None, end: str | None) -> tuple:
    with data.store() as s:
        analysis = data.analysis(s)
        pain = views.morning_pain_by_week(s)
        markers = s.markers()
    if analysis.weeks.empty:
        empty = figures.empty_figure("No running yet.")
        return empty, empty, empty, empty, None, notice(["No running yet: the charts fill in once you ", dcc.Link("import your watch files", href="/import"), "."])
    chosen, problem = period.checked(start, end)
    if problem:  # said above the charts by the period control
        empty = figures.empty_figure("Nothing to show for this period.")
        return empty, empty, empty, empty, None, None
    start, end = chosen.start, chosen.end
    all_weeks = analysis.weeks
    weeks = all_weeks[(all_weeks["week"] >= (start or "")) & (all_weeks["week"] <= (end or "9999"))]
    if weeks.empty:
        message = f"No runs from {start} to {end}: your history runs from {all_weeks['week'].iat[0]} to {all_weeks['week'].iat[-1]}."
        empty = figures.empty_figure("No runs in this period.")
        return empty, empty, empty, empty, None, notice(message, ids.TRENDS_MESSAGE + "-text")
    acwr = None
    if not analysis.acwr.empty:
        by_week = analysis.acwr["acwr_ewma"].groupby(analysis.acwr.index.to_period("W-SUN")).last()
        acwr = by_week.set_axis([f"{p.start_time.isocalendar()[0]}-W{p.start_time.isocalendar()[1]:02d}" for p in by_week.index])
    band = analysis.config.cadence.band_spm
    return (
        figures.cadence_trend(weeks, band, pain, views.runs_by_week(analysis), markers=markers,
                              empty=f"No steady running from {weeks['week'].iat[0]} to {weeks['week'].iat[-1]} to compare cadence at the same pace."),
        figures.form_metrics(weeks, analysis.sensor_changes),
        figures.weekly_load(weeks, views.spike_weeks(analysis), acwr, data.settings().units, markers),
        figures.advice_trend(list(weeks["week"]), analysis.strength_per_week, DEFAULT_STRENGTH_TARGET, analysis.terrain, data.settings().units),
        sensor_list(figures.sensor_groups(analysis.sensor_changes, list(weeks["week"]))),
        None,
    )


def sensor_list(groups: list[figures.SensorGroup]) -> html.Div | None:
    """The changes of sensor the form chart marks ``S1``, ``S2``…, named in full (nothing when there are none)."""
    if not groups:
        return None
    items = [html.Li([html.Strong(g.label), " ", g.text]) for g in groups]
    return html.Div([html.P(["New running-dynamics sensors (red dashed lines): sensors measure bounce and ground contact differently, so your usual "
                             "starts again after each and no form flag compares across one."], className="caption"), html.Ul(items, className="sensor-list")])  # fmt: skip


def register(app: Dash) -> None:
    app.callback(Output(ids.TRENDS_FORM_GRAPH, "figure"), Output(ids.TRENDS_METRICS_GRAPH, "figure"), Output(ids.TRENDS_LOAD_GRAPH, "figure"),
                 Output(ids.TRENDS_ADVICE_GRAPH, "figure"), Output(ids.TRENDS_SENSORS, "children"), Output(ids.TRENDS_MESSAGE, "children"),
                 Input(ids.PERIOD_FROM, "value"), Input(ids.PERIOD_TO, "value"), Input(ids.TRENDS_REFERENCE, "children"))(render_trends)  # fmt: skip
    app.callback(Output(ids.TRENDS_REFERENCE, "children"), Input(ids.TRENDS_REFERENCE_RESET, "n_clicks"))(reference)
