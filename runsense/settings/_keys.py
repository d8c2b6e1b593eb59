"""Every setting by its dotted key (``units``, ``limits.max_file_mb``, ``signal.cadence.trend_drop_spm``):
its default, how a value the runner wrote becomes a typed one, and how it is shown back.

One table for the settings file, the environment (``RUNSENSE_`` + the key in capitals, dots as
underscores) and ``--set KEY=VALUE``, so the three can never accept different things.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from functools import cache
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runsense.errors import ConfigError
from runsense.settings._model import DEFAULT_SHOE_THRESHOLDS_M, MAX_SHOE_DISTANCE_M, MIB, Limits, Settings, default_signal
from runsense.settings._paths import ENV_PREFIX
from runsense.settings._signal import AUTO, build_signal, parse_signal_value, signal_values
from runsense.units import M_PER_KM, M_PER_MI, parse_distance_m

#: ``[limits]`` keys → (Limits field, factor from the unit the runner types, the range it may be set in).
#: Tiny limits are allowed (a test, a cautious runner); the highest stop a typing slip from
#: lifting a safety limit out of sight (a 1 GiB file is 4 million samples; none is near it)
LIMIT_KEYS = {
    "max_file_mb": ("max_file_bytes", MIB, (0.001, 1024)),
    "max_zip_members": ("max_zip_members", 1, (1, 10_000_000)),
    "max_zip_total_mb": ("max_zip_total_bytes", MIB, (0.001, 1024 * 1024)),
    "max_ratio": ("max_ratio", 1, (1, 100_000)),
    "max_depth": ("max_depth", 1, (1, 10)),
    "max_upload_mb": ("max_upload_bytes", MIB, (0.001, 1024)),
}


@dataclass(frozen=True, slots=True)
class Key:
    """One setting: its default (typed), and how to parse a written value (raising ConfigError
    that names ``where`` and the key)."""

    default: Any
    parse: Callable[[str, object, str], Any]


def env_name(key: str) -> str:
    """The environment variable of a setting: ``signal.cadence.trend_drop_spm`` → ``RUNSENSE_SIGNAL_CADENCE_TREND_DROP_SPM``."""
    return ENV_PREFIX + key.upper().replace(".", "_")


@cache
def keys() -> Mapping[str, Key]:
    """Every setting, in the order ``settings show`` lists them."""
    base = {
        "units": Key("km", _units),
        "timezone": Key(None, _timezone),
        "shoes.thresholds": Key(DEFAULT_SHOE_THRESHOLDS_M, lambda key, value, where: parse_thresholds(value, f"{where}: '{key}'")),
        "notify.urls": Key((), _urls),
    }
    defaults = Limits()
    limits = {f"limits.{name}": Key(_written_limit(getattr(defaults, field), factor), _limit_value)
              for name, (field, factor, _) in LIMIT_KEYS.items()}  # fmt: skip
    signal = {key: Key(value, parse_signal_value) for key, value in signal_values(default_signal()).items()}
    return MappingProxyType(base | limits | signal)


@cache
def sections() -> frozenset[str]:
    """Every table a key sits in: ``shoes``, ``limits``, ``signal``, ``signal.cadence``…"""
    return frozenset(key.rsplit(".", i)[0] for key in keys() for i in range(1, key.count(".") + 1))


def build(values: Mapping[str, Any], origins: Mapping[str, str]) -> Settings:
    """The typed settings from every key's effective value."""
    limits = replace(Limits(), **{field: _limit(values[f"limits.{name}"], field, factor) for name, (field, factor, _) in LIMIT_KEYS.items()})
    signal = build_signal(values, origins)
    return Settings(units=values["units"], timezone=values["timezone"], shoe_thresholds_m=values["shoes.thresholds"],
                    notify_urls=values["notify.urls"], limits=limits, signal_config=None if signal == default_signal() else signal,
                    origins=MappingProxyType(dict(origins)))  # fmt: skip


def effective(settings: Settings) -> dict[str, Any]:
    """Every key's value in ``settings``, as the runner writes it (megabytes, not bytes): the inverse of :func:`build`."""
    limits = {f"limits.{name}": _written_limit(getattr(settings.limits, field), factor) for name, (field, factor, _) in LIMIT_KEYS.items()}
    base = {"units": settings.units, "timezone": settings.timezone, "shoes.thresholds": settings.shoe_thresholds_m, "notify.urls": settings.notify_urls}
    return base | limits | signal_values(settings.signal)


def shown(key: str, value: Any) -> str:
    """A setting's value as it would be written in the settings file (credentials in URLs hidden)."""
    if key == "shoes.thresholds":
        return "[" + ", ".join(f'"{_distance(m)}"' for m in value) + "]"
    if key == "notify.urls":
        return "[" + ", ".join(f'"{hide_secret(url)}"' for url in value) + "]"
    if value is None:
        return f'"{AUTO}"' if key.startswith("signal.") else '""'
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_number(v) for v in value) + "]"
    return _number(value)


def parse_thresholds(value: object, key: str = "thresholds") -> tuple[float, float, float]:
    """Three increasing distances (notice, warning, replace) from ``"300mi,400mi,500mi"`` or a list."""
    items = [p.strip() for p in value.split(",")] if isinstance(value, str) else list(value) if isinstance(value, list | tuple) else None
    if items is None or len(items) != 3:
        raise ConfigError(f"{key}: give three distances (notice, warning, replace), e.g. 300mi,400mi,500mi")
    bare = [item for item in items if not str(item).strip().lower().rstrip().endswith(("mi", "miles", "mile", "km", "m"))]
    if bare:  # a bare 500 would mean 500 mi to one runner and 500 km to another
        raise ConfigError(f"{key}: write each distance with its unit, e.g. 300mi,400mi,500mi or 480km,640km,800km (not {bare[0]!r})")
    try:
        metres = tuple(parse_distance_m(str(item)) for item in items)
    except ValueError as exc:
        raise ConfigError(f"{key}: {exc}") from exc
    if not metres[0] < metres[1] < metres[2]:
        raise ConfigError(f"{key}: the three distances must increase (notice < warning < replace)")
    if metres[2] > MAX_SHOE_DISTANCE_M:
        raise ConfigError(f"{key}: a pair's marks are at most {MAX_SHOE_DISTANCE_M / M_PER_KM:,.0f} km ({MAX_SHOE_DISTANCE_M / M_PER_MI:,.0f} mi), "
                          f"not {_distance(metres[2])}")  # fmt: skip
    return metres  # type: ignore[return-value]


def _units(key: str, value: object, where: str) -> str:
    units = str(value).strip().lower()
    if units not in ("km", "mi"):
        raise ConfigError(f'{where}: \'{key}\' must be "km" or "mi", not {value!r}')
    return units


def _timezone(key: str, value: object, where: str) -> str | None:
    """A time zone name; ``""``: this computer's."""
    name = str(value).strip()
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{where}: '{key}' {name!r} is not a known time zone (e.g. \"Europe/London\")") from exc
    return name


def _urls(key: str, value: object, where: str) -> tuple[str, ...]:
    urls = [u.strip() for u in value.split(",") if u.strip()] if isinstance(value, str) else value
    if not isinstance(urls, list | tuple) or not all(isinstance(u, str) and "://" in u for u in urls):
        raise ConfigError(f"{where}: '{key}' must be a list of notification URLs such as \"ntfy://my-topic\"")
    return tuple(urls)


def _limit_value(key: str, value: object, where: str) -> float | int:
    """A ``[limits]`` value within its range; a count (members, depth) a whole number."""
    field, factor, (lowest, highest) = LIMIT_KEYS[key.removeprefix("limits.")]
    whole = factor == 1 and next(f.type for f in fields(Limits) if f.name == field) in ("int", int)
    unit = " MB" if factor == MIB else ""
    number = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not number or not lowest <= value <= highest or (whole and not float(value).is_integer()):  # type: ignore[operator, arg-type]
        what = "a whole number" if whole else "a number"
        raise ConfigError(f"{where}: '{key}' must be {what} from {_number(float(lowest))} to {_number(float(highest))}{unit}, not {value!r}")
    return int(value) if whole else value  # type: ignore[arg-type]


def _limit(value: float, field: str, factor: int) -> float | int:
    """A ``[limits]`` value in the unit of its :class:`Limits` field (bytes, a count, a ratio)."""
    kind = next(f.type for f in fields(Limits) if f.name == field)
    return int(value * factor) if kind in ("int", int) else float(value)


def _number(value: float) -> str:
    """``64`` for 64.0, and every digit of any other number, so that a line shown reads back the same."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else repr(value)


def _written_limit(value: float, factor: int) -> float | int:
    return value / factor if factor > 1 else value


def _distance(metres: float) -> str:
    miles = metres / M_PER_MI
    return f"{round(miles, 3):g}mi" if abs(miles - round(miles)) < 1e-6 else f"{round(metres / M_PER_KM, 3):g}km"


def hide_secret(url: str) -> str:
    """A notification URL with all but its scheme hidden: services carry their passwords, tokens
    and topics anywhere after it (``mailto://user:pass@…``, ``tgram://bottoken/chat``)."""
    scheme, found, _ = url.partition("://")
    return f"{scheme}://…" if found else "…"
