"""Where runsense keeps its data, and the settings read at the entry points (CLI, dashboard).

Library code never reads the environment; the CLI and the dashboard call these once and pass
the values down.
"""

from __future__ import annotations

import os
from pathlib import Path

#: environment variable that chooses the database file
DB_ENV = "RUNSENSE_DB"


def default_db_path() -> Path:
    """``$RUNSENSE_DB`` if set, else ``runsense.sqlite`` in the user's data directory."""
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs  # here: `runsense --version` and `--help` never need it

    return Path(platformdirs.user_data_dir("runsense", appauthor=False)) / "runsense.sqlite"
