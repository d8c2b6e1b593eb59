"""Glossary: every term the pages and flags use, explained; terms on other pages link here (``/glossary#acwr``)."""

from __future__ import annotations

from dash import dcc, html

from dashboards import ids
from runsense.glossary import TERMS


def layout(query: dict[str, str]) -> html.Div:
    entries = []
    for t in TERMS:
        entries += [html.Dt(t.name, id=t.key), html.Dd(t.text)]
    return html.Div([
        html.H2("Glossary"),
        html.P(["The words runsense uses, in plain language. The studies the flags cite are listed on the ", dcc.Link("References", href="/references"), " page."],
               className="hint"),
        html.Dl(entries, className="glossary", id=ids.GLOSSARY),
    ])  # fmt: skip
