"""``runsense demo``: the example story in a store of its own, then the dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from runsense.cli._app import friendly_errors, out, state
from runsense.cli._text import safe
from runsense.cli.dashboard import dashboard_command
from runsense.errors import InvalidInputError


@friendly_errors
def demo_command(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", help="Port for the dashboard (1-65535).", min=1, max=65535)] = 8050,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Only print the dashboard's address.")] = False,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Build the demo store and stop.")] = False,
    db: Annotated[Path | None, typer.Option("--demo-db", help="Where to build the demo store (default: a demo folder in your user data directory).")] = None,
) -> None:
    """Try runsense on 16 weeks of example running: a mileage spike, cadence drifting at the same
    pace, a shoe passing 300, 400 and 500 miles, and back pain rising and easing.

    Builds a separate demo store (never your own), then opens the dashboard.
    """
    from runsense.demo import build_demo, demo_db_path

    options = state(ctx)
    target = db or demo_db_path()
    if target.resolve() == options.db.resolve():
        raise InvalidInputError("the demo store must not be your own store: choose another --demo-db")
    summary = build_demo(target, settings=options.settings)
    out.print(
        f"Demo store {safe(summary['db'])}: {summary['imported']} runs imported ({summary['duplicates']} duplicate copies recognised), "
        f"{summary['shoes']} pairs of shoes, {summary['pain_entries']} pain entries, {summary['alerts']} alerts.",
        highlight=False,
    )
    if no_serve:
        out.print(f"Explore it with: runsense --db {safe(summary['db'])} report --week 2026-W41", highlight=False)
        return
    options.db = summary["db"]
    dashboard_command(ctx, host="127.0.0.1", port=port, no_browser=no_browser, allow_remote=False)
