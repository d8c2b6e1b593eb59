"""A bounded load test of the dashboard on 127.0.0.1, optionally while an import writes.

    python bench/load_test.py [--db PATH] [--clients 20] [--seconds 60] [--import-while PATH]

Serves the dashboard for PATH (default: the demo store, built if missing) in this process, then
``--clients`` threads request the Week and Trends callbacks (the pages' server work) in a loop for
``--seconds``. Prints requests, errors and latency percentiles per page. Only 127.0.0.1 is used.
``--import-while`` runs `runsense import` in another process meanwhile, as a runner would.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from werkzeug.serving import make_server

from dashboards import create_app
from runsense.demo import build_demo
from runsense.settings import Settings
from runsense.store import open_store

WEEK = {
    "output": "week-body.children", "outputs": {"id": "week-body", "property": "children"},
    "inputs": [{"id": "week-picker", "property": "value", "value": None}], "changedPropIds": ["week-picker.value"], "state": [],
}  # fmt: skip
TRENDS = {
    "output": "..trends-form-graph.figure...trends-metrics-graph.figure...trends-load-graph.figure...trends-advice-graph.figure...trends-message.children..",
    "outputs": [*({"id": i, "property": "figure"} for i in ("trends-form-graph", "trends-metrics-graph", "trends-load-graph", "trends-advice-graph")),
                {"id": "trends-message", "property": "children"}],
    "inputs": [{"id": "period-from", "property": "value", "value": None}, {"id": "period-to", "property": "value", "value": None},
               {"id": "trends-reference", "property": "children", "value": None}],
    "changedPropIds": ["period-from.value"], "state": [],
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("bench/out/load.sqlite"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--import-while", type=Path, help="import these files while the load runs")
    args = parser.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        build_demo(args.db, settings=Settings())
    with open_store(args.db, read_only=True) as store:
        from runsense.analysis import analyse

        weeks = [w for w in analyse(store).weeks["week"]]
    app = create_app(args.db, Settings())
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"  # as the page's own requests say (others are refused)
    url = f"{origin}/_dash-update-component"
    results: dict[str, list[tuple[float, float]]] = {"week": [], "trends": []}  # (finished at, seconds)
    errors: dict[str, list[str]] = {"week": [], "trends": []}
    lock = threading.Lock()
    deadline = time.monotonic() + args.seconds

    def client(n: int) -> None:
        i = 0
        while time.monotonic() < deadline:
            page = "week" if (n + i) % 2 == 0 else "trends"
            body = json.loads(json.dumps(WEEK if page == "week" else TRENDS))
            if page == "week":
                body["inputs"][0]["value"] = weeks[(n * 7 + i) % len(weeks)]
            request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json", "Origin": origin})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    ok = response.status == 200 and b"database is locked" not in response.read()
                    error = None if ok else f"status {response.status}"
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
            with lock:
                (errors[page].append(error) if error else results[page].append((time.monotonic(), time.perf_counter() - started)))
            i += 1

    writer = None
    import_done: list[tuple[float, dict]] = []
    if args.import_while:
        # as a runner would: `runsense import` in another terminal while the dashboard is open
        command = [sys.executable, "-m", "runsense", "--db", str(args.db), "import", str(args.import_while), "--json"]
        writer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        import_started = time.monotonic()

        def watch() -> None:
            output = writer.communicate()[0]
            import_done.append((time.monotonic(), json.loads(output or b"{}")))

        watcher = threading.Thread(target=watch)
        watcher.start()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    import_ended = None
    if writer:
        watcher.join()
        import_ended, report = import_done[0]
        print(f"import during the load (another process): {len(report.get('imported', []))} imported, {len(report.get('failed', []))} failed, "
              f"done {import_ended - import_started:.0f} s after it started")  # fmt: skip
    server.shutdown()
    for page in ("week", "trends"):
        show(page, [d for _, d in results[page]], errors[page])
        if import_ended is not None:
            show(f"  {page} while the import ran", [d for at, d in results[page] if at <= import_ended], [])


def show(label: str, durations: list[float], errors: list[str]) -> None:
    times = sorted(durations)
    if not times:
        print(f"{label}: no successful requests; errors: {errors[:3]}")
        return
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{label}: {len(times):,} requests, {len(errors)} errors, median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
          + (f"; first error: {errors[0]}" if errors else ""))  # fmt: skip


if __name__ == "__main__":
    main()
