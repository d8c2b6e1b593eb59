"""The store contract: what any backend of :class:`runsense.store.Store` must do.

Written against the protocol only, through the ``backend`` fixture, which opens a store of each
backend (SQLite today). A PostgreSQL backend for clinics adds itself to ``BACKENDS`` and must
pass every test here unchanged. Real device files from the corpus, a real store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from runsense.display import Quantity
from runsense.errors import NotFoundError, StoreError
from runsense.ingest import import_paths
from runsense.journal import Marker, StrengthSession
from runsense.model import SAME_RUN_WINDOW_S, ReferencePace, RunKey, same_run
from runsense.ostrc import Checkin
from runsense.plan import CadencePlan
from runsense.records import ActivityRow, Alert, NewPainEntry, PainEntry, Shoe
from runsense.store import Store, open_store
from tests.conftest import EXAMPLES, corpus_path

RUN = "ActivityLog2/920xt-run.fit"  # a Forerunner 920XT run with running dynamics

Opener = Callable[..., Store]


def _sqlite(tmp_path: Path) -> Opener:
    path = tmp_path / "contract.sqlite"
    return lambda *, read_only=False: open_store(path, read_only=read_only)


BACKENDS = {"sqlite": _sqlite}


@pytest.fixture(params=sorted(BACKENDS))
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Opener:
    """Opens (another connection to) one store of the backend under test."""
    return BACKENDS[request.param](tmp_path)


@pytest.fixture
def backend(opener: Opener) -> Iterator[Store]:
    with opener() as store:
        assert isinstance(store, Store)
        yield store


def _import(store: Store, tmp_path: Path, relative: str = RUN) -> list[str]:
    path = tmp_path / Path(relative).name
    path.write_bytes(corpus_path(relative).read_bytes())
    report = import_paths(store, [path], workers=1)  # type: ignore[arg-type]
    return [item["id"] for item in report.imported]


def test_activities_round_trip_and_a_second_import_is_a_duplicate(backend, tmp_path):
    (activity_id,) = _import(backend, tmp_path)
    row = backend.activity(activity_id[:8])
    assert isinstance(row, ActivityRow)
    assert row.id == activity_id
    assert row.sport == "running"
    assert backend.activities("running") == [row]
    assert backend.sports() == ["running"]
    assert len(backend.records(activity_id)) == row.n_records > 0
    assert backend.counts()["activities"] == 1
    assert _import(backend, tmp_path) == []  # same bytes: nothing new
    assert backend.source_activity_ids(row.source_sha256) == [activity_id]
    with pytest.raises(NotFoundError, match="does not exist"):
        backend.activity("ffffffffffff")


def test_the_same_run_is_found_among_the_activities_starting_near_it(backend, tmp_path):
    (activity_id,) = _import(backend, tmp_path)
    row = backend.activity(activity_id)
    window = SAME_RUN_WINDOW_S * 1000
    ((found, key),) = backend.activities_starting_between(row.start_ms - window, row.start_ms + window)
    assert found == activity_id
    assert key == RunKey("running", row.start_ms, row.duration_s, row.distance_m)
    other_file = RunKey("generic", row.start_ms + 20_000, row.duration_s * 1.05, row.distance_m * 0.97)
    assert same_run(key, other_file)
    assert backend.activities_starting_between(row.start_ms + window, row.start_ms + 2 * window) == []


def test_segments_round_trip_with_their_activity(backend, tmp_path):
    (activity_id,) = _import(backend, tmp_path)
    segments = backend.segments("running")
    assert len(segments) > 0
    assert set(segments["activity_id"].astype(str)) == {activity_id}
    assert (segments["duration_s"] > 0).all()
    assert np.isfinite(segments["speed_mps"]).all()
    table = backend.activity_table("running", ["id", "distance_m"])
    assert list(table["id"]) == [activity_id]


def test_shoes_count_the_distance_of_their_activities(backend, tmp_path):
    (activity_id,) = _import(backend, tmp_path)
    distance_m = backend.activity(activity_id).distance_m
    shoe_id = backend.add_shoe("Pegasus", start_distance_m=1000.0, default_for="running")
    assert backend.shoe_id_named("Pegasus") == shoe_id
    assert backend.shoe_id_named("pegasus ") is None
    assert backend.default_shoe_id("running") == shoe_id
    assert backend.assign_shoe(shoe_id, activity_ids=[activity_id]) == 1
    shoe = backend.shoe("pegasus")
    assert isinstance(shoe, Shoe)
    assert (shoe.name, shoe.distance_m, shoe.activities, shoe.thresholds_m) == ("Pegasus", pytest.approx(1000.0 + distance_m), 1, None)
    assert backend.shoes() == [shoe]
    with pytest.raises(StoreError, match="already exists"):
        backend.add_shoe("PEGASUS")
    backend.update_shoe("Pegasus", retired_at="2026-11-01")
    assert backend.shoes(include_retired=False) == []
    assert backend.default_shoe_id("running") is None  # a retired pair is nobody's default


def test_pain_entries_round_trip_and_a_missing_one_is_named(backend):
    entry = NewPainEntry(local_time="2026-11-20T08:00", score=3, location="lower-back", timing="after-run", note="stiff", red_flags=("leg-numbness",),
                         locations=("lower-back", "below-knee-left"), leg_numbness=True, morning_stiffness_min=40, activity_interference=2)  # fmt: skip
    entry_id = backend.add_pain(entry)
    stored = backend.pain_entry(entry_id)
    assert isinstance(stored, PainEntry)
    assert stored == PainEntry(**{f.name: getattr(entry, f.name) for f in fields(entry)}, id=entry_id, created_at=stored.created_at)
    assert stored.local_date == "2026-11-20"
    backend.update_pain(entry_id, replace(entry, score=5))
    assert [e.score for e in backend.pain_entries()] == [5]
    backend.delete_pain(entry_id)
    with pytest.raises(NotFoundError, match=str(entry_id)):
        backend.pain_entry(entry_id)


def test_an_alert_is_recorded_once_per_key(backend):
    assert backend.add_alert("shoe:1:notice", "shoe_mileage", "info", "past 480 km", {"distance_km": 481.0})
    assert not backend.add_alert("shoe:1:notice", "shoe_mileage", "info", "past 480 km again", {})
    backend.update_alert("shoe:1:notice", "past 480 km: now 490 km", {"distance_km": 490.0})
    (alert,) = backend.alerts()
    assert isinstance(alert, Alert)
    assert (alert.key, alert.kind, alert.severity, alert.text("km"), alert.payload) == ("shoe:1:notice", "shoe_mileage", "info", "past 480 km: now 490 km", {"distance_km": 490.0})
    assert not alert.acknowledged
    backend.acknowledge_alert(alert.id)
    assert backend.alerts() == []
    (seen,) = backend.alerts(include_acknowledged=True)
    assert (seen.id, seen.acknowledged) == (alert.id, True)
    assert not backend.add_alert("shoe:1:notice", "shoe_mileage", "info", "still past", {})  # acknowledged is not news
    backend.update_alert("shoe:1:notice", "past {mark}: now {distance}", {}, (Quantity("mark", "mark", 480_000.0), Quantity("distance", "mileage", 500_000.0)))
    assert backend.alerts(include_acknowledged=True)[0].text("km") == "past 480 km: now 490 km"  # an acknowledged alert is history: not restated
    backend.withdraw_alerts(["shoe:1:notice"])
    assert backend.add_alert("shoe:1:notice", "shoe_mileage", "info", "crossed {mark}", {}, (Quantity("mark", "mark", 482_803.0),))  # withdrawn: the next crossing is
    (again,) = backend.alerts()
    assert (again.text("km"), again.text("mi"), again.quantities) == ("crossed 480 km", "crossed 300 mi", (Quantity("mark", "mark", 482_803.0),))


def test_markers_strength_and_checkins_round_trip(backend):
    marker_id = backend.add_marker(Marker("2026-11-02", "new insoles", "other"))
    session_id = backend.add_strength_session(StrengthSession("2026-11-03", 25.0, "core", "plank"))
    backend.add_checkin(Checkin("2026-W45", 0, 0, 0, 0))
    backend.add_checkin(Checkin("2026-W45", 1, 1, 1, 1))  # the same week again replaces it
    assert [m.label for m in backend.markers()] == ["new insoles"]
    assert [(s.minutes, s.kind) for s in backend.strength_sessions()] == [(25.0, "core")]
    assert backend.checkins() == [Checkin("2026-W45", 1, 1, 1, 1)]
    backend.delete_marker(marker_id)
    backend.delete_strength_session(session_id)
    assert backend.markers() == []
    assert backend.strength_sessions() == []
    with pytest.raises(NotFoundError):
        backend.delete_marker(marker_id)


def test_one_cadence_plan_in_force(backend):
    assert backend.cadence_plan() is None
    backend.start_cadence_plan(CadencePlan(168.0, 3.0, "2026-W45"))
    backend.start_cadence_plan(CadencePlan(170.0, 3.1, "2026-W47"))
    assert backend.cadence_plan() == CadencePlan(170.0, 3.1, "2026-W47")
    assert backend.end_cadence_plan()
    assert backend.cadence_plan() is None
    assert not backend.end_cadence_plan()


def test_the_reference_pace_is_kept_until_cleared_and_changes_the_data_version(backend):
    before = backend.data_version()
    reference = ReferencePace(3.05, date(2026, 10, 1), date(2026, 10, 28))
    backend.set_reference_pace(reference)
    assert backend.reference_pace() == reference
    assert backend.data_version() != before
    backend.clear_reference_pace()
    assert backend.reference_pace() is None


def test_a_snapshot_does_not_see_what_another_connection_commits(opener):
    files = sorted(EXAMPLES.glob("*.fit"))[:2]
    with opener() as writer:
        import_paths(writer, [files[0]], workers=1)
    with opener(read_only=True) as reader, opener() as writer:
        with reader.snapshot():
            runs = reader.activity_table("running")
            version = reader.data_version()
            import_paths(writer, [files[1]], workers=1)
            assert reader.data_version() == version
            segments = reader.segments("running")
        assert set(segments["activity_id"].astype(str)) == set(runs["id"])
        assert len(reader.activity_table("running")) == len(runs) + 1
