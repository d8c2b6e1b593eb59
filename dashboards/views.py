"""Plain functions from the store to what pages show: no Dash callbacks, no ``ctx``; unit-tested directly."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboards.figures import plain
from runsense import display
from runsense.analysis import Analysis, weekly_report
from runsense.attention import Attention, attention
from runsense.errors import InvalidInputError
from runsense.pain_analysis import entries_frame
from runsense.records import PainEntry
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


def week_options(analysis: Analysis, entries: list[PainEntry], today: date) -> list[dict[str, str]]:
    """Weeks to pick from, newest first, labelled with their dates and distance; a week with a
    red flag says so, so that it can be found in the list."""
    distance = dict(zip(analysis.week_ids, analysis.weeks["distance_m"].tolist(), strict=True)) if analysis.week_ids else {}
    red = {week_of(date.fromisoformat(e.local_date)) for e in entries if e.red_flags}
    out = []
    for week in reversed(week_list(analysis, entries, today)):
        label = f"{week} ({monday_of(week):%d %b %Y}) · {distance.get(week, 0) / 1000:.0f} km"
        label += " · this week" if week == week_of(today) else ""
        label += " · red flag" if week in red else ""
        out.append({"label": label, "value": week})
    return out


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


def trend_period(weeks: list[str], query: dict[str, str], default_weeks: int = 12) -> tuple[str | None, str | None, int | None, str | None]:
    """The Trends period from the URL: ``?from=…&to=…`` (ISO weeks, either may be missing), else the
    last ``?weeks=N`` of the history. Returns (first week, last week, N or None for a chosen period,
    why the URL's period was not taken); a week that is not one falls back to the last N weeks."""
    if not weeks:
        return None, None, default_weeks, None
    if "from" in query or "to" in query:
        try:
            return parse_week(query.get("from") or weeks[0]), parse_week(query.get("to") or weeks[-1]), None, None
        except InvalidInputError as exc:
            problem = f"Showing the last {default_weeks} weeks instead: {exc}"
            return weeks[-min(default_weeks, len(weeks))], weeks[-1], default_weeks, problem
    try:
        n = max(1, int(query.get("weeks", default_weeks)))
    except ValueError:
        n = default_weeks
    return weeks[-min(n, len(weeks))], weeks[-1], n, None


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


def activity_options(store: Store, units: str = "km", limit: int = 400) -> list[dict[str, str]]:
    """Activities to pick from, newest first, with their distance in the runner's units."""
    rows = store.activities()[::-1][:limit]
    return [{"label": f"{r.local_date} {r.sport} {display.distance(r.distance_m or 0, units, 1)} · {r.title or r.source_name}", "value": r.id} for r in rows]


def shoe_options(store: Store, *, include_retired: bool = False) -> list[dict[str, str]]:
    """Shoes to pick from."""
    return [{"label": s.name, "value": s.name} for s in store.shoes(include_retired=include_retired)]
