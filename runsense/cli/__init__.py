"""The ``runsense`` command line. Commands are thin: options → library call → rendering.

The commands are listed in :data:`runsense.cli._app.COMMANDS` and imported when one runs, so a
quick command (``--version``, ``pain log``, ``shoes list``) never waits for the analysis stack.
"""

from __future__ import annotations

import sys

from runsense.cli._app import app
from runsense.memory import keep_heap_headroom

#: commands that import or analyse, allocating and freeing large arrays: they keep heap headroom
#: (see :mod:`runsense.memory`); quick commands (``pain log``, ``shoes list``) skip the setting
_HEAVY_COMMANDS = frozenset({"import", "report", "dashboard", "demo", "compare", "alerts", "export", "plan", "baseline", "rederive"})


def main() -> None:
    """Entry point of the ``runsense`` console script."""
    if _HEAVY_COMMANDS.intersection(sys.argv[1:]):
        keep_heap_headroom()
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show "—" or a runner's emoji shows "?" instead of failing
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    app()


__all__ = ["app", "main"]
