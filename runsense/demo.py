"""The demo: the example story imported into its own store (never the runner's), shoes and pain included.

The story's files are written afresh by :mod:`runsense.examples` into a temporary folder, so the
demo works from an installed wheel as from a checkout (whose ``example_fit_files/`` holds the same
files, checked by a test).
"""

from __future__ import annotations

import csv
import json
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import platformdirs

from runsense.alerts import refresh_alerts
from runsense.analysis import analyse
from runsense.coach import weekly_cadence_at_ref
from runsense.examples import write_examples
from runsense.ingest import import_paths
from runsense.journal import make_marker, make_strength_session
from runsense.pain import make_entry
from runsense.plan import iso_week_of, start_plan
from runsense.settings import Settings
from runsense.signal.config import SignalConfig
from runsense.store import Store, open_store
from runsense.units import parse_distance_m


def demo_db_path() -> Path:
    """Where the demo store lives: a folder of its own in the user data directory."""
    return Path(platformdirs.user_data_dir("runsense", appauthor=False)) / "demo" / "runsense-demo.sqlite"


#: Monday of the story's first week (see ``runsense.examples.story``)
_FIRST_MONDAY = date(2026, 7, 20)


def _journal(store: Store, config: SignalConfig) -> None:
    """The story's work besides running: core sessions twice a week that stop the week before the
    spike and come back with the cadence work (three a week), the markers of the new shoes and of
    the cadence work, and the cadence plan started that week from the runner's cadence then."""
    for week in range(16):
        days = (1, 3) if week < 7 else (1,) if week == 7 else () if week < 13 else (1, 3, 5)
        for weekday in days:
            day = _FIRST_MONDAY + timedelta(weeks=week, days=weekday)
            store.add_strength_session(make_strength_session(day.isoformat(), 20, "core", "planks, side planks, bird dogs, glute bridges", today=day))
    new_shoes, cadence_work = _FIRST_MONDAY + timedelta(weeks=12), _FIRST_MONDAY + timedelta(weeks=13)
    store.add_marker(make_marker(new_shoes.isoformat(), "new shoes (Novablast 4)", "shoes", today=new_shoes))
    store.add_marker(make_marker(cadence_work.isoformat(), "started cadence work", "cadence", today=cadence_work))
    weekly, v_ref = weekly_cadence_at_ref(analyse(store, config))
    start, drill = iso_week_of(cadence_work), config.cadence
    store.start_cadence_plan(start_plan({w: v for w, v in weekly.items() if w < start}, v_ref, start, step_pct=drill.drill_step_pct, max_pct=drill.drill_max_pct))


def build_demo(db: Path | None = None, examples: Path | None = None, settings: Settings | None = None) -> dict[str, Any]:
    """(Re)build the demo store from the story's files; running it twice gives the same store.

    ``examples``: a folder the files were already written to (tests pass the checkout's, to save
    writing them); by default they are written from the story into a temporary folder.
    """
    if examples is None:
        with tempfile.TemporaryDirectory(prefix="runsense-demo-") as folder:
            write_examples(Path(folder))
            return build_demo(db, Path(folder), settings)
    db = db or demo_db_path()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    settings = settings or Settings()
    with open_store(db) as store:
        shoes = json.loads((examples / "shoes.json").read_text())
        for shoe in shoes:
            store.add_shoe(shoe["name"], brand=shoe["brand"], start_distance_m=parse_distance_m(shoe["start_distance"]), purchase_date=shoe["from"])
        report = import_paths(store, [examples], local_tz=settings.tz, config=settings.signal)
        for shoe in shoes:
            store.assign_shoe(store.shoe(shoe["name"]).id, date_from=shoe["from"], date_to=shoe["to"])
        store.update_shoe(shoes[-1]["name"], default_for="running")
        with (examples / "pain_log.csv").open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        latest = max(datetime.fromisoformat(f"{r['date']}T{r['time']}") for r in rows)
        for row in rows:
            when = datetime.fromisoformat(f"{row['date']}T{row['time']}")
            store.add_pain(make_entry(int(row["score"]), when=when, location=row["location"], timing=row["timing"], note=row["note"], now=latest))
        _journal(store, settings.signal)
        alerts = refresh_alerts(store, settings)
    return {"db": db, "imported": len(report.imported), "duplicates": len(report.duplicates), "pain_entries": len(rows), "shoes": len(shoes), "alerts": len(alerts)}
