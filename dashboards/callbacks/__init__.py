"""Callbacks: thin (validate → view function → props), registered per app."""

from __future__ import annotations

from dash import Dash

from dashboards.callbacks import activity, alerts, compare, import_page, journal, pain, period, shell, shoes, trends, week


def register_all(app: Dash) -> None:
    """Attach every page's callbacks to ``app`` (Dash's global registry serves only one app)."""
    for module in (shell, period, week, trends, shoes, pain, journal, compare, activity, import_page, alerts):
        module.register(app)
