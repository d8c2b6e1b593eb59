"""A new running-dynamics sensor starts a new baseline (spec §4.3): no form flag across the change."""

from __future__ import annotations

import re

import pytest

from runsense.analysis import analyse, weekly_report
from runsense.examples import run_fit_bytes
from runsense.examples.story import simulate, training_plan
from runsense.ingest import import_paths
from runsense.signal.flags import form_flags
from runsense.signal.sensors import dynamics_sensor, sensor_epochs
from runsense.store import open_store
from tests.conftest import corpus_path, read_corpus_file

_HRM_RUN = 1752  # garmin_product 'hrm_run'
_CHANGE_WEEK = "2026-W40"


@pytest.fixture(scope="module")
def new_strap(tmp_path_factory):
    """The example story, with the runner swapping the HRM-Pro Plus for an HRM-Run from week 40
    on (the story's bounce rises from week 38, so VO-UP fires in week 41 on one strap)."""
    folder = tmp_path_factory.mktemp("strap")
    for i, run in enumerate(training_plan()):
        strap = {"strap_product": _HRM_RUN} if run.local_start.strftime("%G-W%V") >= _CHANGE_WEEK else {}
        (folder / f"{run.name}.fit").write_bytes(run_fit_bytes(run, simulate(run, seed=1000 + i), **strap))
    with open_store(tmp_path_factory.mktemp("store") / "s.sqlite") as store:
        import_paths(store, [folder])
        yield analyse(store)


def test_the_change_is_found_in_the_week_of_the_first_run_on_the_new_strap(new_strap):
    assert [c.to_dict()["week"] for c in new_strap.sensor_changes] == [_CHANGE_WEEK]
    change = new_strap.sensor_changes[0]
    assert (change.before, change.after) == ("chest strap: garmin hrm_pro_plus", "chest strap: garmin hrm_run")


def test_vo_up_fires_without_the_reset_and_not_with_it(new_strap):
    weeks, config = new_strap.weeks, new_strap.config
    start = weeks["reference_period"].to_numpy()
    without = {(f.code, f.week) for f in form_flags(weeks, new_strap.v_ref_mps, config, start)}
    assert ("VO-UP", "2026-W41") in without
    assert ("GCT-UP", "2026-W41") in without
    with_reset = {(f.code, f.week) for f in new_strap.flags}
    for week in ("2026-W40", "2026-W41"):  # the first two weeks on the new strap have no baseline of their own yet
        assert not {"VO-UP", "GCT-UP", "VR-UP", "GCTB-NEW"} & {code for code, w in with_reset if w == week}
    assert ("CAD-TREND-DOWN", "2026-W41") in with_reset  # cadence does not depend on the strap: its flags stay


def test_the_weekly_report_notes_the_change_and_restarts_the_baselines(new_strap):
    report = weekly_report(new_strap, _CHANGE_WEEK)
    assert "hrm_run" in report.sensor_change.note
    assert "no form flag compares across the change" in report.sensor_change.note
    assert report.form["vertical_oscillation_mm"].baseline is None  # no week on this strap before it
    assert report.form["vertical_oscillation_mm"].start_baseline is None
    assert report.form["cadence_spm"].baseline is not None
    assert weekly_report(new_strap, "2026-W39").sensor_change is None
    later = weekly_report(new_strap, "2026-W42").form["vertical_oscillation_mm"]
    weeks = new_strap.weeks.set_index("week")["vertical_oscillation_mm_at_ref"]
    assert later.baseline == pytest.approx(weeks[["2026-W40", "2026-W41"]].mean())


def test_the_measuring_sensor_of_real_files():
    """Strap before pod before watch, read from real device files' device_info."""
    expected = {
        "ActivityLog2/920xt-run.fit": "chest strap: garmin hrm_run",  # also listed by its single-byte product id
        "connectstats/track_cs_1451.fit": "chest strap: garmin hrm_tri",
        "connectstats/activity_2477200414.fit": "chest strap: garmin hrm_run",  # a Stryd too: the strap measures VO
        "GoldenCheetah/Fr955v19.28andStryd.fit": "watch: garmin fr955",  # a Stryd for pace: the watch measured VO and GCT
        "fit-parser/garmin-stamina.fit": "watch: garmin fr965",
    }
    for path, sensor in expected.items():
        activities, _ = read_corpus_file(path)
        meta = activities[0].meta
        assert dynamics_sensor(meta.sensors, meta.device) == sensor, path


def test_epochs_skip_weeks_without_dynamics_and_count_each_change():
    epoch, changes = sensor_epochs(["w1", "w2", "w3", "w4", "w5"], ["a", None, "a", "b", "a"])
    assert epoch.tolist() == [0, 0, 0, 1, 2]
    assert [(c.week, c.before, c.after) for c in changes] == [("w4", "a", "b"), ("w5", "b", "a")]


def test_years_of_real_runs_from_four_devices_change_sensor_only_where_it_changed(tmp_path):
    """Weeks without running between real runs years apart keep the sensor before them (a gap is
    not a change; found on the dashboard's store, where every empty week counted as one)."""
    runs = ["elevate/portland.fit", "sports-lib/6860622783.fit", "connectstats/track_cs_544406.fit", "GoldenCheetah/Fr955v19.28andStryd.fit"]
    with open_store(tmp_path / "real.sqlite") as store:
        import_paths(store, [corpus_path(p) for p in runs])
        analysis = analyse(store)
    assert [(c.week, c.before, c.after) for c in analysis.sensor_changes] == [
        ("2020-W05", "chest strap: garmin hrm_run", "chest strap: garmin hrm_tri"),
        ("2020-W12", "chest strap: garmin hrm_tri", "chest strap: garmin hrm_run"),
        ("2024-W28", "chest strap: garmin hrm_run", "watch: garmin fr955"),
    ]


@pytest.fixture(scope="module")
def strap_moved(tmp_path_factory):
    """The example story on one strap, with the bounce stepping up by 8 mm from week 36 on (before
    the story's own drift): the strap worn lower, say."""
    folder = tmp_path_factory.mktemp("moved")
    for i, run in enumerate(training_plan()):
        samples = simulate(run, seed=1000 + i)
        if run.local_start.strftime("%G-W%V") >= "2026-W36":
            samples["vertical_oscillation_mm"] = samples["vertical_oscillation_mm"] + 8.0
        (folder / f"{run.name}.fit").write_bytes(run_fit_bytes(run, samples))
    with open_store(tmp_path_factory.mktemp("store") / "s.sqlite") as store:
        import_paths(store, [folder])
        yield analyse(store)


def test_an_abrupt_shift_on_the_same_strap_asks_about_its_position(strap_moved, new_strap):
    assert strap_moved.sensor_changes == []  # the same strap: the baseline goes on, and VO-UP fires
    flag = next(f for f in strap_moved.flags if f.code == "VO-UP" and f.week == "2026-W37")
    assert "did you change strap position" in flag.message
    rise = float(re.search(r"It rose by ([0-9.]+) mm at once", flag.message).group(1))
    assert rise == pytest.approx(8.0, abs=0.5)  # the planted step, seen at reference pace
    weeks = new_strap.weeks  # the story's own drift, 2–3 mm a week, compared without the reset
    drifting = [f for f in form_flags(weeks, new_strap.v_ref_mps, new_strap.config, weeks["reference_period"].to_numpy()) if f.code == "VO-UP"]
    assert drifting
    assert all("did you change strap position" not in f.message for f in drifting)


#: real files with a Stryd pod, and who measured their running dynamics
STRYD_FILES = {
    "GoldenCheetah/Fr955v19.28andStryd.fit": "watch: garmin fr955",  # Stryd for pace (stride_speed_distance), no strap
    "sports-lib/6782987395.fit": "watch: garmin fr945",  # Stryd for pace, a Scosche heart-rate band
    "elevate/kaiteriteri.fit": "watch: garmin fr945",  # Stryd for power and pace, an HRM3 (heart rate only)
    "connectstats/track_cs_544406.fit": "chest strap: garmin hrm_run",  # Stryd for power beside a strap
    "GoldenCheetah/HRV-Data.fit": "pod: stryd 0",  # recorded by the Stryd app: its pod measured ground time and bounce
    "python-fitparse/developer-types-sample.fit": "pod: stryd",
}


@pytest.mark.parametrize(("path", "sensor"), STRYD_FILES.items())
def test_a_stryd_used_for_power_or_pace_is_not_the_dynamics_sensor(path, sensor):
    (activity,), _ = read_corpus_file(path)
    assert dynamics_sensor(activity.meta.sensors, activity.meta.device) == sensor


_STRYD_POWER = {"manufacturer": "stryd", "product": 1, "source_type": "antplus", "device_type": 11}  # as real files list it: bike_power
_STRYD_DYNAMICS = {"manufacturer": "stryd", "product": 4660, "source_type": "antplus", "device_type": 30}  # on the running-dynamics channel


def _wrist_story(folder, stryd_from_week40: dict) -> object:
    """The example story measured at the wrist (no strap), with a Stryd paired from week 40 on."""
    for i, run in enumerate(training_plan()):
        sensors = [stryd_from_week40] if run.local_start.strftime("%G-W%V") >= _CHANGE_WEEK else []
        (folder / f"{run.name}.fit").write_bytes(run_fit_bytes(run, simulate(run, seed=1000 + i), strap_product=None, sensors=sensors))
    with open_store(folder / "s.sqlite") as store:
        import_paths(store, [folder])
        return analyse(store)


def test_adding_a_stryd_for_power_keeps_the_wrist_baseline_and_vo_up_still_fires(tmp_path):
    """Before the fix the Stryd started a new dynamics baseline in week 40 and hid the story's VO-UP."""
    analysis = _wrist_story(tmp_path, _STRYD_POWER)
    assert analysis.sensor_changes == []
    assert set(analysis.weeks["dynamics_sensor"].dropna()) == {"watch: garmin fr965"}
    assert ("VO-UP", "2026-W41") in {(f.code, f.week) for f in analysis.flags}


def test_a_stryd_on_the_running_dynamics_channel_starts_a_new_baseline(tmp_path):
    analysis = _wrist_story(tmp_path, _STRYD_DYNAMICS)
    assert [(c.week, c.before, c.after) for c in analysis.sensor_changes] == [(_CHANGE_WEEK, "watch: garmin fr965", "pod: stryd 4660")]
    assert ("VO-UP", "2026-W41") not in {(f.code, f.week) for f in analysis.flags}
