"""``runsense import``: bring watch files into the store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from runsense.cli._app import err, friendly_errors, out, print_json, state
from runsense.cli._text import safe
from runsense.cli.alerts import print_alerts

if TYPE_CHECKING:
    from runsense.ingest import ImportOutcome, ImportReport
    from runsense.ingest import Progress as ImportProgress
    from runsense.settings import Settings
    from runsense.store import SQLiteStore


@friendly_errors
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(help="Files or folders: .fit, .gpx, .tcx, their .gz forms, .zip archives, a Garmin or Strava bulk export.", show_default=False),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object: imported, duplicates, skipped, failed.")] = False,
    shoe: Annotated[str | None, typer.Option("--shoe", help="Shoe (by name) for every run, walk or hike in these files.")] = None,
) -> None:
    """Import activity files. Re-imports and the same run in another format count once.

    Every file that cannot be read is listed with the reason; the rest still import, and
    nothing already stored is changed. Exit code 0 when nothing failed, 1 when some file failed.
    """
    from runsense.ingest import import_with_settings

    options = state(ctx)
    settings = options.settings
    started = time.perf_counter()
    with options.store() as store:
        if as_json or not err.is_terminal:
            outcome = import_with_settings(store, paths, settings, shoe=shoe)
        else:
            outcome = _with_progress_bar(store, paths, shoe, settings)
    elapsed, report = time.perf_counter() - started, outcome.report
    if outcome.notify_problem:
        err.print(f"[yellow]warning:[/yellow] notifications not sent: {safe(outcome.notify_problem)}", highlight=False)
    if as_json:
        print_json(report.to_dict())
    else:
        _print_summary(report, elapsed, options.db)
        print_alerts(outcome.new_alerts, "New alerts", settings.units)
    if report.failed:
        raise typer.Exit(1)


def _with_progress_bar(store: SQLiteStore, paths: list[Path], shoe: str | None, settings: Settings) -> ImportOutcome:
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    from runsense.ingest import import_with_settings

    columns = (TextColumn("[bold]importing"), BarColumn(), DownloadColumn(), TextColumn("{task.fields[files]} files, {task.fields[rate]} records/s"), TimeRemainingColumn())
    started = time.perf_counter()
    records = files = 0
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("import", total=None, files=0, rate=0)

        def advance(event: ImportProgress) -> None:
            nonlocal records, files
            records += event.records
            files += 1
            rate = int(records / max(time.perf_counter() - started, 1e-6))
            bar.update(task, total=event.input_bytes_total, completed=event.input_bytes_done, files=files, rate=f"{rate:,}")

        return import_with_settings(store, paths, settings, shoe=shoe, progress=advance)


def _print_summary(report: ImportReport, elapsed_s: float, db: Path) -> None:
    n_dup_files = len({d["source"] for d in report.duplicates})
    out.print(
        f"[green]{len(report.imported)} imported[/green], {len(report.duplicates)} duplicates "
        f"(from {n_dup_files} files), {len(report.skipped)} skipped, "
        f"[{'red' if report.failed else 'green'}]{len(report.failed)} failed[/] "
        f"in {elapsed_s:.1f} s ({report.n_records:,} samples) → {safe(db)}",
        highlight=False,
    )
    problems = [(f["source"], "failed", f["error"]) for f in report.failed] + [(s["source"], "skipped", s["reason"]) for s in report.skipped]
    if problems:
        table = Table("file", "outcome", "reason", show_lines=False, header_style="bold")
        for source, outcome, reason in problems:
            table.add_row(safe(source), f"[red]{outcome}[/red]" if outcome == "failed" else outcome, safe(reason))
        out.print(table)
    replaced = [i for i in report.imported if "replaces" in i]
    if replaced:
        copies = ", ".join(safe(r["replaces"]["source"]) for r in replaced[:3]) + (", …" if len(replaced) > 3 else "")
        kept = "that file stays stored" if len(replaced) == 1 else "those files stay stored"
        out.print(f"{len(replaced)} replaced the copy of the same run with fewer metrics from {copies} ({kept}).", highlight=False)
    for item in (i for i in report.imported if "shoe_not_applied" in i):
        out.print(f"[yellow]shoe not applied[/yellow] to {item['source']} ({item['id'][:8]}): {item['shoe_not_applied']}.", highlight=False)
    if report.imported:
        out.print("See them with [bold]runsense activities[/bold].")
    if report.reference_note:
        out.print(report.reference_note, highlight=False)
