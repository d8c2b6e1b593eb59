"""Import page callbacks: uploaded files go through the same import as the CLI (never parsed here).

The browser weighs the files first (a clientside callback) and sends nothing over the
``[limits] max_upload_mb`` limit; the server checks again before decoding anything, since a request
need not come from this page. Each upload is written to a folder of its own under a name cleaned of
paths and control characters, so two files of the same name are two files.
"""

from __future__ import annotations

import binascii
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from dash import ClientsideFunction, Dash, Input, Output, State, html
from dash.exceptions import PreventUpdate

from dashboards import data, ids
from dashboards.components import megabytes, table
from runsense import display
from runsense.ingest import ImportOutcome, ImportReport, import_with_settings

#: longest file name written to disk, in UTF-8 bytes (most file systems allow 255); the end (its
#: suffixes, such as ``.fit.gz``) is kept
MAX_NAME_BYTES = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CHUNK_CHARS = 4 * 2**20  # base64 characters decoded at a time (a multiple of 4)


@dataclass(frozen=True, slots=True)
class Refused:
    """An upload that was not imported, and why."""

    name: str
    reason: str


def upload_name(name: object) -> str:
    """The file name to write an upload under: its last path part, without control characters,
    at most :data:`MAX_NAME_BYTES` (keeping the end, where ``.fit.gz`` is). Raises ValueError when
    nothing usable is left (``..``, empty)."""
    text = _CONTROL.sub("", str(name or "")).replace("\\", "/")
    base = PurePath(text).name.strip()
    if base.strip(".") == "":
        raise ValueError(f"{shown(name)!r} is not a file name")
    tail = base.encode("utf-8", "surrogatepass")[-MAX_NAME_BYTES:].decode("utf-8", "ignore")
    return tail.lstrip(".") or "upload"


def shown(name: object) -> str:
    """A browser-given name, safe and short enough to show."""
    text = _CONTROL.sub("?", str(name or ""))
    return text if len(text) <= 80 else text[:40] + "…" + text[-30:]


def decoded_size(content: str) -> int:
    """The size a base64 data URL decodes to, without decoding it."""
    return len(content.partition(",")[2]) * 3 // 4


def write_uploads(folder: Path, contents: list[str], names: list[str]) -> tuple[list[Path], list[Refused]]:
    """Write each upload to ``folder/<n>/<clean name>``; bad names and bad data are refused by name."""
    paths, refused = [], []
    for n, (content, name) in enumerate(zip(contents, names, strict=False)):
        try:
            path = folder / str(n) / upload_name(name)
            path.parent.mkdir()
            write_data_url(content, path)
        except ValueError as exc:  # binascii.Error is a ValueError
            refused.append(Refused(shown(name), "the upload is not base64 data" if isinstance(exc, binascii.Error) else str(exc)))
            continue
        except OSError as exc:  # e.g. a full disk: this file is not imported, the others may be
            refused.append(Refused(shown(name), f"could not be written to a temporary file ({exc.strerror or exc})"))
            continue
        paths.append(path)
    return paths, refused


def write_data_url(content: str, path: Path) -> None:
    """Decode a base64 data URL into ``path`` a few MB at a time: the upload is in memory once
    already (as the request's JSON), and need not be twice more (a copy, then its bytes)."""
    start = content.find(",") + 1
    if start == 0:
        raise ValueError("the upload is not a data URL")
    with path.open("wb") as out:
        for i in range(start, len(content), _CHUNK_CHARS):
            out.write(binascii.a2b_base64(content[i : i + _CHUNK_CHARS], strict_mode=True))


def import_uploads(contents: list[str] | None, names: list[str] | None) -> list:
    """Write the uploads to a private temporary folder, import them, show the report."""
    if not contents or not isinstance(contents, list) or not all(isinstance(c, str) for c in contents):
        raise PreventUpdate  # nothing, or not what the page sends
    names = list(names) if isinstance(names, list) else []
    names += ["upload"] * (len(contents) - len(names))
    limits = data.settings().limits
    total = sum(decoded_size(c) for c in contents)
    if total > limits.max_upload_bytes:
        return [html.P(too_big(total, limits.max_upload_bytes), className="message error", id="import-summary")]
    with tempfile.TemporaryDirectory(prefix="runsense-upload-") as folder:
        paths, refused = write_uploads(Path(folder), contents, names)
        outcome = ImportOutcome(ImportReport(), [], None)
        if paths:
            with data.store(write=True) as s:
                outcome = import_with_settings(s, paths, data.settings())
    return report_view(outcome, refused)


def too_big(total_bytes: int, limit_bytes: int) -> str:
    """What the runner reads when an upload is over the limit (``assets/upload.js`` says the same)."""
    return (f"Nothing was imported: these files come to {megabytes(total_bytes)} MB, over the {megabytes(limit_bytes)} MB an upload may hold "
            "([limits] max_upload_mb). Upload fewer at a time, or import them with `runsense import PATH`.")  # fmt: skip


def report_view(outcome: ImportOutcome, refused: list[Refused]) -> list:
    """The summary line (with the alerts the import raised) and one row per file."""
    report = outcome.report
    rows = [{"file": i["source"], "outcome": "imported", "detail": f"{i['sport']} {i['start_time'][:16]}"} for i in report.imported]
    rows += [{"file": d["source"], "outcome": "duplicate", "detail": d["reason"]} for d in report.duplicates]
    rows += [{"file": s["source"], "outcome": "skipped", "detail": s["reason"]} for s in report.skipped]
    rows += [{"file": f["source"], "outcome": "failed", "detail": f["error"]} for f in report.failed]
    rows += [{"file": r.name, "outcome": "refused", "detail": r.reason} for r in refused]
    failed = len(report.failed) + len(refused)
    summary = f"{len(report.imported)} imported, {len(report.duplicates)} duplicates, {len(report.skipped)} skipped, {failed} failed."
    if outcome.new_alerts:
        summary += f" {display.count(len(outcome.new_alerts), 'new alert')}: see the Alerts page."
    if outcome.notify_problem:
        summary += f" Notifications not sent: {outcome.notify_problem}."
    return [html.P(summary, className="message", id="import-summary"), table(rows, ["file", "outcome", "detail"])]


def import_accepted(accepted: dict | None) -> list:
    """The server side of an upload the browser let through (see ``assets/upload.js``)."""
    if not isinstance(accepted, dict):
        raise PreventUpdate
    return import_uploads(accepted.get("contents"), accepted.get("names"))


def register(app: Dash) -> None:
    app.clientside_callback(ClientsideFunction("runsense", "weighUploads"), Output(ids.IMPORT_ACCEPTED, "data"), Output(ids.IMPORT_RESULT, "children", allow_duplicate=True),
                            Input(ids.IMPORT_UPLOAD, "contents"), State(ids.IMPORT_UPLOAD, "filename"), State(ids.IMPORT_LIMIT, "data"), prevent_initial_call=True)  # fmt: skip
    app.callback(Output(ids.IMPORT_RESULT, "children"), Input(ids.IMPORT_ACCEPTED, "data"), prevent_initial_call=True)(import_accepted)
