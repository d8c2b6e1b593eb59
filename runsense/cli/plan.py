"""``runsense plan cadence``: raise a low cadence in small steps, judged at matched pace, on the watch."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from runsense.cli._app import friendly_errors, out, print_json, state
from runsense.cli._text import safe
from runsense.errors import InvalidInputError

plan_app = typer.Typer(help="Plans that follow the advice through: `runsense plan cadence`.", no_args_is_help=True)

_STATUS_STYLE = {"hit": "green", "not yet": "yellow", "no data": "dim"}


@plan_app.command("cadence")
@friendly_errors
def cadence(
    ctx: typer.Context,
    new: Annotated[bool, typer.Option("--new", help="Start a new plan this week from your current cadence at reference pace (ends the one in force).")] = False,
    stop: Annotated[bool, typer.Option("--stop", help="End the plan in force.")] = False,
    workout: Annotated[
        Path | None,
        typer.Option("--workout", help="Also write the current step as a FIT workout file (copy it to GARMIN/NewFiles on the watch, or import it in Garmin Connect).", dir_okay=False),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --workout file if it exists.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Your cadence plan (spec §2.4): steps of +5 % from your cadence at reference pace, each held at
    least 2 weeks, +10 % at most, every week judged at the same pace (hit / not yet).

    The first call starts a plan; later calls show how it goes. The next step starts once you have
    held the current one for 2 weeks and reached it in the latest. Never an absolute 180.
    """
    from runsense.attention import attention
    from runsense.coach import DRILL_NOTE, current_plan, new_plan
    from runsense.units import format_pace

    if workout is not None:
        _check_writable(workout, force)
    with state(ctx).store() as store:
        if stop:
            ended = store.end_cadence_plan()
            out.print("Cadence plan ended." if ended else "No cadence plan in force.")
            return
        held = attention(store.pain_entries(), [], date.today()).suggestions_held
        if held:  # a cadence target is a training suggestion: none is started or shown meanwhile
            if as_json:
                print_json({"suggestions_held": held})
            else:
                out.print(f"[bold]{held}[/bold]", highlight=False)
            return
        config = state(ctx).settings.signal
        view = None if new else current_plan(store, config=config)
        started = view is None
        view = view or new_plan(store, config=config)
    progress = view.progress
    if workout is not None:
        from runsense.workout import cadence_workout

        workout.write_bytes(cadence_workout(progress.target_spm))
    if as_json:
        print_json(view.to_dict() | {"started_now": started, "workout": str(workout) if workout else None})
        return
    plan = progress.plan
    steps = ", then ".join(f"{t} spm" for t in plan.targets_spm)
    out.print(
        f"[bold]Cadence plan[/bold] {'started' if started else 'since'} {plan.start_week}: from {plan.baseline_spm:.0f} spm at "
        f"{format_pace(plan.reference_speed_mps)} (your reference pace) to {steps} (at most +{plan.max_pct:g} %), each step held ≥ {plan.hold_weeks} weeks.",
        highlight=False,
    )
    for week in progress.weeks[-8:]:
        value = "—" if week.cadence_at_ref_spm is None else f"{week.cadence_at_ref_spm:.1f} spm"
        out.print(f"  {week.week}  step {week.step}: {week.target_spm} spm   this week at reference pace: {value:>9}  [{_STATUS_STYLE[week.status]}]{week.status}[/]", highlight=False)
    now = f"Now: step {progress.step}, {progress.target_spm} spm." + (" Plan complete: keep it there." if progress.complete else "")
    if progress.next_step_spm and not progress.complete:
        now += f" Next: {progress.next_step_spm} spm, once this step is held {plan.hold_weeks} weeks and reached."
    out.print(now, highlight=False)
    out.print(f"Metronome: set {progress.metronome_spm} beats per minute, one step per beat, for part of an easy run.", highlight=False)
    if workout is not None:
        out.print(f"Wrote {safe(workout)}: copy it to GARMIN/NewFiles on your watch (USB), or import it in Garmin Connect; the watch alerts when your cadence leaves the range.")
    out.print(f"[dim]{DRILL_NOTE}[/dim]")


def _check_writable(path: Path, force: bool) -> None:
    """Refuse, before anything changes, a workout path that cannot be written."""
    if not path.parent.is_dir():
        raise InvalidInputError(f"cannot write the workout to {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise InvalidInputError(f"{path} exists: choose another name, or add --force to overwrite it")
