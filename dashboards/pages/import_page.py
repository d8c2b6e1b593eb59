"""Import: drop files or a zip; the same import path and report as ``runsense import``."""

from __future__ import annotations

from dash import dcc, html

from dashboards import data, ids
from dashboards.components import megabytes


def layout(query: dict[str, str]) -> html.Div:
    limit = data.settings().limits.max_upload_bytes
    return html.Div([
        html.P("Drop FIT, GPX or TCX files, their .gz forms, or a Garmin or Strava export zip. Re-imports count once; nothing stored is changed by a bad file."),
        dcc.Upload(html.Div(["Drag and drop, or ", html.A("choose files")]), id=ids.IMPORT_UPLOAD, multiple=True, className="upload"),
        html.P(f"Up to {megabytes(limit)} MB at a time; import bigger exports with `runsense import PATH`.", className="hint"),
        dcc.Store(id=ids.IMPORT_LIMIT, data=limit),
        dcc.Store(id=ids.IMPORT_ACCEPTED),
        dcc.Loading(html.Div(id=ids.IMPORT_RESULT)),
    ])  # fmt: skip
