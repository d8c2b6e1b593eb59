"""Alerts page callbacks: the period's alerts and earlier red flags, and acknowledging an alert
(the store call ``runsense alerts --ack`` makes; the alert stays in the history)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html
from dash.exceptions import PreventUpdate

from dashboards import data, ids, period, views
from dashboards.components import alert_list
from runsense.attention import RedFlag, red_flags_between
from runsense.errors import RunsenseError
from runsense.weeks import week_of


def acknowledge(clicks: list[int | None], refresh: int) -> tuple[str, int]:
    """Acknowledge the alert whose button was pressed; a message, and the list drawn again."""
    if not ctx.triggered or not ctx.triggered[0]["value"]:
        raise PreventUpdate  # the buttons were drawn, not pressed
    alert_id = ctx.triggered_id["index"]
    try:
        with data.store(write=True) as s:
            s.acknowledge_alert(alert_id)
    except RunsenseError as exc:
        return f"Not acknowledged: {exc}.", refresh
    return f"Alert {alert_id} acknowledged: it stays in the history below.", refresh + 1


def render_alerts(start: str | None, end: str | None, refresh: int = 0) -> list[Any]:
    """Open alerts of the period, most severe first; earlier red flags and acknowledged alerts of the period."""
    del refresh
    today = date.today()
    chosen, _ = period.checked(start, end)  # a bad period is said by the control: everything is shown
    units = data.settings().units
    with data.store() as s:
        care = views.attention_view(s, today)
        entries = s.pain_entries()
        acknowledged = [a for a in s.alerts(include_acknowledged=True) if a.acknowledged_at is not None]
    open_alerts = [a for a in care.alerts if chosen.holds(views.alert_day(a))]
    earlier = [r for r in red_flags_between(entries, chosen.first_day, min(chosen.last_day, today)) if r not in care.red_flags]
    seen = [a for a in acknowledged if chosen.holds(views.alert_day(a))]
    parts: list[Any] = [html.H3(f"Open alerts ({len(open_alerts)})")]
    if open_alerts:
        parts.append(alert_list(open_alerts, units, ids.ALERT_ACK))
    elif chosen.is_everything:
        parts.append(html.P("No open alerts. Alerts appear here when a shoe passes a mileage mark, a pain rule fires "
                            "or a week's flags need your attention.", className="empty-state"))  # fmt: skip
    else:
        parts.append(period.empty_note("open alerts", chosen))
    if earlier:
        parts += [html.H3("Earlier red flags"), html.Ul([_earlier(r) for r in earlier])]
    if seen:
        parts.append(html.Details([html.Summary(f"Acknowledged ({len(seen)})"), alert_list(seen, units, class_name="alert-history")], className="acknowledged"))
    parts.append(html.P("An alert fires once per crossing; acknowledged, it stays in the history (also `runsense alerts --ack ID`).", className="hint"))
    return parts


def _earlier(red: RedFlag) -> html.Li:
    """A red flag past its active days, with a link to its week."""
    week = week_of(date.fromisoformat(red.local_date))
    return html.Li([f"{red.local_date} · {red.tier}: {'; '.join(red.signs)} · ", dcc.Link(f"week {week}", href=f"/?week={week}")])


def register(app: Dash) -> None:
    app.callback(Output(ids.ALERTS_MESSAGE, "children"), Output(ids.ALERTS_REFRESH, "data"), Input({"type": ids.ALERT_ACK, "index": ALL}, "n_clicks"),
                 State(ids.ALERTS_REFRESH, "data"), prevent_initial_call=True)(acknowledge)  # fmt: skip
    app.callback(Output(ids.ALERTS_BODY, "children"), Input(ids.PERIOD_FROM, "value"), Input(ids.PERIOD_TO, "value"),
                 Input(ids.ALERTS_REFRESH, "data"))(render_alerts)  # fmt: skip
