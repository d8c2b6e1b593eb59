"""The Dash application: a shell (navigation, page container, disclaimer) and per-app callbacks.

Everything is served from this machine: Dash's own scripts are served locally and the styles are
in ``assets/``; nothing is fetched from a CDN, and no request leaves the computer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from dash import Dash, dcc, html

from dashboards import ids
from dashboards.callbacks import register_all
from dashboards.components import footer
from dashboards.guard import HostPolicy, install_host_check, install_password
from dashboards.pages import PAGES
from runsense.settings import Settings

ASSETS = Path(__file__).resolve().parent / "assets"
log = logging.getLogger(__name__)


def shell() -> html.Div:
    """Navigation, the page, and the guidance every page carries."""
    nav = [dcc.Link(label, href=path, id=f"nav-{label.lower()}", className="nav-link") for path, (label, _) in PAGES.items()]
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.SCROLLED),
        html.Header([html.Span("runsense", className="brand"), html.Nav(nav, id=ids.NAV)], className="header"),
        html.Main([html.Div(id=ids.RED_FLAG_BANNER), html.Div(id=ids.PAGE)], className="main"),
        footer(),
    ])  # fmt: skip


def create_app(db_path: str | Path, settings: Settings | None = None, *, password_hash: str | None = None, username: str = "runner",
               host: str = "127.0.0.1", allowed_hosts: Iterable[str] = ()) -> Dash:  # fmt: skip
    """Build the app for one store. ``settings`` default to the runner's settings file.

    It answers only to this computer's names, the address ``host`` it is bound to and
    ``allowed_hosts`` (see :mod:`dashboards.guard`). With ``password_hash`` (from
    :func:`werkzeug.security.generate_password_hash`), every request needs HTTP basic
    authentication, and wrong passwords lock the client out for longer and longer; the password
    itself is never kept.
    """
    from runsense.settings import load_settings

    settings = settings or load_settings()
    app = Dash(__name__, title="runsense", assets_folder=str(ASSETS), serve_locally=True, suppress_callback_exceptions=True, update_title=None)
    app.server.config["RUNSENSE_DB"] = str(db_path)
    app.server.config["RUNSENSE_SETTINGS"] = settings
    app.server.config["MAX_CONTENT_LENGTH"] = upload_request_limit(settings.limits.max_upload_bytes)
    install_host_check(app.server, HostPolicy.build(host, allowed_hosts))
    if password_hash:
        install_password(app.server, username, password_hash)
    app.layout = shell
    register_all(app)
    if Path(db_path).exists():
        threading.Thread(target=_warm, args=(app,), name="runsense-warm-cache", daemon=True).start()
    return app


def upload_request_limit(max_upload_bytes: int) -> int:
    """The largest request body: an upload travels base64-encoded (4/3 of its size) inside JSON."""
    return max_upload_bytes * 4 // 3 + 1024 * 1024


def _warm(app: Dash) -> None:
    """Compute the weekly analysis and the current week's page in the background, so the first page
    view does not wait for them (nor for plotly's first figure, which imports half of plotly)."""
    from dashboards import data
    from dashboards.callbacks.week import render_week
    from runsense.weeks import week_of

    try:
        with app.server.app_context(), data.store() as s:
            data.analysis(s)
            render_week(week_of(date.today()))
    except Exception:
        log.warning("could not precompute the weekly analysis", exc_info=True)
