"""GPX 1.0 and 1.1 tracks, with Garmin TrackPointExtension heart rate, cadence and temperature.

* All tracks and segments of a file form one activity (exporters split one run into several
  segments at pauses); distance does not count the jump between segments.
* Cadence units are decided per file (spec §1.3): Garmin and Strava write per-leg values,
  some apps write steps/min.
* A track with no timestamps is a planned or drawn route, not a recording: it is skipped
  with that reason, as is a file with no track points (waypoints or routes only).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from lxml import etree

from runsense.errors import Issue, IssueCode, NotAnActivityError
from runsense.model import Activity, ActivityMeta, empty_laps
from runsense.parsers._common import (
    apply_cadence_units,
    content_id,
    cumulative_distance_m,
    normalize_sport,
    speed_from_distance,
    tidy_records,
    to_float,
)
from runsense.parsers._samples import SampleBudget, SampleColumns
from runsense.parsers._xml import Event, local, read_xml, release

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


_POINT_COLUMNS = ("lat_deg", "lon_deg", "altitude_m", *sorted(set(_EXTENSION_FIELDS.values())))


@dataclass
class _Track:
    """What a GPX stream holds, gathered as it is read."""

    samples: SampleColumns
    segment_ids: array[int] = field(default_factory=lambda: array("q"))
    sport_text: str | None = None
    title: str | None = None
    device: str = ""


def read_gpx(data: bytes, source_name: str) -> list[Activity]:
    """Read a GPX file into one :class:`Activity`.

    Raises
    ------
    NotAnActivityError
        No track points, or no timestamps on them.
    CorruptFileError, UnsafeInputError
        From the safe XML layer, or over :data:`~runsense.parsers._samples.MAX_SAMPLES` points.
    """
    track, issues = read_xml(data, source_name, _TAGS, lambda events: _gather(events, source_name))
    samples = track.samples
    if not len(samples):
        raise NotAnActivityError(source_name, "GPX file has no track points (only waypoints, routes or metadata)")
    if not samples.any_time():
        raise NotAnActivityError(source_name, f"GPX track has {len(samples)} points but no timestamps: a planned route, not a recorded activity")

    index, offset_s, time_issues = samples.timestamps()
    issues += time_issues
    fields = samples.arrays()
    columns = {name: fields[name] for name in ("lat_deg", "lon_deg", "altitude_m", "heart_rate_bpm", "temperature_c", "power_w", "speed_mps")}
    columns["distance_m"] = cumulative_distance_m(fields["lat_deg"], fields["lon_deg"], np.frombuffer(track.segment_ids, dtype=np.int64))
    records, extras, tidy_issues = tidy_records(index, columns, {"cadence": fields["cadence"]})
    issues += tidy_issues
    if records.empty:
        raise NotAnActivityError(source_name, "GPX track has no point with a readable time")
    if records["speed_mps"].isna().all():
        records = records.assign(speed_mps=speed_from_distance(records))
    sport = normalize_sport(track.sport_text)
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
        device=track.device,
        cadence_unit_source=cadence_source,
        distance_m=float(np.nanmax(records["distance_m"])) if records["distance_m"].notna().any() else float("nan"),
        duration_s=span,
        timer_s=span,
        title=track.title or "",
    )
    return [Activity(meta, records, empty_laps(), tuple(issues))]


_TAGS = ("trk", "trkseg", "trkpt", "type", "name", "wpt", "rte", "rtept")


def _gather(events: Iterable[Event], source_name: str) -> _Track:
    """Collect the track points of every ``<trk>``, releasing each element once read."""
    track = _Track(SampleColumns(_POINT_COLUMNS, SampleBudget(source_name)))
    segment = 0
    for event, element in events:
        name = local(element.tag)
        if event == "root":
            if name != "gpx":
                raise NotAnActivityError(source_name, f"XML root is <{name}>, not <gpx>")
            track.device = (element.get("creator") or "").strip()
        elif event == "start":
            if name == "trkseg":
                segment += 1
        elif name == "trkpt":
            if _parent_is(element, "trkseg"):
                track.samples.add(*_read_point(element))
                track.segment_ids.append(segment)
            release(element)
        elif name in ("type", "name"):
            if _parent_is(element, "trk") and getattr(track, _TRACK_TEXT[name]) is None:
                setattr(track, _TRACK_TEXT[name], (element.text or "").strip())
        else:
            release(element)
    return track


_TRACK_TEXT = {"type": "sport_text", "name": "title"}


def _parent_is(element: etree._Element, name: str) -> bool:
    parent = element.getparent()
    return parent is not None and local(parent.tag) == name


def _read_point(point: etree._Element) -> tuple[str | None, dict[str, float]]:
    """One ``<trkpt>``'s time text and values."""
    found: dict[str, float] = {"lat_deg": to_float(point.get("lat")), "lon_deg": to_float(point.get("lon"))}
    time_text = None
    for element in point.iter():
        name = local(element.tag).lower()
        if name == "time" and time_text is None:
            time_text = (element.text or "").strip() or None
        elif name == "ele":
            found["altitude_m"] = to_float(element.text)
        elif name in _EXTENSION_FIELDS:
            found.setdefault(_EXTENSION_FIELDS[name], to_float(element.text))
    return time_text, found
