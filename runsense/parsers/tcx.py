"""TCX (Garmin Training Center) activities from Garmin, Polar, Suunto, Coros and others.

* One activity per ``<Activity>`` element; its laps become the laps table.
* ``RunCadence`` (ActivityExtension v2) is preferred over plain ``Cadence`` (meant for bikes,
  but some exporters put running cadence there); the unit is decided per file (spec §1.3).
* Activity distance is the sum of the laps' ``DistanceMeters`` when laps say it, else the
  last cumulative distance (or the GPS track length).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from lxml import etree

from runsense.errors import Issue, IssueCode, NotAnActivityError
from runsense.model import LAP_COLUMNS, Activity, ActivityMeta, empty_laps
from runsense.parsers._common import (
    apply_cadence_units,
    content_id,
    cumulative_distance_m,
    decide_cadence_units,
    normalize_sport,
    speed_from_distance,
    tidy_records,
    to_float,
)
from runsense.parsers._samples import SampleBudget, SampleColumns
from runsense.parsers._xml import Event, local, read_xml, release

_POINT_FIELDS = {
    "LatitudeDegrees": "lat_deg",
    "LongitudeDegrees": "lon_deg",
    "AltitudeMeters": "altitude_m",
    "DistanceMeters": "distance_m",
    "Speed": "speed_mps",
    "Watts": "power_w",
    "RunCadence": "run_cadence",
    "Cadence": "cadence",
}


_COLUMNS = (*_POINT_FIELDS.values(), "heart_rate_bpm")


@dataclass
class _GatheredActivity:
    """One ``<Activity>`` as read from the stream: its sport, samples and laps."""

    sport: str
    samples: SampleColumns
    #: its place among the file's ``<Activity>`` elements (part of its id when there are several)
    index: int
    lap_rows: list[dict[str, object]] = field(default_factory=list)


@dataclass
class _Document:
    budget: SampleBudget
    activities: list[_GatheredActivity] = field(default_factory=list)
    device: str = ""
    #: ``<Activity>`` elements seen, with or without track points
    n_activity_elements: int = 0

    def keep(self, activity: _GatheredActivity | None) -> None:
        """Keep an activity read to its end, if it has a timed point (else it is no activity)."""
        if activity is not None and activity.samples.any_time():
            self.budget.take_activity()
            self.activities.append(activity)


def read_tcx(data: bytes, source_name: str) -> list[Activity]:
    """Read a TCX file into one :class:`Activity` per ``<Activity>``.

    Raises
    ------
    NotAnActivityError
        A course or workout file, or activities with no timed track points.
    CorruptFileError, UnsafeInputError
        From the safe XML layer, or over :data:`~runsense.parsers._samples.MAX_SAMPLES` points.
    """
    document, issues = read_xml(data, source_name, _TAGS, lambda events: _gather(events, source_name))
    if not document.n_activity_elements:
        raise NotAnActivityError(source_name, "TCX file holds no <Activity> (a course or workout file?)")
    activities = []
    several = document.n_activity_elements > 1
    for gathered in document.activities:
        activity = _build_activity(gathered, data, source_name, gathered.index if several else None, document.device, list(issues))
        if activity is not None:
            activities.append(activity)
    if not activities:
        raise NotAnActivityError(source_name, "TCX activities hold no track points with a time")
    return activities


_TAGS = ("Activity", "Lap", "Trackpoint", "Creator", "Course", "Workout")


def _gather(events: Iterable[Event], source_name: str) -> _Document:
    """Collect each ``<Activity>``'s track points and laps, releasing each element once read."""
    document = _Document(SampleBudget(source_name))
    current: _GatheredActivity | None = None
    for event, element in events:
        name = local(element.tag)
        if event == "root":
            if name != "TrainingCenterDatabase":
                raise NotAnActivityError(source_name, f"XML root is <{name}>, not <TrainingCenterDatabase>")
        elif event == "start":
            if name == "Activity":
                current = _GatheredActivity(normalize_sport(element.get("Sport")), SampleColumns(_COLUMNS, document.budget), document.n_activity_elements)
                document.n_activity_elements += 1
        elif name == "Trackpoint":
            if current is not None:
                current.samples.add(*_read_point(element))
            release(element)
        elif name == "Lap":
            if current is not None:
                current.lap_rows.append(_lap_row(element))
            release(element)
        elif name == "Creator" and not document.device:
            document.device = _text(element, "Name")
        elif name in ("Activity", "Course", "Workout"):
            document.keep(current)
            current = None
            release(element)
    document.keep(current)  # a truncated file, read in recover mode, may not close its last activity
    return document


def _read_point(point: etree._Element) -> tuple[str | None, dict[str, float]]:
    """One ``<Trackpoint>``'s time text and values."""
    found: dict[str, float] = {}
    time_text = None
    for element in point.iter():
        name = local(element.tag)
        if name == "Time":
            time_text = (element.text or "").strip() or None
        elif name in _POINT_FIELDS:
            found.setdefault(_POINT_FIELDS[name], to_float(element.text))
        elif name == "Value" and local(element.getparent().tag) == "HeartRateBpm":
            found["heart_rate_bpm"] = to_float(element.text)
    return time_text, found


def _text(element: etree._Element, child_name: str) -> str:
    for child in element.iter():
        if local(child.tag) == child_name:
            return (child.text or "").strip()
    return ""


def _build_activity(gathered: _GatheredActivity, data: bytes, source_name: str, part: int | None, device: str, issues: list[Issue]) -> Activity | None:
    sport, lap_rows, samples = gathered.sport, gathered.lap_rows, gathered.samples
    if not samples.any_time():
        return None
    index, offset_s, time_issues = samples.timestamps()
    issues += time_issues
    arrays = samples.arrays()
    columns = {k: arrays[k] for k in ("lat_deg", "lon_deg", "altitude_m", "distance_m", "speed_mps", "power_w", "heart_rate_bpm")}
    if np.isnan(columns["distance_m"]).all() and np.isfinite(columns["lat_deg"]).any():
        columns["distance_m"] = cumulative_distance_m(columns["lat_deg"], columns["lon_deg"])
    raw_cadence = np.where(np.isfinite(arrays["run_cadence"]), arrays["run_cadence"], arrays["cadence"])
    records, extras, tidy_issues = tidy_records(index, columns, {"cadence": raw_cadence})
    issues += tidy_issues
    if records.empty:
        return None
    if records["speed_mps"].isna().all():
        records = records.assign(speed_mps=speed_from_distance(records))
    records, cadence_source, cad_issues = apply_cadence_units(records, extras["cadence"], sport)
    issues += cad_issues
    has_gps = bool(records["lat_deg"].notna().any())
    if not has_gps:
        issues.append(Issue(IssueCode.NO_GPS, "no GPS positions (treadmill or indoor run)"))
    laps = _laps_table(lap_rows, extras["cadence"], records["speed_mps"].to_numpy(), sport)
    lap_distance = laps["distance_m"].sum(min_count=1) if len(laps) else np.nan
    track_distance = float(np.nanmax(records["distance_m"])) if records["distance_m"].notna().any() else np.nan
    distance = float(lap_distance) if np.isfinite(lap_distance) and lap_distance > 0 else track_distance
    timer = laps["timer_s"].sum(min_count=1) if len(laps) else np.nan
    span = float((records.index[-1] - records.index[0]).total_seconds())
    meta = ActivityMeta(
        activity_id=content_id(data, part),
        source_name=source_name,
        source_format="tcx",
        sport=sport,
        sub_sport="generic",
        start_time=records.index[0].to_pydatetime(warn=False),
        utc_offset_s=offset_s,
        utc_offset_source="xml_offset" if offset_s is not None else "unknown",
        device=device,
        cadence_unit_source=cadence_source,
        speed_source="gps" if has_gps else "estimated",
        distance_m=distance,
        duration_s=span,
        timer_s=float(timer) if np.isfinite(timer) else span,
    )
    return Activity(meta, records, laps, tuple(issues))


def _lap_row(lap: object) -> dict[str, object]:
    row: dict[str, object] = {"start_time": lap.get("StartTime")}  # type: ignore[attr-defined]
    for child in lap:  # type: ignore[attr-defined]
        name = local(child.tag)
        if name == "TotalTimeSeconds":
            row["timer_s"] = to_float(child.text)
        elif name == "DistanceMeters":
            row["distance_m"] = to_float(child.text)
        elif name == "AverageHeartRateBpm":
            row["avg_heart_rate_bpm"] = to_float(_text(child, "Value"))
        elif name == "Cadence":
            row["raw_cadence"] = to_float(child.text)
        elif name == "Extensions":
            for element in child.iter():
                ext = local(element.tag)
                if ext == "AvgSpeed":
                    row["avg_speed_mps"] = to_float(element.text)
                elif ext == "AvgRunCadence":
                    row["raw_cadence"] = to_float(element.text)
    return row


def _laps_table(rows: list[dict[str, object]], raw_cadence: np.ndarray, speed_mps: np.ndarray, sport: str) -> pd.DataFrame:
    if not rows:
        return empty_laps()
    frame = pd.DataFrame(rows)
    frame["start_time"] = pd.to_datetime(frame["start_time"], utc=True, format="ISO8601", errors="coerce")
    factor, _ = decide_cadence_units(raw_cadence, speed_mps, sport)
    if "raw_cadence" in frame and factor is not None:
        frame["avg_cadence_spm"] = frame["raw_cadence"].astype(float) * factor
    for column in LAP_COLUMNS:
        if column not in frame:
            frame[column] = np.nan
    frame = frame[list(LAP_COLUMNS)]
    return frame.astype({c: float for c in LAP_COLUMNS if c != "start_time"})
