"""``runsense report``: one week's training, form and flags, with the guidance every report carries."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.panel import Panel
from rich.table import Table

from runsense import display
from runsense.cli._app import friendly_errors, out, print_json, state
from runsense.cli._text import safe
from runsense.cli.alerts import print_alerts

if TYPE_CHECKING:
    from runsense.week_report import WeekReport

_SEVERITY_STYLE = {"emergency": "bold white on red", "see-professional": "bold red", "warning": "red", "notice": "yellow", "info": "cyan"}


@friendly_errors
def report_command(
    ctx: typer.Context,
    week: Annotated[str | None, typer.Option("--week", help="ISO week, e.g. 2026-W38. Default: the current week.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help='Print one JSON object with a "flags" list.')] = False,
    date_from: Annotated[str | None, typer.Option("--from", help="Clinic report: first day, YYYY-MM-DD (with --pdf or --html).", show_default=False)] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Clinic report: last day, YYYY-MM-DD (default: today).", show_default=False)] = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Write the clinic report of --from..--to as a PDF for a physio.", dir_okay=False, show_default=False)] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write the same clinic report as one HTML page (prints cleanly).", dir_okay=False, show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite the --pdf/--html file if it exists.")] = False,
) -> None:
    """The weekly report: distance and runs, form against the 170–180 spm band and against your own
    baseline at the same pace, training load, and flags that explain what changed and why it matters.

    With `--from DATE [--to DATE] --pdf FILE` (or `--html FILE`): the clinic report of that period,
    one to three pages for a physio: red flags first, what changed at matched pace with CIs, weekly
    form, load and pain charts with the target band and your markers, flags with their evidence and
    references, shoes, strength work, and the disclaimer."""
    if pdf or html or date_from or date_to:
        from runsense.cli.clinic import write_clinic_report

        if week:
            from runsense.errors import InvalidInputError

            raise InvalidInputError("--week is the weekly report's; the clinic report takes a period: --from YYYY-MM-DD [--to YYYY-MM-DD]")

        write_clinic_report(ctx, date_from, date_to, pdf, html, force=force)
        return
    from runsense.analysis import analyse, weekly_report

    options = state(ctx)
    with options.store(read_only=True) as store:
        report = weekly_report(
            analyse(store, options.settings.signal), week, pain_entries=store.pain_entries(), alerts=store.alerts(), units=options.settings.units, plan=store.cadence_plan()
        )
    if as_json:
        print_json(report.to_dict())
        return
    _render(report)



def _render(report: WeekReport) -> None:
    """Red flags and open alerts first (spec §7.5), then the week, then the guidance."""
    from runsense.guidance import DISCLAIMER, red_flag_guidance

    _render_attention(report)
    _render_week(report)
    guidance = "\n".join(f"[bold]{t['tier'].title()}[/bold]: {t['message']} Signs: {'; '.join(t['signs'])}." for t in red_flag_guidance())
    out.print(Panel(f"{DISCLAIMER}\n\n{guidance}", title="Not medical advice", border_style="dim"), highlight=False)


def _render_attention(report: WeekReport) -> None:
    for red in report.red_flags:
        style = _SEVERITY_STYLE["emergency"] if red.tier == "emergency" else _SEVERITY_STYLE["see-professional"]
        body = f"[{style}]{safe(red.message)}[/]\nYou reported: {safe('; '.join(red.signs))} ({red.local_date})."
        out.print(Panel(body, title=f"Red flag: {red.tier} ({red.code})", border_style="red"), highlight=False)
    if report.alerts:
        print_alerts(report.alerts, "Open alerts", report.units)
    if report.suggestions_held:
        out.print(f"[bold]{report.suggestions_held}[/bold]", highlight=False)


def _render_week(report: WeekReport) -> None:
    usual, units = report.usual_distance_m, report.units
    out.print(f"[bold]Week {report.week}[/bold]  ({report.start} to {report.end})", highlight=False)
    if report.message:
        out.print(f"  {report.message}", highlight=False)
    out.print(
        f"  {display.distance(report.distance_m, units, 1)} in {display.count(report.runs, 'run')}, {report.moving_time_s / 3600:.1f} h"
        + (f"  (usual: {display.distance(usual, units, 1)} a week)" if usual else ""),
        highlight=False,
    )
    if report.load.acwr_ewma is not None:
        out.print(f"  acute:chronic load {report.load.acwr_ewma:.2f} (information only)", highlight=False)
    if report.runs:
        _render_form(report)
    _render_advice(report)
    _render_pain(report)
    _render_flags(report)


def _render_form(report: WeekReport) -> None:
    table = Table("form", "week avg", f"at {report.reference_pace}", "95% CI", "your usual", "change", header_style="bold", title="Running form")
    digits = {"step_length_m": 2, "vertical_ratio_pct": 1, "gct_balance_dev_pp": 1}
    for metric, f in report.form.items():
        d = digits.get(metric, 0)
        low, high = f.ci95
        table.add_row(
            f"{f.label} ({f.unit})", display.number(f.week_average, d), display.number(f.at_ref, d),
            "—" if low is None else f"{low:.{d}f}–{high:.{d}f}", display.number(f.baseline, d),
            "—" if f.change is None else f"{f.change:+.{d + 1}f}",
        )  # fmt: skip
    out.print(table)
    cadence = report.form["cadence_spm"]
    if cadence.in_band_share is not None and not report.suggestions_held:
        low, high = cadence.target_band
        out.print(f"  {cadence.in_band_share:.0%} of running time was inside {low:.0f}–{high:.0f} spm (a coaching convention, not a rule).", highlight=False)
    if note := report.reference.note_in(report.units):
        out.print(f"  [dim]{safe(note)}[/dim]", highlight=False)
    if not report.qualifying_for_form:
        out.print("  [dim]Form at matched pace needs 2 runs or 30 minutes of steady running in the week.[/dim]")


def _render_advice(report: WeekReport) -> None:
    """Strength, surface and climbing, the cadence plan, a new sensor: one line each."""
    from runsense.week_advice import advice_lines

    for label, sentence in advice_lines(report):
        out.print(f"  {label + ':':<14}{safe(sentence)}", highlight=False)


def _render_pain(report: WeekReport) -> None:
    pain = report.pain
    if pain.entries:
        out.print("  Pain this week:", highlight=False)
        for e in pain.entries:
            note = f" · {e.note}" if e.note else ""
            out.print(f"    {e.local_time.replace('T', ' ')}  {e.score}/10 {safe(e.timing)}, {safe(e.location)}{safe(note)}", highlight=False)
    elif pain.nudge:
        out.print(f"  [dim]{pain.nudge}[/dim]")


def _render_flags(report: WeekReport) -> None:
    if report.held_flags:
        out.print(f"  {len(report.held_flags)} form and load flags held back while a red flag is active (see `report --json`).", highlight=False)
    if not report.flags:
        out.print("No flags this week.")
        return
    out.print("[bold]Flags[/bold] (most important first)")
    for flag in report.flags:
        style = _SEVERITY_STYLE.get(flag.severity, "")
        tag = " rule of thumb" if flag.rule_of_thumb else ""
        out.print(f"  [{style}]{safe(flag.severity.upper())}[/] {safe(flag.code)} [dim]({safe(flag.evidence)} {safe(flag.reference)}{tag})[/dim]", highlight=False)
        out.print(f"    {safe(flag.text(report.units))}", highlight=False)
    if report.flags_held_back_note:
        out.print(f"  [dim]{safe(report.flags_held_back_note)}[/dim]", highlight=False)
