"""Trends page callbacks: a quick choice sets the period, the period draws the charts and goes into the URL."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from dash import Dash, Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from dashboards import data, figures, ids, views
from dashboards.components import notice
from runsense.baseline import reset_reference, store_reference
from runsense.errors import RunsenseError
from runsense.signal.strength import DEFAULT_STRENGTH_TARGET
from runsense.weeks import parse_week


def reference(n_clicks: int | None) -> str:
    """The reference pace and where it came from; after a click on the reset button, reset first."""
    try:
        with data.store(write=bool(n_clicks)) as s:
            config = data.settings().signal
            current = reset_reference(s, config) if n_clicks else store_reference(s, config)
    except RunsenseError as exc:
        return f"Not reset: {exc}"
    return " ".join(filter(None, ["Reset." if n_clicks else "", current.summary, current.note]))


def quick_period(n_weeks: int | None) -> tuple[str, str]:
    """The last ``n_weeks`` of the history, into the from/to pickers."""
    if not n_weeks:
        raise PreventUpdate
    with data.store() as s:
        weeks = views.history_weeks(data.analysis(s))
    start, end, _, _ = views.trend_period(weeks, {"weeks": str(n_weeks)})
    if start is None:
        raise PreventUpdate
    return start, end


def period_in_url(start: str | None, end: str | None, search: str | None, pathname: str | None) -> str:
    """Keep the chosen period in the URL (a link or a reload shows the same weeks); unchanged, nothing is written."""
    if pathname != "/trends" or not start or not end:
        raise PreventUpdate
    query = dict(parse_qsl((search or "").lstrip("?")))
    if (query.get("from"), query.get("to")) == (start, end):
        return no_update
    return "?" + urlencode({"from": start, "to": end})


def render_trends(start: str | None, end: str | None, _reference: str | None = None) -> tuple:
    """Form at matched pace, the other metrics, weekly load, and strength and climbing over the weeks ``start``–``end``
    (either open: the history's first or last week), and a message when that period cannot be shown."""
    with data.store() as s:
        return data.rendered(s, "trends", (start, end), lambda: _build_trends(start, end))


def _period_problem(start: str | None, end: str | None) -> str | None:
    for name, week in (("from", start), ("to", end)):
        if week is not None:
            try:
                parse_week(week)
            except RunsenseError as exc:
                return f"The '{name}' week {week!r} is not a week: {exc}"
    if start and end and parse_week(end) < parse_week(start):
        return f"The period ends ({end}) before it starts ({start}): pick a 'to' week after the 'from' week."
    return None


def _build_trends(start: str | None, end: str | None) -> tuple:
    with data.store() as s:
        analysis = data.analysis(s)
        pain = views.morning_pain_by_week(s)
        markers = s.markers()
    if analysis.weeks.empty:
        empty = figures.empty_figure("No running yet.")
        return empty, empty, empty, empty, notice(["No running yet: the charts fill in once you ", dcc.Link("import your watch files", href="/import"), "."])
    problem = _period_problem(start, end)
    if problem:
        empty = figures.empty_figure("Nothing to show for this period.")
        return empty, empty, empty, empty, notice(problem, ids.TRENDS_MESSAGE + "-text")
    start, end = (parse_week(w) if w else None for w in (start, end))
    all_weeks = analysis.weeks
    weeks = all_weeks[(all_weeks["week"] >= (start or "")) & (all_weeks["week"] <= (end or "9999"))]
    if weeks.empty:
        message = f"No runs from {start} to {end}: your history runs from {all_weeks['week'].iat[0]} to {all_weeks['week'].iat[-1]}."
        empty = figures.empty_figure("No runs in this period.")
        return empty, empty, empty, empty, notice(message, ids.TRENDS_MESSAGE + "-text")
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
        None,
    )


def register(app: Dash) -> None:
    app.callback(Output(ids.TRENDS_FROM, "value"), Output(ids.TRENDS_TO, "value"), Input(ids.TRENDS_WINDOW, "value"), prevent_initial_call=True)(quick_period)
    app.callback(Output(ids.TRENDS_FORM_GRAPH, "figure"), Output(ids.TRENDS_METRICS_GRAPH, "figure"), Output(ids.TRENDS_LOAD_GRAPH, "figure"),
                 Output(ids.TRENDS_ADVICE_GRAPH, "figure"), Output(ids.TRENDS_MESSAGE, "children"),
                 Input(ids.TRENDS_FROM, "value"), Input(ids.TRENDS_TO, "value"), Input(ids.TRENDS_REFERENCE, "children"))(render_trends)  # fmt: skip
    app.callback(Output(ids.URL, "search"), Input(ids.TRENDS_FROM, "value"), Input(ids.TRENDS_TO, "value"), State(ids.URL, "search"),
                 State(ids.URL, "pathname"), prevent_initial_call=True)(period_in_url)  # fmt: skip
    app.callback(Output(ids.TRENDS_REFERENCE, "children"), Input(ids.TRENDS_REFERENCE_RESET, "n_clicks"))(reference)
