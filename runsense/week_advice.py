"""The week's follow-through on the advice, in words: strength sessions against the target, the
surfaces and climbing, the cadence plan's step, and a change of running-dynamics sensor.

One wording for ``runsense report`` and the dashboard's Week page, read from the weekly report
(:func:`runsense.analysis.weekly_report`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runsense import display

if TYPE_CHECKING:
    from runsense.week_report import PlanBlock, StrengthBlock, TerrainBlock, WeekReport


def advice_lines(report: WeekReport) -> list[tuple[str, str]]:
    """(label, sentence) for each part the report has: strength, surface, plan, sensor."""
    lines = [("strength", _strength(report.strength))]
    if terrain := _terrain(report.terrain, report.units):
        lines.append(("surface", terrain))
    if report.cadence_plan:
        lines.append(("cadence plan", _plan(report.cadence_plan)))
    if report.sensor_change:
        lines.append(("new sensor", report.sensor_change.note))
    return lines


def _strength(strength: StrengthBlock) -> str:
    n, (low, high) = strength.sessions, strength.target_per_week
    where = "under" if n < low else "within" if n <= high else "above"
    return f"{n} strength or core session{'s' if n != 1 else ''} ({where} the target of {low}–{high} a week)"


def _terrain(terrain: TerrainBlock, units: str) -> str | None:
    shares = " · ".join(f"{surface} {share:.0%}" for surface, share in sorted(terrain.surfaces.items(), key=lambda kv: -kv[1]))
    climbing = terrain.ascent_m_per_km
    parts = [shares] if shares else []
    if climbing is not None:
        per_unit = climbing * display.metres_per(units) / 1000
        steep = "" if terrain.steep_share is None else f", {terrain.steep_share:.0%} of the time on grades over 4 %"
        parts.append(f"climbing {per_unit:.0f} m per {units}{steep}")
    return "; ".join(parts) or None


def _plan(plan: PlanBlock) -> str:
    week = plan.week
    measured = "no steady running at reference pace" if week.cadence_at_ref_spm is None else f"{week.cadence_at_ref_spm:.1f} spm at reference pace"
    verdict = {"hit": "hit", "not yet": "not yet", "no data": "not judged"}[week.status]
    return f"step {week.step}: {week.target_spm} spm (metronome {plan.metronome_spm}); this week {measured}: {verdict}"
