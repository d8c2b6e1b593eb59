"""``runsense alerts``: shoe mileage, pain rules and weekly flags that need the runner's attention."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import typer

from runsense.cli._app import err, friendly_errors, out, print_json, state
from runsense.cli._text import safe
from runsense.records import Alert

_STYLE = {"emergency": "bold white on red", "see-professional": "bold red", "warning": "red", "notice": "yellow", "info": "cyan"}


def print_alerts(alerts: Sequence[Alert], heading: str, units: str) -> None:
    """Human form of a list of alerts, most severe first, in the runner's ``units``."""
    if not alerts:
        return
    out.print(f"[bold]{heading}[/bold]")
    for alert in alerts:
        out.print(f"  [{_STYLE.get(alert.severity, '')}]{safe(alert.severity.upper())}[/] (alert {alert.id}) {safe(alert.text(units))}", highlight=False)


def _most_severe_first(alert: Alert) -> int:
    """Red flags (emergency, see-professional) before notices; newest first within a severity (the sort is stable)."""
    from runsense.signal.flags import SEVERITIES  # here: `import` and `report` print through this module

    return -SEVERITIES.index(alert.severity) if alert.severity in SEVERITIES else 0


@friendly_errors
def alerts_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    ack: Annotated[list[int] | None, typer.Option("--ack", help="Acknowledge alert ID (repeatable); it stays in the history.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Include acknowledged alerts.")] = False,
) -> None:
    """Show alerts that have not been acknowledged. Each fires once per crossing (a shoe passing 300 mi alerts once)."""
    from runsense.alerts import notify_new, refresh_alerts

    options = state(ctx)
    with options.store() as store:
        for alert_id in ack or []:
            store.acknowledge_alert(alert_id)
        new = refresh_alerts(store, options.settings)
        problem = notify_new(store, options.settings, new)
        alerts = sorted(store.alerts(include_acknowledged=show_all), key=_most_severe_first)
    if problem:
        err.print(f"[yellow]warning:[/yellow] notifications not sent: {safe(problem)}", highlight=False)
    if as_json:
        print_json([a.to_dict(options.settings.units) for a in alerts])
        return
    if ack:
        out.print(f"Acknowledged {', '.join(map(str, ack))}.")
    if not alerts:
        out.print("No alerts.")
        return
    print_alerts(alerts, "Alerts", options.settings.units)
    out.print("Acknowledge with [bold]runsense alerts --ack ID[/bold].")
