"""``runsense strength`` and ``runsense marker``: the work besides running, and dated changes."""

from __future__ import annotations

from typing import Annotated

import typer

from runsense.cli._app import friendly_errors, out, print_json, state
from runsense.cli._text import plain
from runsense.journal import MARKER_KINDS, STRENGTH_KINDS, make_marker, make_strength_session

strength_app = typer.Typer(
    help="Strength, core and mobility sessions (the articles' advice: core and glutes 2–3 times a week). "
    "Strength activities from your watch count too; none of them count in running load or shoe mileage.",
    no_args_is_help=True,
)
marker_app = typer.Typer(
    help="Markers of changes (started cadence work, new shoes, a physio visit, a strength programme): "
    "shown on every time chart and in reports, and split points for `runsense compare`.",
    no_args_is_help=True,
)


@strength_app.command("log")
@friendly_errors
def strength_log(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(help="YYYY-MM-DD (not in the future).", show_default=False)],
    minutes: Annotated[float, typer.Option("--minutes", help="How long, in minutes (5 to 240: a shorter one is not a session).")] = 20.0,
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {', '.join(STRENGTH_KINDS)}.")] = "core",
    note: Annotated[str, typer.Option("--note", help="What you did, e.g. \"planks, bird dogs, glute bridges\".")] = "",
) -> None:
    """Log a strength or core session done without the watch."""
    session = make_strength_session(day, minutes, kind, note)
    with state(ctx).store() as store:
        session_id = store.add_strength_session(session)
    out.print(f"Logged {session.minutes:g} min of {session.kind} work on {session.local_date} (session {session_id}).", highlight=False)


@strength_app.command("list")
@friendly_errors
def strength_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Every strength session, logged and from the watch, with sessions per week."""
    from runsense.analysis import strength_sessions
    from runsense.signal.strength import DEFAULT_STRENGTH_TARGET, sessions_per_week

    with state(ctx).store(read_only=True) as store:
        sessions = strength_sessions(store)
    if as_json:
        print_json([s.to_dict() for s in sessions])
        return
    if not sessions:
        out.print("No strength sessions yet. Log one with [bold]runsense strength log YYYY-MM-DD --minutes 20 --kind core[/bold].")
        return
    for session in sessions:
        origin = f"from the watch ({session.activity_id})" if session.activity_id else f"session {session.id}"
        note = f" — {plain(session.note)}" if session.note else ""
        out.print(f"  {session.local_date}  {session.minutes:>5g} min  {session.kind:<9} {origin}{note}", highlight=False, markup=False)
    low, high = DEFAULT_STRENGTH_TARGET
    weeks = sessions_per_week(sessions)
    recent = ", ".join(f"{w}: {n}" for w, n in sorted(weeks.items())[-6:])
    out.print(f"Sessions per week (target {low}–{high}): {recent}", highlight=False)


@strength_app.command("delete")
@friendly_errors
def strength_delete(ctx: typer.Context, session_id: Annotated[int, typer.Argument(help="The session's number (see `runsense strength list`).")]) -> None:
    """Delete a logged session (strength activities from the watch are deleted as activities)."""
    with state(ctx).store() as store:
        store.delete_strength_session(session_id)
    out.print(f"Deleted strength session {session_id}.")


@marker_app.command("add")
@friendly_errors
def marker_add(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(help="YYYY-MM-DD (not in the future).", show_default=False)],
    label: Annotated[str, typer.Argument(help="What changed, e.g. \"started cadence work\".", show_default=False)],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {', '.join(MARKER_KINDS)}.")] = "other",
) -> None:
    """Mark a change on the timeline."""
    marker = make_marker(day, label, kind)
    with state(ctx).store() as store:
        marker_id = store.add_marker(marker)
    out.print(f"Marker {marker_id}: {marker.local_date} {plain(marker.label)} ({marker.kind}).", highlight=False, markup=False)


@marker_app.command("list")
@friendly_errors
def marker_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False) -> None:
    """Every marker, oldest first."""
    with state(ctx).store(read_only=True) as store:
        markers = store.markers()
    if as_json:
        print_json([m.to_dict() for m in markers])
        return
    if not markers:
        out.print('No markers yet. Add one with [bold]runsense marker add YYYY-MM-DD "started cadence work" --kind cadence[/bold].')
        return
    for marker in markers:
        out.print(f"  {marker.id:>3}  {marker.local_date}  {marker.kind:<9} {plain(marker.label)}", highlight=False, markup=False)


@marker_app.command("delete")
@friendly_errors
def marker_delete(ctx: typer.Context, marker_id: Annotated[int, typer.Argument(help="The marker's number (see `runsense marker list`).")]) -> None:
    """Delete a marker."""
    with state(ctx).store() as store:
        store.delete_marker(marker_id)
    out.print(f"Deleted marker {marker_id}.")


@friendly_errors
def checkin_command(
    ctx: typer.Context,
    week: Annotated[str | None, typer.Option("--week", help="The ISO week the answers are about, e.g. 2026-W48. Default: this week.", show_default=False)] = None,
    participation: Annotated[int | None, typer.Option("--participation", help="0 full, no problems; 1 full, with problems; 2 reduced; 3 could not take part.", show_default=False)] = None,
    volume: Annotated[int | None, typer.Option("--volume", help="Training volume reduced: 0 no; 1 minor; 2 moderate; 3 major; 4 could not take part.", show_default=False)] = None,
    performance: Annotated[int | None, typer.Option("--performance", help="Performance affected: 0 no; 1 minor; 2 moderate; 3 major; 4 could not take part.", show_default=False)] = None,
    symptoms: Annotated[int | None, typer.Option("--symptoms", help="Back symptoms: 0 none; 1 mild; 2 moderate; 3 severe.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored check-in as JSON.")] = False,
) -> None:
    """The weekly OSTRC-O2 check-in: four questions about the past week's back problems, scored
    0 (none) to 100. Asked one by one when answers are not given as options."""
    import sys
    from datetime import date

    from runsense.ostrc import QUESTIONS, make_checkin
    from runsense.plan import iso_week_of

    answers = {"participation": participation, "volume": volume, "performance": performance, "symptoms": symptoms}
    for question, (text, options) in QUESTIONS.items():
        skip = question != "participation" and answers["participation"] == len(QUESTIONS["participation"][1]) - 1
        if answers[question] is None and not skip and sys.stdin.isatty():
            out.print(f"[bold]{text}[/bold]")
            for i, (label, _) in enumerate(options):
                out.print(f"  {i}  {label}")
            answers[question] = typer.prompt("answer", type=int)
    checkin = make_checkin((week or iso_week_of(date.today())).upper(), **answers)
    with state(ctx).store() as store:
        store.add_checkin(checkin)
    if as_json:
        print_json(checkin.to_dict())
        return
    verdict = "a substantial problem (training reduced)" if checkin.substantial else "no substantial problem"
    out.print(f"Check-in for {checkin.week}: score {checkin.score}/100, {verdict}.", highlight=False)
