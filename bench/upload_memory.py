"""Peak memory of the dashboard server for one upload at the ``[limits] max_upload_mb`` limit.

Serves ``runsense dashboard`` (waitress, as a runner would) on a scratch store in a child process,
posts one Import-page upload exactly as the browser does, and reads the server's peak resident
memory (VmHWM) before and after. Run: ``python bench/upload_memory.py [FILE ...]`` (default: a
random 63 MB ``.fit``, which the reader refuses, and the largest FIT of the corpus).
"""

from __future__ import annotations

import base64
import json
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
CORPUS = ROOT.parent / "shared" / "corpus"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def _wait(url: str, deadline_s: float = 60) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise RuntimeError(f"the dashboard did not answer at {url}")


def measure(name: str, raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        port = _free_port()
        env = os.environ | {"RUNSENSE_SETTINGS": str(Path(folder) / "none.toml"), "PYTHONPATH": str(ROOT)}
        server = subprocess.Popen([sys.executable, "-m", "runsense", "--db", str(Path(folder) / "s.sqlite"), "dashboard", "--no-browser", "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/import")
            before = _peak_mb(server.pid)
            body = json.dumps({
                "output": "import-result.children", "outputs": {"id": "import-result", "property": "children"},
                "inputs": [{"id": "import-accepted", "property": "data",
                            "value": {"contents": ["data:application/octet-stream;base64," + base64.b64encode(raw).decode()], "names": [name]}}],
                "changedPropIds": ["import-accepted.data"], "state": [],
            }).encode()  # fmt: skip
            request = urllib.request.Request(base + "/_dash-update-component", data=body, method="POST",
                                             headers={"Content-Type": "application/json", "Origin": base})  # fmt: skip
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=600) as response:
                answer = response.read().decode()
            seconds = time.perf_counter() - started
            summary = answer.split('"children":"', 2)[1].split('"', 1)[0] if '"children":"' in answer else answer[:120]
            print(f"{name}: {len(raw) / 2**20:.1f} MB upload, server peak RSS {before:.0f} MB idle → {_peak_mb(server.pid):.0f} MB, {seconds:.1f} s: {summary}")
        finally:
            server.terminate()
            server.wait(30)


def main(paths: list[str]) -> None:
    if paths:
        for path in paths:
            measure(Path(path).name, Path(path).read_bytes())
        return
    measure("random.fit", os.urandom(63 * 2**20))
    largest = max(CORPUS.rglob("*.fit"), key=lambda p: p.stat().st_size)
    measure(largest.name, largest.read_bytes())


if __name__ == "__main__":
    main(sys.argv[1:])
