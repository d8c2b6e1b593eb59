"""Trends page callbacks."""

from __future__ import annotations

from dash import Dash, Input, Output

from dashboards import data, figures, ids, views


def render_trends(n_weeks: int) -> tuple:
    """Form at matched pace, the other metrics and weekly load over the chosen window."""
    with data.store() as s:
        return data.rendered(s, "trends", (int(n_weeks),), lambda: _build_trends(n_weeks))


def _build_trends(n_weeks: int) -> tuple:
    with data.store() as s:
        analysis = data.analysis(s)
        pain = views.morning_pain_by_week(s)
        markers = s.markers()
    if analysis.weeks.empty:
        empty = figures.empty_figure("No running yet: import your watch files with `runsense import PATH`.")
        return empty, empty, empty
    weeks = analysis.weeks.iloc[-int(n_weeks):]
    acwr = None
    if not analysis.acwr.empty:
        by_week = analysis.acwr["acwr_ewma"].groupby(analysis.acwr.index.to_period("W-SUN")).last()
        acwr = by_week.set_axis([f"{p.start_time.isocalendar()[0]}-W{p.start_time.isocalendar()[1]:02d}" for p in by_week.index])
    band = analysis.config.cadence.band_spm
    return (
        figures.cadence_trend(weeks, band, pain, views.runs_by_week(analysis), markers=markers),
        figures.form_metrics(weeks),
        figures.weekly_load(weeks, views.spike_weeks(analysis), acwr, data.settings().units, markers),
    )


def register(app: Dash) -> None:
    app.callback(Output(ids.TRENDS_FORM_GRAPH, "figure"), Output(ids.TRENDS_METRICS_GRAPH, "figure"), Output(ids.TRENDS_LOAD_GRAPH, "figure"),
                 Input(ids.TRENDS_WINDOW, "value"))(render_trends)  # fmt: skip
