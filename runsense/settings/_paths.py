"""Where runsense keeps its settings file and its database (the part of the settings every command
needs, kept free of imports: ``runsense --version`` loads this module)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

#: what every runsense environment variable starts with
ENV_PREFIX = "RUNSENSE_"
#: environment variable naming the settings file
SETTINGS_ENV = "RUNSENSE_SETTINGS"
#: environment variable that chooses the database file
DB_ENV = "RUNSENSE_DB"


def default_settings_path(env: Mapping[str, str] | None = None) -> Path:
    """``$RUNSENSE_SETTINGS``, else ``settings.toml`` in the user config folder."""
    name = (os.environ if env is None else env).get(SETTINGS_ENV, "").strip()
    if name:
        return Path(name).expanduser()
    import platformdirs  # here: `runsense --version` and `--help` never need it

    return Path(platformdirs.user_config_dir("runsense", appauthor=False)) / "settings.toml"


def db_path(flag: Path | None = None, env: Mapping[str, str] | None = None) -> tuple[Path, str]:
    """The database file and where that came from: ``--db``, else ``$RUNSENSE_DB``, else
    ``runsense.sqlite`` in the user's data folder. (Not a settings-file key: every command needs
    it, and most never read the settings file.)"""
    if flag is not None:
        return flag, "flag --db"
    name = (os.environ if env is None else env).get(DB_ENV, "").strip()
    if name:
        return Path(name).expanduser(), f"environment {DB_ENV}"
    import platformdirs

    return Path(platformdirs.user_data_dir("runsense", appauthor=False)) / "runsense.sqlite", "default"


def default_db_path() -> Path:
    """``$RUNSENSE_DB`` if set, else ``runsense.sqlite`` in the user's data directory."""
    return db_path()[0]
