"""The runsense dashboard (Plotly Dash): a weekly view of form, load, shoes and pain.

Depends on runsense; runsense never imports it. Start it with ``runsense dashboard``.
"""

from __future__ import annotations

from dashboards.app import create_app

__all__ = ["create_app"]
