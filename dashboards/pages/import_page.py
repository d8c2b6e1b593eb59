"""Import: drop files or a zip; the same import path and report as ``runsense import``."""

from __future__ import annotations

from dash import dcc, html

from dashboards import ids


def layout(query: dict[str, str]) -> html.Div:
    return html.Div([
        html.P("Drop FIT, GPX or TCX files, their .gz forms, or a Garmin or Strava export zip. Re-imports count once; nothing stored is changed by a bad file."),
        dcc.Upload(html.Div(["Drag and drop, or ", html.A("choose files")]), id=ids.IMPORT_UPLOAD, multiple=True, className="upload"),
        dcc.Loading(html.Div(id=ids.IMPORT_RESULT)),
    ])  # fmt: skip
