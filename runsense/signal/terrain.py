"""Surface and hills: where a run went, and how much of it climbed (spec §1.4; the articles name hard,
cambered and uneven surfaces, and hills change cadence, GCT and balance).

* **Surface**: treadmill, track, trail, road or unknown, from what the file says (FIT
  ``sub_sport``, a GPX/TCX type such as "TrailRun") and whether it has a GPS track; the runner
  can correct it.
* **Hilliness**: climbing per km (the rises between half-minute means of the altitude,
  so GPS and barometer noise on the flat adds next to nothing) and the share of moving time on
  grades steeper than 4 % either way (the spec's threshold for samples left out of form metrics).
* **Context for form flags**: a form flag in a week with twice the runner's usual climbing, or
  a much larger trail share, says so: the change may be the ground, not the runner.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

import numpy as np
import pandas as pd

from runsense.display import Quantity
from runsense.model import FOOT_SPORTS
from runsense.signal.flags import Flag
from runsense.signal.run import Run

SURFACES = ("road", "trail", "track", "treadmill", "unknown")
#: FIT sub_sport (or a GPX/TCX type, normalised) → surface
_SURFACE_OF_SUB_SPORT = {
    "treadmill": "treadmill", "indoor_running": "treadmill", "virtual_activity": "treadmill",
    "trail": "trail", "trail_running": "trail", "mountain": "trail", "track": "track", "road": "road", "street": "road",
}  # fmt: skip
#: grades steeper than this, either way, count as hills (spec §1.4)
STEEP_GRADE_PCT = 4.0
#: samples averaged into each step of the altitude profile before climbing is summed
ASCENT_BLOCK = 30
#: form flags that hills or trails can explain
_FORM_CODES = {"CAD-TREND-DOWN", "GCT-UP", "VO-UP", "VR-UP", "FORM-COMBO", "GCTB-WEEK", "GCTB-NEW"}


class Hilliness(NamedTuple):
    """Climbing per km of the run, and the share of moving time on steep grades."""

    ascent_m_per_km: float
    steep_share: float


def surface_of(sport: str, sub_sport: str, has_track: bool, speed_source: str = "") -> str:
    """The surface a run was on, as far as the file tells ("unknown" for what is not done on foot:
    a strength session without GPS is no treadmill run)."""
    if sport == "trail_running":
        return "trail"
    known = _SURFACE_OF_SUB_SPORT.get(sub_sport)
    if known:
        return known
    if speed_source == "estimated" and not has_track and sport in FOOT_SPORTS:
        return "treadmill"  # indoors: the watch estimated speed from the wrist, no GPS
    return "road" if has_track else "unknown"


def ascent_m(altitude_m: np.ndarray, block: int = ASCENT_BLOCK) -> float:
    """Total climbing: the rises between means of consecutive ``block``-sample stretches (about
    half a minute at 1 Hz), so GPS and barometer noise on the flat adds next to nothing while a
    real climb keeps its height."""
    values = altitude_m[np.isfinite(altitude_m)]
    if len(values) < 2:
        return float("nan")
    starts = np.arange(0, len(values), max(1, block))
    means = np.add.reduceat(values, starts) / np.diff(np.r_[starts, len(values)])
    rises = np.diff(np.r_[values[0], means, values[-1]])
    return float(rises[rises > 0].sum())


def hilliness(run: Run, moving_speed_mps: float | None = None) -> Hilliness:
    """Climbing per km and the share of moving time steeper than 4 %; NaN where the file has no
    altitude or distance."""
    distance = run.column("distance_m")
    finite = distance[np.isfinite(distance)]
    km = (finite.max() - finite.min()) / 1000 if len(finite) > 1 else float("nan")
    climb = ascent_m(run.column("altitude_m"))
    per_km = climb / km if km and km > 0.2 and math.isfinite(climb) else float("nan")
    grade = run.grade_pct
    speed = run.column("speed_mps")
    threshold = moving_speed_mps if moving_speed_mps is not None else run.config.moving_speed_mps
    moving = run.weight_s * np.where(np.isfinite(speed), speed >= threshold, True) * np.isfinite(grade)
    total = moving.sum()
    steep = float((moving * (np.abs(np.nan_to_num(grade)) > STEEP_GRADE_PCT)).sum() / total) if total > 0 else float("nan")
    return Hilliness(per_km, steep)


def weekly_terrain(runs: pd.DataFrame) -> pd.DataFrame:
    """Per ISO week: climbing per km (distance-weighted), the steep share, and each surface's share
    of distance. ``runs`` has ``week``, ``distance_m``, ``ascent_m_per_km``, ``steep_share``, ``surface``."""
    if runs.empty:
        return pd.DataFrame(columns=["week", "ascent_m_per_km", "steep_share", *(f"{s}_share" for s in SURFACES)])
    d = runs["distance_m"].fillna(0).clip(lower=0)
    climb = (runs["ascent_m_per_km"] * d / 1000).where(runs["ascent_m_per_km"].notna())
    frame = runs.assign(_d=d, _climb=climb, _climb_d=d.where(climb.notna(), 0), _steep=runs["steep_share"] * d, _steep_d=d.where(runs["steep_share"].notna(), 0))
    grouped = frame.groupby("week", sort=True)
    out = pd.DataFrame({
        "ascent_m_per_km": grouped["_climb"].sum(min_count=1) / (grouped["_climb_d"].sum() / 1000).replace(0, np.nan),
        "steep_share": grouped["_steep"].sum(min_count=1) / grouped["_steep_d"].sum().replace(0, np.nan),
    })  # fmt: skip
    total = grouped["_d"].sum().replace(0, np.nan)
    for surface in SURFACES:
        out[f"{surface}_share"] = frame.assign(_s=d.where(runs["surface"] == surface, 0)).groupby("week")["_s"].sum() / total
    return out.reset_index()


def terrain_context(flags: list[Flag], terrain: pd.DataFrame, *, usual_weeks: int = 4, factor: float = 2.0) -> list[Flag]:
    """Form flags of a week with ``factor`` × the usual climbing per km (the mean of the previous
    ``usual_weeks`` weeks), or a trail share 30 points above usual, get a sentence saying so."""
    if terrain.empty:
        return flags
    table = terrain.set_index("week").sort_index()
    usual = table[["ascent_m_per_km", "trail_share"]].shift(1).rolling(usual_weeks, min_periods=2).mean()
    out = []
    for flag in flags:
        note = _note(table, usual, flag.week, factor) if flag.code in _FORM_CODES and flag.week in table.index else None
        out.append(replace(flag, template=f"{flag.template} {note[0]}", quantities=flag.quantities + note[1]) if note else flag)
    return out


def _note(table: pd.DataFrame, usual: pd.DataFrame, week: str, factor: float) -> tuple[str, tuple[Quantity, ...]] | None:
    """The sentence about the week's ground, with the climbing it names (per km or per mi when shown)."""
    climb, usual_climb = table.at[week, "ascent_m_per_km"], usual.at[week, "ascent_m_per_km"]
    if np.isfinite(climb) and np.isfinite(usual_climb) and usual_climb > 0 and climb >= factor * usual_climb and climb >= 5:
        return (f"This week had {climb / usual_climb:.1f}× your usual climbing ({{week_climb}} against {{usual_climb}}): "
                "ground contact time, cadence and balance change on hills, so part of this may be the ground, not your form.",
                (Quantity("week_climb", "climb", float(climb)), Quantity("usual_climb", "climb", float(usual_climb))))  # fmt: skip
    trail, usual_trail = table.at[week, "trail_share"], usual.at[week, "trail_share"]
    if np.isfinite(trail) and np.isfinite(usual_trail) and trail - usual_trail >= 0.3:
        return (f"{trail:.0%} of this week's distance was on trails (usually {usual_trail:.0%}): uneven ground changes contact time and "
                "cadence, so part of this may be the ground, not your form.", ())  # fmt: skip
    return None
