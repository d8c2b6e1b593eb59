"""The ``runsense`` command line. Commands are thin: options → library call → rendering."""

from __future__ import annotations

from runsense._memory import keep_heap_headroom
from runsense.cli._app import app
from runsense.cli.activities import activities_command, activity_command
from runsense.cli.alerts import alerts_command
from runsense.cli.baseline import baseline_app
from runsense.cli.compare import compare_command
from runsense.cli.dashboard import dashboard_command
from runsense.cli.data import backup_command, export_command, restore_command
from runsense.cli.demo import demo_command
from runsense.cli.imports import import_command
from runsense.cli.journal import checkin_command, marker_app, strength_app
from runsense.cli.pain import pain_app
from runsense.cli.plan import plan_app
from runsense.cli.report import report_command
from runsense.cli.shoes import shoes_app

app.command("import")(import_command)
app.command("activities")(activities_command)
app.command("activity")(activity_command)
app.command("report")(report_command)
app.command("alerts")(alerts_command)
app.command("compare")(compare_command)
app.command("checkin")(checkin_command)
app.command("dashboard")(dashboard_command)
app.command("demo")(demo_command)
app.command("backup")(backup_command)
app.command("restore")(restore_command)
app.command("export")(export_command)
app.add_typer(shoes_app, name="shoes")
app.add_typer(pain_app, name="pain")
app.add_typer(plan_app, name="plan")
app.add_typer(strength_app, name="strength")
app.add_typer(marker_app, name="marker")
app.add_typer(baseline_app, name="baseline")


def main() -> None:
    """Entry point of the ``runsense`` console script."""
    keep_heap_headroom()
    app()


__all__ = ["app", "main"]
