"""Who may talk to the dashboard: the ``Host`` it answers to, the origin of what changes state, and
the password with a lockout for remote access.

Why a ``Host`` check on a server bound to 127.0.0.1: in DNS rebinding, a web page on another site
makes its own name resolve to 127.0.0.1; the browser then treats the dashboard as that site, reads the
pain history and posts entries. The page's requests still carry the attacker's name in ``Host``, so
answering only to the names this dashboard is reached by stops it. An IP address in ``Host`` cannot
be rebound (the origin *is* that address), so a dashboard bound to every interface answers to any.

Every Dash callback is a POST, and a browser sends ``Origin`` with each; a POST must come from the
page's own origin (or, without ``Origin``, say ``Sec-Fetch-Site: same-origin``).
"""

from __future__ import annotations

import hmac
import ipaddress
import math
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Flask, Response, request
from werkzeug.security import check_password_hash

#: names a dashboard on this computer always answers to
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
#: addresses that mean "every interface": the Host is then whatever address the client used
_WILDCARD = frozenset({"0.0.0.0", "::", ""})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


_HOST = re.compile(r"\[(?P<v6>[0-9a-f:.]+)\](?::\d{1,5})?|(?P<name>[^:\[\]@/\s]*?)\.?(?::\d{1,5})?")


def host_name(host: str) -> str:
    """``Host`` header or URL netloc → the lower-case name without port, brackets or final dot;
    anything that is not a host (``a@b``, ``[::1]x``, two ports) comes back whole, matching nothing."""
    host = host.strip().lower()
    match = _HOST.fullmatch(host)
    if match is None:
        return host
    return match["v6"] or match["name"]


def client_key(address: str) -> str:
    """Whom a failed login counts against: the IPv4 address, or the IPv6 /64 network (one
    household or server holds a whole /64, so single IPv6 addresses would be free to rotate)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """The names this dashboard answers to: this computer's, the bound address, the runner's own."""

    bound: str = "127.0.0.1"
    extra: frozenset[str] = frozenset()

    @classmethod
    def build(cls, bound: str, allowed: Iterable[str] = ()) -> HostPolicy:
        return cls(host_name(bound), frozenset(host_name(h) for h in allowed if h.strip()))

    def allows(self, host: str) -> bool:
        name = host_name(host)
        if name in LOCAL_HOSTS or name in self.extra or (name == self.bound and self.bound not in _WILDCARD):
            return True
        return self.bound in _WILDCARD and _is_ip(name)


def same_origin(origin: str, host: str) -> bool:
    """Whether ``Origin`` names the site the request was sent to (scheme aside: a TLS proxy may
    speak plain HTTP to the dashboard)."""
    netloc = urlsplit(origin.strip()).netloc.lower()
    return bool(netloc) and netloc == host.strip().lower()


def install_host_check(server: Flask, policy: HostPolicy) -> None:
    """Refuse requests for other hosts (421) and cross-origin state changes (403), before anything else."""

    def check() -> Response | None:
        host = request.headers.get("Host", "")
        if not policy.allows(host):
            return _refuse(421, f"runsense does not answer to the host {host_name(host)!r}: open it as http://127.0.0.1 or "
                                "http://localhost, or start it with --allowed-host NAME to reach it by that name.")  # fmt: skip
        origin = request.headers.get("Origin")
        if origin is not None and not same_origin(origin, host):
            return _refuse(403, f"refused: this request comes from another site ({origin[:100]}), not from the runsense page.")
        if request.method not in _SAFE_METHODS and origin is None and request.headers.get("Sec-Fetch-Site") != "same-origin":
            return _refuse(403, "refused: a change must come from the runsense page itself (no Origin or same-origin Sec-Fetch-Site header).")
        return None

    server.before_request_funcs.setdefault(None, []).insert(0, check)


def _refuse(status: int, text: str, headers: dict[str, str] | None = None) -> Response:
    return Response(text + "\n", status=status, mimetype="text/plain", headers=headers)


@dataclass(slots=True)
class LoginThrottle:
    """Failed logins per client address: after :attr:`free` failures, each new one locks that address
    out for twice as long as the last (1 s, 2 s, 4 s … up to :attr:`max_lock_s`); a success forgets them.

    Passwords are not even checked while an address is locked out, so guessing is bounded by the
    lockout, not by the speed of the hash.
    """

    free: int = 5
    max_lock_s: float = 900.0
    max_clients: int = 10_000
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)  # address → (failures, locked until)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_s(self, client: str, now: float | None = None) -> float:
        """Seconds ``client`` must still wait before trying again (0 when it may)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            _, until = self._failures.get(client, (0, 0.0))
        return max(0.0, until - now)

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._failures) >= self.max_clients:
                self._forget_expired(now)
            count = self._failures.get(client, (0, 0.0))[0] + 1
            lock_s = 0.0 if count < self.free else min(2.0 ** (count - self.free), self.max_lock_s)
            self._failures[client] = (count, now + lock_s)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def _forget_expired(self, now: float) -> None:
        expired = [c for c, (_, until) in self._failures.items() if until <= now]
        for client in expired or list(self._failures)[: self.max_clients // 2]:
            del self._failures[client]


def install_password(server: Flask, username: str, password_hash: str, throttle: LoginThrottle | None = None) -> LoginThrottle:
    """Require HTTP basic authentication on every request, with failed logins throttled per address."""
    throttle = throttle or LoginThrottle()
    challenge = {"WWW-Authenticate": 'Basic realm="runsense", charset="UTF-8"'}

    def check() -> Response | None:
        client = client_key(request.remote_addr or "?")
        wait = throttle.wait_s(client)
        if wait > 0:
            return _refuse(429, f"too many wrong passwords from {client}: try again in {math.ceil(wait)} s.", {"Retry-After": str(math.ceil(wait))})
        auth = request.authorization
        if auth is None or auth.type != "basic":
            return _refuse(401, "runsense needs the dashboard password (user 'runner').", challenge)
        user_ok = hmac.compare_digest((auth.username or "").encode(), username.encode())
        if check_password_hash(password_hash, auth.password or "") and user_ok:
            throttle.succeeded(client)
            return None
        throttle.failed(client)
        return _refuse(401, "wrong user name or password.", challenge)

    server.before_request(check)
    return throttle
