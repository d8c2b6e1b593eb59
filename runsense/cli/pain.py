"""``runsense pain``: a 0–10 pain log with red-flag screening, and its patterns with training."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from runsense.cli import _app
from runsense.cli._app import friendly_errors, print_json, state
from runsense.cli._text import plain, safe, say
from runsense.guidance import RED_FLAG_CODES
from runsense.pain import DEFAULT_TIMING, LOCATIONS, entry_time, make_entry, prompts_for, red_flag_guidance_for, symptoms_text, ticked_flags
from runsense.records import NewPainEntry

pain_app = typer.Typer(help="Pain log: 0–10 scores with location and timing, red-flag screening, and patterns with your training.", no_args_is_help=True)

_RED_FLAG_HELP = "Red-flag code, repeatable: " + ", ".join(RED_FLAG_CODES)
_LOCATION_HELP = f"Where it hurts, repeatable (one per place): {', '.join(LOCATIONS)}."
Locations = Annotated[list[str] | None, typer.Option("--location", help=_LOCATION_HELP)]
Numbness = Annotated[bool | None, typer.Option("--leg-numbness/--no-leg-numbness", help="Numbness or tingling in a leg (a red-flag sign).", show_default=False)]
Weakness = Annotated[bool | None, typer.Option("--leg-weakness/--no-leg-weakness", help="Weakness in a leg (a red-flag sign).", show_default=False)]
Stiffness = Annotated[str | None, typer.Option("--stiffness-min", help="Morning stiffness in minutes (whole number).", show_default=False)]
Eases = Annotated[bool | None, typer.Option("--stiffness-eases/--stiffness-persists", help="The stiffness eases as you move.", show_default=False)]
Sleep = Annotated[bool | None, typer.Option("--sleep-disturbed/--sleep-undisturbed", help="The pain disturbed your sleep.", show_default=False)]
Interference = Annotated[str | None, typer.Option("--interference", help="How much the pain got in the way of daily activity, 0-10 (optional).", show_default=False)]


def _show_red_flags(codes: list[str]) -> None:
    """A panel for each red flag's guidance (Rich is loaded only when there is one to show: a
    plain ``pain log`` answers with :func:`say` alone)."""
    tiers = red_flag_guidance_for(codes)
    if not tiers:
        return
    from rich.panel import Panel

    for tier in tiers:
        style = "bold white on red" if tier["tier"] == "emergency" else "bold red"
        _app.out.print(Panel(f"[{style}]{tier['message']}[/]\nYou reported: {'; '.join(tier['signs'])}.", title=f"Red flag: {tier['tier']}", border_style="red"))


@pain_app.command("log")
@friendly_errors
def log(
    ctx: typer.Context,
    score: Annotated[str, typer.Argument(help="A whole number: 0 = no pain, 10 = worst pain imaginable.", show_default=False)],
    day: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD (default: today).")] = None,
    time: Annotated[str | None, typer.Option("--time", help="HH:MM (default: now; needed with another --date).")] = None,
    location: Locations = None,
    timing: Annotated[str, typer.Option("--timing", help="morning (on waking), before-run, during-run, after-run, evening, other.")] = DEFAULT_TIMING,
    note: Annotated[str, typer.Option("--note")] = "",
    activity: Annotated[str | None, typer.Option("--activity", help="Link to an activity id (or its first characters).")] = None,
    red_flag: Annotated[list[str] | None, typer.Option("--red-flag", help=_RED_FLAG_HELP)] = None,
    leg_numbness: Numbness = None,
    leg_weakness: Weakness = None,
    stiffness_min: Stiffness = None,
    stiffness_eases: Eases = None,
    sleep_disturbed: Sleep = None,
    interference: Interference = None,
) -> None:
    """Log a pain score. Red flags get their guidance at once, before anything else."""
    with state(ctx).store() as store:
        activity_id = store.activity(activity).id if activity else None
        entry = make_entry(
            score, when=entry_time(day, time, datetime.now()), location=location or ["lower-back"], timing=timing, note=note, activity_id=activity_id,
            red_flags=red_flag or [], leg_numbness=bool(leg_numbness), leg_weakness=bool(leg_weakness), stiffness_min=stiffness_min,
            stiffness_eases=bool(stiffness_eases), sleep_disturbed=bool(sleep_disturbed), interference=interference,
        )  # fmt: skip
        entry_id = store.add_pain(entry)
    _show_red_flags(entry.red_flags)
    say(f"Logged {entry.score}/10, {plain(_where(entry))}, {plain(entry.timing)}, {plain(entry.local_time.replace('T', ' '))} (entry {entry_id}).")
    _show_prompts(entry, entry_id)


def _where(entry: NewPainEntry) -> str:
    return " + ".join(entry.locations)


def _show_prompts(entry: NewPainEntry, entry_id: int) -> None:
    for ask in prompts_for(entry):
        say(f"{ask.text} ", (f"(answer with: runsense pain edit {entry_id} {ask.cli_answer})", "dim"))


@pain_app.command("list")
@friendly_errors
def list_entries(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every pain entry, oldest first."""
    with state(ctx).store(read_only=True) as store:
        entries = store.pain_entries()
    if as_json:
        print_json([e.to_dict() for e in entries])
        return
    if not entries:
        _app.out.print("No pain entries yet. Log one with [bold]runsense pain log SCORE --timing morning[/bold].")
        return
    from rich.table import Table

    table = Table("id", "when", "score", "location", "timing", "symptoms", "red flags", "note", header_style="bold")
    for e in entries:
        cells = (e.local_time.replace("T", " "), f"{e.score}/10", _where(e), e.timing, symptoms_text(e), ", ".join(e.red_flags) or "—", e.note)
        table.add_row(str(e.id), *(safe(c) for c in cells))
    _app.out.print(table)


@pain_app.command("edit")
@friendly_errors
def edit(
    ctx: typer.Context,
    entry_id: Annotated[int, typer.Argument(metavar="ID", show_default=False)],
    score: Annotated[str | None, typer.Option("--score", help="A whole number from 0 to 10.")] = None,
    day: Annotated[str | None, typer.Option("--date")] = None,
    time: Annotated[str | None, typer.Option("--time")] = None,
    location: Locations = None,
    timing: Annotated[str | None, typer.Option("--timing")] = None,
    note: Annotated[str | None, typer.Option("--note")] = None,
    red_flag: Annotated[list[str] | None, typer.Option("--red-flag", help=_RED_FLAG_HELP + " (replaces the entry's)")] = None,
    leg_numbness: Numbness = None,
    leg_weakness: Weakness = None,
    stiffness_min: Stiffness = None,
    stiffness_eases: Eases = None,
    sleep_disturbed: Sleep = None,
    interference: Interference = None,
) -> None:
    """Change a pain entry: only what you give changes (--stiffness-min "" or --interference "" clears it)."""
    with state(ctx).store() as store:
        old = store.pain_entry(entry_id)
        old_day, old_time = old.local_time.split("T")
        entry = make_entry(
            old.score if score is None else score, when=entry_time(day or old_day, time or old_time, datetime.now()), location=location or old.locations,
            timing=timing or old.timing, note=old.note if note is None else note, activity_id=old.activity_id,
            red_flags=ticked_flags(old) if red_flag is None else red_flag,
            leg_numbness=_given(leg_numbness, old.leg_numbness), leg_weakness=_given(leg_weakness, old.leg_weakness),
            stiffness_min=_given(stiffness_min, old.morning_stiffness_min), stiffness_eases=_given(stiffness_eases, old.stiffness_eases),
            sleep_disturbed=_given(sleep_disturbed, old.sleep_disturbed), interference=_given(interference, old.activity_interference),
        )  # fmt: skip
        store.update_pain(entry_id, entry)
    _show_red_flags(entry.red_flags)
    _app.out.print(f"Updated entry {entry_id}.")
    _show_prompts(entry, entry_id)


def _given(new: object, old: object) -> object:
    """The edited value if the option was given, else the entry's own."""
    return old if new is None else new


@pain_app.command("delete")
@friendly_errors
def delete(ctx: typer.Context, entry_id: Annotated[int, typer.Argument(metavar="ID", show_default=False)]) -> None:
    """Delete a pain entry."""
    with state(ctx).store() as store:
        store.delete_pain(entry_id)
    _app.out.print(f"Deleted entry {entry_id}.")


@pain_app.command("insights")
@friendly_errors
def insights(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Patterns between your training and next-morning pain, in your own data, with their limits."""
    from runsense.analysis import pain_insights

    options = state(ctx)
    with options.store() as store:
        result = pain_insights(store, config=options.settings.signal)
    if as_json:
        print_json(result)
        return
    _app.out.print(result["summary"])
    contrast = result.get("contrast")
    if contrast:
        _app.out.print(
            f"Next-morning pain after run days {contrast['after_run_days']:.1f}/10, after rest days {contrast['after_rest_days']:.1f}/10 "
            f"(difference {contrast['difference']:+.1f}, 95% CI {contrast['ci95'][0]:+.1f} to {contrast['ci95'][1]:+.1f})."
            + (" That is a difference that matters (≥ 2 points)." if contrast["highlight"] else "")
        )
