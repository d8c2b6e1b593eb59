"""Trends page callbacks."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboards import data, figures, ids, views
from runsense.baseline import reset_reference, store_reference
from runsense.errors import RunsenseError
from runsense.signal.strength import DEFAULT_STRENGTH_TARGET


def reference(n_clicks: int | None) -> str:
    """The reference pace and where it came from; after a click on the reset button, reset first."""
    try:
        with data.store(write=bool(n_clicks)) as s:
            current = reset_reference(s) if n_clicks else store_reference(s)
    except RunsenseError as exc:
        return f"Not reset: {exc}"
    return " ".join(filter(None, ["Reset." if n_clicks else "", current.summary, current.note]))


def render_trends(n_weeks: int, _reference: str | None = None) -> tuple:
    """Form at matched pace, the other metrics, weekly load, and strength and climbing over the chosen window (again after a reset)."""
    with data.store() as s:
        return data.rendered(s, "trends", (int(n_weeks),), lambda: _build_trends(n_weeks))


def _build_trends(n_weeks: int) -> tuple:
    with data.store() as s:
        analysis = data.analysis(s)
        pain = views.morning_pain_by_week(s)
        markers = s.markers()
    if analysis.weeks.empty:
        empty = figures.empty_figure("No running yet: import your watch files with `runsense import PATH`.")
        return empty, empty, empty, empty
    weeks = analysis.weeks.iloc[-int(n_weeks):]
    acwr = None
    if not analysis.acwr.empty:
        by_week = analysis.acwr["acwr_ewma"].groupby(analysis.acwr.index.to_period("W-SUN")).last()
        acwr = by_week.set_axis([f"{p.start_time.isocalendar()[0]}-W{p.start_time.isocalendar()[1]:02d}" for p in by_week.index])
    band = analysis.config.cadence.band_spm
    return (
        figures.cadence_trend(weeks, band, pain, views.runs_by_week(analysis), markers=markers),
        figures.form_metrics(weeks, analysis.sensor_changes),
        figures.weekly_load(weeks, views.spike_weeks(analysis), acwr, data.settings().units, markers),
        figures.advice_trend(list(weeks["week"]), analysis.strength_per_week, DEFAULT_STRENGTH_TARGET, analysis.terrain, data.settings().units),
    )


def register(app: Dash) -> None:
    app.callback(Output(ids.TRENDS_FORM_GRAPH, "figure"), Output(ids.TRENDS_METRICS_GRAPH, "figure"), Output(ids.TRENDS_LOAD_GRAPH, "figure"), Output(ids.TRENDS_ADVICE_GRAPH, "figure"),
                 Input(ids.TRENDS_WINDOW, "value"), Input(ids.TRENDS_REFERENCE, "children"))(render_trends)  # fmt: skip
    app.callback(Output(ids.TRENDS_REFERENCE, "children"), Input(ids.TRENDS_REFERENCE_RESET, "n_clicks"))(reference)
