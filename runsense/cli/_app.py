"""The Typer application, its commands, its global options and the error boundary every command shares."""

from __future__ import annotations

import copy
import functools
import importlib
import inspect
import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo

from runsense import __version__
from runsense.errors import OutdatedStoreError, RunsenseError
from runsense.settings._paths import DB_ENV, db_path

if TYPE_CHECKING:
    from rich.console import Console

    from runsense.settings import Settings
    from runsense.store import SQLiteStore

#: every command: name → ``module:attribute``, a command function or a Typer app of subcommands
COMMANDS: dict[str, str] = {
    "import": "runsense.cli.imports:import_command",
    "activities": "runsense.cli.activities:activities_command",
    "activity": "runsense.cli.activities:activity_command",
    "report": "runsense.cli.report:report_command",
    "alerts": "runsense.cli.alerts:alerts_command",
    "compare": "runsense.cli.compare:compare_command",
    "checkin": "runsense.cli.journal:checkin_command",
    "dashboard": "runsense.cli.dashboard:dashboard_command",
    "demo": "runsense.cli.demo:demo_command",
    "backup": "runsense.cli.data:backup_command",
    "restore": "runsense.cli.data:restore_command",
    "export": "runsense.cli.data:export_command",
    "rederive": "runsense.cli.data:rederive_command",
    "shoes": "runsense.cli.shoes:shoes_app",
    "pain": "runsense.cli.pain:pain_app",
    "plan": "runsense.cli.plan:plan_app",
    "strength": "runsense.cli.journal:strength_app",
    "marker": "runsense.cli.journal:marker_app",
    "baseline": "runsense.cli.baseline:baseline_app",
    "settings": "runsense.cli.settings:settings_app",
}
#: how every command is built and shown (markdown in help texts, runsense's own error boundary)
_TYPER_OPTIONS: dict[str, Any] = {"rich_markup_mode": "markdown", "pretty_exceptions_enable": False}


class LazyGroup(TyperGroup):
    """The top-level group, which imports a command's module and builds it only when that command runs.

    Typer builds a group's commands up front, importing their modules and evaluating every
    signature: for all of runsense's commands that was most of ``runsense --version``'s time, and
    ``runsense pain log`` would build the import and report commands it never runs. ``--help``
    lists each command by its help text alone, without building it.
    """

    _listing = False

    def list_commands(self, ctx: typer.Context) -> list[str]:  # noqa: ARG002 - click's signature
        return list(COMMANDS)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # noqa: ARG002 - click's signature
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            if self._listing:
                return _summary(cmd_name, COMMANDS[cmd_name])
            self.commands[cmd_name] = _build_command(cmd_name, COMMANDS[cmd_name])
        return self.commands.get(cmd_name)

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


def _target(target: str) -> Any:
    module, attribute = target.split(":")
    return getattr(importlib.import_module(module), attribute)


def _summary(name: str, target: str) -> TyperCommand:
    """What ``--help`` shows of a command (its help text, as Typer takes it), without building it."""
    command = _target(target)
    text = command.info.help if isinstance(command, typer.Typer) else inspect.getdoc(command)
    return TyperCommand(name, help=inspect.cleandoc(text or ""), rich_markup_mode=_TYPER_OPTIONS["rich_markup_mode"])


def _build_command(name: str, target: str) -> Any:
    """The click command Typer makes of ``module:attribute``, as if it had been registered on ``app``;
    a Typer app of subcommands becomes a :class:`LazySubGroup`."""
    command = _target(target)
    holder = typer.Typer(add_completion=False, **_TYPER_OPTIONS)
    if isinstance(command, typer.Typer):
        shell = copy.copy(command)  # the group without its subcommands, which it builds as they run
        shell.registered_commands = []
        holder.add_typer(shell, name=name, cls=LazySubGroup)
        group = typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]
        group.registered = {info.name or typer.main.get_command_name(info.callback.__name__): info for info in command.registered_commands}  # type: ignore[union-attr]
        group.build_options = {"pretty_exceptions_short": holder.pretty_exceptions_short, "rich_markup_mode": holder.rich_markup_mode}
        return group
    holder.command(name, cls=Command)(command)
    return typer.main.get_command(holder)


#: a negative number as the runner types it (``-1``, ``-2.5``): a value, never an option's name
_NEGATIVE_NUMBER = re.compile(r"-(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


class Command(TyperCommand):
    """Every runsense command: a negative number where a value goes is that value.

    click reads any word that starts with ``-`` as an option, so ``runsense pain log -1`` said
    "No such option: -1" instead of what is wrong with the score. Before parsing, the words that
    are neither options nor an option's value are moved after a ``--`` (in their order), so that a
    negative number reaches the command, which says what it must be. Unknown options (``--bogus``)
    stay where click reports them.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, negative_numbers_as_values(args, self.get_params(ctx)))


def negative_numbers_as_values(args: list[str], params: list[Any]) -> list[str]:
    """``args`` with the positional words after a ``--`` when one of them is a negative number;
    ``args`` unchanged otherwise. ``params``: the command's click parameters (Typer's own copy of
    click, hence read by their attributes)."""
    end = args.index("--") if "--" in args else len(args)
    options_taking_values = [p for p in params if p.param_type_name == "option" and not p.is_flag and not p.count]
    takes = {name: option.nargs for option in options_taking_values for name in option.opts}
    options: list[str] = []
    words: list[str] = []
    expect = 0
    for arg in args[:end]:
        if expect:
            options.append(arg)
            expect -= 1
        elif len(arg) > 1 and arg.startswith("-") and not _NEGATIVE_NUMBER.fullmatch(arg):
            options.append(arg)
            expect = 0 if "=" in arg else takes.get(arg, 0)
        else:
            words.append(arg)
    if not any(_NEGATIVE_NUMBER.fullmatch(word) for word in words):
        return args
    return [*options, "--", *words, *args[end + 1 :]]


class LazySubGroup(TyperGroup):
    """A group of subcommands (``runsense pain``, ``shoes``...) that builds only the one that runs.

    Typer builds every subcommand of a group with all its options up front: for ``pain`` (five
    commands, forty options) that was a tenth of ``runsense pain log``'s start. ``--help`` and an
    unknown name (Typer suggests from the built commands) build them all.
    """

    #: subcommand name → its Typer registration, and how Typer builds it (set by :func:`_build_command`)
    registered: dict[str, CommandInfo]
    build_options: dict[str, Any]

    def list_commands(self, ctx: typer.Context) -> list[str]:  # noqa: ARG002 - click's signature
        return list(self.registered)

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:  # noqa: ARG002 - click's signature
        if cmd_name not in self.commands and cmd_name in self.registered:
            info = copy.copy(self.registered[cmd_name])
            info.cls = Command if info.cls in (None, TyperCommand) else info.cls
            self.commands[cmd_name] = typer.main.get_command_from_info(info, **self.build_options)
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:
        if args and args[0] not in self.registered:
            for name in self.registered:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="runsense",
    cls=LazyGroup,
    help=(
        "See what your watch data says about your running form, load, shoes and pain.\n\n"
        "Start with `runsense import PATH...` (FIT, GPX, TCX, .gz, folders, Garmin or Strava export zips), "
        "then `runsense activities`. Not medical advice: see `runsense report` for the red-flag guidance."
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    **_TYPER_OPTIONS,
)


def __getattr__(name: str) -> Console:
    """``out`` and ``err``, the consoles every command prints through, made when a command module
    first imports them (as that command runs, or ``--help`` lists it): rich takes tens of
    milliseconds to load, and ``runsense --version`` answers without it. Neither reads ``:emoji:``
    codes: a shoe called ``:runner:`` is printed as typed (markup is escaped by ``safe``)."""
    if name not in ("out", "err"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    globals().update(out=Console(emoji=False), err=Console(stderr=True, soft_wrap=True, emoji=False))
    return globals()[name]


def _err() -> Console:
    """The error console, made if no command module has asked for it yet."""
    return sys.modules[__name__].err


@dataclass
class State:
    """Global options, handed to every command through the Typer context."""

    db: Path
    debug: bool = False
    #: ``--set KEY=VALUE`` flags, applied over the settings file and the environment
    overrides: tuple[str, ...] = ()
    #: where ``db`` came from: ``flag --db``, ``environment RUNSENSE_DB`` or ``default``
    db_origin: str = "default"
    _settings: Settings | None = None

    def store(self, *, read_only: bool = False, salvage: bool = False) -> SQLiteStore:
        """Open the store chosen by ``--db`` / ``$RUNSENSE_DB``; ``read_only`` for commands that only
        read, so that they work on a read-only store. A missing store is still created, and an
        older one upgraded, as by any command. ``salvage``: a damaged store opens for export."""
        from runsense.store import open_store

        if salvage and self.db.exists():
            return open_store(self.db, salvage=True)
        if read_only and self.db.exists():
            try:
                return open_store(self.db, read_only=True)
            except OutdatedStoreError:
                pass
        return open_store(self.db)

    @property
    def settings(self) -> Settings:
        """The runner's settings (defaults < file < environment < ``--set``), read once."""
        if self._settings is None:
            from runsense.settings import load_settings

            self._settings = load_settings(flags=self.overrides)
        return self._settings


def _version(value: bool) -> None:
    if value:
        typer.echo(f"runsense {__version__}")
        raise typer.Exit


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", help=f"Database file. Default: ${DB_ENV}, else runsense.sqlite in your user data folder.", show_default=False),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks for errors.")] = False,
    overrides: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="KEY=VALUE",
            help="Override one setting for this run, e.g. `--set units=mi` or "
            "`--set signal.cadence.trend_drop_spm=4` (repeatable; see `runsense settings show`).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,  # noqa: ARG001
) -> None:
    """Global options (put them before the command)."""
    path, origin = db_path(db)
    ctx.obj = State(db=path, debug=debug, overrides=tuple(overrides or ()), db_origin=origin)


F = TypeVar("F", bound=Callable[..., Any])


def friendly_errors(func: F) -> F:
    """Turn errors into one ``error: ...`` line on stderr and exit code 1; ``--debug`` shows the traceback.

    A damaged, read-only or full store is explained as such (never "please report it"); anything
    else unexpected is a bug, said in one line. Messages quote file names and stored text, so they
    go through :func:`safe` like any other data.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        options = _options(kwargs.get("ctx", args[0] if args else None))
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter, KeyboardInterrupt):  # a bad parameter: click prints it, exit code 2
            raise
        except Exception as exc:
            if options.debug:
                raise
            from runsense.cli._text import safe  # here: it loads rich, which `runsense --version` never needs

            fault = exc if isinstance(exc, RunsenseError) else _store_fault(exc, options.db) or _file_problem(exc)
            if fault is not None:
                _err().print(f"[red]error:[/red] {safe(fault)}", highlight=False)
            else:
                _err().print(f"[red]internal error:[/red] {safe(f'{type(exc).__name__}: {exc}')}. Run again with --debug for details, and please report it.", highlight=False)
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def _store_fault(exc: Exception, db: Path) -> str | None:
    """A damaged, read-only or full store, explained (the store module loads only on an error)."""
    from runsense.store import explain_fault

    return explain_fault(exc, db)


def _file_problem(exc: Exception) -> str | None:
    """A file the runner named cannot be used (no permission, a file where a folder should be):
    the system's own words and the file, not an "internal error"."""
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{exc.strerror or exc}: {exc.filename}"
    return None


def _options(ctx: object) -> State:
    """This invocation's global options (Typer hands commands a click context, not always its own subclass)."""
    obj = getattr(ctx, "obj", None)
    return obj if isinstance(obj, State) else State(db=db_path()[0])


def state(ctx: typer.Context) -> State:
    """The global options of this invocation."""
    return _options(ctx)


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
