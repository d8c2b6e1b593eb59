"""``runsense pain``: a 0–10 pain log with red-flag screening, and its patterns with training."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from runsense.cli._app import friendly_errors, out, print_json, state
from runsense.cli._text import safe
from runsense.guidance import RED_FLAG_CODES
from runsense.pain import DEFAULT_TIMING, LOCATIONS, entry_time, make_entry, red_flag_guidance_for

pain_app = typer.Typer(help="Pain log: 0–10 scores with location and timing, red-flag screening, and patterns with your training.", no_args_is_help=True)

_RED_FLAG_HELP = "Red-flag code, repeatable: " + ", ".join(RED_FLAG_CODES)


def _show_red_flags(codes: list[str]) -> None:
    for tier in red_flag_guidance_for(codes):
        style = "bold white on red" if tier["tier"] == "emergency" else "bold red"
        out.print(Panel(f"[{style}]{tier['message']}[/]\nYou reported: {'; '.join(tier['signs'])}.", title=f"Red flag: {tier['tier']}", border_style="red"))


@pain_app.command("log")
@friendly_errors
def log(
    ctx: typer.Context,
    score: Annotated[str, typer.Argument(help="A whole number: 0 = no pain, 10 = worst pain imaginable.", show_default=False)],
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    time: Annotated[str | None, typer.Option("--time", help="HH:MM (default: now; needed with another --date).")] = None,
    location: Annotated[str, typer.Option("--location", help=f"One of: {', '.join(LOCATIONS)}.")] = "lower-back",
    timing: Annotated[str, typer.Option("--timing", help="morning (on waking), before-run, during-run, after-run, evening, other.")] = DEFAULT_TIMING,
    note: Annotated[str, typer.Option("--note")] = "",
    activity: Annotated[str | None, typer.Option("--activity", help="Link to an activity id (or its first characters).")] = None,
    red_flag: Annotated[list[str] | None, typer.Option("--red-flag", help=_RED_FLAG_HELP)] = None,
) -> None:
    """Log a pain score. Red flags get their guidance at once, before anything else."""
    with state(ctx).store() as store:
        activity_id = store.activity(activity)["id"] if activity else None
        entry = make_entry(score, when=entry_time(day, time, datetime.now()), location=location, timing=timing, note=note, activity_id=activity_id, red_flags=red_flag or [])
        entry_id = store.add_pain(entry)
    _show_red_flags(entry["red_flags"])
    out.print(f"Logged {entry['score']}/10, {safe(entry['location'])}, {safe(entry['timing'])}, {safe(entry['local_time'].replace('T', ' '))} (entry {entry_id}).", highlight=False)
    if entry["score"] >= 5 and not entry["red_flags"]:
        out.print("With pain at 5 or more, check the warning signs: any of them? Log them with --red-flag (see `runsense pain log --help`).")


@pain_app.command("list")
@friendly_errors
def list_entries(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every pain entry, oldest first."""
    with state(ctx).store(read_only=True) as store:
        entries = store.pain_entries()
    if as_json:
        print_json(entries)
        return
    if not entries:
        out.print("No pain entries yet. Log one with [bold]runsense pain log SCORE --timing morning[/bold].")
        return
    table = Table("id", "when", "score", "location", "timing", "red flags", "note", header_style="bold")
    for e in entries:
        cells = (e["local_time"].replace("T", " "), f"{e['score']}/10", e["location"], e["timing"], ", ".join(e["red_flags"]) or "—", e["note"])
        table.add_row(str(e["id"]), *(safe(c) for c in cells))
    out.print(table)


@pain_app.command("edit")
@friendly_errors
def edit(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(metavar="ID", show_default=False)],
    score: Annotated[str | None, typer.Option("--score", help="A whole number from 0 to 10.")] = None,
    day: Annotated[str | None, typer.Option("--date")] = None,
    time: Annotated[str | None, typer.Option("--time")] = None,
    location: Annotated[str | None, typer.Option("--location")] = None,
    timing: Annotated[str | None, typer.Option("--timing")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    red_flag: Annotated[list[str] | None, typer.Option("--red-flag", help=_RED_FLAG_HELP)] = None,
) -> None:
    """Change a pain entry."""
    with state(ctx).store() as store:
        old = store.pain_entry(entry_id)
        old_day, old_time = old["local_time"].split("T")
        entry = make_entry(
            old["score"] if score is None else score, when=entry_time(day or old_day, time or old_time, datetime.now()), location=location or old["location"],
            timing=timing or old["timing"], note=old["note"] if note is None else note, activity_id=old["activity_id"],
            red_flags=old["red_flags"] if red_flag is None else red_flag,
        )  # fmt: skip
        store.update_pain(entry_id, entry)
    _show_red_flags(entry["red_flags"])
    out.print(f"Updated entry {entry_id}.")


@pain_app.command("delete")
@friendly_errors
def delete(ctx: typer.Context, entry_id: Annotated[int, typer.Argument(metavar="ID", show_default=False)]) -> None:
    """Delete a pain entry."""
    with state(ctx).store() as store:
        store.delete_pain(entry_id)
    out.print(f"Deleted entry {entry_id}.")


@pain_app.command("insights")
@friendly_errors
def insights(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Patterns between your training and next-morning pain, in your own data, with their limits."""
    from runsense.analysis import pain_insights

    with state(ctx).store() as store:
        result = pain_insights(store)
    if as_json:
        print_json(result)
        return
    out.print(result["summary"])
    contrast = result.get("contrast")
    if contrast:
        out.print(
            f"Next-morning pain after run days {contrast['after_run_days']:.1f}/10, after rest days {contrast['after_rest_days']:.1f}/10 "
            f"(difference {contrast['difference']:+.1f}, 95% CI {contrast['ci95'][0]:+.1f} to {contrast['ci95'][1]:+.1f})."
            + (" That is a difference that matters (≥ 2 points)." if contrast["highlight"] else "")
        )
