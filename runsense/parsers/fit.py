"""FIT activity files, read with fitdecode (the maintained reference decoder).

Decisions documented here:

* **Leniency.** CRCs are computed but never fatal: a mismatch becomes a ``CRC_MISMATCH`` issue.
  A file that ends early (a watch that died mid-write) keeps what was decoded before the
  break, with a ``TRUNCATED`` issue, as long as it holds samples.
* **Multisport.** One activity per ``session`` message (records are assigned to the session
  whose start they follow), so a triathlon's run leg is a running activity of its own.
  Transition legs are kept as ``transition`` activities (nothing is dropped). Chained FIT files are read as one stream, so each chained
  activity's sessions become activities too.
* **Developer fields** never overwrite native ones (Stryd writes its own "Cadence" and
  "Vertical Oscillation"). Only when the device records no native power is a developer
  field named "Power" in watts used, with a ``DEVELOPER_POWER_USED`` issue.
* **Non-activity files** (settings, workouts, courses, monitoring, weight) raise
  :class:`~runsense.errors.NotAnActivityError`, which the importer reports as skipped.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import fitdecode
import numpy as np
import pandas as pd

from runsense.errors import CorruptFileError, Issue, IssueCode, NotAnActivityError, UnsafeInputError
from runsense.model import FOOT_SPORTS, Activity, ActivityMeta, StrengthSet, empty_laps
from runsense.parsers import fit_fast
from runsense.parsers._common import apply_cadence_units, content_id, speed_from_distance, tidy_records
from runsense.parsers._fit_sets import set_time_s, strength_sets
from runsense.units import FIT_EPOCH_S, fit_cadence_to_spm, semicircles_to_deg

# FIT `record` field name -> (canonical column, factor applied to fitdecode's scaled value)
_RECORD_FIELDS: dict[str, tuple[str, float]] = {
    "position_lat": ("lat_deg", 1.0),  # semicircles, converted below
    "position_long": ("lon_deg", 1.0),
    "altitude": ("altitude_m", 1.0),
    "enhanced_altitude": ("altitude_m", 1.0),
    "distance": ("distance_m", 1.0),
    "speed": ("speed_mps", 1.0),
    "enhanced_speed": ("speed_mps", 1.0),
    "heart_rate": ("heart_rate_bpm", 1.0),
    "step_length": ("step_length_m", 1e-3),  # mm -> m
    "vertical_oscillation": ("vertical_oscillation_mm", 1.0),
    "stance_time": ("stance_time_ms", 1.0),
    "stance_time_balance": ("stance_time_balance_pct", 1.0),
    "vertical_ratio": ("vertical_ratio_pct", 1.0),
    "power": ("power_w", 1.0),
    "temperature": ("temperature_c", 1.0),
}
# raw inputs kept aside and combined after reading
_RAW_FIELDS = ("cadence", "fractional_cadence", "timestamp")
_ENHANCED = {"enhanced_altitude", "enhanced_speed"}

_NON_ACTIVITY_TYPES = {"settings", "workout", "course", "weight", "totals", "goals", "sport", "schedules",
                       "blood_pressure", "monitoring_a", "monitoring_b", "monitoring_daily", "device",
                       "segment", "segment_list", "activity_summary", "exd_configuration"}  # fmt: skip

_SESSION_SUMMARY = {
    "avg_running_cadence": "avg_cadence",
    "avg_cadence": "avg_cadence",
    "avg_fractional_cadence": "avg_fractional_cadence",
    "avg_step_length": "avg_step_length_mm",
    "avg_vertical_oscillation": "avg_vertical_oscillation_mm",
    "avg_stance_time": "avg_stance_time_ms",
    "avg_stance_time_balance": "avg_stance_time_balance_pct",
    "avg_vertical_ratio": "avg_vertical_ratio_pct",
    "enhanced_avg_speed": "avg_speed_mps",
    "avg_speed": "avg_speed_mps",
    "avg_heart_rate": "avg_heart_rate_bpm",
    "total_strides": "total_strides",
}


@dataclass
class _Session:
    start_ts: float | None
    sport: str
    sub_sport: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class _Decoded:
    file_type: str | None = None
    device: str = ""
    sensors: list[str] = field(default_factory=list)
    local_offset_s: int | None = None
    offset_source: str = "fit_activity"
    sessions: list[_Session] = field(default_factory=list)
    sport_msg: tuple[str, str] | None = None
    laps: list[dict[str, object]] = field(default_factory=list)
    sets: list[dict[str, object]] = field(default_factory=list)  # a strength activity's `set` messages, as decoded
    columns: dict[str, Any] = field(default_factory=dict)
    dev_power: Any = field(default_factory=list)
    n_records: int = 0
    time_created: float | None = None
    activity_times: tuple[float | None, float | None] = (None, None)  # the activity message's timestamp, local_timestamp
    crc_mismatch: bool = False
    error: Exception | None = None
    decoder: str = "fitdecode"


def _first_values(message: fitdecode.FitDataMessage) -> dict[str, object]:
    """Native field values by name; the first non-None wins (fitdecode repeats expanded components)."""
    out: dict[str, object] = {}
    for fd in message.fields:
        if fd.value is None or isinstance(fd.field, fitdecode.types.DevField):
            continue
        out.setdefault(fd.name, fd.value)
    return out


def _product(values: dict[str, object]) -> str:
    maker = values.get("manufacturer")
    product = values.get("product_name") or values.get("garmin_product") or values.get("product")
    parts = [str(p) for p in (maker, product) if p is not None]
    return " ".join(parts)


def _consume(out: _Decoded, name: str, v: dict[str, object]) -> None:
    """One non-record message, from either decoder, into the decoded summary."""
    if name == "session":
        out.sessions.append(_Session(_as_float(v.get("start_time")), str(v.get("sport", "generic")), str(v.get("sub_sport", "generic")), v))
    elif name == "lap":
        out.laps.append(v)
    elif name == "file_id" and out.file_type is None:
        out.file_type = None if v.get("type") is None else str(v["type"])
        out.device = _product(v)
        out.time_created = _as_float(v.get("time_created"))
    elif name == "device_info":
        index = v.get("device_index")
        tag = _product(v)
        if tag and index not in (0, "creator") and tag not in out.sensors:
            kind = v.get("antplus_device_type") or v.get("local_device_type") or v.get("device_type")
            out.sensors.append(f"{tag} ({kind})" if kind is not None else tag)
    elif name == "activity":
        ts, local = _as_float(v.get("timestamp")), _as_float(v.get("local_timestamp"))
        out.activity_times = (ts, local)
        if ts is not None and local is not None and abs(local - ts) <= 14 * 3600:
            out.local_offset_s = int(round((local - ts) / 900.0) * 900)
    elif name == "set":
        out.sets.append(v)
    elif name == "sport" and out.sport_msg is None:
        out.sport_msg = (str(v.get("sport", "generic")), str(v.get("sub_sport", "generic")))


#: FIT profile: a date_time below this counts seconds since the device powered on, not since 1989-12-31
_MIN_ABSOLUTE_FIT_TIME = 0x10000000


@dataclass(frozen=True, slots=True)
class _Anchor:
    """How device-relative times were placed on the calendar."""

    shift_s: float
    issue: Issue


def anchor_device_time(decoded: _Decoded, raw_times: np.ndarray, source_name: str) -> _Anchor | None:
    """Place a file whose clock counts from the watch's power-on (a 1990 "date") on the calendar.

    Some watches (a Forerunner 70 before its first GPS fix, a VIRB) write every timestamp relative
    to power-on; read as FIT dates they fall in 1990. A real date is taken from the file itself:
    the ``activity`` message's ``local_timestamp`` (the runner's wall clock at the same moment as
    its relative ``timestamp``), else ``file_id.time_created`` if that one is absolute (taken as the
    first sample's time). Sessions, laps and strength sets move with the samples. With neither, the file is
    skipped: a run in 1990 would be wrong everywhere it shows.

    Returns None when the times are already absolute.

    Raises
    ------
    NotAnActivityError
        The times are relative and the file holds no real date.
    """
    finite = raw_times[np.isfinite(raw_times)]
    if not len(finite) or finite.max() >= _MIN_ABSOLUTE_FIT_TIME:
        return None
    ts, local = decoded.activity_times
    if ts is not None and ts < _MIN_ABSOLUTE_FIT_TIME and local is not None and local >= _MIN_ABSOLUTE_FIT_TIME:
        shift = local - ts
        decoded.local_offset_s, decoded.offset_source = 0, "fit_local_timestamp"  # the shifted times are wall-clock times
        how = "the activity message's local time; the time zone is unknown, so times are shown as the watch's wall clock"
    elif decoded.time_created is not None and decoded.time_created >= _MIN_ABSOLUTE_FIT_TIME:
        shift = decoded.time_created - float(finite.min())
        how = "the file's creation time (file_id.time_created), taken as the start"
    else:
        raise NotAnActivityError(source_name, "the watch recorded times relative to its power-on (they read as 1990) and the file holds no real date (no absolute activity local time or creation time), so the activity cannot be placed on the calendar")
    for session in decoded.sessions:
        session.start_ts = None if session.start_ts is None else session.start_ts + shift
    for lap in decoded.laps:
        if (start := _as_float(lap.get("start_time"))) is not None:
            lap["start_time"] = start + shift
    for strength_set in decoded.sets:
        for key in ("start_time", "timestamp"):
            if (when := _as_float(strength_set.get(key))) is not None:
                strength_set[key] = when + shift
    day = pd.Timestamp((float(finite.min()) + shift + FIT_EPOCH_S) * 1e9, tz="UTC").date().isoformat()
    issue = Issue(IssueCode.DEVICE_TIME_ANCHORED, f"the watch recorded times relative to its power-on (they read as 1990); dated {day} from {how}")
    return _Anchor(shift, issue)


def decode(data: bytes) -> _Decoded:
    """The vectorised reader when it can; fitdecode (the reference) otherwise, saying why in
    ``decoder``. The file's messages, before any activity is built from them: public because the
    benchmarks time this step alone against fitdecode."""
    try:
        return _decode_fast(data)
    except fit_fast.Unsupported as exc:
        decoded = _decode_fitdecode(data)
        decoded.decoder = f"fitdecode ({exc})"
        return decoded


def _decode_fast(data: bytes) -> _Decoded:
    result = fit_fast.read(data, (*_RECORD_FIELDS, *_RAW_FIELDS))
    out = _Decoded(decoder="fast")
    for name, values in result.messages:
        _consume(out, name, values)
    out.columns = result.columns
    out.dev_power = result.dev_power
    out.n_records = result.n_records
    return out


def _decode_fitdecode(data: bytes) -> _Decoded:
    out = _Decoded()
    cols: dict[str, list[float]] = {name: [] for name in (*_RECORD_FIELDS, *_RAW_FIELDS)}
    reader = fitdecode.FitReader(
        io.BytesIO(data),
        processor=fitdecode.DataProcessorBase(),  # raw timestamps: converted in bulk below
        check_crc=fitdecode.CrcCheck.READONLY,
        error_handling=fitdecode.ErrorHandling.IGNORE,
        keep_raw_chunks=False,
    )
    try:
        for frame in reader:
            if isinstance(frame, fitdecode.FitCRC):
                out.crc_mismatch |= frame.matched is False
                continue
            if not isinstance(frame, fitdecode.FitDataMessage):
                continue
            if frame.name == "record":
                out.n_records += 1
                if out.n_records > fit_fast.MAX_RECORDS:
                    raise fit_fast.TooManyRecords(out.n_records)
                seen = set()
                dev_power = np.nan
                for fd in frame.fields:
                    fname = fd.name
                    if isinstance(fd.field, fitdecode.types.DevField):
                        if (fname or "").lower() == "power" and str(fd.units).lower() in {"watts", "w"} and fd.value is not None:  # a damaged file may leave it unnamed
                            dev_power = float(fd.value)
                        continue
                    value = fd.value
                    if fname in cols and fname not in seen and value is not None and not isinstance(value, tuple | str):
                        cols[fname].append(float(value))  # a name can come twice (a component and the field): first value wins
                        seen.add(fname)
                for fname, values in cols.items():
                    if fname not in seen:
                        values.append(np.nan)
                out.dev_power.append(dev_power)
            else:
                _consume(out, frame.name, _first_values(frame))
    except fitdecode.FitError as exc:
        out.error = exc
    finally:
        reader.close()
    out.columns = cols
    return out


def _as_float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _fit_time(raw: np.ndarray) -> pd.DatetimeIndex:
    """FIT timestamps (s since 1989-12-31) as UTC times; NaN becomes NaT."""
    seconds = np.asarray(raw, dtype=float) + FIT_EPOCH_S
    finite = np.isfinite(seconds)
    if np.array_equal(seconds[finite], np.floor(seconds[finite])):  # whole seconds, as FIT writes them: exact integer arithmetic
        ns = np.full(len(seconds), np.datetime64("NaT"), dtype="datetime64[ns]")
        ns[finite] = (seconds[finite].astype(np.int64) * 1_000_000_000).astype("datetime64[ns]")
        return pd.DatetimeIndex(ns, name="timestamp").tz_localize("UTC")
    seconds[~finite] = np.nan
    return pd.DatetimeIndex(pd.to_datetime(seconds, unit="s", utc=True), name="timestamp")


def read_fit(data: bytes, source_name: str) -> list[Activity]:
    """Read a FIT file into one :class:`Activity` per session.

    Raises
    ------
    NotAnActivityError
        A valid FIT file that is not an activity, or holds no samples.
    CorruptFileError
        Nothing usable could be decoded.
    """
    if len(data) < 12 or data[8:12] != b".FIT":
        raise CorruptFileError(source_name, "not a FIT file: the header has no '.FIT' signature")
    try:
        decoded = decode(data)
    except fit_fast.TooManyRecords as exc:
        raise UnsafeInputError(source_name, f"holds {exc.count:,} samples or more, over the {fit_fast.MAX_RECORDS:,} one file may hold (69 hours at one a second, all its sessions together); refused to keep memory bounded") from None
    if decoded.file_type in _NON_ACTIVITY_TYPES:
        raise NotAnActivityError(source_name, f"FIT file of type '{decoded.file_type}' holds no recorded activity")
    if decoded.n_records == 0:
        if decoded.error is not None:
            raise CorruptFileError(source_name, f"unreadable FIT data: {decoded.error}")
        raise NotAnActivityError(source_name, "FIT file holds no samples (no 'record' messages)")

    issues: list[Issue] = []
    if decoded.crc_mismatch:
        issues.append(Issue(IssueCode.CRC_MISMATCH, "the file's CRC does not match its contents; read anyway, values may be damaged"))
    if decoded.error is not None:
        issues.append(Issue(IssueCode.TRUNCATED, f"the file is damaged or cut short ({decoded.error}); kept the {decoded.n_records} samples before the break"))

    cols = {k: np.asarray(v, dtype=float) for k, v in decoded.columns.items()}
    anchor = anchor_device_time(decoded, cols["timestamp"], source_name)
    if anchor is not None:
        cols["timestamp"] = cols["timestamp"] + anchor.shift_s
        issues.append(anchor.issue)
    timestamps = _fit_time(cols["timestamp"])
    sessions = sorted(decoded.sessions, key=lambda s: s.start_ts if s.start_ts is not None else -1.0)
    if not sessions:
        sport, sub_sport = decoded.sport_msg or ("generic", "generic")
        sessions = [_Session(None, sport, sub_sport)]

    # assign each sample to the last session that started at or before it
    starts = np.array([s.start_ts if s.start_ts is not None else -np.inf for s in sessions])
    owner = np.clip(np.searchsorted(starts, np.nan_to_num(cols["timestamp"], nan=-np.inf), side="right") - 1, 0, None)
    multi = len(sessions) > 1
    dev_power = np.asarray(decoded.dev_power, dtype=float)
    activities = []
    for i, session in enumerate(sessions):
        mask = owner == i
        if not mask.any():
            continue
        if mask.all():  # the common case, one session owning every sample: no copies
            own_times, own_cols, own_power = timestamps, cols, dev_power
        else:
            own_times, own_cols, own_power = timestamps[mask], {k: v[mask] for k, v in cols.items()}, dev_power[mask]
        activity = _build_activity(data, source_name, decoded, session, i if multi else None, own_times, own_cols, own_power, issues)
        if activity is not None:
            activities.append(activity)
    if not activities:
        raise NotAnActivityError(source_name, f"none of the FIT file's {decoded.n_records} samples carries a time (pool swims can record lengths this way), so they cannot be placed in time")
    return activities


def _build_activity(
    data: bytes,
    source_name: str,
    decoded: _Decoded,
    session: _Session,
    part: int | None,
    timestamps: pd.DatetimeIndex,
    raw: dict[str, np.ndarray],
    dev_power: np.ndarray,
    file_issues: list[Issue],
) -> Activity | None:
    issues = list(file_issues)
    columns: dict[str, np.ndarray] = {}
    for fname, (column, factor) in _RECORD_FIELDS.items():
        values = raw[fname] * factor
        if fname in _ENHANCED or column not in columns:
            base = columns.get(column)
            columns[column] = values if base is None else np.where(np.isfinite(values), values, base)
    columns["lat_deg"] = semicircles_to_deg(columns["lat_deg"])
    columns["lon_deg"] = semicircles_to_deg(columns["lon_deg"])
    bad_position = (np.abs(columns["lat_deg"]) > 90) | (np.abs(columns["lon_deg"]) > 180)
    columns["lat_deg"][bad_position] = np.nan
    columns["lon_deg"][bad_position] = np.nan
    if not np.isfinite(columns["power_w"]).any() and np.isfinite(dev_power).any():
        columns["power_w"] = dev_power
        issues.append(Issue(IssueCode.DEVELOPER_POWER_USED, "power comes from a developer field (e.g. a Stryd pod), not the watch"))

    records, extras, tidy_issues = tidy_records(timestamps, columns, {"cadence": raw["cadence"], "fractional_cadence": raw["fractional_cadence"]})
    issues += tidy_issues
    if records.empty:
        return None
    if records["speed_mps"].isna().all() and records["distance_m"].notna().any():
        records = records.assign(speed_mps=speed_from_distance(records))

    # cadence: FIT running/walking cadence is per leg (spec §1.2); other sports go through the heuristic
    raw_cadence, raw_frac = extras["cadence"], extras["fractional_cadence"]
    if session.sport in FOOT_SPORTS:
        spm = fit_cadence_to_spm(raw_cadence, raw_frac)
        records = records.assign(cadence_spm=np.where(spm > 0, spm, np.nan))
        cadence_source = "fit_profile" if np.isfinite(records["cadence_spm"]).any() else "none"
    else:
        records, cadence_source, cad_issues = apply_cadence_units(records, raw_cadence, session.sport)
        issues += cad_issues

    v = session.values
    start = records.index[0].to_pydatetime(warn=False)
    has_gps = bool(records["lat_deg"].notna().any())
    if not has_gps and session.sport != "training":  # gym work (strength, yoga…) has no GPS to miss
        issues.append(Issue(IssueCode.NO_GPS, "no GPS positions (treadmill or indoor run): speed comes from the watch or a foot pod"))
    distance = _as_float(v.get("total_distance"))
    if distance is None:
        distance = float(np.nanmax(records["distance_m"])) if records["distance_m"].notna().any() else float("nan")
    elapsed = _as_float(v.get("total_elapsed_time"))
    timer = _as_float(v.get("total_timer_time"))
    span = (records.index[-1] - records.index[0]).total_seconds()
    summary = {out: float(val) for key, out in _SESSION_SUMMARY.items() if isinstance(val := v.get(key), int | float)}
    meta = ActivityMeta(
        activity_id=content_id(data, part),
        source_name=source_name,
        source_format="fit",
        sport=session.sport,
        sub_sport=session.sub_sport,
        start_time=start.astimezone(UTC) if isinstance(start, datetime) else start,
        utc_offset_s=decoded.local_offset_s,
        utc_offset_source=decoded.offset_source if decoded.local_offset_s is not None else "unknown",
        device=decoded.device,
        sensors=tuple(decoded.sensors),
        cadence_unit_source=cadence_source,
        speed_source="gps" if has_gps else "estimated",
        distance_m=distance,
        duration_s=elapsed if elapsed is not None else span,
        timer_s=timer if timer is not None else span,
        device_summary=summary,
        decoder=decoded.decoder,
    )
    laps = _laps(decoded.laps, records.index[0], records.index[-1], session.sport)
    return Activity(meta, records, laps, tuple(issues), _sets(decoded.sets, records.index[0], records.index[-1], whole_file=part is None))


def _sets(sets: list[dict[str, object]], first: pd.Timestamp, last: pd.Timestamp, *, whole_file: bool) -> tuple[StrengthSet, ...]:
    """The strength sets of one session: all of a one-session file's, else those that start while
    the session's samples run."""
    if not whole_file:
        lo, hi = first.timestamp() - FIT_EPOCH_S - 1, last.timestamp() - FIT_EPOCH_S + 1
        sets = [v for v in sets if (start := set_time_s(v)) is not None and lo <= start <= hi]
    return strength_sets(sets)


def _laps(laps: list[dict[str, object]], first: pd.Timestamp, last: pd.Timestamp, sport: str) -> pd.DataFrame:
    lo, hi = first.timestamp() - FIT_EPOCH_S - 1, last.timestamp() - FIT_EPOCH_S + 1
    kept = [(start, lap) for lap in laps if (start := _as_float(lap.get("start_time"))) is not None and lo <= start <= hi]
    if not kept:
        return empty_laps()

    def column(value: Callable[[dict[str, object]], float | None]) -> np.ndarray:
        return np.array([value(lap) for _, lap in kept], dtype=float)

    def cadence_spm(lap: dict[str, object]) -> float | None:
        cadence = _as_float(lap.get("avg_running_cadence") or lap.get("avg_cadence"))
        return 2 * (cadence + (_as_float(lap.get("avg_fractional_cadence")) or 0.0)) if cadence and sport in FOOT_SPORTS else None

    frame = pd.DataFrame({
        "start_time": _fit_time(np.array([start for start, _ in kept])),
        "timer_s": column(lambda lap: _as_float(lap.get("total_timer_time"))),
        "distance_m": column(lambda lap: _as_float(lap.get("total_distance"))),
        "avg_speed_mps": column(lambda lap: _as_float(lap.get("enhanced_avg_speed") or lap.get("avg_speed"))),
        "avg_cadence_spm": column(cadence_spm),
        "avg_heart_rate_bpm": column(lambda lap: _as_float(lap.get("avg_heart_rate"))),
    })  # fmt: skip
    return frame if frame["start_time"].is_monotonic_increasing else frame.sort_values("start_time", kind="stable", ignore_index=True)
