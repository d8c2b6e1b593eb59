"""The store's typed rows (``runsense/records/``): they cover every stored column, cannot be
changed by a reader, and come back from a real store as what was put in."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import datetime

import pytest

from runsense.errors import Issue, IssueCode
from runsense.ingest import import_paths
from runsense.pain import make_entry
from runsense.records import ActivityRow, Alert, PainEntry, Shoe, field_names
from runsense.settings import Settings
from runsense.shoes import shoe_status
from runsense.units import M_PER_KM
from tests.conftest import corpus_path

RUN = "ActivityLog2/920xt-run.fit"  # a Forerunner 920XT run with running dynamics
#: what each row adds to its table's columns (joins and sums), or computes from them
DERIVED = {ActivityRow: {"shoe", "start_time"}, Shoe: {"distance_m", "activities", "last_used"}, PainEntry: set(), Alert: set()}
TABLES = {ActivityRow: "activities", Shoe: "shoes", PainEntry: "pain", Alert: "alerts"}


@pytest.mark.parametrize("row_type", list(TABLES), ids=lambda t: t.__name__)
def test_every_stored_column_is_a_field_of_its_row(store, row_type):
    """A column added by a migration without its field would never reach the CLI or the dashboard."""
    with sqlite3.connect(store.path) as db:
        columns = {r[1] for r in db.execute(f"PRAGMA table_info({TABLES[row_type]})")}
    names = set(field_names(row_type)) | ({"local_date"} if row_type is PainEntry else set())  # an entry's date is its time's
    assert names - DERIVED[row_type] == columns


def _stored(store, tmp_path):
    path = tmp_path / "run.fit"
    path.write_bytes(corpus_path(RUN).read_bytes())
    report = import_paths(store, [path], workers=1)
    store.add_shoe("Pegasus", start_distance_m=460 * M_PER_KM, thresholds_m=(400_000.0, 470_000.0, 800_000.0))
    store.assign_shoe(store.shoe("Pegasus").id, activity_ids=[report.imported[0]["id"]])
    entry_id = store.add_pain(make_entry(6, when=datetime(2026, 11, 2, 7, 30), location=["lower-back", "below-knee-left"], stiffness_min="40",
                                         stiffness_eases=True, now=datetime(2026, 11, 30)))  # fmt: skip
    store.add_alert("shoe:1:notice", "shoe_mileage", "info", "past its notice mark", {"code": "SHOE-NOTICE"})
    return store.activities()[0], store.shoe("pegasus"), store.pain_entry(entry_id), store.alerts()[0]


def test_rows_from_a_real_store_cannot_be_changed_by_a_reader(store, tmp_path):
    rows = _stored(store, tmp_path)
    for row in rows:
        with pytest.raises(dataclasses.FrozenInstanceError):
            row.id = 0
        assert not hasattr(row, "__dict__")  # slots: no stray attribute can be set either
    activity, _, entry, _ = rows
    assert isinstance(activity.sensors, tuple)
    assert isinstance(activity.issues, tuple)
    assert isinstance(entry.locations, tuple)
    assert isinstance(entry.red_flags, tuple)


def test_a_row_reads_back_what_was_stored(store, tmp_path):
    activity, shoe, entry, alert = _stored(store, tmp_path)
    assert (activity.shoe, activity.shoe_id, activity.sport) == ("Pegasus", shoe.id, "running")
    assert activity.start_time.startswith(activity.local_date)
    assert shoe.distance_m == pytest.approx(460 * M_PER_KM + activity.distance_m)
    assert (shoe.activities, shoe.last_used, shoe.thresholds_m, shoe.retired) == (1, activity.local_date, (400_000.0, 470_000.0, 800_000.0), False)
    assert (entry.score, entry.local_date, entry.location, entry.morning_stiffness_min, entry.stiffness_eases) == (6, "2026-11-02", "lower-back", 40, True)
    assert entry.red_flags == ("below-knee", "morning-stiffness")  # what the fields raise, stored with the entry
    assert (alert.kind, alert.payload, alert.acknowledged) == ("shoe_mileage", {"code": "SHOE-NOTICE"}, False)


def test_a_pairs_own_marks_decide_its_status(store, tmp_path):
    _, shoe, _, _ = _stored(store, tmp_path)
    status = shoe_status(shoe, Settings().shoe_thresholds_m)
    assert status.thresholds_m == (400_000.0, 470_000.0, 800_000.0)  # its own, not the 300/400/500 mi of the settings
    assert [level.level for level in status.crossed] == ["notice", "warning"]  # 460 km and a 12.6 km run: past 470 km
    assert status.next_mark_m == 800_000.0
    assert status.to_dict()["thresholds_crossed"] == ["notice", "warning"]
    assert shoe_status(dataclasses.replace(shoe, thresholds_m=None), Settings().shoe_thresholds_m).crossed == ()  # 472.6 km: short of 300 mi (482.8 km)


def test_an_unchecked_pain_entry_is_refused_and_nothing_is_stored(store):
    """The pain log's rules live in make_entry: the store takes only what it made (a dict used to go
    straight in, unchecked: a score of 11, an unknown location)."""
    with pytest.raises(TypeError, match=r"NewPainEntry made by runsense\.pain\.make_entry"):
        store.add_pain({"local_time": "2026-11-02T07:30", "score": 11, "location": "neck", "timing": "morning"})
    entry_id = store.add_pain(make_entry(3, when=datetime(2026, 11, 2, 7, 30), now=datetime(2026, 11, 30)))
    with pytest.raises(TypeError, match="not dict"):
        store.update_pain(entry_id, {"score": 11})
    assert [(e.id, e.score) for e in store.pain_entries()] == [(entry_id, 3)]


def test_issues_are_typed_read_back_as_stored_and_print_as_before(store, tmp_path):
    """An activity's reading problems are frozen, slotted :class:`Issue`s that give back the stored
    JSON exactly (``activity ID --json`` prints their ``to_dict()``); a code this version does not
    know (a newer runsense's) is kept as its text instead of making the activity unreadable."""
    data = bytearray(corpus_path(RUN).read_bytes())
    data[-1] ^= 0xFF  # a wrong CRC: imported, with an issue saying so
    (tmp_path / "crc.fit").write_bytes(bytes(data))
    activity = store.activity(import_paths(store, [tmp_path / "crc.fit"], workers=1).imported[0]["id"])
    assert activity.issues and all(isinstance(i, Issue) for i in activity.issues)
    assert IssueCode.CRC_MISMATCH in {i.code for i in activity.issues}
    with pytest.raises(dataclasses.FrozenInstanceError):
        activity.issues[0].message = "changed"
    assert not hasattr(activity.issues[0], "__dict__")
    with sqlite3.connect(store.path) as db:
        (raw,) = db.execute("SELECT issues FROM activities WHERE id = ?", (activity.id,)).fetchone()
        assert [i.to_dict() for i in activity.issues] == json.loads(raw)
        db.execute("UPDATE activities SET issues = ? WHERE id = ?", (json.dumps([{"code": "from_the_future", "message": "new", "count": 3}]), activity.id))
    (issue,) = store.activity(activity.id).issues
    assert (issue.code, issue.message, issue.count, issue.to_dict()) == ("from_the_future", "new", 3, {"code": "from_the_future", "message": "new", "count": 3})
