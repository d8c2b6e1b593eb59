"""Steps every reader shares: tidy the samples, decide cadence units, derive speed/distance."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import numpy as np
import pandas as pd

from runsense.errors import Issue, IssueCode
from runsense.model import FOOT_SPORTS, Records, make_records

#: mean Earth radius used for great-circle distances, m
EARTH_RADIUS_M = 6_371_008.8

#: spec §1.3: only moving samples at v >= 2.0 m/s decide the cadence unit
_CADENCE_DECISION_MIN_SPEED_MPS = 2.0
_PLAUSIBLE_STEP_M = (0.5, 2.2)


def content_id(data: bytes, part: int | None = None) -> str:
    """A stable activity id from the file's bytes (and the session index for multi-session files)."""
    digest = hashlib.sha256(data)
    if part is not None:
        digest.update(f"#session={part}".encode())
    return digest.hexdigest()[:16]


class Tidy(NamedTuple):
    """Samples after :func:`tidy_records`, with the extra raw arrays aligned to them."""

    records: Records
    extras: dict[str, np.ndarray]
    issues: list[Issue]


def tidy_records(
    timestamps: pd.DatetimeIndex, columns: dict[str, np.ndarray], extras: dict[str, np.ndarray] | None = None
) -> Tidy:
    """Drop samples without time, sort, merge repeated timestamps → canonical table.

    ``extras`` are raw arrays that are not canonical columns (e.g. per-leg cadence before its unit
    is decided); they come back filtered and ordered like the records.
    """
    issues: list[Issue] = []
    order: np.ndarray | None = None  # None: the samples keep their places (no copy of the time index)
    timed = ~np.asarray(pd.isna(timestamps))
    if not timed.all():
        dropped = int((~timed).sum())
        issues.append(Issue(IssueCode.SAMPLES_WITHOUT_TIME_DROPPED, f"{dropped} samples had no time and were dropped", dropped))
        order = np.flatnonzero(timed)
    ns = np.asarray(timestamps.asi8) if order is None else np.asarray(timestamps.asi8)[order]
    if len(ns) > 1 and (np.diff(ns) < 0).any():
        sort = np.argsort(ns, kind="stable")
        order = sort if order is None else order[sort]
        issues.append(Issue(IssueCode.UNSORTED_TIMESTAMPS_SORTED, "samples were out of time order and were sorted"))

    def ordered(values: np.ndarray) -> np.ndarray:
        values = np.asarray(values, dtype=float)
        return values if order is None else values[order]

    records = make_records(timestamps if order is None else timestamps[order], {k: ordered(v) for k, v in columns.items()})  # copied into its table
    aligned = {k: np.array(ordered(v)) for k, v in (extras or {}).items()}  # copies: the caller's arrays stay untouched
    if not records.index.is_unique:
        # devices write two messages for one second (e.g. at a lap button): merge them, each
        # column taking its first non-missing value, so no measured value is thrown away
        n = int(records.index.duplicated().sum())
        issues.append(Issue(IssueCode.DUPLICATE_TIMESTAMPS_MERGED, f"{n} samples repeated a timestamp and were merged into the sample before", n))
        merged = pd.DataFrame(aligned, index=records.index).groupby(level=0, sort=False).first()
        aligned = {k: merged[k].to_numpy() for k in merged.columns}
        records = records.groupby(level=0, sort=False).first()
    return Tidy(records, aligned, issues)


def haversine_m(lat_deg: np.ndarray, lon_deg: np.ndarray) -> np.ndarray:
    """Great-circle distance between consecutive points, m; the first step is 0, NaN stays NaN."""
    lat = np.radians(np.asarray(lat_deg, dtype=float))
    lon = np.radians(np.asarray(lon_deg, dtype=float))
    step = np.zeros(len(lat))
    if len(lat) > 1:
        dlat = np.diff(lat)
        dlon = np.diff(lon)
        a = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
        step[1:] = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return step


def cumulative_distance_m(lat_deg: np.ndarray, lon_deg: np.ndarray, segment: np.ndarray | None = None) -> np.ndarray:
    """Cumulative distance along a track, not counting jumps between track segments."""
    step = haversine_m(lat_deg, lon_deg)
    if segment is not None and len(step) > 1:
        step[1:][np.diff(segment) != 0] = 0.0
    step = np.nan_to_num(step, nan=0.0)
    out = np.cumsum(step)
    out[np.isnan(np.asarray(lat_deg, dtype=float))] = np.nan
    return out


def speed_from_distance(records: Records) -> np.ndarray:
    """Speed, m/s, from Δdistance/Δtime between consecutive samples (first sample: NaN)."""
    distance = records["distance_m"].to_numpy()
    seconds = (records.index.asi8 - records.index.asi8[0]) / 1e9 if len(records) else np.array([])
    speed = np.full(len(records), np.nan)
    if len(records) > 1:
        with np.errstate(divide="ignore", invalid="ignore"):
            speed[1:] = np.diff(distance) / np.diff(seconds)
    speed[~np.isfinite(speed)] = np.nan
    return speed


def decide_cadence_units(cadence: np.ndarray, speed_mps: np.ndarray, sport: str) -> tuple[float | None, str]:
    """Decide, per file, whether raw cadence is per leg (×2) or already steps/min (spec §1.3).

    Returns
    -------
    factor, reason
        ``factor`` is 2.0, 1.0, or ``None`` when the unit cannot be decided (cadence is then
        excluded from form analytics).
    """
    cadence = np.asarray(cadence, dtype=float)
    speed = np.asarray(speed_mps, dtype=float)
    if sport not in FOOT_SPORTS and sport not in {"generic", "training", "unknown", "fitness_equipment"}:
        return None, "not_applicable"
    moving = (cadence > 0) & np.isfinite(cadence) & (speed >= _CADENCE_DECISION_MIN_SPEED_MPS)
    if moving.sum() < 10:
        moving = (cadence > 0) & np.isfinite(cadence)
        if moving.sum() < 10:
            return None, "too_few_samples"
        c = float(np.median(cadence[moving]))
        # no speed to check against: decide on the range alone
        if 60 <= c <= 115:
            return 2.0, "gpx_heuristic"
        if 130 <= c <= 235:
            return 1.0, "gpx_heuristic"
        return None, "unknown_units"
    c = float(np.median(cadence[moving]))
    v = float(np.median(speed[moving]))
    by_range = 2.0 if 60 <= c <= 115 else 1.0 if 130 <= c <= 235 else None
    plausible = [f for f in (2.0, 1.0) if _PLAUSIBLE_STEP_M[0] <= 60 * v / (c * f) <= _PLAUSIBLE_STEP_M[1]]
    if by_range is not None and by_range in plausible:
        return by_range, "gpx_heuristic"
    if len(plausible) == 1:
        return plausible[0], "gpx_heuristic"
    if by_range is not None and not plausible:
        return None, "unknown_units"
    return (plausible[0], "gpx_heuristic") if plausible else (None, "unknown_units")


def apply_cadence_units(records: Records, raw_cadence: np.ndarray, sport: str) -> tuple[Records, str, list[Issue]]:
    """Fill ``cadence_spm`` from a raw per-file cadence whose unit is decided by :func:`decide_cadence_units`."""
    raw = np.asarray(raw_cadence, dtype=float)
    raw = np.where(raw > 0, raw, np.nan)  # "cad 0" before moving means missing
    if not np.isfinite(raw).any():
        return records, "none", []
    speed = records["speed_mps"].to_numpy()
    factor, source = decide_cadence_units(raw, speed, sport)
    issues: list[Issue] = []
    if factor is None:
        if source != "not_applicable":
            issues.append(
                Issue(IssueCode.CADENCE_UNITS_UNKNOWN, "cadence unit could not be decided (neither per-leg nor steps/min fits the speed); cadence left out")
            )
        return records, source, issues
    return records.assign(cadence_spm=raw * factor), source, issues


_SPORT_ALIASES = {
    "running": "running", "run": "running", "9": "running", "trail_running": "running", "trailrun": "running",
    "treadmill": "running", "virtualrun": "running", "jogging": "running",
    "cycling": "cycling", "biking": "cycling", "ride": "cycling", "bike": "cycling", "1": "cycling",
    "virtualride": "cycling", "mountain_biking": "cycling", "road_biking": "cycling",
    "walking": "walking", "walk": "walking", "10": "walking",
    "hiking": "hiking", "hike": "hiking", "4": "hiking",
    "swimming": "swimming", "swim": "swimming", "5": "swimming",
}  # fmt: skip


def normalize_sport(name: str | None) -> str:
    """Map a sport name from any exporter (``Run``, ``Running``, ``9``, ``Biking``…) to FIT vocabulary."""
    if not name:
        return "generic"
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    return _SPORT_ALIASES.get(key, _SPORT_ALIASES.get(key.replace("_", ""), "generic" if key in {"other", "generic", ""} else key))


def to_float(text: str | None) -> float:
    """A number from XML text, NaN when absent or not a number."""
    if text is None:
        return np.nan
    try:
        return float(text)
    except ValueError:
        return np.nan
