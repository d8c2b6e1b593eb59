"""The period control's callbacks, for every page that shows it (:mod:`dashboards.period`).

The control and the URL follow each other in one callback (Dash allows a loop only inside one
callback): a quick choice sets the weeks, chosen weeks go into the URL, and a URL changed by the
browser (Back, Forward) sets the weeks again, so the page redraws the period it shows in its
address bar. The control holds a ``dcc.Location`` of its own for that: a callback whose inputs
are the shell's location and the control would fail on every page without the control. The
navigation links carry the period to the next page.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from dash import Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from dashboards import ids, period
from dashboards.pages import PAGES


def sync(window: int | None, start: str | None, end: str | None, search: str | None, offered: dict | None) -> tuple:
    """Returns (URL query, from, to, quick choice) for whichever of them changed, and whether the
    period came from the browser's history (a page then shows what the address names, such as the
    Week page's ``?week=``, rather than what the runner was looking at)."""
    if not ctx.triggered_id or not offered:
        raise PreventUpdate
    weeks, default = offered["weeks"], offered.get("default_weeks")
    if ctx.triggered_id == ids.PERIOD_URL:  # the browser moved through its history: show the period of the address
        url_start, url_end, chosen, _ = period.from_query(weeks, dict(parse_qsl((search or "").lstrip("?"))), default)
        if (url_start, url_end) == (start, end):
            raise PreventUpdate
        return no_update, url_start, url_end, chosen, True
    if ctx.triggered_id == ids.PERIOD_WINDOW:
        if window is None:
            raise PreventUpdate
        start, end = period.quick(weeks, window)
        picked = start, end, no_update
    else:
        picked = no_update, no_update, None  # a week picked by hand: no quick choice is it any more
    query = period.query_with(search, start, end)
    return (no_update if query == (search or "") else query), *picked, False


def nav_links(search: str | None) -> list[str]:
    """Every navigation link, carrying the period in the URL (if any) to the page it opens."""
    start, end = period.in_url(search)
    return [path + period.query_with("", start, end) for path in PAGES]


def register(app: Dash) -> None:
    app.callback(Output(ids.PERIOD_URL, "search"), Output(ids.PERIOD_FROM, "value"), Output(ids.PERIOD_TO, "value"), Output(ids.PERIOD_WINDOW, "value"),
                 Output(ids.PERIOD_BY_HISTORY, "data"),
                 Input(ids.PERIOD_WINDOW, "value"), Input(ids.PERIOD_FROM, "value"), Input(ids.PERIOD_TO, "value"), Input(ids.PERIOD_URL, "search"),
                 State(ids.PERIOD_WEEKS, "data"), prevent_initial_call=True)(sync)  # fmt: skip
    app.callback(Output(ids.PERIOD_MESSAGE, "children"), Input(ids.PERIOD_FROM, "value"), Input(ids.PERIOD_TO, "value"), prevent_initial_call=True)(period.message)
    # the shell's location does not hear of a query the control's location wrote: both feed the links
    links = [Output(f"nav-{label.lower()}", "href") for label, _ in PAGES.values()]
    app.callback(links, Input(ids.URL, "search"))(nav_links)
    app.callback([Output(o.component_id, o.component_property, allow_duplicate=True) for o in links], Input(ids.PERIOD_URL, "search"),
                 prevent_initial_call=True)(nav_links)  # fmt: skip
