"""The ``runsense`` command line. Commands are thin: options → library call → rendering.

The commands are listed in :data:`runsense.cli._app.COMMANDS` and imported when one runs, so a
quick command (``--version``, ``pain log``, ``shoes list``) never waits for the analysis stack.
"""

from __future__ import annotations

from runsense._memory import keep_heap_headroom
from runsense.cli._app import app


def main() -> None:
    """Entry point of the ``runsense`` console script."""
    keep_heap_headroom()
    app()


__all__ = ["app", "main"]
