"""``runsense baseline``: the reference pace weekly form is compared at, and its reset."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from runsense.cli._app import friendly_errors, out, print_json, state
from runsense.errors import InvalidInputError

if TYPE_CHECKING:
    from runsense.baseline import Reference

baseline_app = typer.Typer(help="The reference pace weekly form is compared at: show it, or reset it.", no_args_is_help=True)


def _print(reference: Reference, as_json: bool) -> None:
    if as_json:
        print_json(reference.to_dict())
        return
    out.print(reference.summary, highlight=False)
    if reference.note:
        out.print(reference.note, highlight=False)


@baseline_app.command("show")
@friendly_errors
def show_command(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False) -> None:
    """Show the reference pace, where it came from, and the dates it was taken from."""
    from runsense.baseline import store_reference  # here: the command modules load light (see cli._app)

    options = state(ctx)
    with options.store() as store:
        _print(store_reference(store, options.settings.signal), as_json)


@baseline_app.command("reset")
@friendly_errors
def reset_command(
    ctx: typer.Context,
    start: Annotated[
        str | None, typer.Option("--from", help="Take it from 28 days of running from this date (YYYY-MM-DD). Default: your first 28 days.", show_default=False)
    ] = None,
    recent: Annotated[bool, typer.Option("--recent", help="Take it from your last 28 days of running.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Set the reference pace again from your running (every week's form at reference pace changes with it)."""
    from runsense.baseline import reset_reference

    if start and recent:
        raise InvalidInputError("give --from DATE or --recent, not both")
    first = _parse_date(start) if start else None
    options = state(ctx)
    with options.store() as store:
        reference = reset_reference(store, options.settings.signal, start=first, recent=recent)
    _print(reference, as_json)


def _parse_date(text: str) -> date:
    from runsense.weeks import check_day

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(f"--from {text!r} is not a date: use YYYY-MM-DD, e.g. 2026-09-01") from None
    return check_day(day, date.today(), "first day (--from)")
