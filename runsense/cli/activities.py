"""``runsense activities`` and ``runsense activity ID``: what is stored."""

from __future__ import annotations

import math
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table

from runsense.analysis import form_basis
from runsense.cli._app import friendly_errors, out, print_json, state
from runsense.cli._text import safe
from runsense.units import M_PER_KM, format_pace

#: the fields of `activities --json`, in order
LIST_FIELDS = (
    "id", "source", "sport", "start_time", "distance_m", "duration_s", "n_records", "shoe",
    "cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "stance_time_balance_pct",
)  # fmt: skip


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "source": row["source_name"],
        "sport": row["sport"],
        "start_time": row["start_time"],
        "distance_m": row["distance_m"],
        "duration_s": row["duration_s"],
        "n_records": row["n_records"],
        "shoe": row.get("shoe"),
        **{k: row[k] for k in LIST_FIELDS[8:]},
    }


def _fmt(value: float | None, digits: int = 0, scale: float = 1.0) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return f"{value * scale:.{digits}f}"


def _duration(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return "—"
    h, rem = divmod(round(seconds), 3600)
    return f"{h}:{rem // 60:02d}:{rem % 60:02d}"


@friendly_errors
def activities_command(
    ctx: typer.Context,
    sport: Annotated[str | None, typer.Option("--sport", help="Only this sport, e.g. running, cycling, walking.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """List stored activities, oldest first, with their running-form averages."""
    with state(ctx).store(read_only=True) as store:
        rows = [_public(r) for r in store.activities(sport=sport.lower() if sport else None)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        out.print("No activities yet. Import your watch files with [bold]runsense import PATH[/bold].")
        return
    wide = out.width >= 130
    headers = ["id", "date", "sport", "km", "time", "spm", "step", "VO", "GCT", "VR", "bal"] + (["source"] if wide else [])
    table = Table(
        *headers, header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 0),
        caption="spm steps/min · step length m · VO vertical oscillation mm · GCT ground contact ms · VR vertical ratio % · bal % of contact on the left foot",
    )  # fmt: skip
    for column in table.columns:
        column.no_wrap = True
    for r in rows:
        table.add_row(
            safe(r["id"][:8]), safe(r["start_time"][:10]), safe(r["sport"][:8]), _fmt(r["distance_m"], 2, 1 / M_PER_KM), _duration(r["duration_s"]),
            _fmt(r["cadence_spm"]), _fmt(r["step_length_m"], 2), _fmt(r["vertical_oscillation_mm"]), _fmt(r["stance_time_ms"]),
            _fmt(r["vertical_ratio_pct"], 1), _fmt(r["stance_time_balance_pct"], 1), *([safe(r["source"])] if wide else []),
        )  # fmt: skip
    out.print(table)
    out.print(f"{len(rows)} activities. Show one with [bold]runsense activity ID[/bold] (the first characters of the id are enough).")


@friendly_errors
def activity_command(
    ctx: typer.Context,
    activity_id: Annotated[str, typer.Argument(metavar="ID", help="The activity id, or its first characters.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show one activity in full: where it came from, its averages, laps and any reading problems."""
    with state(ctx).store(read_only=True) as store:
        row = store.activity(activity_id)
        laps = store.laps(row["id"])
        basis = form_basis(store, row)
    lap_rows = [
        {"lap": i + 1, "start_time": lap.start_time.isoformat() if lap.start_time == lap.start_time else None, **{k: getattr(lap, k) for k in ("timer_s", "distance_m", "avg_speed_mps", "avg_cadence_spm", "avg_heart_rate_bpm")}}
        for i, lap in enumerate(laps.itertuples(index=False))
    ]  # fmt: skip
    detail = _public(row) | {
        "sub_sport": row["sub_sport"], "format": row["source_format"], "device": row["device"], "sensors": row["sensors"],
        "utc_offset_s": row["utc_offset_s"], "utc_offset_source": row["utc_offset_source"], "local_date": row["local_date"],
        "timer_s": row["timer_s"], "moving_time_s": row["moving_time_s"], "avg_speed_mps": row["avg_speed_mps"],
        "avg_heart_rate_bpm": row["avg_heart_rate_bpm"], "cadence_unit_source": row["cadence_unit_source"],
        "speed_source": row["speed_source"], "title": row["title"], "gear_name": row["gear_name"],
        "device_summary": row["device_summary"], "laps": lap_rows, "issues": row["issues"],
        "running_share": basis["running_share"], "form_basis_note": basis["note"],
    }  # fmt: skip
    if as_json:
        print_json(detail)
        return
    out.print(f"[bold]{safe(detail['title'] or detail['source'])}[/bold]  ({safe(detail['id'])})", highlight=False)
    facts = [
        ("start", detail["start_time"]), ("sport", f"{detail['sport']} / {detail['sub_sport']}"),
        ("distance", f"{_fmt(detail['distance_m'], 2, 1 / M_PER_KM)} km"), ("time", _duration(detail["duration_s"])),
        ("moving time", _duration(detail["moving_time_s"])), ("pace", format_pace(detail["avg_speed_mps"] or float("nan"))),
        ("heart rate", f"{_fmt(detail['avg_heart_rate_bpm'])} bpm"), ("counted as running", _share(detail["running_share"])),
        ("cadence", f"{_fmt(detail['cadence_spm'])} spm"),
        ("step length", f"{_fmt(detail['step_length_m'], 2)} m"), ("vertical oscillation", f"{_fmt(detail['vertical_oscillation_mm'])} mm"),
        ("ground contact", f"{_fmt(detail['stance_time_ms'])} ms"), ("vertical ratio", f"{_fmt(detail['vertical_ratio_pct'], 1)} %"),
        ("GCT balance", f"{_fmt(detail['stance_time_balance_pct'], 1)} % left"), ("device", detail["device"] or "—"),
        ("sensors", ", ".join(detail["sensors"]) or "—"), ("samples", str(detail["n_records"])),
        ("source", f"{detail['source']} ({detail['format']})"),
    ]  # fmt: skip
    for label, value in facts:
        out.print(f"  {label:<22}{safe(value)}", highlight=False)
    if detail["form_basis_note"]:
        out.print(f"  [yellow]{safe(detail['form_basis_note'])}[/yellow]", highlight=False)
    if lap_rows:
        table = Table("lap", "km", "time", "pace", "spm", "bpm", header_style="bold")
        for lap in lap_rows:
            table.add_row(str(lap["lap"]), _fmt(lap["distance_m"], 2, 1 / M_PER_KM), _duration(lap["timer_s"]), format_pace(lap["avg_speed_mps"] or float("nan")), _fmt(lap["avg_cadence_spm"]), _fmt(lap["avg_heart_rate_bpm"]))
        out.print(table)
    for issue in detail["issues"]:
        out.print(f"  [yellow]note:[/yellow] {safe(issue['message'])}", highlight=False)


def _share(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%} of the moving time (form figures are from this part)"
