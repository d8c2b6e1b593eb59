"""Plain functions from the store to what pages show: no Dash callbacks, no ``ctx``; unit-tested directly."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboards.figures import plain
from runsense import display
from runsense.analysis import Analysis, weekly_report
from runsense.store import SQLiteStore


def week_options(analysis: Analysis) -> list[dict[str, str]]:
    """Weeks to pick from, newest first, labelled with their dates and distance."""
    if analysis.weeks.empty:
        return []
    out = []
    for row in analysis.weeks.iloc[::-1].itertuples(index=False):
        monday = pd.Timestamp.fromisocalendar(int(row.week[:4]), int(row.week[6:8]), 1)
        out.append({"label": f"{row.week} ({monday:%d %b}) · {row.distance_m / 1000:.0f} km", "value": row.week})
    return out


def latest_week(analysis: Analysis) -> str | None:
    """The latest week with running."""
    if analysis.weeks.empty:
        return None
    return str(analysis.weeks.loc[analysis.weeks["runs"] > 0, "week"].iloc[-1])


def step_week(analysis: Analysis, week: str, step: int) -> str:
    """The week ``step`` weeks away, clamped to the data."""
    weeks = list(analysis.weeks["week"])
    i = weeks.index(week) if week in weeks else len(weeks) - 1
    return weeks[min(max(i + step, 0), len(weeks) - 1)]


def week_view(store: SQLiteStore, analysis: Analysis, week: str, units: str = "km") -> dict[str, Any]:
    """Everything the Week page shows for one week (the same report as ``runsense report``), in the runner's units."""
    return weekly_report(analysis, week, pain_entries=store.pain_entries(), alerts=store.alerts(), units=units)


def runs_by_week(analysis: Analysis) -> dict[str, str]:
    """Hover text naming the runs behind each week's point (Plotly's HTML: names escaped)."""
    if analysis.runs.empty:
        return {}
    runs = analysis.runs
    names = runs["title"].where(runs["title"].astype(bool), runs["source_name"]).map(plain)  # joined by <br>: Plotly reads HTML
    lines = runs["local_date"] + " " + (runs["distance_m"] / 1000).round(1).astype(str) + " km " + names
    return lines.groupby(runs["week"]).agg("<br>".join).to_dict()


def morning_pain_by_week(store: SQLiteStore) -> pd.Series:
    """Average morning pain per ISO week."""
    entries = pd.DataFrame(store.pain_entries())
    if entries.empty:
        return pd.Series(dtype=float)
    morning = entries[entries["timing"] == "morning"]
    if morning.empty:
        return pd.Series(dtype=float)
    iso = pd.to_datetime(morning["local_date"]).dt.isocalendar()
    weeks = iso["year"].astype(str) + "-W" + iso["week"].astype(str).str.zfill(2)
    return morning.groupby(weeks.to_numpy())["score"].mean()


def spike_weeks(analysis: Analysis) -> set[str]:
    """Weeks holding a SPIKE-* flag."""
    return {f.week for f in analysis.flags if f.code.startswith("SPIKE") and f.week}


def activity_options(store: SQLiteStore, units: str = "km", limit: int = 400) -> list[dict[str, str]]:
    """Activities to pick from, newest first, with their distance in the runner's units."""
    rows = store.activities()[::-1][:limit]
    return [{"label": f"{r['local_date']} {r['sport']} {display.distance(r['distance_m'] or 0, units, 1)} · {r['title'] or r['source_name']}", "value": r["id"]} for r in rows]


def shoe_options(store: SQLiteStore, *, include_retired: bool = False) -> list[dict[str, str]]:
    """Shoes to pick from."""
    return [{"label": s["name"], "value": s["name"]} for s in store.shoes(include_retired=include_retired)]
