"""``runsense dashboard``: serve the weekly dashboard on this computer."""

from __future__ import annotations

import os
import threading
import webbrowser
from typing import Annotated

import typer

from runsense.cli._app import err, friendly_errors, out, state
from runsense.cli._text import safe
from runsense.errors import InvalidInputError

_LOCAL = {"127.0.0.1", "localhost", "::1"}
CLEARTEXT_WARNING = ("the password and every page travel in cleartext over plain HTTP (basic authentication): anyone on the network "
                     "path can read them. Reach it through a TLS reverse proxy (see the README, 'Remote access') or an SSH tunnel.")  # fmt: skip


@friendly_errors
def dashboard_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Other than 127.0.0.1 exposes your health data to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (1-65535).", min=1, max=65535)] = 8050,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Only print the address; do not open a browser.")] = False,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Needed with a --host other than this computer, or an --allowed-host; asks for a password.")] = False,
    allowed_host: Annotated[list[str] | None, typer.Option("--allowed-host", help="Another name the dashboard is reached by (e.g. behind a reverse proxy); repeat for more. Needs --allow-remote.")] = None,
) -> None:
    """Open the weekly dashboard: form against your own baseline, load, shoes, pain and flags.

    It listens on 127.0.0.1 (this computer only) unless told otherwise, and answers only to the
    names this computer goes by (and those given with --allowed-host). Stop it with Ctrl+C.
    """
    names = [h.strip() for h in allowed_host or [] if h.strip()]
    remote = host not in _LOCAL or any(n.lower() not in _LOCAL for n in names)
    if remote and not allow_remote:
        raise InvalidInputError(f"--host {host} would show your pain log (health data) to other computers; add --allow-remote if you mean it"
                                if host not in _LOCAL else f"--allowed-host {names[0]} is for reaching the dashboard from other computers; add --allow-remote if you mean it")  # fmt: skip
    password_hash = None
    if remote or allow_remote:
        where = f"serving on {host}" + (f" for {', '.join(names)}" if names else "")
        err.print(f"[bold red]warning:[/bold red] {safe(where)}: anyone who can reach it can try to see your pain log, which is health data.")
        err.print(f"[bold red]warning:[/bold red] {CLEARTEXT_WARNING}")
        password_hash = _password_hash()
    try:
        from dashboards import create_app
    except ImportError as exc:  # pragma: no cover - the dashboard ships with runsense
        raise InvalidInputError(f"the dashboard is not installed ({exc}); reinstall runsense") from exc
    options = state(ctx)
    with options.store():
        pass  # create or upgrade the store before serving
    app = create_app(options.db, options.settings, password_hash=password_hash, host=host, allowed_hosts=names)
    url = f"http://{'127.0.0.1' if host in _LOCAL else host}:{port}/"
    out.print(f"runsense dashboard for {safe(options.db)} at [bold]{safe(url)}[/bold] (Ctrl+C to stop)", highlight=False)
    if not no_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    from waitress import serve  # a production WSGI server: no development-server warning, many threads

    # waitress buffers a request body before the app sees it: refuse one over the upload limit at once
    serve(app.server, host=host, port=port, threads=8, ident="runsense", max_request_body_size=app.server.config["MAX_CONTENT_LENGTH"])


def _password_hash() -> str:
    """Ask for the password (or read ``RUNSENSE_DASHBOARD_PASSWORD``) and keep only its hash."""
    from werkzeug.security import generate_password_hash

    password = os.environ.get("RUNSENSE_DASHBOARD_PASSWORD") or typer.prompt("Password for the dashboard (user 'runner')", hide_input=True, confirmation_prompt=True)
    if not password.strip():
        raise InvalidInputError("the dashboard password is blank: choose one of at least 8 characters besides spaces")
    if len(password.strip()) < 8:
        raise InvalidInputError("the dashboard password must have at least 8 characters besides spaces at its ends")
    return generate_password_hash(password)  # only the hash is kept, in memory
