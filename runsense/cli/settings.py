"""``runsense settings show``: every setting in effect, and where each came from."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from runsense.cli._app import friendly_errors, out, print_json, state

settings_app = typer.Typer(help="The settings in effect: defaults < settings file < environment < `--set` flags.", no_args_is_help=True)


@settings_app.command("show")
@friendly_errors
def show_command(
    ctx: typer.Context,
    changed: Annotated[bool, typer.Option("--changed", help="Only the settings that are not defaults.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON list of {key, value, origin, env}.")] = False,
) -> None:
    """Show every setting's value and where it came from (default, file, environment or flag), as a
    settings file would say it: copy a line into the file to keep it. Each key is also an
    environment variable: `RUNSENSE_` and the key in capitals, dots as underscores."""
    from runsense.cli._text import safe
    from runsense.settings import DEFAULT, default_settings_path, env_name, shown
    from runsense.settings._keys import effective

    options = state(ctx)
    settings = options.settings
    rows = [("db", f'"{options.db}"', str(options.db), options.db_origin, "RUNSENSE_DB")]
    for key, value in effective(settings).items():
        rows.append((key, shown(key, value), _json_value(key, value), settings.origins.get(key, DEFAULT), env_name(key)))
    if changed:
        rows = [row for row in rows if row[3] != DEFAULT]
    if as_json:
        print_json([{"key": key, "value": value, "origin": origin, "env": env} for key, _, value, origin, env in rows])
        return
    path = default_settings_path()
    out.print(safe(f"# settings file: {path}{'' if path.exists() else ' (none: defaults)'}"), highlight=False, soft_wrap=True)
    for key, text, _, origin, _ in rows:
        line = f"# database: {options.db}  ({origin}; --db or RUNSENSE_DB, not the file)" if key == "db" else f"{key} = {text}  # {origin}"
        out.print(safe(line), highlight=False, soft_wrap=True)


def _json_value(key: str, value: Any) -> Any:
    """A value for ``--json``: tuples as lists, notification URLs with their secrets hidden."""
    from runsense.settings._keys import hide_secret

    if key == "notify.urls":
        return [hide_secret(url) for url in value]
    return list(value) if isinstance(value, tuple) else value
