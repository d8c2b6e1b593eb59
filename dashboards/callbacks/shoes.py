"""Shoes page callbacks: one action callback (add / assign / retire), one view callback."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from dashboards import data, figures, ids, period, views
from dashboards.components import table
from runsense import corrections
from runsense.errors import RunsenseError
from runsense.shoes import format_distance, shoe_name, shoe_status, start_distance
from runsense.text import note_text
from runsense.units import parse_distance_m

#: the table's heading for the columns of the period chosen
_IN_PERIOD = "in period"


def act(add: int | None, assign: int | None, retire: int | None, name: str | None, brand: str | None, start: str | None, default: list[str] | None,
        assign_shoe: str | None, activities: list[str] | None, retire_shoe: str | None, refresh: int) -> tuple[str, int]:  # fmt: skip
    """Run the clicked action; return a message and bump the refresh counter."""
    trigger = ctx.triggered_id
    if trigger not in (ids.SHOE_ADD, ids.SHOE_ASSIGN, ids.SHOE_RETIRE):
        raise PreventUpdate
    units = data.settings().units
    try:
        with data.store(write=True) as s:
            if trigger == ids.SHOE_ADD:
                if not name or not name.strip():
                    return "Give the pair a name.", refresh
                start_m = start_distance(parse_distance_m(start, default_unit=units)) if start and start.strip() else 0.0
                s.add_shoe(shoe_name(name), brand=note_text(brand, "brand"), start_distance_m=start_m, default_for="running" if default else None)
                return f"Added {shoe_name(name)}.", refresh + 1
            if trigger == ids.SHOE_ASSIGN:
                if not assign_shoe or not activities:
                    return "Choose a shoe and at least one activity.", refresh
                count = corrections.assign_shoe(s, data.settings(), assign_shoe, activity_ids=activities)
                return f"{count} activit{'y' if count == 1 else 'ies'} now run in {assign_shoe}.", refresh + 1
            if not retire_shoe:
                return "Choose the pair to retire.", refresh
            s.update_shoe(retire_shoe, retired_at=date.today().isoformat(), default_for=None)
            return f"Retired {retire_shoe}; its history stays.", refresh + 1
    except (RunsenseError, ValueError) as exc:
        return f"Not done: {exc}", refresh


def render_shoes(refresh: int, start: str | None = None, end: str | None = None) -> tuple:
    """Mileage chart and table over each pair's life and, when a period is chosen, within it."""
    del refresh
    settings = data.settings()
    chosen, _ = period.checked(start, end)  # a bad period is said by the control: lifetime only
    with data.store() as s:
        shoes = s.shoes()
        used = None if chosen.is_everything else views.shoe_use(s, chosen)
    rows = []
    for status in (shoe_status(shoe, settings.shoe_thresholds_m) for shoe in shoes):
        shoe, crossed = status.shoe, ", ".join(level.level for level in status.crossed) or "—"
        row = {"shoe": shoe.name, "brand": shoe.brand, "distance": format_distance(shoe.distance_m, settings.units), "runs": shoe.activities}
        if used is not None:
            in_period_m, runs = used.get(shoe.name, (0.0, 0))
            row |= {f"{_IN_PERIOD} distance": format_distance(in_period_m, settings.units), f"{_IN_PERIOD} runs": runs}
        rows.append(row | {"marks passed": crossed, "status": "retired" if shoe.retired else ("default" if shoe.default_for else "active")})
    parts: list = [table(rows)] if rows else []
    if used is not None:
        parts.insert(0, html.P(f"Lifetime, and {_IN_PERIOD} ({chosen}).", className="hint") if used else period.empty_note("runs in any pair", chosen))
    options = [{"label": s.name, "value": s.name} for s in shoes if not s.retired]
    in_period = None if used is None else {name: distance_m for name, (distance_m, _) in used.items()}
    return figures.shoe_mileage(shoes, settings.shoe_thresholds_m, settings.units, in_period), html.Div(parts), options, options


def register(app: Dash) -> None:
    app.callback(
        Output(ids.SHOE_MESSAGE, "children"), Output(ids.SHOES_REFRESH, "data"),
        Input(ids.SHOE_ADD, "n_clicks"), Input(ids.SHOE_ASSIGN, "n_clicks"), Input(ids.SHOE_RETIRE, "n_clicks"),
        State(ids.SHOE_NAME, "value"), State(ids.SHOE_BRAND, "value"), State(ids.SHOE_START, "value"), State(ids.SHOE_DEFAULT, "value"),
        State(ids.SHOE_ASSIGN_SHOE, "value"), State(ids.SHOE_ASSIGN_ACTIVITIES, "value"), State(ids.SHOE_RETIRE_SHOE, "value"), State(ids.SHOES_REFRESH, "data"),
        prevent_initial_call=True,
    )(act)  # fmt: skip
    app.callback(Output(ids.SHOES_GRAPH, "figure"), Output(ids.SHOES_TABLE, "children"), Output(ids.SHOE_ASSIGN_SHOE, "options"),
                 Output(ids.SHOE_RETIRE_SHOE, "options"), Input(ids.SHOES_REFRESH, "data"), Input(ids.PERIOD_FROM, "value"),
                 Input(ids.PERIOD_TO, "value"))(render_shoes)  # fmt: skip

