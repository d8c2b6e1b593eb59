"""The full pain log (spec §7.2): several locations, leg symptoms, morning stiffness, sleep and
activity interference; validated in one place, stored through migration 12 (older stores keep
their entries readable), in the CLI, in the red-flag screen (§7.5) and in the rules (§7.3)."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.errors import InvalidInputError
from runsense.pain import make_entry, prompts_for, ticked_flags
from runsense.pain_analysis import pain_flags
from runsense.records import NewPainEntry
from runsense.store import open_store
from tests.test_schema import FIXTURES

WHEN, NOW = datetime(2026, 11, 2, 7, 30), datetime(2026, 11, 30, 12)


def entry(**kwargs):
    return make_entry(kwargs.pop("score", 3), when=kwargs.pop("when", WHEN), now=NOW, **kwargs)


# -- validation and the red flags the fields raise ---------------------------------------------


@pytest.mark.parametrize(("field", "value"), [("leg_numbness", "leg-numbness"), ("leg_weakness", "leg-weakness")])
def test_a_leg_symptom_raises_its_red_flag_at_once(field, value):
    e = entry(**{field: True})
    assert e.red_flags == (value,)
    assert getattr(e, field) is True
    assert "both legs" in prompts_for(e)[0].text  # the emergency questions are asked again (§7.5)


def test_morning_stiffness_over_30_minutes_is_a_sign_only_when_it_eases_with_movement():
    assert entry(stiffness_min=45, stiffness_eases=True).red_flags == ("morning-stiffness",)
    assert entry(stiffness_min=30, stiffness_eases=True).red_flags == ()  # "over 30"
    held = entry(stiffness_min=45)
    assert held.red_flags == ()
    assert "does it ease as you move" in prompts_for(held)[0].text


def test_several_locations_keep_their_order_once_each_and_below_knee_flags():
    e = entry(location=["buttock-left", "below-knee-left", "buttock-left"])
    assert e.locations == ("buttock-left", "below-knee-left")
    assert e.location == "buttock-left"
    assert e.red_flags == ("below-knee",)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"stiffness_min": -5}, "morning stiffness (minutes) must be a whole number from 0 to 1440, not '-5'"),
    ({"stiffness_min": "ten"}, "not 'ten'"),
    ({"interference": 11}, "activity interference must be a whole number from 0 to 10, not '11'"),
    ({"interference": "4.5"}, "not '4.5'"),
    ({"location": ["lower-back", "neck"]}, "unknown location 'neck'"),
    ({"location": []}, "the location is missing"),
])  # fmt: skip
def test_bad_values_are_refused_by_name(kwargs, message):
    with pytest.raises(InvalidInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        entry(**kwargs)


def test_an_edit_starts_from_the_ticked_flags_only():
    """Taking the leg away from below the knee takes its flag away; a ticked flag stays."""
    old = entry(location=["below-knee-right"], red_flags=["night-pain"], leg_weakness=True)
    assert ticked_flags(old) == ["night-pain"]
    edited = entry(location=["lower-back"], red_flags=ticked_flags(old))
    assert edited.red_flags == ("night-pain",)
    assert edited.leg_weakness is False


# -- the store and migration 12 -----------------------------------------------------------------


@pytest.mark.parametrize("version", sorted(FIXTURES))
def test_older_stores_keep_their_entries_and_take_the_new_fields(version, tmp_path):
    path = tmp_path / f"v{version}.sqlite"
    shutil.copy(FIXTURES[version], path)
    with open_store(path) as store:
        old = store.pain_entries()
        assert old
        for e in old if version < 12 else ():  # stores from before migration 12: defaults for what was never asked
            assert e.locations == (e.location,) == ("lower-back",)
            assert (e.leg_numbness, e.leg_weakness, e.morning_stiffness_min, e.sleep_disturbed, e.activity_interference) == (False, False, None, False, None)
        new_id = store.add_pain(entry(location=["thigh-left", "below-knee-left"], leg_numbness=True, stiffness_min=50, stiffness_eases=True,
                                      sleep_disturbed=True, interference=7, note="long drive"))  # fmt: skip
    with open_store(path, read_only=True) as store:
        back = store.pain_entry(new_id)
        assert [e.id for e in store.pain_entries()] == sorted([*(e.id for e in old), new_id], key=lambda i: store.pain_entry(i).local_time)
    assert back.locations == ("thigh-left", "below-knee-left")
    assert back.location == "thigh-left"
    assert (back.leg_numbness, back.morning_stiffness_min, back.stiffness_eases, back.sleep_disturbed, back.activity_interference) == (True, 50, True, True, 7)
    assert back.red_flags == ("below-knee", "leg-numbness", "morning-stiffness")


# -- the CLI ------------------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path):
    runner, db = CliRunner(), str(tmp_path / "pain.sqlite")
    return lambda *args: runner.invoke(app, ["--db", db, *args], env={"COLUMNS": "250"})


def test_cli_logs_lists_and_edits_the_full_entry(cli):
    result = cli("pain", "log", "4", "--date", "2026-11-02", "--time", "07:30", "--timing", "morning", "--location", "lower-back-left",
                 "--location", "below-knee-left", "--leg-numbness", "--stiffness-min", "45", "--sleep-disturbed", "--interference", "6", "--note", "stiff")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.index("Red flag: soon") < result.output.index("Logged 4/10")  # the red flag first
    assert "Numbness or tingling in a leg" in result.output
    assert "does it ease as you move" in result.output
    [e] = json.loads(cli("pain", "list", "--json").stdout)
    assert e["location"] == "lower-back-left"
    assert e["locations"] == ["lower-back-left", "below-knee-left"]
    assert (e["leg_numbness"], e["morning_stiffness_min"], e["stiffness_eases"], e["sleep_disturbed"], e["activity_interference"]) == (True, 45, False, True, 6)
    assert cli("pain", "edit", str(e["id"]), "--stiffness-eases", "--no-leg-numbness", "--interference", "").exit_code == 0
    [e] = json.loads(cli("pain", "list", "--json").stdout)
    assert (e["leg_numbness"], e["stiffness_eases"], e["activity_interference"]) == (False, True, None)
    assert e["red_flags"] == ["below-knee", "morning-stiffness"]
    assert "below-knee + lower-back-left" not in (listed := cli("pain", "list").output)
    assert "lower-back-left + below-knee-left" in listed
    assert "stiff 45 min, eases with movement" in listed


@pytest.mark.parametrize(("args", "message"), [
    (["--stiffness-min", "-5"], "morning stiffness (minutes) must be a whole number from 0 to 1440, not '-5'"),
    (["--interference", "11"], "activity interference must be a whole number from 0 to 10, not '11'"),
    (["--location", "neck"], "unknown location 'neck'"),
])  # fmt: skip
def test_cli_refuses_bad_values_and_stores_nothing(cli, args, message):
    result = cli("pain", "log", "3", *args)
    assert result.exit_code != 0
    assert message in " ".join(result.output.split())
    assert json.loads(cli("pain", "list", "--json").stdout) == []


# -- the rules ----------------------------------------------------------------------------------


def _mornings(minutes: list[int]) -> list[NewPainEntry]:
    return [entry(when=datetime(2026, 10, 1 + i, 7), timing="morning", stiffness_min=m) for i, m in enumerate(minutes)]


def test_rising_morning_stiffness_is_flagged_and_steady_is_not():
    rising = _mornings([10] * 14 + [30] * 7)
    flags = {f.code: f for f in pain_flags(rising, [], date(2026, 10, 15), date(2026, 10, 21))}
    assert flags["STIFF-TREND"].value == 30
    assert flags["STIFF-TREND"].threshold == 20
    steady = _mornings([10] * 14 + [15] * 7)  # +5 min: under the 10-minute floor
    assert "STIFF-TREND" not in {f.code for f in pain_flags(steady, [], date(2026, 10, 15), date(2026, 10, 21))}


def test_logged_leg_symptoms_reach_the_red_flag_screen_of_the_week():
    week = [entry(when=datetime(2026, 10, 14, 7), leg_weakness=True)]
    [flag] = [f for f in pain_flags(week, [], date(2026, 10, 12), date(2026, 10, 18)) if f.code.startswith("RF-")]
    assert flag.code == "RF-SOON"
    assert "Leg weakness" in flag.message
