"""Import page callback: uploaded files go through the same import as the CLI (never parsed here)."""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path, PurePath

from dash import Dash, Input, Output, State, html
from dash.exceptions import PreventUpdate

from dashboards import data, ids
from dashboards.components import table
from runsense.ingest import import_paths


def import_uploads(contents: list[str] | None, names: list[str] | None) -> list:
    """Write the uploads to a private temporary folder, import them, show the report."""
    if not contents:
        raise PreventUpdate
    with tempfile.TemporaryDirectory(prefix="runsense-upload-") as folder:
        paths = []
        for content, name in zip(contents, names or [], strict=False):
            safe = PurePath(name.replace("\\", "/")).name or "upload"  # never a path from the browser
            try:
                raw = base64.b64decode(content.split(",", 1)[1], validate=True)
            except (IndexError, binascii.Error):
                continue
            path = Path(folder) / safe
            path.write_bytes(raw)
            paths.append(path)
        with data.store(write=True) as s:
            report = import_paths(s, paths, local_tz=data.settings().tz)
    rows = [{"file": i["source"], "outcome": "imported", "detail": f"{i['sport']} {i['start_time'][:16]}"} for i in report.imported]
    rows += [{"file": d["source"], "outcome": "duplicate", "detail": d["reason"]} for d in report.duplicates]
    rows += [{"file": s["source"], "outcome": "skipped", "detail": s["reason"]} for s in report.skipped]
    rows += [{"file": f["source"], "outcome": "failed", "detail": f["error"]} for f in report.failed]
    summary = f"{len(report.imported)} imported, {len(report.duplicates)} duplicates, {len(report.skipped)} skipped, {len(report.failed)} failed."
    return [html.P(summary, className="message", id="import-summary"),
            table(rows, ["file", "outcome", "detail"])]


def register(app: Dash) -> None:
    app.callback(Output(ids.IMPORT_RESULT, "children"), Input(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"))(import_uploads)
