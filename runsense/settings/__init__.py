"""The runner's settings, on one path: defaults < settings file < environment < ``--set`` flags.

Read once at the entry points (CLI, dashboard) and passed down: library code never reads the
environment. Example (``~/.config/runsense/settings.toml`` on Linux, or ``$RUNSENSE_SETTINGS``)::

    units = "mi"                     # km or mi, for display
    timezone = "Europe/London"       # used when a file does not say its local time
    [shoes]
    thresholds = ["300mi", "400mi", "500mi"]   # notice, warning, replace
    [notify]
    urls = ["ntfy://my-topic", "mailto://user:pass@example.com"]
    [limits]                         # safety limits for imports
    max_file_mb = 64                 # largest activity file, after decompression
    max_zip_members = 200000
    max_zip_total_mb = 16384         # most one zip may expand to
    max_ratio = 200                  # highest compression ratio for a member over 1 MiB
    max_depth = 3                    # archives nested in archives
    max_upload_mb = 32               # most one dashboard upload may send (bigger: `runsense import`)
    [signal.cadence]                 # the analysis thresholds of spec §11, one table per section
    trend_drop_spm = 4               # validity, cadence, form_trend, gct_balance, load, fatigue;
    band_spm = [170, 180]            # top-level ones (segment_s, ...) under [signal]

Every key also has an environment variable, ``RUNSENSE_`` + the key in capitals with dots as
underscores (``RUNSENSE_UNITS``, ``RUNSENSE_LIMITS_MAX_FILE_MB``,
``RUNSENSE_SIGNAL_CADENCE_TREND_DROP_SPM``; ``RUNSENSE_NOTIFY_URLS`` comma-separated), and the CLI
takes ``--set KEY=VALUE``. The database file is ``--db`` < ``$RUNSENSE_DB`` < the user data folder.
A bad value raises :class:`~runsense.errors.ConfigError` naming the file, section and key.

The names below load on first use: ``runsense --version`` reads only :mod:`runsense.settings._paths`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runsense._lazy import lazy_exports

if TYPE_CHECKING:
    from runsense.settings._keys import env_name, keys, parse_thresholds, shown
    from runsense.settings._load import DEFAULT, load_settings
    from runsense.settings._model import DEFAULT_SHOE_THRESHOLDS_M, MAX_SHOE_DISTANCE_M, Limits, Settings
    from runsense.settings._paths import DB_ENV, SETTINGS_ENV, db_path, default_db_path, default_settings_path

#: public name → the module that defines it
_EXPORTS = {
    "env_name": "._keys", "keys": "._keys", "parse_thresholds": "._keys", "shown": "._keys",
    "DEFAULT": "._load", "load_settings": "._load",
    "DEFAULT_SHOE_THRESHOLDS_M": "._model", "MAX_SHOE_DISTANCE_M": "._model", "Limits": "._model", "Settings": "._model",
    "DB_ENV": "._paths", "SETTINGS_ENV": "._paths", "db_path": "._paths", "default_db_path": "._paths", "default_settings_path": "._paths",
}  # fmt: skip
__all__ = [
    "DB_ENV",
    "DEFAULT",
    "DEFAULT_SHOE_THRESHOLDS_M",
    "MAX_SHOE_DISTANCE_M",
    "SETTINGS_ENV",
    "Limits",
    "Settings",
    "db_path",
    "default_db_path",
    "default_settings_path",
    "env_name",
    "keys",
    "load_settings",
    "parse_thresholds",
    "shown",
]  # fmt: skip


__getattr__ = lazy_exports(__name__, _EXPORTS)
