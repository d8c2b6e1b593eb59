"""A restore rolls the store's write counters back; the dashboard's cached pages must not come back
with them (a deleted entry shown, an emergency red flag logged after the restore hidden)."""

from __future__ import annotations

from datetime import datetime

from dashboards import create_app, data
from dashboards.callbacks import week
from runsense.ingest import import_paths
from runsense.pain import make_entry
from runsense.settings import Settings
from runsense.store import open_store, restore_store
from tests.conftest import EXAMPLES


def test_after_a_restore_the_week_page_shows_the_restored_store(tmp_path):
    db = tmp_path / "store.sqlite"
    with open_store(db) as s:
        import_paths(s, sorted(EXAMPLES.glob("*.fit"))[:6])
    app = create_app(db, Settings())
    with app.server.app_context():
        with data.store() as s:
            weeks = data.analysis(s).weeks
            latest = str(weeks.loc[weeks["runs"] > 0, "week"].iloc[-1])  # the Week page opens on today's week; this test looks at the runs' week
        first_day = datetime.fromisocalendar(int(latest[:4]), int(latest[6:8]), 1)
        with open_store(db) as s:
            s.backup(tmp_path / "backup.sqlite")
            s.add_pain(make_entry(3, when=first_day.replace(hour=7, minute=11), timing="morning", now=first_day.replace(hour=8)))
        assert "07:11 · 3/10" in str(week.render_week(latest))  # rendered and cached with the entry

        restore_store(db, tmp_path / "backup.sqlite")  # the entry is gone, the counters are back
        with open_store(db) as s:
            s.add_pain(make_entry(9, when=first_day.replace(hour=9, minute=42), timing="other", red_flags=["bladder-bowel"], now=first_day.replace(hour=10)))
            assert s.integrity_check() == "ok"
        page = str(week.render_week(latest))
    assert "07:11 · 3/10" not in page  # the deleted entry is not shown
    assert "09:42 · 9/10" in page and "RF-EMERG" in page  # the red flag logged after the restore is
