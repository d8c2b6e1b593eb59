"""Loading settings: defaults < settings file < environment < ``--set`` flags, each key remembering
which of them it came from."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runsense.errors import ConfigError
from runsense.settings._model import Settings
from runsense.settings._paths import DB_ENV, ENV_PREFIX, SETTINGS_ENV, default_settings_path

if TYPE_CHECKING:
    from runsense.settings._keys import Key

#: where a value came from when nothing set it
DEFAULT = "default"
FLAG = "flag --set"


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None, flags: Iterable[str] = ()) -> Settings:
    """Defaults < settings file < environment < ``flags`` (``KEY=VALUE`` each, as ``--set`` takes them).

    Raises ConfigError naming the file (or variable, or flag), the section and the key of the
    first bad value; nothing is half-applied.
    """
    env = os.environ if env is None else env
    path = path or default_settings_path(env)
    flags = tuple(flags)
    if not flags and not _settings_in(env) and not path.exists():
        return Settings()  # nothing is set: the defaults, without building the table of every key
    from runsense.settings._keys import build, env_name

    values = {key: spec.default for key, spec in keys().items()}
    origins: dict[str, str] = {}

    def put(key: str, value: object, where: str, origin: str) -> None:
        values[key] = keys()[key].parse(key, value, where)
        origins[key] = origin

    if path.exists():
        for key, value in file_values(path).items():
            put(key, value, str(path), f"file {path}")
    for key in keys():
        if text := env.get(env_name(key), "").strip():
            put(key, written_value(text), f"environment {env_name(key)}", f"environment {env_name(key)}")
    for flag in flags:
        key, value = _flag(flag)
        put(key, value, f"--set {key}", FLAG)
    return build(values, origins)


def _settings_in(env: Mapping[str, str]) -> bool:
    """Whether the environment holds a ``RUNSENSE_`` variable other than the two that name files."""
    return any(name.startswith(ENV_PREFIX) and name not in (DB_ENV, SETTINGS_ENV) for name in env)


def keys() -> Mapping[str, Key]:
    """Every setting (:mod:`._keys` loads only when something is set)."""
    from runsense.settings._keys import keys

    return keys()


def sections() -> frozenset[str]:
    """Every table a key sits in."""
    from runsense.settings._keys import sections

    return sections()


def file_values(path: Path) -> dict[str, Any]:
    """The settings file's values by dotted key; ConfigError for bad TOML or a key runsense does not know."""
    import tomllib  # here: with no settings file, `runsense shoes list` never loads it

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: the settings file cannot be read ({exc.strerror or exc})") from exc
    return _flatten(data, "", str(path))


def written_value(text: str) -> Any:
    """A value typed in the environment or on the command line, read as TOML when it is TOML
    (``4``, ``[165, 175]``, ``"mi"``), else as the text itself (``mi``, ``Europe/London``)."""
    import tomllib

    try:
        return tomllib.loads(f"value = {text}")["value"]
    except tomllib.TOMLDecodeError:
        return text.strip()


def _flatten(table: Mapping[str, Any], section: str, where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in table.items():
        key = f"{section}.{name}" if section else name
        if isinstance(value, dict) and key in sections():
            out |= _flatten(value, key, where)
        elif key in sections():
            raise ConfigError(f"{where}: [{key}] must be a table of settings (known there: {_known(key)})")
        elif key in keys():
            out[key] = value
        else:
            inside = f" in [{section}]" if section else ""
            raise ConfigError(f"{where}: unknown setting '{key}'{inside} (known{' there' if section else ''}: {_known(section)})")
    return out


def _known(section: str) -> str:
    """The names directly under a section (``""``: the top level)."""
    depth = section.count(".") + 1 if section else 0
    names = {key.split(".")[depth] for key in [*keys(), *sections()] if (key.startswith(f"{section}.") or not section) and key.count(".") >= depth}
    return ", ".join(sorted(names))


def _flag(flag: str) -> tuple[str, Any]:
    """``KEY=VALUE`` of ``--set``: the known key and the written value."""
    key, equals, text = flag.partition("=")
    key = key.strip()
    if not equals or not text.strip():
        raise ConfigError(f"--set {flag!r}: write it as KEY=VALUE, e.g. --set signal.cadence.trend_drop_spm=4")
    if key not in keys():
        section = key.rpartition(".")[0]
        known = _known(section) if section in sections() else _known("")
        raise ConfigError(f"--set {flag!r}: unknown setting '{key}' (known{' in [' + section + ']' if section in sections() else ''}: {known})")
    return key, written_value(text)
