"""``runsense backup``, ``restore`` and ``export``: your data stays yours."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runsense.cli._app import friendly_errors, out, state
from runsense.errors import InvalidInputError


@friendly_errors
def backup_command(ctx: typer.Context, path: Annotated[Path, typer.Argument(help="New file for the backup.", show_default=False)]) -> None:
    """Copy the whole store to PATH (safe while the dashboard or an import runs)."""
    options = state(ctx)
    with options.store() as store:
        store.backup(path)
        counts = store.counts()
    out.print(f"Backed up {counts['activities']} activities to {path}. Restore with `runsense restore {path}`.")


@friendly_errors
def restore_command(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A backup made by `runsense backup`.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Replace the current store without asking.")] = False,
) -> None:
    """Replace the current store with a backup (the backup is checked first; nothing changes if it is unsound)."""
    options = state(ctx)
    if not yes and not typer.confirm(f"Replace everything in {options.db} with {path}?"):
        raise typer.Exit(1)
    with options.store() as store:
        store.restore_from(path)
        counts = store.counts()
    out.print(f"Restored {counts['activities']} activities from {path}.")


@friendly_errors
def export_command(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Folder to write into.", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    no_samples: Annotated[bool, typer.Option("--no-samples", help="Leave out the per-second samples.")] = False,
) -> None:
    """Export activities, samples, shoes and pain to CSV or JSON, to take your data anywhere."""
    from runsense.export import export_all

    if fmt not in ("csv", "json"):
        raise InvalidInputError(f"--format must be csv or json, not {fmt!r}")
    with state(ctx).store() as store:
        counts = export_all(store, folder, fmt, samples=not no_samples)
    out.print(f"Exported {counts['activities']} activities ({counts['samples']:,} samples), {counts['shoes']} shoes and {counts['pain']} pain entries to {folder}.")
