"""The ``[signal.*]`` sections: one setting per field of :class:`~runsense.signal.config.SignalConfig`.

The keys, their types and their defaults are read off the dataclasses themselves, so a threshold
added to the signal config is a setting at once, and a setting can never name a field that is gone.
"""

from __future__ import annotations

import itertools
import math
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import fields, is_dataclass, replace
from functools import cache
from typing import Any

from runsense.errors import ConfigError
from runsense.signal.config import SignalConfig

#: the TOML word for a value the analysis works out itself (only ``cadence.v_ref_mps`` has one)
AUTO = "auto"
#: counts that must be at least 1: with none, a window with no segment would get a speed model
_COUNTS = frozenset({"signal.cadence.min_segments"})


def signal_values(config: SignalConfig) -> dict[str, Any]:
    """Every ``signal.…`` key with its value in ``config``, in the order of the dataclasses."""
    return {key: value for key, value, _ in _walk(config, "signal")}


def parse_signal_value(key: str, value: object, where: str) -> Any:
    """The typed value of one ``signal.…`` setting; ConfigError naming ``where`` and the key otherwise."""
    kind = _types()[key]
    try:
        return _parse(kind, value, _least(key))
    except ValueError as exc:
        raise ConfigError(f"{where}: '{key}' must be {exc}, not {value!r}") from None


def build_signal(values: Mapping[str, Any], origins: Mapping[str, str]) -> SignalConfig:
    """The signal config with every ``signal.…`` key of ``values`` applied; ConfigError when two
    settings contradict each other (saying where each came from)."""
    config: SignalConfig = _build(SignalConfig(), "signal", values)
    acute, chronic = config.load.acwr_acute_days, config.load.acwr_chronic_days
    if chronic <= acute:
        where = {k: origins.get(f"signal.load.{k}", "default") for k in ("acwr_acute_days", "acwr_chronic_days")}
        raise ConfigError(f"'signal.load.acwr_chronic_days' ({chronic}, {where['acwr_chronic_days']}) must be longer than "
                          f"'signal.load.acwr_acute_days' ({acute}, {where['acwr_acute_days']})")  # fmt: skip
    return config


def _least(key: str) -> int:
    """The smallest value a threshold may take: 1 for windows (days, weeks) and counts, else 0."""
    return 1 if key.endswith(("_days", "_weeks")) or key in _COUNTS else 0


def _build(config: Any, prefix: str, values: Mapping[str, Any]) -> Any:
    changes: dict[str, Any] = {}
    for item in fields(config):
        key, current = f"{prefix}.{item.name}", getattr(config, item.name)
        if is_dataclass(current):
            changes[item.name] = _build(current, key, values)
        elif key in values:
            changes[item.name] = values[key]
    return replace(config, **changes)


def _walk(config: Any, prefix: str) -> Iterator[tuple[str, Any, Any]]:
    """(key, value, type) of every leaf field under ``config``."""
    hints = typing.get_type_hints(type(config))
    for item in fields(config):
        key, value = f"{prefix}.{item.name}", getattr(config, item.name)
        if is_dataclass(value):
            yield from _walk(value, key)
        else:
            yield key, value, hints[item.name]


@cache
def _types() -> dict[str, Any]:
    """The type of every ``signal.…`` key."""
    return {key: kind for key, _, kind in _walk(SignalConfig(), "signal")}


def _parse(kind: Any, value: object, least: int) -> Any:
    """``value`` as ``kind`` (int, float, ``float | None``, or a tuple of floats that must increase);
    a ValueError saying what is expected otherwise. No threshold is negative; a window or a count
    (``least`` = 1) is at least 1."""
    if kind is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ValueError(f"a whole number ≥ {least}")
        return value
    if kind is float:
        return _number(value)
    if typing.get_origin(kind) in (types.UnionType, typing.Union):  # float | None: a number or "auto"
        if isinstance(value, str) and value.strip().lower() == AUTO:
            return None
        try:
            return _number(value)
        except ValueError:
            raise ValueError(f'a number ≥ 0 or "{AUTO}"') from None
    size = len(typing.get_args(kind))
    what = f"a list of {size} increasing numbers ≥ 0"
    if isinstance(value, str):  # from the environment or --set: "170,180" as well as [170, 180]
        value = _numbers_in(value)
    if not isinstance(value, list | tuple) or len(value) != size:
        raise ValueError(what)
    try:
        numbers = tuple(_number(v) for v in value)
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


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError("a number ≥ 0")
    return float(value)
