"""``runsense compare``: two periods side by side (form at matched pace, load, pain, flags, shoes)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from runsense.cli._app import friendly_errors, out, print_json, state
from runsense.cli._text import plain
from runsense.errors import InvalidInputError


@friendly_errors
def compare_command(
    ctx: typer.Context,
    before: Annotated[str | None, typer.Option("--before", help="The first period, FROM..TO (dates YYYY-MM-DD).", show_default=False)] = None,
    after: Annotated[str | None, typer.Option("--after", help="The second period, FROM..TO.", show_default=False)] = None,
    at: Annotated[str | None, typer.Option("--at", help="Split at a date (YYYY-MM-DD) or a marker (marker:ID): the --weeks before it against the --weeks from it.", show_default=False)] = None,
    weeks: Annotated[int, typer.Option("--weeks", help="With --at: weeks on each side.")] = 6,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Compare two periods: "the 6 weeks before cadence work vs the 6 after".

    Form is compared at your reference pace (each period's own speed model), with 95 % CIs; a
    change is called clear only when the 95 % CI of the difference excludes 0 (runs resampled whole). Pain: the median and the days at 3/10
    or more, and whether the change reaches 2 points or 30 % (the smallest change that matters).
    Examples: `runsense compare --before 2026-08-01..2026-09-11 --after 2026-09-12..2026-10-23`,
    `runsense compare --at marker:1 --weeks 4`.
    """
    from runsense import display
    from runsense.compare import Period, around, compare

    options = state(ctx)
    units = options.settings.units
    with options.store(read_only=False) as store:
        if at is not None:
            if before or after:
                raise InvalidInputError("give either --at (with --weeks) or --before and --after, not both")
            periods = around(_split_day(store, at), weeks)
        elif before and after:
            periods = Period.parse(before, what="--before period"), Period.parse(after, what="--after period")
        else:
            raise InvalidInputError("say which periods to compare: --before FROM..TO --after FROM..TO, or --at DATE|marker:ID [--weeks N]")
        result = compare(store, *periods, options.settings.signal)
    if as_json:
        print_json(result.to_dict())
        return
    b, a = result.before, result.after
    out.print(f"[bold]Before[/bold] {b.period}   vs   [bold]after[/bold] {a.period}   (form at your reference pace, {display.pace(result.reference_speed_mps, units)})", highlight=False)
    for marker in result.markers:
        out.print(f"  marker {marker.local_date}: {plain(marker.label)} ({marker.kind})", highlight=False, markup=False)
    if (change := result.sensor_change) is not None:
        out.print(f"  new dynamics sensor from {change.first_day} ({change.after}): VO and GCT compared from there", highlight=False, markup=False)
    per_week = " → ".join(display.distance(p.distance_per_week_m, units, 1) for p in (b, a))
    out.print(f"  runs {b.runs} → {a.runs};  a week {per_week}", highlight=False)
    for fb, fa, change in zip(b.form, a.form, result.form_changes, strict=True):
        if fb.value is None and fa.value is None:
            continue
        verdict = "" if change.change is None else (
            f"  {_signed(change)}" + (" — a clear change" if change.clear else " — within the noise" if change.ci_low is not None else " — too few runs to judge")
        )
        out.print(f"  {fb.label}: {_ci(fb)} → {_ci(fa)} {fb.unit}{verdict}", highlight=False, markup=False)
    pain = "no pain logged in one of the periods" if result.pain_change is None else (
        f"median {b.pain.median:g} → {a.pain.median:g}/10 ({'a change that matters' if result.pain_change_matters else 'under the 2-point / 30 % change that matters'}); "
        f"days at 3/10 or more {b.pain.days_at_least_3} → {a.pain.days_at_least_3}"
    )
    out.print(f"  pain: {pain}", highlight=False)
    out.print(f"  strength sessions a week {b.strength_per_week:.1f} → {a.strength_per_week:.1f}", highlight=False)
    for side, summary in (("before", b), ("after", a)):
        if summary.flags:
            out.print(f"  flags {side}: " + ", ".join(f"{code} ×{n}" for code, n in summary.flags.items()), highlight=False, markup=False)
    out.print(f"[dim]{result.disclaimer}[/dim]")


def _signed(change) -> str:
    d = _DECIMALS.get(change.unit, 1)
    word = "rose" if change.change > 0 else "fell" if change.change < 0 else "unchanged"
    ci = f" (95 % CI {change.ci_low:+.{d}f} to {change.ci_high:+.{d}f})" if change.ci_low is not None else ""
    return f"{word} {abs(change.change):.{d}f} {change.unit}{ci}"


#: decimals worth showing per unit (a step length in m needs two, a contact time in ms none)
_DECIMALS = {"m": 2, "ms": 0}


def _ci(form) -> str:
    if form.value is None:
        return "—"
    d = _DECIMALS.get(form.unit, 1)
    if form.ci_low is None or form.ci_high is None:
        return f"{form.value:.{d}f}"
    return f"{form.value:.{d}f} ({form.ci_low:.{d}f}–{form.ci_high:.{d}f})"


def _split_day(store, at: str) -> date:
    if at.startswith("marker:"):
        try:
            marker_id = int(at.removeprefix("marker:"))
        except ValueError:
            raise InvalidInputError(f"write a marker as marker:ID (see `runsense marker list`), not {at!r}") from None
        found = [m for m in store.markers() if m.id == marker_id]
        if not found:
            raise InvalidInputError(f"no marker {marker_id} (see `runsense marker list`)")
        return date.fromisoformat(found[0].local_date)
    try:
        return date.fromisoformat(at)
    except ValueError:
        raise InvalidInputError(f"--at takes a date YYYY-MM-DD or marker:ID, not {at!r}") from None
