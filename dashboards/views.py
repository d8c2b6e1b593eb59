"""Plain functions from the store to what pages show: no Dash callbacks, no ``ctx``; unit-tested directly."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards.figures import plain
from dashboards.period import EVERYTHING, WeekPeriod
from runsense import display
from runsense.analysis import Analysis, weekly_report
from runsense.attention import Attention, attention
from runsense.errors import InvalidInputError
from runsense.pain_analysis import entries_frame
from runsense.records import Alert, PainEntry
from runsense.store import Store
from runsense.week_report import WeekReport
from runsense.weeks import monday_of, parse_week, week_of, week_span


def week_list(analysis: Analysis, entries: list[PainEntry], today: date) -> list[str]:
    """Every week the picker offers, oldest first: from the first run or pain entry to the current
    week (runs or not), or to the last run if a watch dated one later."""
    starts = analysis.week_ids[:1]
    if entries:
        starts.append(week_of(date.fromisoformat(min(e.local_date for e in entries))))
    current = week_of(today)
    return week_span(min([current, *starts]), max([current, *analysis.week_ids[-1:]]))


def week_options(analysis: Analysis, entries: list[PainEntry], today: date, within: WeekPeriod = EVERYTHING) -> list[dict[str, str]]:
    """Weeks to pick from (those of the period ``within``), newest first, labelled with their dates
    and distance; a week with a red flag says so, so that it can be found in the list."""
    distance = dict(zip(analysis.week_ids, analysis.weeks["distance_m"].tolist(), strict=True)) if analysis.week_ids else {}
    red = {week_of(date.fromisoformat(e.local_date)) for e in entries if e.red_flags}
    out = []
    for week in reversed([w for w in week_list(analysis, entries, today) if within.holds(monday_of(w).isoformat())]):
        label = f"{week} ({monday_of(week):%d %b %Y}) · {distance.get(week, 0) / 1000:.0f} km"
        label += " · this week" if week == week_of(today) else ""
        label += " · red flag" if week in red else ""
        out.append({"label": label, "value": week})
    return out


def week_options_within(analysis: Analysis, entries: list[PainEntry], today: date, within: WeekPeriod, week: str | None) -> tuple[list[dict[str, str]], str, bool]:
    """The Week page's picker for a period: its weeks, and ``week`` if it is one of them, else the
    period's last; and whether the period holds any week of the history (if not, every week is
    offered and ``week`` kept)."""
    inside = week_options(analysis, entries, today, within)
    options = inside or week_options(analysis, entries, today)
    values = [o["value"] for o in options]
    return options, week if week in values else values[0], bool(inside)


def open_week(asked: str | None, weeks: list[str], today: date) -> tuple[str, str | None]:
    """The week a page opens on, and a message when the one asked for (``?week=``) cannot be shown:
    the current week by default, never a later one a watch with a wrong clock produced."""
    current = week_of(today)
    if not asked:
        return current, None
    try:
        week = parse_week(asked)
    except InvalidInputError as exc:
        return current, f"{exc}. Showing this week instead."
    if week not in weeks and week > current:
        return current, f"Week {week} is in the future. Showing this week instead."
    if week < weeks[0]:
        return weeks[0], f"Your records start in week {weeks[0]}: nothing was logged in {week}. Showing {weeks[0]} instead."
    return week, None


def step_week(weeks: list[str], week: str, step: int) -> str:
    """The week ``step`` weeks away in the picker's list, clamped to it."""
    i = weeks.index(week) if week in weeks else len(weeks) - 1
    return weeks[min(max(i + step, 0), len(weeks) - 1)]


def week_view(store: Store, analysis: Analysis, week: str, today: date, units: str = "km") -> WeekReport:
    """Everything the Week page shows for one week (the same report as ``runsense report``), in the runner's units."""
    return weekly_report(analysis, week, pain_entries=store.pain_entries(), alerts=store.alerts(), today=today, units=units, plan=store.cadence_plan())


def attention_view(store: Store, today: date) -> Attention:
    """Active red flags and open alerts, the same as on top of ``runsense report``."""
    return attention(store.pain_entries(), store.alerts(), today)


def alert_day(alert: Alert) -> str:
    """The date an alert belongs to in a period: the Monday of the week it is about (weekly flags,
    pain rules), else the day it was raised (a shoe passing a mark)."""
    week = alert.payload.get("week")
    return monday_of(week).isoformat() if week else alert.created_at[:10]


def runs_by_week(analysis: Analysis) -> dict[str, str]:
    """Hover text naming the runs behind each week's point (Plotly's HTML: names escaped)."""
    if analysis.runs.empty:
        return {}
    runs = analysis.runs
    names = runs["title"].where(runs["title"].fillna("").astype(bool), runs["source_name"]).fillna("").map(plain)  # joined by <br>: Plotly reads HTML
    km = (runs["distance_m"] / 1000).map(lambda d: "no distance" if pd.isna(d) else f"{d:.1f} km")  # pandas 3 keeps NaN through .astype(str)
    lines = runs["local_date"] + " " + km + " " + names
    return lines.groupby(runs["week"]).agg("<br>".join).to_dict()


def history_weeks(analysis: Analysis) -> list[str]:
    """Every ISO week from the first run to the last (none on an empty store)."""
    return [] if analysis.weeks.empty else list(analysis.weeks["week"])


def run_labels(analysis: Analysis) -> dict[str, str]:
    """Each run's name as a flag about it says it: ``2026-10-12 · Morning Run · 12.3 km``."""
    if analysis.runs.empty:
        return {}
    runs = analysis.runs
    names = runs["title"].where(runs["title"].fillna("").astype(bool), runs["source_name"]).fillna("")
    km = (runs["distance_m"] / 1000).map(lambda d: "" if pd.isna(d) else f" · {d:.1f} km")
    return dict(zip(runs["id"], runs["local_date"] + " · " + names + km, strict=True))


def morning_pain_by_week(store: Store) -> pd.Series:
    """Average morning pain per ISO week."""
    entries = entries_frame(store.pain_entries())
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


def activity_options(store: Store, units: str = "km", limit: int = 400, within: WeekPeriod = EVERYTHING) -> list[dict[str, str]]:
    """Activities to pick from (those of the period ``within``), newest first, with their distance in the runner's units."""
    rows = [r for r in store.activities()[::-1] if within.holds(r.local_date)][:limit]
    return [{"label": f"{r.local_date} {r.sport} {display.distance(r.distance_m or 0, units, 1)} · {r.title or r.source_name}", "value": r.id} for r in rows]


def shoe_use(store: Store, within: WeekPeriod) -> dict[str, tuple[float, int]]:
    """Per pair: the distance run in it and the number of activities, over the dates of ``within``."""
    use: dict[str, tuple[float, int]] = {}
    for row in store.activities():
        if row.shoe and within.holds(row.local_date):
            distance_m, runs = use.get(row.shoe, (0.0, 0))
            use[row.shoe] = (distance_m + (row.distance_m or 0.0), runs + 1)
    return use


def shoe_options(store: Store, *, include_retired: bool = False) -> list[dict[str, str]]:
    """Shoes to pick from."""
    return [{"label": s.name, "value": s.name} for s in store.shoes(include_retired=include_retired)]
