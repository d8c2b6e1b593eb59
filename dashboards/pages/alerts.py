"""Alerts: what needs attention, most urgent first. Active red flags, then open alerts (shoe
mileage, pain rules, weekly flags), then earlier red flags with a link to their week."""

from __future__ import annotations

from datetime import date

from dash import dcc, html

from dashboards import data, ids, views
from dashboards.components import attention_box
from runsense.attention import RedFlag, red_flags_between
from runsense.weeks import week_of


def layout(query: dict[str, str]) -> html.Div:
    today = date.today()
    with data.store() as s:
        care = views.attention_view(s, today)
        every_red_flag = red_flags_between(s.pain_entries(), date.min, today)
    earlier = [r for r in every_red_flag if r not in care.red_flags]
    parts = [html.H2("Alerts")]
    if care.red_flags or care.alerts or care.suggestions_held:
        parts.append(attention_box([r.to_dict() for r in care.red_flags], care.alerts, care.suggestions_held))
    else:
        parts.append(html.P("No red flags and no open alerts. Alerts appear here when a shoe passes a mileage mark, a pain rule fires "
                            "or a week's flags need your attention.", className="empty-state"))  # fmt: skip
    if earlier:
        parts += [html.H3("Earlier red flags"), html.Ul([_earlier(r) for r in earlier])]
    parts.append(html.P("Acknowledge an alert with `runsense alerts --ack ID`; it stays in the history.", className="hint"))
    return html.Div(parts, id=ids.ALERTS_LIST)


def _earlier(red: RedFlag) -> html.Li:
    """A red flag past its active days, with a link to its week."""
    week = week_of(date.fromisoformat(red.local_date))
    return html.Li([f"{red.local_date} · {red.tier}: {'; '.join(red.signs)} · ", dcc.Link(f"week {week}", href=f"/?week={week}")])
