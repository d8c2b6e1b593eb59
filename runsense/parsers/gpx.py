"""GPX 1.0 and 1.1 tracks, with Garmin TrackPointExtension heart rate, cadence and temperature.

* All tracks and segments of a file form one activity (exporters split one run into several
  segments at pauses); distance does not count the jump between segments.
* Cadence units are decided per file (spec §1.3): Garmin and Strava write per-leg values,
  some apps write steps/min.
* A track with no timestamps is a planned or drawn route, not a recording: it is skipped
  with that reason, as is a file with no track points (waypoints or routes only).
"""

from __future__ import annotations

import numpy as np

from runsense.errors import Issue, IssueCode, NotAnActivityError
from runsense.model import Activity, ActivityMeta, empty_laps
from runsense.parsers._common import (
    apply_cadence_units,
    content_id,
    cumulative_distance_m,
    normalize_sport,
    parse_xml_times,
    speed_from_distance,
    tidy_records,
    to_float,
)
from runsense.parsers._xml import local, parse_xml

_EXTENSION_FIELDS = {
    "hr": "heart_rate_bpm",
    "heartrate": "heart_rate_bpm",
    "cad": "cadence",
    "cadence": "cadence",
    "runcadence": "cadence",
    "atemp": "temperature_c",
    "temp": "temperature_c",
    "power": "power_w",
    "watts": "power_w",
    "speed": "speed_mps",
}


def read_gpx(data: bytes, source_name: str) -> list[Activity]:
    """Read a GPX file into one :class:`Activity`.

    Raises
    ------
    NotAnActivityError
        No track points, or no timestamps on them.
    CorruptFileError, UnsafeInputError
        From the safe XML layer.
    """
    root, issues = parse_xml(data, source_name)
    if local(root.tag) != "gpx":
        raise NotAnActivityError(source_name, f"XML root is <{local(root.tag)}>, not <gpx>")
    times: list[str | None] = []
    segment_ids: list[int] = []
    fields: dict[str, list[float]] = {k: [] for k in ("lat_deg", "lon_deg", "altitude_m", *set(_EXTENSION_FIELDS.values()))}
    sport_text = title = None
    segment = 0
    for trk in (el for el in root if local(el.tag) == "trk"):
        for child in trk:
            name = local(child.tag)
            if name == "type" and sport_text is None:
                sport_text = (child.text or "").strip()
            elif name == "name" and title is None:
                title = (child.text or "").strip()
            elif name == "trkseg":
                segment += 1
                for point in child:
                    if local(point.tag) != "trkpt":
                        continue
                    _read_point(point, fields, times)
                    segment_ids.append(segment)
    if not times:
        raise NotAnActivityError(source_name, "GPX file has no track points (only waypoints, routes or metadata)")
    if not any(times):
        raise NotAnActivityError(source_name, f"GPX track has {len(times)} points but no timestamps: a planned route, not a recorded activity")

    index, offset_s, time_issues = parse_xml_times(times)
    issues += time_issues
    lat, lon = np.asarray(fields["lat_deg"]), np.asarray(fields["lon_deg"])
    columns = {
        "lat_deg": lat,
        "lon_deg": lon,
        "altitude_m": np.asarray(fields["altitude_m"]),
        "distance_m": cumulative_distance_m(lat, lon, np.asarray(segment_ids)),
        "heart_rate_bpm": np.asarray(fields["heart_rate_bpm"]),
        "temperature_c": np.asarray(fields["temperature_c"]),
        "power_w": np.asarray(fields["power_w"]),
        "speed_mps": np.asarray(fields["speed_mps"]),
    }
    records, extras, tidy_issues = tidy_records(index, columns, {"cadence": np.asarray(fields["cadence"])})
    issues += tidy_issues
    if records.empty:
        raise NotAnActivityError(source_name, "GPX track has no point with a readable time")
    if records["speed_mps"].isna().all():
        records = records.assign(speed_mps=speed_from_distance(records))
    sport = normalize_sport(sport_text)
    records, cadence_source, cad_issues = apply_cadence_units(records, extras["cadence"], sport)
    issues += cad_issues
    if records["lat_deg"].isna().all():
        issues.append(Issue(IssueCode.NO_GPS, "no GPS positions"))
    span = float((records.index[-1] - records.index[0]).total_seconds())
    meta = ActivityMeta(
        activity_id=content_id(data),
        source_name=source_name,
        source_format="gpx",
        sport=sport,
        sub_sport="generic",
        start_time=records.index[0].to_pydatetime(warn=False),
        utc_offset_s=offset_s,
        utc_offset_source="xml_offset" if offset_s is not None else "unknown",
        device=(root.get("creator") or "").strip(),
        cadence_unit_source=cadence_source,
        distance_m=float(np.nanmax(records["distance_m"])) if records["distance_m"].notna().any() else float("nan"),
        duration_s=span,
        timer_s=span,
        title=title or "",
    )
    return [Activity(meta, records, empty_laps(), tuple(issues))]


def _read_point(point: object, fields: dict[str, list[float]], times: list[str | None]) -> None:
    fields["lat_deg"].append(to_float(point.get("lat")))  # type: ignore[attr-defined]
    fields["lon_deg"].append(to_float(point.get("lon")))  # type: ignore[attr-defined]
    found: dict[str, float] = {}
    time_text = None
    elevation = np.nan
    for element in point.iter():  # type: ignore[attr-defined]
        name = local(element.tag).lower()
        if name == "time" and time_text is None:
            time_text = (element.text or "").strip() or None
        elif name == "ele":
            elevation = to_float(element.text)
        elif name in _EXTENSION_FIELDS:
            found.setdefault(_EXTENSION_FIELDS[name], to_float(element.text))
    times.append(time_text)
    fields["altitude_m"].append(elevation)
    for column in ("heart_rate_bpm", "cadence", "temperature_c", "power_w", "speed_mps"):
        fields[column].append(found.get(column, np.nan))
