"""A bounded load test of the dashboard on 127.0.0.1, optionally while an import writes.

    python bench/load_test.py [--db PATH] [--clients 20] [--seconds 60] [--import-while PATH]

Serves the dashboard for PATH (default: the demo store, built if missing) in this process, then
``--clients`` threads request the Week and Trends callbacks (the pages' server work) in a loop for
``--seconds``. Prints requests, errors and latency percentiles per page. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import json
import statistics
import threading
import time
import urllib.request
from pathlib import Path

from werkzeug.serving import make_server

from dashboards import create_app
from runsense.demo import build_demo
from runsense.ingest import import_paths
from runsense.settings import Settings
from runsense.store import open_store

WEEK = {
    "output": "week-body.children", "outputs": {"id": "week-body", "property": "children"},
    "inputs": [{"id": "week-picker", "property": "value", "value": None}], "changedPropIds": ["week-picker.value"], "state": [],
}  # fmt: skip
TRENDS = {
    "output": "..trends-form-graph.figure...trends-metrics-graph.figure...trends-load-graph.figure..",
    "outputs": [{"id": i, "property": "figure"} for i in ("trends-form-graph", "trends-metrics-graph", "trends-load-graph")],
    "inputs": [{"id": "trends-window", "property": "value", "value": 26}], "changedPropIds": ["trends-window.value"], "state": [],
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
    url = f"http://127.0.0.1:{server.server_port}/_dash-update-component"
    results: dict[str, list[float]] = {"week": [], "trends": []}
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
            request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    ok = response.status == 200 and b"database is locked" not in response.read()
                    error = None if ok else f"status {response.status}"
            except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
                error = f"{type(exc).__name__}: {exc}"
            with lock:
                (errors[page].append(error) if error else results[page].append(time.perf_counter() - started))
            i += 1

    writer = None
    if args.import_while:
        def do_import() -> None:
            with open_store(args.db) as store:
                report = import_paths(store, [args.import_while], workers=1)
            print(f"import during the load: {len(report.imported)} imported, {len(report.failed)} failed")

        writer = threading.Thread(target=do_import)
        writer.start()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if writer:
        writer.join()
    server.shutdown()
    for page in ("week", "trends"):
        times = sorted(results[page])
        if not times:
            print(f"{page}: no successful requests; errors: {errors[page][:3]}")
            continue
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"{page}: {len(times):,} requests, {len(errors[page])} errors, median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
              + (f"; first error: {errors[page][0]}" if errors[page] else ""))  # fmt: skip


if __name__ == "__main__":
    main()
