"""``runsense dashboard``: serve the weekly dashboard on this computer."""

from __future__ import annotations

import os
import threading
import webbrowser
from typing import Annotated

import typer

from runsense.cli._app import err, friendly_errors, out, state
from runsense.errors import InvalidInputError

_LOCAL = {"127.0.0.1", "localhost", "::1"}


@friendly_errors
def dashboard_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Other than 127.0.0.1 exposes your health data to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8050,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Only print the address; do not open a browser.")] = False,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Needed with a --host other than this computer; asks for a password.")] = False,
) -> None:
    """Open the weekly dashboard: form against your own baseline, load, shoes, pain and flags.

    It listens on 127.0.0.1 (this computer only) unless told otherwise. Stop it with Ctrl+C.
    """
    if host not in _LOCAL and not allow_remote:
        raise InvalidInputError(f"--host {host} would show your pain log (health data) to other computers; add --allow-remote if you mean it")
    password_hash = None
    if host not in _LOCAL:
        err.print(f"[bold red]warning:[/bold red] serving on {host}: anyone who can reach this address can try to see your pain log, which is health data.")
        from werkzeug.security import generate_password_hash

        password = os.environ.get("RUNSENSE_DASHBOARD_PASSWORD") or typer.prompt("Password for the dashboard (user 'runner')", hide_input=True, confirmation_prompt=True)
        if len(password) < 8:
            raise InvalidInputError("the dashboard password must have at least 8 characters")
        password_hash = generate_password_hash(password)  # only the hash is kept, in memory
    try:
        from dashboards import create_app
    except ImportError as exc:  # pragma: no cover - the dashboard ships with runsense
        raise InvalidInputError(f"the dashboard is not installed ({exc}); reinstall runsense") from exc
    options = state(ctx)
    with options.store():
        pass  # create or upgrade the store before serving
    app = create_app(options.db, options.settings, password_hash=password_hash)
    url = f"http://{'127.0.0.1' if host in _LOCAL else host}:{port}/"
    out.print(f"runsense dashboard for {options.db} at [bold]{url}[/bold] (Ctrl+C to stop)")
    if not no_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    from waitress import serve  # a production WSGI server: no development-server warning, many threads

    serve(app.server, host=host, port=port, threads=8, ident="runsense")
