"""ISO weeks as the runner names them (``2026-W38``): parsing what they type, and the calendar
around today that reports and the dashboard open on.

One place for the week rules: the CLI's ``report --week``, the dashboard's ``?week=`` and its
week picker all go through :func:`parse_week` and :func:`week_of`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from runsense.errors import InvalidInputError

_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)
#: the earliest day anything the runner writes down can be about: the FIT epoch, 1989-12-31, the
#: start of every watch's clock. A pain entry, strength session, marker, check-in or shoe purchase
#: dated before it is a typing slip (1900, 0026), and would stretch every chart over decades
EARLIEST_DAY = date(1989, 12, 31)


def check_day(day: date, today: date, what: str) -> date:
    """``day`` when it lies from :data:`EARLIEST_DAY` to ``today``; InvalidInputError naming
    ``what`` and the day otherwise. The one rule for the days of the pain log, the strength log,
    markers, check-ins and shoes (a marker is a change that happened, not a plan: a change to
    come goes in when it starts, so that charts and ``compare --at`` have both sides of it)."""
    if day < EARLIEST_DAY:
        raise InvalidInputError(f"the {what} {day} is before {EARLIEST_DAY}, the earliest date a watch records: check the year")
    if day > today:
        raise InvalidInputError(f"the {what} {day} is in the future (today is {today})")
    return day


def week_of(day: date) -> str:
    """The ISO week ``YYYY-Www`` a day falls in (Monday first; the year of its Thursday)."""
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def monday_of(week: str) -> date:
    """The Monday of a week already checked by :func:`parse_week`."""
    return date.fromisocalendar(int(week[:4]), int(week[6:8]), 1)


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week of 28 December is always the year's last."""
    return date(year, 12, 28).isocalendar()[1]


def parse_week(text: str) -> str:
    """``2026-W38`` (also ``2026-w38``, ``2026W38``) as ``2026-W38``; a clear error otherwise.

    Raises InvalidInputError naming the value and what is wrong with it, e.g. week 99.
    """
    match = _WEEK.fullmatch(str(text).strip())
    if match is None:
        raise InvalidInputError(f"{text!r} is not a week: write it as YYYY-Www, e.g. 2026-W38")
    year, number = int(match.group(1)), int(match.group(2))
    if not 1 <= year <= 9998:
        raise InvalidInputError(f"{text!r} is not a week: the year {year} is out of range")
    last = weeks_in_year(year)
    if not 1 <= number <= last:
        raise InvalidInputError(f"{text!r} is not a week: {year} has weeks W01 to W{last}")
    return f"{year}-W{number:02d}"


def week_span(first: str, last: str) -> list[str]:
    """Every week from ``first`` to ``last`` inclusive, oldest first (empty when ``last`` is earlier)."""
    start, end = monday_of(first), monday_of(last)
    return [week_of(start + timedelta(days=7 * i)) for i in range((end - start).days // 7 + 1)]


def week_ranges(weeks: list[str] | set[str]) -> str:
    """ISO weeks written briefly, runs of consecutive weeks as one range:
    ``2026-W01–2026-W04, 2026-W07`` (a flag that fired for months takes one line, not a page)."""
    ordered = sorted(set(weeks), key=monday_of)
    runs: list[list[str]] = []
    for week in ordered:
        if runs and monday_of(week) - monday_of(runs[-1][-1]) == timedelta(days=7):
            runs[-1].append(week)
        else:
            runs.append([week])
    return ", ".join(run[0] if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)
