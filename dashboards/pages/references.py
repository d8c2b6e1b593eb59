"""References: the numbered studies and documents the flags cite (``[27]``), spec §12; flags link here (``/references#ref-27``)."""

from __future__ import annotations

from dash import dcc, html

from dashboards import ids
from runsense.references import REFERENCES


def layout(query: dict[str, str]) -> html.Div:
    return html.Div([
        html.H2("References"),
        html.P(["Each flag names the grade of its evidence (see the ", dcc.Link("Glossary", href="/glossary#evidence"), ") and the numbers of these sources."],
               className="hint"),
        html.Ol([html.Li(text, value=n, id=f"ref-{n}") for n, text in sorted(REFERENCES.items())], className="references", id=ids.REFERENCES),
    ])  # fmt: skip
