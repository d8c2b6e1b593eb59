"""``runsense activities`` and ``runsense activity ID``: what is stored, and the runner's corrections."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from runsense import display
from runsense.cli._app import friendly_errors, out, print_json, state
from runsense.cli._text import safe
from runsense.errors import InvalidInputError


def _sport_filter(sport: str | None, stored: list[str]) -> str | None:
    """The ``--sport`` filter, checked: a misspelt sport is a usage error (exit 2), not an empty list."""
    if sport is None:
        return None
    from runsense.corrections import check_sport  # here: the command modules load light (see cli._app)

    try:
        return check_sport(sport, tuple(stored))
    except InvalidInputError as exc:
        raise typer.BadParameter(str(exc), param_hint="--sport") from None


@friendly_errors
def activities_command(
    ctx: typer.Context,
    sport: Annotated[str | None, typer.Option("--sport", help="Only this sport, e.g. running, cycling, walking (a misspelt sport is an error listing the valid ones).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list (distance in m, km and mi).")] = False,
) -> None:
    """List stored activities, oldest first, with their running-form averages, in your units (settings: units = "km" or "mi")."""
    options = state(ctx)
    units = options.settings.units
    with options.store(read_only=True) as store:
        chosen = _sport_filter(sport, store.sports())
        rows = [r.to_dict() for r in store.activities(sport=chosen)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        what = f"No {chosen} activities stored." if chosen else "No activities yet."
        out.print(f"{what} Import your watch files with [bold]runsense import PATH[/bold].")
        return
    wide = out.width >= 130
    headers = ["id", "date", "sport", units, "time", "spm", "step", "VO", "GCT", "VR", "bal"] + (["source"] if wide else [])
    table = Table(
        *headers, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 0),
        caption="spm steps/min · step length m · VO vertical oscillation mm · GCT ground contact ms · VR vertical ratio % · bal % of contact on the left foot",
    )  # fmt: skip
    for column in table.columns:
        column.no_wrap = True
    n = display.number
    for r in rows:
        table.add_row(
            safe(r["id"][:8]), safe(r["start_time"][:10]), safe(r["sport"][:8]), n(r["distance_m"], 2, 1 / display.metres_per(units)), display.duration(r["duration_s"]),
            n(r["cadence_spm"]), n(r["step_length_m"], 2), n(r["vertical_oscillation_mm"]), n(r["stance_time_ms"]),
            n(r["vertical_ratio_pct"], 1), n(r["stance_time_balance_pct"], 1), *([safe(r["source"])] if wide else []),
        )  # fmt: skip
    out.print(table)
    out.print(f"{len(rows)} activities. Show one with [bold]runsense activity ID[/bold] (the first characters of the id are enough).")


@friendly_errors
def activity_command(
    ctx: typer.Context,
    activity_id: Annotated[str, typer.Argument(metavar="ID", help="The activity id, or its first characters.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    sport: Annotated[str | None, typer.Option("--sport", help="Correct its sport, e.g. --sport running for a run the file called 'generic'. Shoe mileage, load, flags and alerts follow.")] = None,
    surface: Annotated[str | None, typer.Option("--surface", help="Correct what it was run on: road, trail, track, treadmill or unknown. Weekly surface shares follow.")] = None,
    delete: Annotated[bool, typer.Option("--delete", help="Delete it (samples, laps, its alerts; pain entries stay, unlinked). Importing its file again brings it back.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="With --delete: do not ask for confirmation.")] = False,
) -> None:
    """Show one activity in full (where it came from, its averages, laps and any reading problems), or correct it: --sport, --surface, --delete."""
    from runsense.corrections import check_sport, check_surface  # here: the command modules load light (see cli._app)

    options = state(ctx)
    if delete and (sport or surface):
        raise typer.BadParameter("give either --sport/--surface or --delete, not both", param_hint="--delete")
    if delete:
        _delete(options, activity_id, yes)
        return
    if surface is not None:
        _check(check_surface, surface, "--surface")
    if sport is not None:
        _check(check_sport, sport, "--sport")
    if surface is not None:
        _surface(options, activity_id, surface)
    if sport is not None:
        from runsense.corrections import change_sport

        with options.store() as store:
            change = change_sport(store, options.settings, activity_id, sport)
        if change.old_sport == change.new_sport:
            out.print(f"Activity {change.activity_id[:8]}: {change.note}.")
            return
        shoe = f" It runs in {change.shoe}." if change.shoe else ""
        out.print(f"Activity {change.activity_id[:8]} is now {change.new_sport} (was {change.old_sport}).{shoe}" + (f" {change.note[0].upper()}{change.note[1:]}." if change.note else ""), highlight=False)
    if sport is None and surface is None:
        _show(options, activity_id, as_json)


def _check(check: Any, value: str, option: str) -> None:
    """A correction's value, checked before the store is opened: a bad one is a usage error that changes nothing."""
    try:
        check(value)
    except InvalidInputError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def _surface(options: Any, activity_id: str, surface: str) -> None:
    from runsense.corrections import change_surface

    with options.store() as store:
        change = change_surface(store, activity_id, surface)
    was = "" if change.old_surface == change.new_surface else f" (was {change.old_surface})"
    out.print(f"Activity {change.activity_id[:8]} was run on: {change.new_surface}{was}. Weekly surface shares follow.", highlight=False)


def _delete(options: Any, activity_id: str, yes: bool) -> None:
    from runsense.corrections import delete_activity

    with options.store() as store:
        row = store.activity(activity_id)
        label = f"{row.sport} of {row.local_date} from {row.source_name} ({row.id[:8]})"
        if not yes and not typer.confirm(f"Delete the {label}?", default=False):
            raise typer.Abort
        delete_activity(store, options.settings, row.id)
    out.print(f"Deleted the {label}. Import its file again to bring it back.", highlight=False)


def _show(options: Any, activity_id: str, as_json: bool) -> None:
    from runsense.analysis import form_basis
    from runsense.signal.strength import set_rows, sets_summary

    units = options.settings.units
    with options.store(read_only=True) as store:
        row = store.activity(activity_id)
        laps = store.laps(row.id)
        sets = store.strength_sets(row.id)
        basis = form_basis(store, row, options.settings.signal)
    lap_rows = [
        {"lap": i + 1, "start_time": lap.start_time.isoformat() if lap.start_time == lap.start_time else None,
         **{k: getattr(lap, k) for k in ("timer_s", "distance_m", "avg_speed_mps", "avg_cadence_spm", "avg_heart_rate_bpm")},
         **display.distance_fields("distance", lap.distance_m), **display.pace_fields(lap.avg_speed_mps)}
        for i, lap in enumerate(laps.itertuples(index=False))
    ]  # fmt: skip
    detail = row.to_dict() | {
        "sub_sport": row.sub_sport, "format": row.source_format, "device": row.device, "sensors": list(row.sensors),
        "utc_offset_s": row.utc_offset_s, "utc_offset_source": row.utc_offset_source, "local_date": row.local_date,
        "timer_s": row.timer_s, "moving_time_s": row.moving_time_s, "avg_speed_mps": row.avg_speed_mps, **display.pace_fields(row.avg_speed_mps),
        "avg_heart_rate_bpm": row.avg_heart_rate_bpm, "cadence_unit_source": row.cadence_unit_source,
        "speed_source": row.speed_source, "title": row.title, "gear_name": row.gear_name,
        "device_summary": row.device_summary, "laps": lap_rows, "issues": [i.to_dict() for i in row.issues], "units": units,
        "running_share": basis["running_share"], "form_basis_note": basis["note"],
        "surface": row.surface, "surface_source": row.surface_source, "ascent_m_per_km": row.ascent_m_per_km, "steep_share": row.steep_share,
        "sets": [s.to_dict() for s in sets],
    }  # fmt: skip
    if as_json:
        print_json(detail)
        return
    n, m = display.number, display.measure
    out.print(f"[bold]{safe(detail['title'] or detail['source'])}[/bold]  ({safe(detail['id'])})", highlight=False)
    facts = [
        ("start", detail["start_time"] or "—"), ("sport", " / ".join(str(s) for s in (detail["sport"], detail["sub_sport"]) if s) or "—"),
        ("distance", display.distance(detail["distance_m"], units)), ("time", display.duration(detail["duration_s"])),
        ("moving time", display.duration(detail["moving_time_s"])), ("pace", display.pace(detail["avg_speed_mps"], units)),
        ("heart rate", m(detail["avg_heart_rate_bpm"], "bpm")), ("counted as running", _share(detail["running_share"])),
        ("cadence", m(detail["cadence_spm"], "spm")),
        ("step length", m(detail["step_length_m"], "m", 2)), ("vertical oscillation", m(detail["vertical_oscillation_mm"], "mm")),
        ("ground contact", m(detail["stance_time_ms"], "ms")), ("vertical ratio", m(detail["vertical_ratio_pct"], "%", 1)),
        ("GCT balance", m(detail["stance_time_balance_pct"], "% left", 1)), ("shoe", detail["shoe"] or "—"), ("device", detail["device"] or "—"),
        ("surface", f"{detail['surface']} ({'you said so' if detail['surface_source'] == 'runner' else 'from the file'})"),
        ("climbing", _climbing(detail, units)),
        ("sensors", ", ".join(detail["sensors"]) or "—"), ("samples", str(detail["n_records"])),
        ("source", f"{detail['source']} ({detail['format']})"),
    ]  # fmt: skip
    for label, value in facts:
        out.print(f"  {label:<22}{safe(value)}", highlight=False)
    if detail["form_basis_note"]:
        out.print(f"  [yellow]{safe(detail['form_basis_note'])}[/yellow]", highlight=False)
    if lap_rows:
        table = Table("lap", units, "time", "pace", "spm", "bpm", header_style="bold")
        for lap in lap_rows:
            table.add_row(str(lap["lap"]), n(lap["distance_m"], 2, 1 / display.metres_per(units)), display.duration(lap["timer_s"]),
                          display.pace(lap["avg_speed_mps"], units), n(lap["avg_cadence_spm"]), n(lap["avg_heart_rate_bpm"]))  # fmt: skip
        out.print(table)
    if sets:
        _print_sets(set_rows(sets), sets_summary(sets))
    for issue in detail["issues"]:
        out.print(f"  [yellow]note:[/yellow] {safe(issue['message'])}", highlight=False)


def _print_sets(rows: list[Any], summary: str) -> None:
    """A strength activity's sets: exercise, repetitions, weight and time of each."""
    n = display.number
    table = Table("set", "exercise", "reps", "kg", "time", header_style="bold", caption=summary)
    for r in rows:
        table.add_row(str(r.number), safe(r.exercise), n(r.repetitions), n(r.weight_kg, 1), display.duration(r.duration_s))
    out.print(table)


def _climbing(detail: dict[str, Any], units: str) -> str:
    """Climbing per km (or mi) and the share of time on steep grades; a dash without altitude."""
    if detail["ascent_m_per_km"] is None:
        return "—"
    steep = "" if detail["steep_share"] is None else f" · {detail['steep_share']:.0%} of the time on grades over 4 %"
    return f"{display.measure(detail['ascent_m_per_km'], f'm per {units}', 1, display.metres_per(units) / 1000)}{steep}"


def _share(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%} of the moving time (form figures are from this part)"
