"""The period every analysis page can be narrowed to: ISO weeks ``?from=2026-W30&to=2026-W40``.

One control (quick choices, a from and a to week) on Trends, Week, Shoes, Pain, Activity and
Alerts, one reading of the URL, one message for a period that cannot be: the same rules on every
page. A period travels in the URL, so a link, a reload, the navigation bar and the browser's Back
button all show the same weeks. Plain functions and a layout factory: the callbacks that keep the
control and the URL in step are in :mod:`dashboards.callbacks.period`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlencode

from dash import dcc, html

from dashboards import ids
from runsense.errors import InvalidInputError
from runsense.weeks import monday_of, parse_week

#: the quick choices: the last N weeks the page offers (0: all of them)
QUICK_WEEKS = (4, 12, 26, 52, 0)
#: the query keys a period is written under, kept from page to page by the navigation bar
KEYS = ("from", "to")


@dataclass(frozen=True, slots=True)
class WeekPeriod:
    """Weeks ``start`` to ``end`` (ISO ``YYYY-Www``, both included); either may be open (None)."""

    start: str | None = None
    end: str | None = None

    @property
    def first_day(self) -> date:
        """Monday of the first week (the earliest date there is when open)."""
        return monday_of(self.start) if self.start else date.min

    @property
    def last_day(self) -> date:
        """Sunday of the last week (the latest date there is when open)."""
        return monday_of(self.end) + timedelta(days=6) if self.end else date.max

    @property
    def is_everything(self) -> bool:
        """No bound: the page shows the whole history."""
        return self.start is None and self.end is None

    def holds(self, local_date: str) -> bool:
        """Whether a ``YYYY-MM-DD`` date (or a timestamp starting with one) falls in the period."""
        return self.first_day.isoformat() <= local_date[:10] <= self.last_day.isoformat()

    def __str__(self) -> str:
        return f"{self.start or 'the start'} to {self.end or 'the latest week'}"


#: no bounds: the whole history
EVERYTHING = WeekPeriod()


def checked(start: str | None, end: str | None) -> tuple[WeekPeriod, str | None]:
    """The period chosen, and why it cannot be shown (a week that is not one, an end before the
    start); on a problem the period is the whole history, and the message says so."""
    try:
        period = WeekPeriod(*(parse_week(w) if w else None for w in (start, end)))
    except InvalidInputError as exc:
        return EVERYTHING, f"{exc}. Showing your whole history instead."
    if period.start and period.end and period.end < period.start:
        return EVERYTHING, f"The period ends ({period.end}) before it starts ({period.start}): pick a 'to' week after the 'from' week."
    return period, None


def from_query(weeks: list[str], query: dict[str, str], default_weeks: int | None = None) -> tuple[str | None, str | None, int | None, str | None]:
    """The period in the URL: ``?from=…&to=…`` (ISO weeks, either may be missing), else the last
    ``?weeks=N`` of ``weeks``, else the last ``default_weeks`` (None: everything). Returns (first
    week, last week, the quick choice it is or None, why the URL's period was not taken); a week
    that is not one falls back to the default."""
    default = default_weeks or 0
    if not weeks:
        return None, None, default, None
    if any(k in query for k in KEYS):
        try:
            return parse_week(query.get("from") or weeks[0]), parse_week(query.get("to") or weeks[-1]), None, None
        except InvalidInputError as exc:
            instead = f"the last {default} weeks" if default else "your whole history"
            return *_default(weeks, default), default, f"Showing {instead} instead: {exc}"
    try:
        n = max(0, int(query.get("weeks", default)))
    except ValueError:
        n = default
    return *_default(weeks, n), n, None


def _default(weeks: list[str], n: int) -> tuple[str | None, str | None]:
    """The last ``n`` weeks; no bounds at all for 0 (the page shows everything, pickers empty)."""
    return quick(weeks, n) if n else (None, None)


def quick(weeks: list[str], n_weeks: int) -> tuple[str | None, str | None]:
    """The last ``n_weeks`` of ``weeks`` (0: all of them)."""
    if not weeks:
        return None, None
    return weeks[-min(n_weeks, len(weeks)) if n_weeks else 0], weeks[-1]


def query_with(search: str | None, start: str | None, end: str | None) -> str:
    """``search`` with the period written into it (or taken out, when there is none); other keys kept."""
    query = {k: v for k, v in parse_qsl((search or "").lstrip("?")) if k not in KEYS}
    query |= {k: v for k, v in zip(KEYS, (start, end), strict=True) if v}
    return "?" + urlencode(query) if query else ""


def in_url(search: str | None) -> tuple[str | None, str | None]:
    """The (from, to) written in a URL's query string."""
    query = dict(parse_qsl((search or "").lstrip("?")))
    return query.get("from") or None, query.get("to") or None


def asked_in_url(search: str | None, key: str) -> str | None:
    """What a URL's query string names under ``key`` (a page's own ``?week=`` or ``?id=``): after
    the browser's Back or Forward, the page shows that again, as it did when it opened there."""
    return dict(parse_qsl((search or "").lstrip("?"))).get(key) or None


def control(weeks: list[str], query: dict[str, str], default_weeks: int | None = None) -> html.Div:
    """The period picker of the URL's ``query``: quick choices, then any from and to week; ``weeks``
    are those the page offers (a week asked for outside them stays chosen: the page then says it
    holds nothing), ``default_weeks`` what it shows without a period (None: everything)."""
    start, end, chosen, problem = from_query(weeks, query, default_weeks)
    options = [{"label": w, "value": w} for w in sorted(set(weeks) | {w for w in (start, end) if w}, reverse=True)]
    quick_options = [{"label": f" {n} weeks" if n else " all", "value": n} for n in QUICK_WEEKS]
    return html.Div([
        dcc.Location(id=ids.PERIOD_URL, refresh=False),
        dcc.Store(id=ids.PERIOD_WEEKS, data={"weeks": weeks, "default_weeks": default_weeks}),
        dcc.Store(id=ids.PERIOD_BY_HISTORY, data=False),
        html.Div([html.Span("Show the last "), dcc.RadioItems(options=quick_options, value=chosen, id=ids.PERIOD_WINDOW, inline=True)], className="toolbar"),
        html.Div([
            html.Label(["from ", dcc.Dropdown(options=options, value=start, id=ids.PERIOD_FROM, placeholder="the start", className="week-select")]),
            html.Label(["to ", dcc.Dropdown(options=options, value=end, id=ids.PERIOD_TO, placeholder="the latest week", className="week-select")]),
        ], className="toolbar period-picker"),
        html.Div(message(start, end, problem), id=ids.PERIOD_MESSAGE),
    ], className="period")  # fmt: skip


def message(start: str | None, end: str | None, problem: str | None = None) -> html.Div | None:
    """What the period's message box shows: why the weeks chosen cannot be shown (nothing when they can)."""
    problem = problem or checked(start, end)[1]
    return html.Div(problem, className="notice", role="status", id=ids.PERIOD_MESSAGE + "-text") if problem else None


def empty_note(what: str, period: WeekPeriod) -> html.P:
    """A page's "nothing here in this period", naming the period (the whole history is one click away)."""
    return html.P(f"No {what} from {period}. Choose 'all' above to see your whole history.", className="notice", id=ids.PERIOD_EMPTY)
