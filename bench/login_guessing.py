"""How many passwords one client can try against ``runsense dashboard --allow-remote`` in a while.

Serves the dashboard (waitress, password from ``RUNSENSE_DASHBOARD_PASSWORD``) on a scratch store in
a child process and sends wrong passwords as fast as one client can for ``SECONDS`` (default 30),
waiting out each ``Retry-After`` as a patient attacker would. Run: ``python bench/login_guessing.py [SECONDS]``.
"""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a long and right passphrase"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, password: str) -> tuple[int, str]:
    token = base64.b64encode(f"runner:{password}".encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Retry-After", "")
    except (urllib.error.URLError, ConnectionError):
        return 0, ""  # not listening yet


def main(seconds: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        env = os.environ | {"RUNSENSE_SETTINGS": str(Path(folder) / "none.toml"), "PYTHONPATH": str(ROOT), "RUNSENSE_DASHBOARD_PASSWORD": PASSWORD}
        server = subprocess.Popen([sys.executable, "-m", "runsense", "--db", str(Path(folder) / "s.sqlite"), "dashboard", "--no-browser", "--port", str(port),
                                   "--allow-remote"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        try:
            deadline = time.monotonic() + 60
            while _get(url, PASSWORD)[0] != 200:
                if time.monotonic() > deadline:
                    raise RuntimeError("the dashboard did not start")
                time.sleep(0.3)
            checked = refused = 0
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                status, retry = _get(url, f"guess{checked}")
                if status == 401:
                    checked += 1
                elif status == 429:
                    refused += 1
                    time.sleep(min(float(retry or 1), max(0.0, end - time.monotonic())))
            print(f"{seconds:.0f} s of guessing from one address: {checked} passwords checked, {refused} attempts refused while locked out; "
                  f"right password then: HTTP {_get(url, PASSWORD)[0]}")  # fmt: skip
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 30.0)
