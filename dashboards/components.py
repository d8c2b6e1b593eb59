"""Small layout factories shared by the pages."""

from __future__ import annotations

import re
from typing import Any

from dash import dcc, html

from runsense.glossary import BY_KEY, EVIDENCE_KEYS
from runsense.guidance import DISCLAIMER, RED_FLAG_TIERS
from runsense.records import Alert

#: every chart: no toolbar, and it follows its box's width (a phone's 370 px, a desktop's 1100)
GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}

SEVERITY_CLASS = {"emergency": "sev-emergency", "see-professional": "sev-professional", "warning": "sev-warning", "notice": "sev-notice", "info": "sev-info"}


def kpi(label: Any, value: str, detail: str = "", kpi_id: str | None = None) -> html.Div:
    """A headline number with its label and a line of context."""
    props = {"id": kpi_id} if kpi_id else {}
    return html.Div([html.Div(label, className="kpi-label"), html.Div(value, className="kpi-value"), html.Div(detail, className="kpi-detail")], className="kpi", **props)


def empty_state(message: str, link_text: str = "Import your watch files", href: str = "/import") -> html.Div:
    """What to do when there is nothing to show yet, with a link to the page that does it."""
    return html.Div([html.P(message), dcc.Link(link_text, href=href, className="button primary")], className="empty-state")


def term(text: str, key: str) -> dcc.Link:
    """A word on screen linked to its glossary entry (its explanation shows on hover too)."""
    return dcc.Link(text, href=f"/glossary#{key}", className="term", title=BY_KEY[key].text)


def help_link(key: str) -> dcc.Link:
    """A small "?" after a label, linked to the glossary entry that explains it."""
    return dcc.Link("?", href=f"/glossary#{key}", className="help", title=f"What is {BY_KEY[key].name}? {BY_KEY[key].text}")


def evidence_links(evidence: str, reference: str) -> list[Any]:
    """``COH/LAB [12,13]`` with each grade linked to the glossary and each number to the References page."""
    grades: list[Any] = []
    for i, grade in enumerate(evidence.split("/")):
        grades += (["/"] if i else []) + [term(grade, EVIDENCE_KEYS[grade]) if grade in EVIDENCE_KEYS else grade]
    numbers = [dcc.Link(p, href=f"/references#ref-{p}", className="term") if p.isdigit() else p for p in re.split(r"(\d+)", reference) if p]
    return [*grades, " ", *numbers]


def flag_card(flag: dict[str, Any], run_label: str | None = None) -> html.Div:
    """One flag: what was seen, against which threshold, why it matters, how strong the evidence is;
    a flag about one run (``activity_id``) names it and links to it."""
    meta = [*evidence_links(flag["evidence"], flag["reference"]), " · rule of thumb" if flag.get("rule_of_thumb") else ""]
    run = [html.Div(["About ", dcc.Link(run_label or "this run", href=f"/activity?id={flag['activity_id']}", className="term")], className="flag-run")] \
        if flag.get("activity_id") else []  # fmt: skip
    return html.Div(
        [
            html.Div([html.Span(flag["severity"].upper(), className=f"badge {SEVERITY_CLASS.get(flag['severity'], '')}"), html.Span(flag["code"], className="flag-code")],
                     className="flag-head"),  # fmt: skip
            *run,
            html.P(flag["message"], className="flag-message"),
            html.Div(meta, className="flag-meta"),
        ],
        className=f"flag {SEVERITY_CLASS.get(flag['severity'], '')}",
        **{"data-code": flag["code"]},
    )


def red_flag_box(tiers: list[dict[str, Any]]) -> html.Div | None:
    """Red-flag guidance, shown above everything else when an entry reports one."""
    if not tiers:
        return None
    return html.Div(
        [html.Div([html.Strong(f"Red flag ({t['tier']}): {t['message']}"), html.Div("You reported: " + "; ".join(t["signs"]) + ".")], className="red-flag-tier")
         for t in tiers],  # fmt: skip
        className="red-flag-box",
        role="alert",
    )


def attention_box(red_flags: list[dict[str, Any]], alerts: list[Alert], held: str | None, units: str, box_id: str | None = None) -> html.Div:
    """Red flags, then open alerts most severe first (in ``units``), then why suggestions are held back: on top of the page."""
    parts: list[Any] = []
    if red_flags:
        parts.append(html.Div(
            [html.Div([html.Strong(f"Red flag ({r['tier']}, {r['local_date']}): {r['message']}"), html.Div("You reported: " + "; ".join(r["signs"]) + ".")],
                      className="red-flag-tier", **{"data-code": r["code"]}) for r in red_flags],
            className="red-flag-box", role="alert",
        ))  # fmt: skip
    if held:
        parts.append(html.P(held, className="held"))
    if alerts:
        parts.append(alert_list(alerts, units))
    props = {"id": box_id} if box_id else {}
    return html.Div(parts, className="attention", **props)


def alert_list(alerts: list[Alert], units: str, ack_button: str | None = None, class_name: str = "open-alerts") -> html.Ul:
    """Alerts, each with its severity and id, worded in ``units``; with ``ack_button`` (a
    pattern-matching type), an Acknowledge button on each open one."""
    def item(a: Alert) -> html.Li:
        badge = html.Span(a.severity.upper(), className=f"badge {SEVERITY_CLASS.get(a.severity, '')}")
        ack = [" ", html.Button("Acknowledge", id={"type": ack_button, "index": a.id}, className="button small", title=f"Acknowledge alert {a.id}")] \
            if ack_button and a.acknowledged_at is None else []  # fmt: skip
        return html.Li([badge, f" (alert {a.id}) ", a.text(units), *ack], **{"data-alert": str(a.id)})

    return html.Ul([item(a) for a in alerts], className=class_name)


def notice(message: Any, notice_id: str | None = None) -> html.Div:
    """A clear message about what was asked for (a bad ``?week=``), never a blank page."""
    props = {"id": notice_id} if notice_id else {}
    return html.Div(message, className="notice", role="status", **props)


def footer() -> html.Footer:
    """The disclaimer and the red-flag guidance, on every page."""
    tiers = [html.Li([html.Strong(f"{t.tier.title()}: "), t.message, " Signs: " + "; ".join(t.questions.values()) + "."]) for t in RED_FLAG_TIERS]
    return html.Footer([html.P(DISCLAIMER, className="disclaimer"), html.Details([html.Summary("Warning signs and what to do"), html.Ul(tiers)], open=True)],
                       className="footer", id="disclaimer")  # fmt: skip


def table(rows: list[dict[str, Any]], columns: list[str] | None = None, table_id: str | None = None) -> html.Div:
    """A plain HTML table (``dash_table`` is deprecated in Dash 4), in a box that scrolls on its own
    if it is still wider than a phone after its cells wrap: the page itself never scrolls sideways."""
    columns = columns or (list(rows[0]) if rows else [])
    props = {"id": table_id} if table_id else {}
    return html.Div(html.Table(
        [html.Thead(html.Tr([html.Th(c) for c in columns])), html.Tbody([html.Tr([html.Td(str(r.get(c, ""))) for c in columns]) for r in rows])],
        className="table",
        **props,
    ), className="table-wrap")


def megabytes(n_bytes: int) -> str:
    """``12.5`` below 10 MB, ``32`` above (as ``assets/upload.js`` writes them)."""
    return f"{n_bytes / 2**20:.{1 if n_bytes < 10 * 2**20 else 0}f}"
