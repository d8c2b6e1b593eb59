"""The Typer application, its global options and the error boundary every command shares."""

from __future__ import annotations

import functools
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from runsense import __version__
from runsense.config import DB_ENV, default_db_path
from runsense.errors import RunsenseError
from runsense.settings import Settings, load_settings
from runsense.store import SQLiteStore, open_store

app = typer.Typer(
    name="runsense",
    help=(
        "See what your watch data says about your running form, load, shoes and pain.\n\n"
        "Start with `runsense import PATH...` (FIT, GPX, TCX, .gz, folders, Garmin or Strava export zips), "
        "then `runsense activities`. Not medical advice: see `runsense report` for the red-flag guidance."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

out = Console()
err = Console(stderr=True, soft_wrap=True)


@dataclass
class State:
    """Global options, handed to every command through the Typer context."""

    db: Path
    debug: bool = False
    _settings: Settings | None = None

    def store(self, *, read_only: bool = False) -> SQLiteStore:
        """Open the store chosen by ``--db`` / ``$RUNSENSE_DB``."""
        return open_store(self.db, read_only=read_only)

    @property
    def settings(self) -> Settings:
        """The runner's settings (file < environment), read once."""
        if self._settings is None:
            self._settings = load_settings()
        return self._settings


def _version(value: bool) -> None:
    if value:
        out.print(f"runsense {__version__}")
        raise typer.Exit


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help=f"Database file. Default: ${DB_ENV}, else runsense.sqlite in your user data folder.", show_default=False),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks for errors.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,  # noqa: ARG001
) -> None:
    """Global options (put them before the command)."""
    ctx.obj = State(db=db or default_db_path(), debug=debug)


F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Turn runsense errors into ``error: ...`` on stderr and exit code 1 (tracebacks with --debug)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RunsenseError as exc:
            ctx = kwargs.get("ctx", args[0] if args else None)
            if isinstance(ctx, typer.Context) and isinstance(ctx.obj, State) and ctx.obj.debug:
                raise
            err.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None
        except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):  # a bad parameter: click prints it, exit code 2
            raise
        except Exception as exc:  # a bug: one clear line for the runner, the traceback with --debug
            ctx = kwargs.get("ctx", args[0] if args else None)
            if isinstance(ctx, typer.Context) and isinstance(ctx.obj, State) and ctx.obj.debug:
                raise
            err.print(f"[red]internal error:[/red] {type(exc).__name__}: {exc}. Run again with --debug for details, and please report it.", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def state(ctx: typer.Context) -> State:
    """The global options of this invocation."""
    return ctx.obj if isinstance(ctx.obj, State) else State(db=default_db_path())


def jsonable(data: object) -> object:
    """Data ready for JSON: NaN and infinities become null, everything else as is."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {str(k): jsonable(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [jsonable(v) for v in data]
    return data


def print_json(data: object) -> None:
    """Machine-readable output on stdout, one JSON document."""
    sys.stdout.write(json.dumps(jsonable(data), indent=2, default=str, allow_nan=False) + "\n")
