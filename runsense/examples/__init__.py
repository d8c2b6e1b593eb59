"""The project's own example files: a 16-week story written as FIT (and a few GPX/TCX copies).

``python -m runsense.examples [FOLDER]`` writes them (default: ``example_fit_files/``). The
output is deterministic, so the committed files can be checked against a fresh run.

A public part of the package on purpose: ``runsense demo`` writes these files on demand (an
installed wheel has no checkout to read them from), and the FIT writer and story are how tests
and benches make realistic files of any length. It is never imported by the import, analysis or
dashboard paths.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from runsense.examples.fit_writer import FitWriter
from runsense.examples.story import SHOES, RunPlan, pain_log, simulate, training_plan

__all__ = ["FitWriter", "run_fit_bytes", "write_examples"]

_GARMIN_FR965 = 4315  # fitdecode profile: garmin_product 'fr965'
_HRM_PRO_PLUS = 4130  # garmin_product 'hrm_pro_plus'
#: the run also written as GPX (Strava-style) and TCX (Garmin-style): import dedups it
_EXPORTED_RUN = "2026-08-04_easy"


def run_fit_bytes(plan: RunPlan, s: dict[str, np.ndarray], *, strap_product: int | None = _HRM_PRO_PLUS, sensors: Sequence[Mapping[str, object]] = ()) -> bytes:
    """One simulated run (``s``: :func:`~runsense.examples.story.simulate`'s samples) as a FIT file from a Forerunner 965 with a chest
    strap (``strap_product``, a FIT garmin_product: an HRM-Pro Plus unless a test swaps the strap; None: no strap, the watch
    measures running dynamics at the wrist); ``sensors``: more ``device_info`` messages (a Stryd pod, say)."""
    start = plan.local_start
    start_utc = start.timestamp()
    offset = start.utcoffset() or timedelta(0)
    n = len(s["t_s"])
    ts = start_utc + s["t_s"]
    end = float(ts[-1])
    half = s["cadence_spm"] / 2.0  # FIT running cadence is per leg
    treadmill = plan.kind == "treadmill"
    w = FitWriter()
    w.write("file_id", {"type": "activity", "manufacturer": "garmin", "product": _GARMIN_FR965, "serial_number": 3_400_123_456, "time_created": start_utc})
    w.write("device_info", {"timestamp": start_utc, "device_index": 0, "manufacturer": "garmin", "product": _GARMIN_FR965})
    if strap_product is not None:
        w.write("device_info", {"timestamp": start_utc, "device_index": 1, "manufacturer": "garmin", "product": strap_product, "source_type": "antplus", "device_type": 120})
    for index, sensor in enumerate(sensors, start=2):
        w.write("device_info", {"timestamp": start_utc, "device_index": index, **sensor})
    w.write("event", {"timestamp": start_utc, "event": "timer", "event_type": "start"})
    record = {
        "timestamp": ts,
        "distance": s["distance_m"],
        "enhanced_speed": s["speed_mps"],
        "heart_rate": s["heart_rate_bpm"],
        "cadence": np.floor(half),
        "fractional_cadence": half - np.floor(half),
        "vertical_oscillation": s["vertical_oscillation_mm"],
        "stance_time": s["stance_time_ms"],
        "stance_time_balance": s["stance_time_balance_pct"],
        "step_length": s["step_length_mm"],
        "vertical_ratio": s["vertical_ratio_pct"],
        "temperature": s["temperature_c"],
        "activity_type": np.ones(n),
    }
    if not treadmill:
        record |= {
            "position_lat": s["lat_deg"] * 2**31 / 180.0,
            "position_long": s["lon_deg"] * 2**31 / 180.0,
            "enhanced_altitude": s["altitude_m"],
        }
    w.write("record", record)
    # laps every km
    km = np.searchsorted(s["distance_m"], np.arange(1000, s["distance_m"][-1], 1000.0))
    bounds = np.unique(np.concatenate([[0], km, [n - 1]]))
    for i, (a, b) in enumerate(itertools.pairwise(bounds)):
        w.write("lap", {
            "timestamp": ts[b], "start_time": ts[a], "total_elapsed_time": ts[b] - ts[a], "total_timer_time": ts[b] - ts[a],
            "total_distance": s["distance_m"][b] - s["distance_m"][a], "enhanced_avg_speed": (s["distance_m"][b] - s["distance_m"][a]) / max(ts[b] - ts[a], 1),
            "avg_heart_rate": float(np.mean(s["heart_rate_bpm"][a:b + 1])), "avg_cadence": np.floor(np.mean(half[a:b + 1])),
            "avg_fractional_cadence": np.mean(half[a:b + 1]) % 1, "sport": "running", "event": "lap", "event_type": "stop", "message_index": i,
        })  # fmt: skip
    w.write("event", {"timestamp": end, "event": "timer", "event_type": "stop_all"})
    mean_half = float(np.mean(half))
    w.write("session", {
        "timestamp": end, "start_time": start_utc, "total_elapsed_time": end - start_utc, "total_timer_time": end - start_utc,
        "total_distance": float(s["distance_m"][-1]), "sport": "running", "sub_sport": "treadmill" if treadmill else "generic",
        "enhanced_avg_speed": float(s["distance_m"][-1] / (end - start_utc)), "avg_heart_rate": float(np.mean(s["heart_rate_bpm"])),
        "avg_cadence": np.floor(mean_half), "avg_fractional_cadence": mean_half - np.floor(mean_half),
        "avg_vertical_oscillation": float(np.mean(s["vertical_oscillation_mm"])), "avg_stance_time": float(np.mean(s["stance_time_ms"])),
        "avg_vertical_ratio": float(np.mean(s["vertical_ratio_pct"])), "avg_stance_time_balance": float(np.mean(s["stance_time_balance_pct"])),
        "avg_step_length": float(np.mean(s["step_length_mm"])), "num_laps": len(bounds) - 1, "first_lap_index": 0,
        "event": "session", "event_type": "stop",
    })  # fmt: skip
    w.write("activity", {
        "timestamp": end, "total_timer_time": end - start_utc, "num_sessions": 1, "type": "manual", "event": "activity",
        "event_type": "stop", "local_timestamp": end + offset.total_seconds(),
    })  # fmt: skip
    return w.to_bytes()


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _gpx(plan: RunPlan, s: dict[str, np.ndarray]) -> str:
    """As Strava exports a run: per-leg cadence in the Garmin TrackPointExtension."""
    t0 = plan.local_start.timestamp()
    points = "\n".join(
        f'   <trkpt lat="{lat:.7f}" lon="{lon:.7f}"><ele>{ele:.1f}</ele><time>{_iso(t0 + t)}</time>'
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{int(hr)}</gpxtpx:hr><gpxtpx:cad>{int(cad / 2)}</gpxtpx:cad>"
        "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        for t, lat, lon, ele, hr, cad in zip(s["t_s"], s["lat_deg"], s["lon_deg"], s["altitude_m"], s["heart_rate_bpm"], s["cadence_spm"], strict=True)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
        f" <metadata><time>{_iso(t0)}</time></metadata>\n"
        f" <trk><name>{plan.kind.title()} run</name><type>running</type><trkseg>\n{points}\n </trkseg></trk>\n</gpx>\n"
    )


def _tcx(plan: RunPlan, s: dict[str, np.ndarray]) -> str:
    """As Garmin Connect exports a run: per-leg RunCadence in ActivityExtension v2."""
    t0 = plan.local_start.timestamp()
    points = "\n".join(
        f"<Trackpoint><Time>{_iso(t0 + t)}</Time><Position><LatitudeDegrees>{lat:.7f}</LatitudeDegrees><LongitudeDegrees>{lon:.7f}</LongitudeDegrees></Position>"
        f"<AltitudeMeters>{ele:.1f}</AltitudeMeters><DistanceMeters>{d:.2f}</DistanceMeters><HeartRateBpm><Value>{int(hr)}</Value></HeartRateBpm>"
        f"<Extensions><ns3:TPX><ns3:Speed>{v:.3f}</ns3:Speed><ns3:RunCadence>{int(cad / 2)}</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>"
        for t, lat, lon, ele, d, hr, v, cad in zip(
            s["t_s"], s["lat_deg"], s["lon_deg"], s["altitude_m"], s["distance_m"], s["heart_rate_bpm"], s["speed_mps"], s["cadence_spm"], strict=True
        )
    )
    total = float(s["t_s"][-1])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2" '
        'xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">\n'
        f'<Activities><Activity Sport="Running"><Id>{_iso(t0)}</Id><Lap StartTime="{_iso(t0)}">'
        f"<TotalTimeSeconds>{total:.1f}</TotalTimeSeconds><DistanceMeters>{s['distance_m'][-1]:.2f}</DistanceMeters><Track>\n{points}\n"
        "</Track></Lap><Creator><Name>Forerunner 965</Name></Creator></Activity></Activities>\n</TrainingCenterDatabase>\n"
    )


def write_examples(folder: Path) -> list[Path]:
    """Write the story's files into ``folder``; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "exports").mkdir(exist_ok=True)
    written: list[Path] = []
    plan = training_plan()
    for i, run in enumerate(plan):
        samples = simulate(run, seed=1000 + i)
        path = folder / f"{run.name}.fit"
        path.write_bytes(run_fit_bytes(run, samples))
        written.append(path)
        if run.name == _EXPORTED_RUN:
            for suffix, text in (("gpx", _gpx(run, samples)), ("tcx", _tcx(run, samples))):
                copy = folder / "exports" / f"{run.name}.{suffix}"
                copy.write_text(text)
                written.append(copy)
    with (folder / "pain_log.csv").open("w", newline="") as handle:
        rows = pain_log(plan)
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    written.append(folder / "pain_log.csv")
    shoes = [
        {"name": s.name, "brand": s.brand, "start_distance": f"{s.start_distance_mi:g}mi",
         "from": (plan[0].local_start.date() if s.first_week == 0 else next(r.local_start.date() for r in plan if r.week == s.first_week)).isoformat(),
         "to": max(r.local_start.date() for r in plan if r.week <= s.last_week).isoformat()}
        for s in SHOES
    ]  # fmt: skip
    (folder / "shoes.json").write_text(json.dumps(shoes, indent=2) + "\n")
    written.append(folder / "shoes.json")
    return written
