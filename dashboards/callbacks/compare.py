"""Compare page callbacks: two periods side by side, and the clinic report as a download."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from dash import Dash, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboards import data, ids
from dashboards.components import table
from runsense import display
from runsense.compare import Period, compare
from runsense.errors import RunsenseError

#: decimals worth showing per unit
_DECIMALS = {"m": 2, "ms": 0}


def _period(start: str | None, end: str | None, what: str) -> Period:
    if not start or not end:
        from runsense.errors import InvalidInputError

        raise InvalidInputError(f"choose both dates of the {what} period")
    period = Period(date.fromisoformat(start[:10]), date.fromisoformat(end[:10]))
    period.check(f"{what} period")
    return period


def _signed(value: float, digits: int) -> str:
    """``+0.3``, ``-2.5``, and ``0.0`` for what rounds to nothing (never ``-0.0``)."""
    text = f"{value:+.{digits}f}"
    return f"{0:.{digits}f}" if float(text) == 0 else text


def run_compare(clicks: int | None, b_start: str | None, b_end: str | None, a_start: str | None, a_end: str | None) -> html.Div:
    if not clicks:
        raise PreventUpdate
    try:
        before, after = _period(b_start, b_end, "before"), _period(a_start, a_end, "after")
        with data.store() as s:
            result = compare(s, before, after, data.settings().signal)
    except RunsenseError as exc:
        return html.P(f"Cannot compare: {exc}", className="message")
    rows = []
    for fb, fa, change in zip(result.before.form, result.after.form, result.form_changes, strict=True):
        if change.change is None:
            continue
        d = _DECIMALS.get(change.unit, 1)
        ci = f"95 % CI {_signed(change.ci_low, d)} to {_signed(change.ci_high, d)}" if change.ci_low is not None else "too few runs for a CI"
        rows.append({"at reference pace": f"{change.label} ({change.unit})", "before": f"{fb.value:.{d}f}", "after": f"{fa.value:.{d}f}",
                     "change": f"{display.change(change.change, '', d)} ({ci})", "clear?": "clear change" if change.clear else "within the noise"})  # fmt: skip
    b, a = result.before, result.after
    pain = ("not enough pain logged in one of the periods" if result.pain_change is None else
            f"median {b.pain.median:g} → {a.pain.median:g}/10: " + ("a change that matters" if result.pain_change_matters else "under the change that matters (2 points or 30 %)")
            + f"; days at 3/10 or more {b.pain.days_at_least_3} → {a.pain.days_at_least_3}")  # fmt: skip
    flags = lambda summary, red=False: ", ".join(f"{code} ×{n}" for code, n in summary.flags.items() if code.startswith("RF-") == red) or "none"  # noqa: E731
    red = [html.Div([html.Strong(f"Red flags reported: {flags(b, red=True)} before, {flags(a, red=True)} after. "),
                     "They come before any comparison: see the Pain page for what was reported, and the warning signs at the foot of the page."],
                    className="red-flag-box", role="alert", id=ids.COMPARE_RED_FLAGS)] if b.pain.red_flags or a.pain.red_flags else []  # fmt: skip
    return html.Div([
        *red,
        table(rows) if rows else html.P("No steady running with form data in one of the periods."),
        *([html.P(f"New dynamics sensor from {c.first_day} ({c.after}): VO and GCT compared from there.", className="hint", id=ids.COMPARE_SENSOR)]
          if (c := result.sensor_change) else []),  # fmt: skip
        html.P(f"Runs {b.runs} → {a.runs}; km a week {b.distance_per_week_m / 1000:.1f} → {a.distance_per_week_m / 1000:.1f}; "
               f"strength sessions a week {b.strength_per_week:.1f} → {a.strength_per_week:.1f}."),
        html.P(f"Pain: {pain}."),
        html.P(f"Flags before: {flags(b)}. Flags after: {flags(a)}.", className="hint"),
        html.Ul([html.Li(f"Marker {m.local_date}: {m.label}") for m in result.markers]) if result.markers else html.Div(),
    ])  # fmt: skip


def download_report(pdf_clicks: int | None, html_clicks: int | None, start: str | None, end: str | None) -> tuple:
    if not (pdf_clicks or html_clicks):
        raise PreventUpdate
    from runsense.clinic import build_report, write_pdf
    from runsense.clinic.html import render

    try:
        period = _period(start, end, "report")
        with data.store() as s:
            report = build_report(s, period, units=data.settings().units, config=data.settings().signal)
    except RunsenseError as exc:
        return None, f"No report: {exc}"
    name = f"runsense-clinic-report-{period.start}-{period.end}"
    if ctx.triggered_id == ids.REPORT_HTML:
        return dcc.send_string(render(report), f"{name}.html"), f"Report for {period.start} to {period.end}: open it and print from the browser."
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{name}.pdf"
        write_pdf(report, target)
        return dcc.send_bytes(target.read_bytes(), target.name), f"Report for {period.start} to {period.end}: {len(report.weeks)} weeks."


def register(app: Dash) -> None:
    app.callback(Output(ids.COMPARE_RESULT, "children"), Input(ids.COMPARE_SUBMIT, "n_clicks"),
                 State(ids.COMPARE_BEFORE, "start_date"), State(ids.COMPARE_BEFORE, "end_date"),
                 State(ids.COMPARE_AFTER, "start_date"), State(ids.COMPARE_AFTER, "end_date"), prevent_initial_call=True)(run_compare)  # fmt: skip
    app.callback(Output(ids.REPORT_FILE, "data"), Output(ids.REPORT_MESSAGE, "children"), Input(ids.REPORT_PDF, "n_clicks"), Input(ids.REPORT_HTML, "n_clicks"),
                 State(ids.REPORT_RANGE, "start_date"), State(ids.REPORT_RANGE, "end_date"), prevent_initial_call=True)(download_report)  # fmt: skip
