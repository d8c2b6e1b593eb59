"""The Dash application: a shell (navigation, page container, disclaimer) and per-app callbacks.

Everything is served from this machine: Dash's own scripts are served locally and the styles are
in ``assets/``; nothing is fetched from a CDN, and no request leaves the computer.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from dash import Dash, dcc, html

from dashboards import ids
from dashboards.callbacks import register_all
from dashboards.components import footer
from dashboards.pages import PAGES
from runsense.settings import Settings

ASSETS = Path(__file__).resolve().parent / "assets"
log = logging.getLogger(__name__)


def shell() -> html.Div:
    """Navigation, the page, and the guidance every page carries."""
    nav = [dcc.Link(label, href=path, id=f"nav-{label.lower()}", className="nav-link") for path, (label, _) in PAGES.items()]
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        html.Header([html.Span("runsense", className="brand"), html.Nav(nav, id=ids.NAV)], className="header"),
        html.Main(html.Div(id=ids.PAGE), className="main"),
        footer(),
    ])  # fmt: skip


def create_app(db_path: str | Path, settings: Settings | None = None, *, password_hash: str | None = None, username: str = "runner") -> Dash:
    """Build the app for one store. ``settings`` default to the runner's settings file.

    With ``password_hash`` (from :func:`werkzeug.security.generate_password_hash`), every request
    needs HTTP basic authentication (Flask-HTTPAuth); the password itself is never kept.
    """
    from runsense.settings import load_settings

    app = Dash(__name__, title="runsense", assets_folder=str(ASSETS), serve_locally=True, suppress_callback_exceptions=True, update_title=None)
    app.server.config["RUNSENSE_DB"] = str(db_path)
    app.server.config["RUNSENSE_SETTINGS"] = settings or load_settings()
    if password_hash:
        _require_password(app, username, password_hash)
    app.layout = shell
    register_all(app)
    if Path(db_path).exists():
        threading.Thread(target=_warm, args=(app,), name="runsense-warm-cache", daemon=True).start()
    return app


def _warm(app: Dash) -> None:
    """Compute the weekly analysis and the latest week's page in the background, so the first page
    view does not wait for them (nor for plotly's first figure, which imports half of plotly)."""
    from dashboards import data, views
    from dashboards.callbacks.week import render_week

    try:
        with app.server.app_context(), data.store() as s:
            latest = views.latest_week(data.analysis(s))
            if latest is not None:
                render_week(latest)
    except Exception:
        log.warning("could not precompute the weekly analysis", exc_info=True)


def _require_password(app: Dash, username: str, password_hash: str) -> None:
    from flask_httpauth import HTTPBasicAuth
    from werkzeug.security import check_password_hash

    auth = HTTPBasicAuth(realm="runsense")

    @auth.verify_password
    def verify(user: str, password: str) -> str | None:
        return user if user == username and check_password_hash(password_hash, password) else None

    @app.server.before_request
    @auth.login_required
    def _login() -> None:
        return None
