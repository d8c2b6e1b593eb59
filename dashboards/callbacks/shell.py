"""Routing: the URL's path picks the page; its query string is handed to the page's layout."""

from __future__ import annotations

from urllib.parse import parse_qsl

from dash import Dash, Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from dashboards import ids
from dashboards.pages import PAGES


def render_page(pathname: str | None, search: str | None) -> html.Div:
    """The layout for a path, or a not-found page. A page that writes its own state into the query
    (``KEEPS_QUERY``, as Trends keeps its period) is not drawn again for that."""
    query = dict(parse_qsl((search or "").lstrip("?")))
    entry = PAGES.get(pathname or "/")
    if entry is None:
        return html.Div([html.H2("Page not found"), html.A("Back to your week", href="/")])
    if ctx.triggered_prop_ids and set(ctx.triggered_prop_ids) == {f"{ids.URL}.search"} and getattr(entry[1], "KEEPS_QUERY", False):
        raise PreventUpdate
    return entry[1].layout(query)


def nav_classes(pathname: str | None) -> list[str]:
    """Highlight the current page in the navigation bar."""
    return ["nav-link active" if path == (pathname or "/") else "nav-link" for path in PAGES]


def register(app: Dash) -> None:
    app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), Input(ids.URL, "search"))(render_page)
    # a link to /glossary#acwr: scroll to the entry once the page is drawn (the browser looked for it before)
    app.clientside_callback(
        "function(page, hash) { if (hash) { const el = document.getElementById(decodeURIComponent(hash.slice(1)));"
        " if (el) { setTimeout(() => el.scrollIntoView(), 0); } } return window.dash_clientside.no_update; }",
        Output(ids.SCROLLED, "data"), Input(ids.PAGE, "children"), State(ids.URL, "hash"),
    )
    app.callback([Output(f"nav-{label.lower()}", "className") for label, _ in PAGES.values()], Input(ids.URL, "pathname"))(nav_classes)
