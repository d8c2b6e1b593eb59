"""``runsense backup``, ``restore`` and ``export``: your data stays yours."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runsense.cli._app import err, friendly_errors, out, state
from runsense.cli._text import plain, safe
from runsense.errors import DamagedStoreError, InvalidInputError


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
