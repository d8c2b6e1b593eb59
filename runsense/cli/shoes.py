"""``runsense shoes``: the shoe registry, assignment and mileage."""

from __future__ import annotations

from typing import Annotated

import typer

from runsense.cli import _app
from runsense.cli._app import friendly_errors, print_json, state
from runsense.cli._text import plain, safe, say, say_table
from runsense.display import count
from runsense.errors import InvalidInputError
from runsense.shoes import LEVELS, default_sport, format_distance, format_threshold, purchase_day, shoe_name, shoe_status, start_distance
from runsense.text import note_text
from runsense.units import parse_distance_m

shoes_app = typer.Typer(help="Shoes: mileage per pair, with alerts at 300, 400 and 500 miles (configurable).", no_args_is_help=True)


def _distance(text: str, units: str) -> float:
    try:
        metres = parse_distance_m(text, default_unit=units)
    except ValueError as exc:
        raise InvalidInputError(str(exc)) from None
    return start_distance(metres)


@shoes_app.command("add")
@friendly_errors
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name you will recognise, e.g. 'Pegasus 38 blue'.", show_default=False)],
    brand: Annotated[str, typer.Option("--brand", help="Brand and model.")] = "",
    start_distance: Annotated[str, typer.Option("--start-distance", help="Distance already on the pair, e.g. 290mi or 467km (at most 10,000 km).")] = "0",
    purchase_date: Annotated[str | None, typer.Option("--purchase-date", help="YYYY-MM-DD (not in the future).")] = None,
    default_for: Annotated[str | None, typer.Option("--default-for", help="Give this pair to every new activity of this sport at import: running, trail_running, walking or hiking.")] = None,
    alert_at: Annotated[str | None, typer.Option("--alert-at", help="This pair's notice,warning,replace marks, e.g. 300mi,400mi,500mi (default: your settings).")] = None,
    notes: Annotated[str, typer.Option("--notes")] = "",
) -> None:
    """Register a pair of shoes."""
    from runsense.settings import parse_thresholds  # here: `runsense --help` lists this module's commands

    options = state(ctx)
    name, sport = shoe_name(name), default_sport(default_for)
    thresholds = parse_thresholds(alert_at, "--alert-at") if alert_at else None
    start_m, bought = _distance(start_distance, options.settings.units), purchase_day(purchase_date)
    with options.store() as store:
        store.add_shoe(name, brand=note_text(brand, "brand"), purchase_date=bought, start_distance_m=start_m, notes=note_text(notes, "shoe's note"),
                       default_for=sport, thresholds_m=thresholds)  # fmt: skip
    _app.out.print(f"Added {safe(name)}." + (f" New {safe(sport)} activities will use it." if sport else " Assign runs with `runsense shoes assign`."), highlight=False)


@shoes_app.command("list")
@friendly_errors
def list_shoes(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """Every pair with its distance (starting distance + assigned activities) and the marks it has passed."""
    options = state(ctx)
    units = options.settings.units
    with options.store(read_only=True) as store:
        statuses = [shoe_status(shoe, options.settings.shoe_thresholds_m) for shoe in store.shoes()]
    if as_json:
        print_json([status.to_dict() for status in statuses])
        return
    if not statuses:
        say("No shoes yet. Add one with ", ("runsense shoes add NAME --start-distance 120mi --default-for running", "bold"), ".")
        return
    rows = []
    for status in statuses:
        shoe, upcoming = status.shoe, status.next_mark_m
        rows.append((
            plain(shoe.name + (f" ({shoe.brand})" if shoe.brand else "")), format_distance(shoe.distance_m, units), str(shoe.activities),
            ", ".join(level.level for level in status.crossed) or "—", format_threshold(upcoming, units) if upcoming is not None else "—",
            "retired" if shoe.retired else (f"default for {plain(shoe.default_for)}" if shoe.default_for else "active"),
        ))  # fmt: skip
    say_table(("shoe", "distance", "runs", "marks passed", "next mark", "status"), rows)
    active = sum(1 for s in statuses if not s.shoe.retired and s.shoe.activities)
    say(f"{count(active, 'pair')} in rotation. Marks at {', '.join(LEVELS)} are a rule of thumb; no study ties them to injury.")


@shoes_app.command("assign")
@friendly_errors
def assign(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The shoe's name.", show_default=False)],
    activity: Annotated[list[str] | None, typer.Option("--activity", help="Activity id (or its first characters); repeat for several.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="First local date, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last local date, YYYY-MM-DD.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Give runs to a retired pair anyway.")] = False,
) -> None:
    """Say which shoe ran which activities: by id (runs, walks and hikes only), or every run, walk or hike in a date range.

    A retired pair takes no new runs unless --force; shoe alerts follow (a mark the old pair no longer reaches is withdrawn)."""
    if not activity and not (date_from or date_to):
        raise InvalidInputError("say which activities: --activity ID (repeatable) or --from DATE --to DATE")
    from runsense.corrections import assign_shoe  # here: `shoes list` must not load the analysis stack

    options = state(ctx)
    with options.store() as store:
        count = assign_shoe(store, options.settings, name, activity_ids=activity, date_from=date_from, date_to=date_to, force=force)
        shoe = store.shoe(name)
    _app.out.print(f"{count} activit{'y' if count == 1 else 'ies'} now run in {safe(shoe.name)}.", highlight=False)


@shoes_app.command("retire")
@friendly_errors
def retire(ctx: typer.Context, name: Annotated[str, typer.Argument(show_default=False)]) -> None:
    """Retire a pair: it keeps its history and statistics, and gets no new runs."""
    from datetime import date

    with state(ctx).store() as store:
        store.update_shoe(name, retired_at=date.today().isoformat(), default_for=None)
    _app.out.print(f"Retired {safe(name)}. Its history stays in `runsense shoes list`.", highlight=False)


@shoes_app.command("edit")
@friendly_errors
def edit(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(show_default=False)],
    new_name: Annotated[str | None, typer.Option("--name", help="Rename the pair.")] = None,
    brand: Annotated[str | None, typer.Option("--brand")] = None,
    start_distance: Annotated[str | None, typer.Option("--start-distance", help="e.g. 290mi or 467km.")] = None,
    default_for: Annotated[str | None, typer.Option("--default-for", help="Sport whose new activities get this pair.")] = None,
    alert_at: Annotated[str | None, typer.Option("--alert-at", help="notice,warning,replace marks, e.g. 300mi,400mi,500mi.")] = None,
    notes: Annotated[str | None, typer.Option("--notes")] = None,
    unretire: Annotated[bool, typer.Option("--unretire", help="Put a retired pair back in use.")] = False,
) -> None:
    """Change a pair's details."""
    from runsense.settings import parse_thresholds

    options = state(ctx)
    fields: dict[str, object] = {}
    if new_name is not None:
        fields["name"] = new_name = shoe_name(new_name)
    if brand is not None:
        fields["brand"] = note_text(brand, "brand")
    if start_distance is not None:
        fields["start_distance_m"] = _distance(start_distance, options.settings.units)
    if default_for is not None:
        fields["default_for"] = default_sport(default_for)
    if alert_at is not None:
        fields["thresholds_m"] = parse_thresholds(alert_at, "--alert-at")
    if notes is not None:
        fields["notes"] = note_text(notes, "shoe's note")
    if unretire:
        fields["retired_at"] = None
    if not fields:
        raise InvalidInputError("nothing to change: give at least one option (see --help)")
    with options.store() as store:
        store.update_shoe(name, **fields)
    _app.out.print(f"Updated {safe(new_name or name)}.", highlight=False)
