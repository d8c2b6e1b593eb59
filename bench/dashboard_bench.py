"""Dashboard server work with 10 years of running in the store.

    python bench/archive.py --fit-out bench/out/archive     # once
    python bench/dashboard_bench.py [--repeat 7]

Imports the archive into bench/out/dashboard.sqlite (once), then times the callbacks behind the
Week, Trends and Activity pages: the first request after an import (cold: the weekly analysis of
10 years is computed) and later requests (warm), as medians. Baseline in the same run: opening a
store connection and counting activities, the least any request does. The process keeps heap
headroom as ``runsense dashboard`` does.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from pathlib import Path

from dashboards import create_app, data
from dashboards.callbacks import activity, trends, week
from runsense.ingest import import_paths
from runsense.memory import keep_heap_headroom
from runsense.settings import Settings
from runsense.store import open_store

OUT = Path(__file__).resolve().parent / "out"


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    keep_heap_headroom()  # as the runsense command does at start
    db = OUT / "dashboard.sqlite"
    with open_store(db) as store:  # creates the store, or upgrades one an earlier runsense wrote
        if not store.counts()["activities"]:
            import_paths(store, [OUT / "archive"], workers=2)
    app = create_app(db, Settings())
    for thread in threading.enumerate():  # the app warms its caches at start: let it finish before clearing them
        if thread.name == "runsense-warm-cache":
            thread.join()
    with app.server.app_context(), open_store(db, read_only=True) as store:
        n = store.counts()["activities"]
        ids = [a.id for a in store.activities()[-20:]]
        def open_and_count() -> None:
            with data.store() as s:
                s.counts()

        baseline = median_ms(open_and_count, args.repeat)
        latest = data.analysis(store).week_ids[-1]
        data._cache.clear()
        data._rendered.clear()
        started = time.perf_counter()
        week.render_week(latest)
        cold_week = (time.perf_counter() - started) * 1000
        weeks = data.analysis(store).week_ids[-args.repeat * 2 :]
        week_times = []
        for w in weeks:  # each week rendered for the first time: the analysis is cached, the page is not
            started = time.perf_counter()
            week.render_week(w)
            week_times.append((time.perf_counter() - started) * 1000)
        warm_week_repeat = median_ms(lambda: week.render_week(latest), args.repeat)
        data._rendered.clear()
        trends_times = []
        for n_weeks in (4, 12, 26, 52, 4, 12, 26):
            data._rendered.clear()
            started = time.perf_counter()
            trends.render_trends(n_weeks)
            trends_times.append((time.perf_counter() - started) * 1000)
        activity_times = []
        for activity_id in ids[: args.repeat]:
            started = time.perf_counter()
            activity.render_activity(activity_id)
            activity_times.append((time.perf_counter() - started) * 1000)
    print(f"store: {n:,} activities over 10 years; baseline (open a connection, count): {baseline:.1f} ms")
    print(f"Week: first request after an import {cold_week:.0f} ms; a week not shown before {statistics.median(week_times):.0f} ms (median); "
          f"the same week again {warm_week_repeat:.1f} ms")  # fmt: skip
    print(f"Trends (each window rendered fresh): median {statistics.median(trends_times):.0f} ms")
    print(f"Activity page (one run, samples, splits, map): median {statistics.median(activity_times):.0f} ms")


if __name__ == "__main__":
    main()
