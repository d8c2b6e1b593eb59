"""``runsense backup``, ``restore``, ``export`` and ``rederive``: your data stays yours, and stays current."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from runsense.cli._app import err, friendly_errors, out, print_json, state
from runsense.cli._text import plain, safe
from runsense.errors import DamagedStoreError, InvalidInputError

if TYPE_CHECKING:
    from runsense.rederive import RederiveReport
    from runsense.settings import Settings
    from runsense.store import SQLiteStore


@friendly_errors
def backup_command(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="New file for the backup.", show_default=False)]) -> None:
    """Copy the whole store to PATH (safe while the dashboard or an import runs)."""
    with state(ctx).store(read_only=True) as store:
        store.backup(path)
        counts = store.counts()
    out.print(f"Backed up {counts['activities']} activities to {safe(path)}. Restore with `runsense restore {safe(path)}`.", highlight=False)


@friendly_errors
def restore_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A backup made by `runsense backup`.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Replace the current store without asking.")] = False,
) -> None:
    """Replace the current store with a backup (the backup is checked first; nothing changes if it is unsound)."""
    options = state(ctx)
    if not yes and not typer.confirm(f"Replace everything in {plain(options.db)} with {plain(path)}?"):
        raise typer.Exit(1)
    from runsense.store import restore_store

    result = restore_store(options.db, path)
    out.print(f"Restored {result.counts['activities']} activities from {safe(path)}.", highlight=False)


@friendly_errors
def export_command(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Folder to write into.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    no_samples: Annotated[bool, typer.Option("--no-samples", help="Leave out the per-second samples.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace files a previous export left in FOLDER.")] = False,
) -> None:
    """Export activities, samples, shoes and pain to CSV or JSON, to take your data anywhere.

    Files already in FOLDER are never replaced without --force. From a damaged store, everything
    still readable is exported and the rest is listed.
    """
    from runsense.export import FORMATS, export_all

    if fmt not in FORMATS:
        raise InvalidInputError(f"--format must be csv or json, not {fmt!r}")
    options = state(ctx)
    try:
        store = options.store(read_only=True)
    except DamagedStoreError as exc:
        err.print(f"[yellow]warning:[/yellow] {safe(exc)}; exporting what can be read", highlight=False)
        store = options.store(salvage=True)
    with store:
        result = export_all(store, folder, fmt, samples=not no_samples, force=force)
    counts = result.counts
    out.print(
        f"Exported {counts['activities']} activities ({counts['samples']:,} samples), {counts['shoes']} shoes and {counts['pain']} pain entries to {safe(folder)}.",
        highlight=False,
    )
    if result.skipped:
        err.print(f"[yellow]warning:[/yellow] {len(result.skipped)} part{'s' if len(result.skipped) != 1 else ''} of the store could not be read and were left out:", highlight=False)
        for line in result.skipped:
            err.print(f"  {safe(line)}", highlight=False)
        raise typer.Exit(1)


@friendly_errors
def rederive_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Derive every stored activity again from its original file, kept in the store since its import.

    Run it after changing a `[signal.*]` setting read at import (validity ranges, the cadence band,
    fatigue, steady segments) or after upgrading runsense (e.g. strength sets from the watch). Your
    corrections stay: sport, surface, shoes, deletions, pain links. Each file is written in one
    transaction; a file that cannot be read keeps its values and is named (exit code 1).
    """
    from runsense.rederive import rederive_with_settings

    options = state(ctx)
    with options.store() as store:
        if as_json or not err.is_terminal:
            report = rederive_with_settings(store, options.settings)
        else:
            report = _rederive_with_progress_bar(store, options.settings)
    units = options.settings.units
    if as_json:
        print_json(report.to_dict(units))
    else:
        _print_rederive(report, units)
    if report.problems:
        raise typer.Exit(1)


def _rederive_with_progress_bar(store: SQLiteStore, settings: Settings) -> RederiveReport:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from runsense.rederive import RederiveProgress, rederive_with_settings

    with Progress(TextColumn("[bold]deriving again"), BarColumn(), MofNCompleteColumn(), TextColumn("files"), TimeRemainingColumn(), console=err, transient=True) as bar:
        task = bar.add_task("rederive", total=None)

        def advance(event: RederiveProgress) -> None:
            bar.update(task, total=event.files_total, completed=event.files_done)

        return rederive_with_settings(store, settings, progress=advance)


def _print_rederive(report: RederiveReport, units: str) -> None:
    from rich.table import Table

    from runsense.cli.alerts import print_alerts

    kept = sum(len(p.activity_ids) for p in report.problems)
    out.print(f"[green]{len(report.rederived)} activities derived again[/green] from {report.files} stored files"
              + (f"; [red]{kept} kept their stored values[/red]" if kept else "") + ".", highlight=False)  # fmt: skip
    if report.problems:
        table = Table("file", "activities", "reason", header_style="bold")
        for problem in report.problems:
            table.add_row(safe(problem.source), ", ".join(i[:8] for i in problem.activity_ids), safe(problem.reason))
        out.print(table)
    if report.gained_sets:
        out.print(f"{len(report.gained_sets)} strength activities gained their sets (see `runsense activity ID`).", highlight=False)
    if report.changed_meanwhile:
        out.print(f"{len(report.changed_meanwhile)} activities were corrected or deleted meanwhile and were left as they are: run it again for them.", highlight=False)
    print_alerts(report.new_alerts, "New alerts", units)
