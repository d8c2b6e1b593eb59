"""The ``runsense`` command line. Commands are thin: options → library call → rendering."""

from __future__ import annotations

from runsense.cli._app import app
from runsense.cli.activities import activities_command, activity_command
from runsense.cli.imports import import_command
from runsense.cli.report import report_command

app.command("import")(import_command)
app.command("activities")(activities_command)
app.command("activity")(activity_command)
app.command("report")(report_command)


def main() -> None:
    """Entry point of the ``runsense`` console script."""
    app()


__all__ = ["app", "main"]
