"""Send alerts where the runner will see them, through Apprise (e-mail, ntfy, Matrix, desktop…).

Apprise is optional (``pip install runsense[notify]``); URLs come from the settings file.
"""

from __future__ import annotations

from runsense.errors import ConfigError


def send(urls: tuple[str, ...] | list[str], title: str, body: str) -> bool:
    """Deliver one message to every configured URL; True when every service accepted it.

    Raises
    ------
    ConfigError
        Apprise is not installed, or a URL is not one Apprise understands.
    """
    if not urls:
        return True
    try:
        import apprise
    except ImportError as exc:
        msg = "notification URLs are set but Apprise is not installed: pip install 'runsense[notify]'"
        raise ConfigError(msg) from exc
    sender = apprise.Apprise()
    for url in urls:
        if not sender.add(url):
            raise ConfigError(f"notify.urls: {url.split('://')[0]}://… is not a notification URL Apprise understands")
    return bool(sender.notify(title=title, body=body))
