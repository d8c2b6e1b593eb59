"""Routing: the URL's path picks the page; its query string is handed to the page's layout."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl

from dash import Dash, Input, Output, State, ctx, html
from dash.exceptions import PreventUpdate

from dashboards import data, ids, views
from dashboards.components import attention_box
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


#: the pages that open on the red flags themselves, in full (with the alerts and what is held back)
SHOW_THEIR_OWN_RED_FLAGS = ("/", "/alerts")


def red_flag_banner(pathname: str | None) -> html.Div | None:
    """Active red flags, first on every page (a runner who opens Trends or Pain while one is active
    sees its advice before any chart); Week and Alerts show them themselves."""
    if (pathname or "/") in SHOW_THEIR_OWN_RED_FLAGS or (pathname or "/") not in PAGES:
        return None
    with data.store() as s:
        red = views.attention_view(s, date.today()).red_flags
    if not red:
        return None
    return attention_box([r.to_dict() for r in red], [], None, data.settings().units)


def nav_classes(pathname: str | None) -> list[str]:
    """Highlight the current page in the navigation bar."""
    return ["nav-link active" if path == (pathname or "/") else "nav-link" for path in PAGES]


def register(app: Dash) -> None:
    app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), Input(ids.URL, "search"))(render_page)
    app.callback(Output(ids.RED_FLAG_BANNER, "children"), Input(ids.URL, "pathname"))(red_flag_banner)
    # a link to /glossary#acwr: scroll to the entry once the page is drawn (the browser looked for it before)
    app.clientside_callback(
        "function(page, hash) { if (hash) { const el = document.getElementById(decodeURIComponent(hash.slice(1)));"
        " if (el) { setTimeout(() => el.scrollIntoView(), 0); } } return window.dash_clientside.no_update; }",
        Output(ids.SCROLLED, "data"), Input(ids.PAGE, "children"), State(ids.URL, "hash"),
    )
    app.callback([Output(f"nav-{label.lower()}", "className") for label, _ in PAGES.values()], Input(ids.URL, "pathname"))(nav_classes)
