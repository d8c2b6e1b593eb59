"""User settings: a TOML file in the config folder, overridden by environment, overridden by flags.

Read once at the entry points (CLI, dashboard) and passed down. Example
(``~/.config/runsense/settings.toml`` on Linux)::

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

Environment overrides: ``RUNSENSE_UNITS``, ``RUNSENSE_TIMEZONE``, ``RUNSENSE_NOTIFY_URLS``
(comma-separated). A bad value raises :class:`~runsense.errors.ConfigError` naming the key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from runsense.errors import ConfigError
from runsense.units import M_PER_MI, parse_distance_m

SETTINGS_ENV = "RUNSENSE_SETTINGS"
_MIB = 1024 * 1024
#: default shoe thresholds (spec §6.2): notice, warning, replace at 300, 400 and 500 miles
DEFAULT_SHOE_THRESHOLDS_M = (300 * M_PER_MI, 400 * M_PER_MI, 500 * M_PER_MI)
_KNOWN = {"units", "timezone", "shoes", "notify", "limits"}
#: [limits] keys → (Limits field, factor from the unit the runner types)
_LIMIT_KEYS = {
    "max_file_mb": ("max_file_bytes", _MIB),
    "max_zip_members": ("max_zip_members", 1),
    "max_zip_total_mb": ("max_zip_total_bytes", _MIB),
    "max_ratio": ("max_ratio", 1),
    "max_depth": ("max_depth", 1),
    "max_upload_mb": ("max_upload_bytes", _MIB),
}


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for one import, from the ``[limits]`` section (they live here, not beside the
    archive reader that applies them, so that reading settings never loads the file readers)."""

    #: largest single activity file, after decompression. The largest real file seen is 3.5 MB (a
    #: 1-s TCX); 64 MiB keeps one import's peak memory under 400 MB (file, samples and analysis)
    max_file_bytes: int = 64 * _MIB
    #: most members one zip may list
    max_zip_members: int = 200_000
    #: most bytes one zip may expand to, all members together
    max_zip_total_bytes: int = 16 * 1024 * _MIB
    #: highest compression ratio accepted for a member larger than 1 MiB
    max_ratio: float = 200.0
    #: deepest nesting of archives (a zip in a zip in a zip)
    max_depth: int = 3
    #: most one dashboard upload may send, all files together (it is held in memory, base64-encoded)
    max_upload_bytes: int = 32 * _MIB


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a runner can set."""

    units: str = "km"
    timezone: str | None = None
    shoe_thresholds_m: tuple[float, float, float] = DEFAULT_SHOE_THRESHOLDS_M
    notify_urls: tuple[str, ...] = field(default_factory=tuple)
    limits: Limits = field(default_factory=Limits)
    source: str = "defaults"

    @property
    def tz(self) -> ZoneInfo | None:
        """The configured time zone, or ``None`` for this computer's."""
        return ZoneInfo(self.timezone) if self.timezone else None


def default_settings_path() -> Path:
    """``$RUNSENSE_SETTINGS``, else ``settings.toml`` in the user config folder."""
    env = os.environ.get(SETTINGS_ENV, "").strip()
    return Path(env).expanduser() if env else Path(platformdirs.user_config_dir("runsense", appauthor=False)) / "settings.toml"


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Defaults < settings file < environment. Raises ConfigError naming the bad key."""
    path = path or default_settings_path()
    env = os.environ if env is None else env
    settings = Settings()
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
        settings = _apply(settings, data, str(path))
    overrides: dict[str, object] = {}
    if env.get("RUNSENSE_UNITS"):
        overrides["units"] = env["RUNSENSE_UNITS"]
    if env.get("RUNSENSE_TIMEZONE"):
        overrides["timezone"] = env["RUNSENSE_TIMEZONE"]
    if env.get("RUNSENSE_NOTIFY_URLS"):
        overrides["notify"] = {"urls": [u.strip() for u in env["RUNSENSE_NOTIFY_URLS"].split(",") if u.strip()]}
    return _apply(settings, overrides, "environment") if overrides else settings


def _apply(settings: Settings, data: Mapping[str, object], where: str) -> Settings:
    unknown = set(data) - _KNOWN
    if unknown:
        raise ConfigError(f"{where}: unknown setting {sorted(unknown)[0]!r} (known: {', '.join(sorted(_KNOWN))})")
    changes: dict[str, object] = {"source": where}
    if "units" in data:
        units = str(data["units"]).strip().lower()
        if units not in ("km", "mi"):
            raise ConfigError(f"{where}: 'units' must be \"km\" or \"mi\", not {data['units']!r}")
        changes["units"] = units
    if "timezone" in data:
        name = str(data["timezone"]).strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"{where}: 'timezone' {name!r} is not a known time zone (e.g. \"Europe/London\")") from exc
        changes["timezone"] = name
    if "shoes" in data:
        shoes = data["shoes"]
        if not isinstance(shoes, Mapping) or set(shoes) - {"thresholds"}:
            raise ConfigError(f"{where}: [shoes] takes only 'thresholds', e.g. thresholds = [\"300mi\", \"400mi\", \"500mi\"]")
        if "thresholds" in shoes:
            changes["shoe_thresholds_m"] = parse_thresholds(shoes["thresholds"], f"{where}: 'shoes.thresholds'")
    if "notify" in data:
        notify = data["notify"]
        urls = notify.get("urls") if isinstance(notify, Mapping) else None
        if not isinstance(urls, list) or not all(isinstance(u, str) and "://" in u for u in urls):
            raise ConfigError(f"{where}: 'notify.urls' must be a list of notification URLs such as \"ntfy://my-topic\"")
        changes["notify_urls"] = tuple(urls)
    if "limits" in data:
        changes["limits"] = _parse_limits(data["limits"], settings.limits, where)
    return replace(settings, **changes)  # type: ignore[arg-type]


def _parse_limits(section: object, current: Limits, where: str) -> Limits:
    if not isinstance(section, Mapping):
        raise ConfigError(f"{where}: [limits] must be a table, e.g. max_file_mb = 64")
    changes: dict[str, float | int] = {}
    for key, value in section.items():
        if key not in _LIMIT_KEYS:
            raise ConfigError(f"{where}: unknown setting 'limits.{key}' (known: {', '.join(_LIMIT_KEYS)})")
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise ConfigError(f"{where}: 'limits.{key}' must be a positive number, not {value!r}")
        name, factor = _LIMIT_KEYS[key]
        changes[name] = int(value * factor) if name != "max_ratio" else float(value)
    return replace(current, **changes)


def parse_thresholds(value: object, key: str = "thresholds") -> tuple[float, float, float]:
    """Three increasing distances (notice, warning, replace) from ``"300mi,400mi,500mi"`` or a list."""
    items = [p.strip() for p in value.split(",")] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else None
    if items is None or len(items) != 3:
        raise ConfigError(f"{key}: give three distances (notice, warning, replace), e.g. 300mi,400mi,500mi")
    try:
        metres = tuple(parse_distance_m(str(item), default_unit="mi") for item in items)
    except ValueError as exc:
        raise ConfigError(f"{key}: {exc}") from exc
    if not metres[0] < metres[1] < metres[2]:
        raise ConfigError(f"{key}: the three distances must increase (notice < warning < replace)")
    return metres  # type: ignore[return-value]
