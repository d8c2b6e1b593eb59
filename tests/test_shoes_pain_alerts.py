"""Shoes (thresholds in both units, crossing once, retirement, Strava gear), pain (red flags,
rules, n-of-1 analysis), alerts and notifications, and bad input that changes nothing."""

from __future__ import annotations

import csv
import io
import json
import threading
import zipfile
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from runsense.alerts import refresh_alerts
from runsense.cli import app
from runsense.errors import ConfigError, InvalidInputError, NotFoundError
from runsense.ingest import import_paths
from runsense.notify import send
from runsense.pain import make_entry, red_flag_guidance_for
from runsense.pain_analysis import pain_association, pain_flags
from runsense.settings import Settings, load_settings, parse_thresholds
from runsense.shoes import crossed_levels, format_threshold
from runsense.units import M_PER_MI, parse_distance_m
from tests.conftest import EXAMPLES, corpus_path

RUN_FIT = corpus_path("sports-lib/6860622783.fit")  # a 10.63 km run (6.6 mi)


class TestShoes:
    def test_distances_parse_in_both_units(self):
        assert parse_distance_m("290mi") == pytest.approx(290 * 1609.344)
        assert parse_distance_m("467 km") == 467_000
        assert parse_thresholds("480km,640km,800km")[2] == 800_000
        assert format_threshold(500 * M_PER_MI, "km") == "800 km" and format_threshold(480_000, "mi") == "300 mi"

    def test_levels_at_300_400_500_miles(self):
        thresholds = Settings().shoe_thresholds_m
        assert [x.level for x in crossed_levels(299 * M_PER_MI, thresholds)] == []
        assert [x.code for x in crossed_levels(401 * M_PER_MI, thresholds)] == ["SHOE-NOTICE", "SHOE-WARN"]

    def test_a_shoe_crossing_300_miles_alerts_once(self, store, tmp_path):
        store.add_shoe("Pegasus", start_distance_m=295 * M_PER_MI, default_for="running")
        (tmp_path / "run.fit").write_bytes(RUN_FIT.read_bytes())
        import_paths(store, [tmp_path / "run.fit"])
        new = refresh_alerts(store, Settings(units="mi"))
        shoe_alerts = [a.to_dict("km") for a in new if a.kind == "shoe_mileage"]
        assert len(shoe_alerts) == 1
        alert = shoe_alerts[0]
        assert {"kind", "shoe", "threshold_mi", "distance_mi", "message"} <= set(alert)
        assert alert["shoe"] == "Pegasus" and alert["threshold_mi"] == 300.0 and alert["distance_mi"] == pytest.approx(301.6, abs=0.1)
        assert "rule of thumb" in alert["message"]
        assert refresh_alerts(store, Settings(units="mi")) == []  # not again at every import

    def test_per_shoe_km_thresholds(self, store, tmp_path):
        store.add_shoe("Racer", start_distance_m=295_000, thresholds_m=(300_000, 400_000, 500_000), default_for="running")
        (tmp_path / "run.fit").write_bytes(RUN_FIT.read_bytes())
        import_paths(store, [tmp_path / "run.fit"])
        (alert,) = [a.to_dict("km") for a in refresh_alerts(store, Settings()) if a.kind == "shoe_mileage"]
        assert alert["threshold_km"] == 300.0 and "300 km" in alert["message"]

    def test_mileage_is_a_query_over_assigned_activities(self, store, tmp_path):
        store.add_shoe("A")
        store.add_shoe("B")
        (tmp_path / "run.fit").write_bytes(RUN_FIT.read_bytes())
        report = import_paths(store, [tmp_path / "run.fit"], shoe="A")
        assert store.shoe("A").distance_m == pytest.approx(10630.4, abs=0.1)
        store.assign_shoe(store.shoe("B").id, activity_ids=[report.imported[0]["id"][:6]])
        assert store.shoe("A").distance_m == 0 and store.shoe("B").distance_m == pytest.approx(10630.4, abs=0.1)

    def test_retired_shoes_keep_their_history_and_stop_being_default(self, store, tmp_path):
        store.add_shoe("Old", default_for="running")
        (tmp_path / "run.fit").write_bytes(RUN_FIT.read_bytes())
        import_paths(store, [tmp_path / "run.fit"])
        store.update_shoe("Old", retired_at="2026-01-01", default_for=None)
        assert store.shoe("Old").distance_m > 10_000 and store.shoe("Old").retired_at == "2026-01-01"
        assert store.default_shoe_id("running") is None
        assert [s.name for s in store.shoes(include_retired=False)] == []

    def test_strava_export_gear_creates_the_shoe_and_links_the_run(self, store, tmp_path):
        """The corpus export's gear is all on rides (a bike): no shoe from those. Give one of its
        runs a shoe, keeping Strava's real layout (duplicate headers and all), and it becomes one."""
        rows = list(csv.reader(corpus_path("Strava-Activity-Map/activities.csv").open(newline="")))
        header = rows[0]
        col = {name: header.index(name) for name in ("Activity Type", "Activity Gear", "Filename")}
        ride = next(r for r in rows[1:] if r[col["Activity Type"]] == "Ride" and r[col["Activity Gear"]] and r[col["Filename"]].endswith(".gpx"))
        run = next(r for r in rows[1:] if r[col["Activity Type"]] == "Run" and r[col["Filename"]].endswith(".gpx"))
        run[col["Activity Gear"]] = "Pegasus 38"
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        export = tmp_path / "export.zip"
        with zipfile.ZipFile(export, "w") as z:
            z.writestr("activities.csv", text.getvalue())
            z.writestr(run[col["Filename"]], (EXAMPLES / "exports" / "2026-08-04_easy.gpx").read_bytes())
            z.writestr(ride[col["Filename"]], corpus_path("sportstracker/bike-tour-gpsies.gpx").read_bytes())
        report = import_paths(store, [export])
        by_source = {i["source"].split("!")[1]: store.activity(i["id"]) for i in report.imported}
        assert by_source[run[col["Filename"]]].shoe == "Pegasus 38"
        assert by_source[ride[col["Filename"]]].gear_name == ride[col["Activity Gear"]]
        assert by_source[ride[col["Filename"]]].shoe is None  # a bike is not a shoe
        assert [s.name for s in store.shoes()] == ["Pegasus 38"]


class TestPain:
    def test_red_flags_give_their_guidance_most_urgent_first(self):
        entry = make_entry(7, when=datetime(2026, 3, 1, 8), red_flags=["night-pain", "bladder-bowel"])
        tiers = red_flag_guidance_for(entry.red_flags)
        assert [t["tier"] for t in tiers] == ["emergency", "urgent"]
        assert "emergency" in tiers[0]["message"].lower()

    def test_pain_below_the_knee_is_itself_a_red_flag(self):
        assert make_entry(3, when=datetime(2026, 3, 1), location="below-knee-right").red_flags == ("below-knee",)

    @pytest.mark.parametrize(("kwargs", "words"), [
        ({"score": 11}, "whole number from 0"), ({"score": -1}, "whole number from 0"), ({"location": "neck"}, "unknown location"),
        ({"timing": "lunch"}, "unknown timing"), ({"red_flags": ["sore"]}, "unknown red-flag"),
    ])  # fmt: skip
    def test_bad_entries_are_refused_clearly(self, kwargs, words):
        args = {"score": 4} | kwargs
        with pytest.raises(InvalidInputError, match=words):
            make_entry(args.pop("score"), when=datetime(2026, 3, 1), **args)

    def test_a_future_date_is_refused(self):
        with pytest.raises(InvalidInputError, match="future"):
            make_entry(3, when=datetime.now() + timedelta(days=2))

    def _entries(self, scores_by_day, timing="morning", start="2026-03-01"):
        day0 = pd.Timestamp(start)
        return [make_entry(int(s), when=(day0 + pd.Timedelta(days=i)).to_pydatetime().replace(hour=7), timing=timing)
                for i, s in enumerate(scores_by_day) if s is not None]  # fmt: skip

    def test_pain_rules_24h_during_and_persist(self):
        entries = self._entries([2, 2, 5])  # run on day 2 (03-02): next morning 5 vs 2 before → PAIN-24H
        entries += [make_entry(7, when=datetime(2026, 3, 2, 18), timing="during-run")]
        codes = {f.code for f in pain_flags(entries, ["2026-03-02"], datetime(2026, 3, 2).date(), datetime(2026, 3, 8).date())}
        assert {"PAIN-24H", "PAIN-DURING"} <= codes
        persistent = self._entries([4] * 14)
        codes = {f.code for f in pain_flags(persistent, [], datetime(2026, 3, 9).date(), datetime(2026, 3, 15).date())}
        assert "PAIN-PERSIST-14" in codes

    def test_pain_trend_and_improving(self):
        rising = self._entries([1] * 14 + [4] * 7)
        assert "PAIN-TREND" in {f.code for f in pain_flags(rising, [], datetime(2026, 3, 15).date(), datetime(2026, 3, 21).date())}
        easing = self._entries([5] * 14 + [2] * 7)
        assert "PAIN-IMPROVING" in {f.code for f in pain_flags(easing, [], datetime(2026, 3, 15).date(), datetime(2026, 3, 21).date())}

    def _series(self, relation: bool, days: int = 56, seed: int = 4):
        rng = np.random.default_rng(seed)
        index = pd.date_range("2026-01-01", periods=days, freq="D")
        distance = np.where(rng.random(days) < 0.6, rng.uniform(4, 22, days), 0.0)
        exposures = pd.DataFrame({"distance_km": distance, "duration_min": distance * 6, "spike_ratio": 0.0, "cadence_spm": np.where(distance > 0, 170.0, np.nan)}, index=index)
        noise = rng.normal(0, 0.8, days)
        scores = 2 + (0.3 * distance if relation else 0) + noise  # outcome for day t is the morning of t + 1
        morning = pd.Series(np.clip(np.round(scores), 0, 10), index=index + pd.Timedelta(days=1))
        return exposures, morning

    def test_association_finds_a_known_next_morning_relation(self):
        result = pain_association(*self._series(relation=True))
        assert result.enough_data
        top = max((a for a in result.associations if a.shown), key=lambda a: a.rho)
        assert top.feature in {"distance_km", "duration_min"} and top.lag_days == 0 and top.rho > 0.5
        assert "not proof of cause" in result.summary and "ρ =" in result.summary

    def test_association_claims_nothing_without_a_relation(self):
        result = pain_association(*self._series(relation=False))
        assert result.enough_data and not any(a.shown for a in result.associations)
        assert result.summary.startswith("No clear pattern yet")

    def test_too_little_data_says_so(self):
        exposures, morning = self._series(relation=True, days=20)
        result = pain_association(exposures, morning)
        assert not result.enough_data and "needs 28" in result.reason


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        _Receiver.received.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_notification_reaches_a_local_server(store, tmp_path):
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        url = f"json://127.0.0.1:{server.server_port}/alerts"
        assert send([url], "runsense: 1 new alert", "Pegasus has reached 301 mi")
        store.add_shoe("Pegasus", start_distance_m=299 * M_PER_MI, default_for="running")
        (tmp_path / "run.fit").write_bytes(RUN_FIT.read_bytes())
        settings = tmp_path / "settings.toml"
        settings.write_text(f'units = "mi"\n[notify]\nurls = ["{url}"]\n')
        result = CliRunner().invoke(app, ["--db", str(store.path), "import", str(tmp_path / "run.fit")], env={"RUNSENSE_SETTINGS": str(settings)})
        assert result.exit_code == 0, (result.output, result.stderr)
        assert "New alerts" in result.stdout
    finally:
        server.shutdown()
        thread.join(5)
    bodies = [r["message"] for r in _Receiver.received]
    assert "Pegasus has reached 301 mi" in bodies[0]
    assert any("Pegasus has reached 306 mi, past its notice mark of 300 mi" in b for b in bodies[1:])


class TestBadInputChangesNothing:
    def test_malformed_settings_file_names_the_key(self, tmp_path):
        bad = tmp_path / "settings.toml"
        for text, words in (('units = "furlongs"', "'units'"), ('timezone = "Mars/Olympus"', "'timezone'"), ("[shoes]\nthresholds = ['300mi']", "shoes.thresholds"),
                            ("colour = 'red'", "unknown setting 'colour'"), ("units = ", "not valid TOML")):  # fmt: skip
            bad.write_text(text)
            with pytest.raises(ConfigError, match=words):
                load_settings(bad, env={})

    def test_environment_overrides_the_file(self, tmp_path):
        path = tmp_path / "settings.toml"
        path.write_text('units = "mi"\ntimezone = "Europe/Paris"\n')
        assert load_settings(path, env={"RUNSENSE_UNITS": "km"}).units == "km"
        assert load_settings(path, env={}).tz.key == "Europe/Paris"

    def test_cli_errors_are_clear_and_store_unchanged(self, tmp_path):
        db = str(tmp_path / "db.sqlite")
        env = {"RUNSENSE_SETTINGS": str(tmp_path / "none.toml")}
        runner = CliRunner()
        runner.invoke(app, ["--db", db, "shoes", "add", "Pegasus"], env=env)
        cases = [
            (["pain", "log", "11"], "0 (no pain) to 10"),
            (["pain", "log", "3", "--date", "2999-01-01"], "future"),
            (["shoes", "assign", "Nike Vaporfly", "--from", "2026-01-01"], "no shoe named"),
            (["import", str(RUN_FIT), "--shoe", "Unknown"], "no shoe named"),
            (["shoes", "add", "pegasus"], "already exists"),
        ]
        for args, words in cases:
            result = runner.invoke(app, ["--db", db, *args], env=env)
            assert result.exit_code == 1, (args, result.output)
            assert words in result.output and "Traceback" not in result.output
        listing = json.loads(runner.invoke(app, ["--db", db, "shoes", "list", "--json"], env=env).stdout)
        assert [s["name"] for s in listing] == ["Pegasus"] and listing[0]["activities"] == 0
        assert json.loads(runner.invoke(app, ["--db", db, "pain", "list", "--json"], env=env).stdout) == []
        bad_settings = tmp_path / "bad.toml"
        bad_settings.write_text('units = "furlongs"')
        result = runner.invoke(app, ["--db", db, "import", str(RUN_FIT)], env={"RUNSENSE_SETTINGS": str(bad_settings)})
        assert result.exit_code == 1 and "'units'" in result.output
        from runsense.store import open_store

        with open_store(db) as s, pytest.raises(NotFoundError):
            s.pain_entry(1)


def test_pain_cli_round_trip_with_red_flag_first(tmp_path):
    db = str(tmp_path / "db.sqlite")
    env = {"RUNSENSE_SETTINGS": str(tmp_path / "none.toml")}
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db, "pain", "log", "6", "--date", "2026-03-01", "--time", "07:30", "--red-flag", "saddle-numbness"], env=env)
    assert result.exit_code == 0
    assert result.stdout.index("emergency") < result.stdout.index("Logged 6/10")
    assert runner.invoke(app, ["--db", db, "pain", "edit", "1", "--score", "3", "--red-flag", "trauma"], env=env).exit_code == 0
    (entry,) = json.loads(runner.invoke(app, ["--db", db, "pain", "list", "--json"], env=env).stdout)
    assert entry["score"] == 3 and entry["red_flags"] == ["trauma"]
    assert runner.invoke(app, ["--db", db, "pain", "delete", "1"], env=env).exit_code == 0
    assert json.loads(runner.invoke(app, ["--db", db, "pain", "list", "--json"], env=env).stdout) == []



def test_import_limits_come_from_the_settings_file(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("[limits]\nmax_file_mb = 0.01\nmax_depth = 2\n")
    loaded = load_settings(settings, env={})
    assert loaded.limits.max_file_bytes == int(0.01 * 1024 * 1024) and loaded.limits.max_depth == 2
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "db.sqlite"), "import", str(RUN_FIT), "--json"], env={"RUNSENSE_SETTINGS": str(settings)})
    assert result.exit_code == 1 and "limit" in json.loads(result.stdout)["failed"][0]["error"]
    for text, words in (("[limits]\nmax_file_mb = -1", "'limits.max_file_mb' must be a number from 0.001 to 1024 MB, not -1"), ("[limits]\nsize = 3", "unknown setting 'limits.size'")):
        settings.write_text(text)
        with pytest.raises(ConfigError, match=words):
            load_settings(settings, env={})
