"""The ``[signal.*]`` sections: one setting per field of :class:`~runsense.signal.config.SignalConfig`.

The keys, their types, their defaults and their allowed ranges are read off the dataclasses
themselves, so a threshold added to the signal config is a setting at once, and a setting can never
name a field that is gone. Every value is checked here, once, against its field's range: the error
names where the value came from (the file, the environment variable or the ``--set`` flag), the key
and the range.
"""

from __future__ import annotations

import itertools
import math
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import cache
from typing import Any

from runsense.errors import ConfigError
from runsense.signal.config import RANGE, SignalConfig

#: the TOML word for a value the analysis works out itself (only ``cadence.v_ref_mps`` has one)
AUTO = "auto"
#: the unit a key's name ends with, as the range in a message writes it
_UNITS = {"_mps": "m/s", "_spm": "spm", "_mm": "mm", "_ms": "ms", "_pct": "%", "_pp": "percentage points", "_s": "s",
          "_days": "days", "_weeks": "weeks", "_km": "km", "_m": "m", "_min": "min", "_minutes": "min"}  # fmt: skip


def signal_values(config: SignalConfig) -> dict[str, Any]:
    """Every ``signal.…`` key with its value in ``config``, in the order of the dataclasses."""
    return {key: value for key, value, _, _ in _walk(config, "signal")}


def parse_signal_value(key: str, value: object, where: str) -> Any:
    """The typed value of one ``signal.…`` setting; ConfigError naming ``where`` and the key otherwise."""
    kind, bounds = _types()[key]
    try:
        return _parse(kind, value, Bounds(*bounds, unit=_unit(key)))
    except ValueError as exc:
        raise ConfigError(f"{where}: '{key}' must be {exc}, not {value!r}") from None


def build_signal(values: Mapping[str, Any], origins: Mapping[str, str]) -> SignalConfig:
    """The signal config with every ``signal.…`` key of ``values`` applied; ConfigError when two
    settings contradict each other (saying where each came from)."""
    config: SignalConfig = _build(SignalConfig(), "signal", values)
    _in_order(config.load.acwr_acute_days, config.load.acwr_chronic_days, "signal.load.acwr_acute_days", "signal.load.acwr_chronic_days", origins, "must be longer than")
    _in_order(config.cadence.drill_step_pct, config.cadence.drill_max_pct, "signal.cadence.drill_step_pct", "signal.cadence.drill_max_pct", origins, "must be at least")
    _in_order(config.gct_balance.week_notice_dev_pp, config.gct_balance.week_warning_dev_pp, "signal.gct_balance.week_notice_dev_pp",
              "signal.gct_balance.week_warning_dev_pp", origins, "must be at least")  # fmt: skip
    for window in ("persist7", "persist14"):  # PAIN-PERSIST: the pain days asked for fit in the window
        _in_order(getattr(config.pain, f"{window}_min_days"), getattr(config.pain, f"{window}_days"), f"signal.pain.{window}_min_days",
                  f"signal.pain.{window}_days", origins, "must be at least")  # fmt: skip
    v_ref, (slowest, fastest) = config.cadence.v_ref_mps, config.validity.speed_range_mps
    if v_ref is not None and not slowest <= v_ref <= fastest:  # a pace no counted running is at: every figure "at reference pace" extrapolated
        raise ConfigError(f"'signal.cadence.v_ref_mps' ({v_ref:g}, {origins.get('signal.cadence.v_ref_mps', 'default')}) must lie within "
                          f"'signal.validity.speed_range_mps' ({slowest:g} to {fastest:g} m/s, {origins.get('signal.validity.speed_range_mps', 'default')}), "
                          "the speeds counted as running")  # fmt: skip
    return config


def _in_order(low: float, high: float, low_key: str, high_key: str, origins: Mapping[str, str], relation: str) -> None:
    """ConfigError when ``high`` is not longer than (or at least) ``low``, saying where each came from."""
    if high < low or (high == low and relation == "must be longer than"):
        raise ConfigError(f"'{high_key}' ({high:g}, {origins.get(high_key, 'default')}) {relation} "
                          f"'{low_key}' ({low:g}, {origins.get(low_key, 'default')})")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Bounds:
    """The range a setting may take, inclusive, and the unit its name says."""

    lowest: float
    highest: float
    unit: str = ""

    def __str__(self) -> str:
        return f"from {_plain(self.lowest)} to {_plain(self.highest)}" + (f" {self.unit}" if self.unit else "")

    def holds(self, value: float) -> bool:
        return self.lowest <= value <= self.highest


def allowed_range(key: str) -> tuple[float, float]:
    """The range a ``signal.…`` key may be set in (from its field in :mod:`runsense.signal.config`)."""
    return _types()[key][1]


def _unit(key: str) -> str:
    return next((unit for suffix, unit in _UNITS.items() if key.endswith(suffix)), "")


def _plain(number: float) -> str:
    """``5`` for 5.0, ``0.5`` for 0.5: never ``1e+03``."""
    return str(int(number)) if float(number).is_integer() else repr(float(number))


def _build(config: Any, prefix: str, values: Mapping[str, Any]) -> Any:
    changes: dict[str, Any] = {}
    for item in fields(config):
        key, current = f"{prefix}.{item.name}", getattr(config, item.name)
        if is_dataclass(current):
            changes[item.name] = _build(current, key, values)
        elif key in values:
            changes[item.name] = values[key]
    return replace(config, **changes)


def _walk(config: Any, prefix: str) -> Iterator[tuple[str, Any, Any, tuple[float, float]]]:
    """(key, value, type, allowed range) of every leaf field under ``config``."""
    hints = typing.get_type_hints(type(config))
    for item in fields(config):
        key, value = f"{prefix}.{item.name}", getattr(config, item.name)
        if is_dataclass(value):
            yield from _walk(value, key)
        else:
            yield key, value, hints[item.name], item.metadata[RANGE]


@cache
def _types() -> dict[str, tuple[Any, tuple[float, float]]]:
    """The type and the allowed range of every ``signal.…`` key."""
    return {key: (kind, bounds) for key, _, kind, bounds in _walk(SignalConfig(), "signal")}


def _parse(kind: Any, value: object, bounds: Bounds) -> Any:
    """``value`` as ``kind`` (int, float, ``float | None``, or a tuple of floats that must increase),
    each number within ``bounds``; a ValueError saying what is expected otherwise."""
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or not bounds.holds(value):
            raise ValueError(f"a whole number {bounds}")
        return value
    if kind is float:
        return _number(value, bounds)
    if typing.get_origin(kind) in (types.UnionType, typing.Union):  # float | None: a number or "auto"
        if isinstance(value, str) and value.strip().lower() == AUTO:
            return None
        try:
            return _number(value, bounds)
        except ValueError:
            raise ValueError(f'a number {bounds} or "{AUTO}"') from None
    size = len(typing.get_args(kind))
    what = f"a list of {size} increasing numbers, each {bounds}"
    if isinstance(value, str):  # from the environment or --set: "170,180" as well as [170, 180]
        value = _numbers_in(value)
    if not isinstance(value, list | tuple) or len(value) != size:
        raise ValueError(what)
    try:
        numbers = tuple(_number(v, bounds) for v in value)
    except ValueError:
        raise ValueError(what) from None
    if any(a >= b for a, b in itertools.pairwise(numbers)):
        raise ValueError(what)
    return numbers


def _numbers_in(text: str) -> list[object]:
    """``"170, 180"`` as ``[170.0, 180.0]``; what is not a number stays text (and is refused)."""
    items: list[object] = []
    for item in text.strip().strip("[]").split(","):
        try:
            items.append(float(item))
        except ValueError:
            items.append(item.strip())
    return items


def _number(value: object, bounds: Bounds) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or not bounds.holds(value):
        raise ValueError(f"a number {bounds}")
    return float(value)
