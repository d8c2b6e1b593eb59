"""Compare: two periods side by side at matched pace, and the clinic report to print or send."""

from __future__ import annotations

from datetime import date, timedelta

from dash import dcc, html

from dashboards import ids


def layout(query: dict[str, str]) -> html.Div:
    today = date.today()
    split = today - timedelta(weeks=6)
    picker = {"display_format": "YYYY-MM-DD", "max_date_allowed": today.isoformat()}
    return html.Div([
        html.Div([
            html.H3("Compare two periods"),
            html.P("Form at your reference pace with 95 % CIs (runs resampled whole), load, pain against the change that matters "
                   "(2 points or 30 %), flags and shoes. A change is called clear only when its CI excludes zero.", className="hint"),
            html.Div([
                html.Label(["Before ", dcc.DatePickerRange(id=ids.COMPARE_BEFORE, start_date=(split - timedelta(weeks=6)).isoformat(),
                                                           end_date=(split - timedelta(days=1)).isoformat(), **picker)]),
                html.Label(["After ", dcc.DatePickerRange(id=ids.COMPARE_AFTER, start_date=split.isoformat(), end_date=today.isoformat(), **picker)]),
                html.Button("Compare", id=ids.COMPARE_SUBMIT, className="button primary"),
            ], className="form-row"),
            dcc.Loading(html.Div(id=ids.COMPARE_RESULT)),
        ], className="card"),
        html.Div([
            html.H3("Clinic report"),
            html.P("One to four pages for a physio: red flags first, what changed at matched pace, form, load and pain charts with your "
                   "markers, flags with their evidence, shoes, strength work and the disclaimer.", className="hint"),
            html.Div([
                html.Label(["Period ", dcc.DatePickerRange(id=ids.REPORT_RANGE, start_date=(today - timedelta(weeks=12)).isoformat(),
                                                           end_date=today.isoformat(), **picker)]),
                html.Button("Download PDF", id=ids.REPORT_PDF, className="button primary"),
                html.Button("Download printable page (HTML)", id=ids.REPORT_HTML, className="button"),
            ], className="form-row"),
            dcc.Download(id=ids.REPORT_FILE),
            dcc.Loading(html.Div(id=ids.REPORT_MESSAGE, className="message", role="status")),
        ], className="card"),
    ])  # fmt: skip
