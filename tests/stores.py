"""The four stores the whole suite checks pages, reports and alerts on, built from real parts.

- ``demo``: the example story (:func:`runsense.demo.build_demo`), shoes and pain included.
- ``corpus``: every file of ``../shared/corpus``, the odd ones included, through the normal import
  service (files it refuses are recorded as failures; none may crash it).
- ``history``: ``../shared/tools/real_history.py`` output (real device FIT files date-shifted into a
  many-year history, :data:`HISTORY_RUNS` runs), with pain entries (notes, a red flag reported in a
  week that holds runs, and an emergency red flag in a recent week without runs: the runner who
  stopped because of pain) and shoes, all through the service layer.
- ``empty``: a store with nothing in it, as a new user has.

``python -m tests.stores OUTDIR`` builds them and prints how long each took.
"""

from __future__ import annotations

import fcntl
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from runsense.alerts import refresh_alerts
from runsense.demo import build_demo
from runsense.ingest import ImportReport, import_paths
from runsense.pain import make_entry
from runsense.settings import Settings
from runsense.store import SQLiteStore, open_store
from runsense.weeks import week_of
from tests.conftest import CORPUS

REAL_HISTORY = CORPUS.parent / "tools" / "real_history.py"
#: runs in the real history (the issue asks for at least 120)
HISTORY_RUNS = 120
STORE_NAMES = ("demo", "corpus", "history", "empty")


@dataclass(frozen=True, slots=True)
class HistoryFacts:
    """What the history store was given, for tests to check against."""

    red_flag_day: date  # the emergency red flag, in a week without runs
    red_flag_week: str
    earlier_red_flag_day: date  # a "soon" red flag in a week with runs
    first_week: str
    last_run_week: str


def build_demo_store(db: Path) -> Path:
    """The example story."""
    build_demo(db, settings=Settings())
    return db


def build_corpus_store(db: Path) -> ImportReport:
    """Every corpus file through :func:`runsense.ingest.import_paths`: failures fine, crashes not."""
    with open_store(db) as store:
        return import_paths(store, [CORPUS])


def build_empty_store(db: Path) -> Path:
    """A new user's store."""
    with open_store(db):
        pass
    return db


def real_history_files(outdir: Path, n: int = HISTORY_RUNS) -> Path:
    """Run the real-history tool once into ``outdir`` (it does nothing when its manifest is there).

    A lock file keeps two test sessions sharing the folder from writing it at the same time.
    """
    outdir.parent.mkdir(parents=True, exist_ok=True)
    with (outdir.parent / f"{outdir.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run([sys.executable, str(REAL_HISTORY), str(n), str(outdir)], check=True, capture_output=True, text=True)
    return outdir


def build_history_store(db: Path, files: Path, today: date | None = None) -> HistoryFacts:
    """The real history, then shoes and pain entries as a runner would add them, then its alerts."""
    today = today or date.today()
    with open_store(db) as store:
        report = import_paths(store, [files])
        assert not report.failed, report.failed
        _add_shoes(store)
        facts = _add_pain(store, today)
        refresh_alerts(store, Settings())
    return facts


def _add_shoes(store: SQLiteStore) -> None:
    """Two pairs: the older for runs up to 2019, the newer (the default) after."""
    store.add_shoe("Ghost 12", brand="Brooks", start_distance_m=120_000.0, purchase_date="2012-01-01")
    store.add_shoe("Novablast 4", brand="Asics", purchase_date="2020-01-01")
    store.assign_shoe(store.shoe("Ghost 12").id, date_to="2019-12-31")
    store.assign_shoe(store.shoe("Novablast 4").id, date_from="2020-01-01")
    store.update_shoe("Novablast 4", default_for="running")


def _add_pain(store: SQLiteStore, today: date) -> HistoryFacts:
    """Morning scores after the last 20 runs (with notes), a "soon" red flag on a run day, and an
    emergency red flag on the latest day before today whose week holds no run."""
    run_days = sorted({date.fromisoformat(a.local_date) for a in store.activities("running")})
    run_weeks = {week_of(d) for d in run_days}
    now = datetime.combine(today, datetime.min.time()).replace(hour=23, minute=59)
    for i, day in enumerate(run_days[-20:]):
        morning = datetime.combine(day + timedelta(days=1), datetime.min.time()).replace(hour=7, minute=5)
        store.add_pain(make_entry(2 + i % 3, when=morning, timing="morning", note=f"stiff getting up, day {i}", now=now))
    earlier = run_days[-5]
    store.add_pain(make_entry(4, when=datetime.combine(earlier, datetime.min.time()).replace(hour=19), timing="after-run",
                              location="below-knee-left", note="tingling down the left calf", now=now))  # fmt: skip
    red_day = next(today - timedelta(days=k) for k in range(1, 400) if week_of(today - timedelta(days=k)) not in run_weeks)
    store.add_pain(make_entry(8, when=datetime.combine(red_day, datetime.min.time()).replace(hour=9), timing="morning",
                              note="could not run: numb between the legs", red_flags=["saddle-numbness"], now=now))  # fmt: skip
    return HistoryFacts(red_day, week_of(red_day), earlier, week_of(run_days[0]), week_of(run_days[-1]))


def main(outdir: str) -> None:
    """Build the four stores into ``outdir`` and print how long each took."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    steps = {
        "demo": lambda: build_demo_store(out / "demo.sqlite"),
        "corpus": lambda: build_corpus_store(out / "corpus.sqlite"),
        "history files": lambda: real_history_files(out / f"real-history-{HISTORY_RUNS}"),
        "history": lambda: build_history_store(out / "history.sqlite", out / f"real-history-{HISTORY_RUNS}"),
        "empty": lambda: build_empty_store(out / "empty.sqlite"),
    }
    for name, step in steps.items():
        start = time.perf_counter()
        step()
        print(f"{name}: {time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
