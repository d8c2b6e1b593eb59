"""``runsense report --from … --to … --pdf FILE``: the clinic report, written to files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from runsense.cli._app import out, state
from runsense.cli._text import safe
from runsense.display import count
from runsense.errors import InvalidInputError


def write_clinic_report(ctx: typer.Context, date_from: str | None, date_to: str | None, pdf: Path | None, html: Path | None, *, force: bool) -> None:
    """Check every argument before any work, build the report once, write what was asked."""
    from runsense.compare import Period

    if not (pdf or html):
        raise InvalidInputError("a clinic report needs somewhere to go: add --pdf FILE and/or --html FILE (the weekly report takes --week)")
    if not date_from:
        raise InvalidInputError("say where the clinic report starts: --from YYYY-MM-DD (and --to, default today)")
    period = Period(_day(date_from, "--from"), _day(date_to, "--to") if date_to else date.today())
    period.check("report period (--from..--to)")
    period = period.until()  # days still to come hold nothing to report
    for target in (t for t in (pdf, html) if t):
        if not target.parent.is_dir():
            raise InvalidInputError(f"cannot write {target}: the folder {target.parent} does not exist")
        if target.exists() and not force:
            raise InvalidInputError(f"{target} exists: choose another name, or add --force to overwrite it")
    from runsense.clinic import build_report, write_pdf
    from runsense.clinic.html import render

    options = state(ctx)
    with options.store() as store:
        report = build_report(store, period, units=options.settings.units, config=options.settings.signal)
    if html:
        html.write_text(render(report), encoding="utf-8")
        html.chmod(0o600)  # health data: the owner's only, like the store
        out.print(f"Wrote {safe(html)}", highlight=False)
    if pdf:
        write_pdf(report, pdf)
        pdf.chmod(0o600)
        out.print(f"Wrote {safe(pdf)}: {count(len(report.weeks), 'week')}, {count(len(report.red_flags), 'red flag')}, {count(len(report.flags), 'other flag')}.")


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"{option} must be a date written YYYY-MM-DD, e.g. 2026-09-01, not {text!r}") from None
