"""The canonical activity model every reader produces and every other layer consumes.

An :class:`Activity` is metadata, a per-sample ``records`` table, a ``laps`` table and the
recoverable :class:`~runsense.errors.Issue` list met while reading.

``records`` rules (checked by :func:`validate_records`):

* the index is ``timestamp``: tz-aware UTC, unique and increasing;
* every column of :data:`RECORD_COLUMNS` is present, in that order, as ``float64``, with NaN
  where the source has no value. Downstream code never needs ``if col in df``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from runsense.errors import Issue, SchemaError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    Records = pd.DataFrame
    Laps = pd.DataFrame

#: canonical per-sample columns, with their units in their names (spec §0)
RECORD_COLUMNS: tuple[str, ...] = (
    "lat_deg",  #: latitude, degrees WGS84
    "lon_deg",  #: longitude, degrees WGS84
    "altitude_m",  #: altitude, m
    "distance_m",  #: cumulative distance, m
    "speed_mps",  #: speed, m/s
    "heart_rate_bpm",  #: heart rate, beats/min
    "cadence_spm",  #: cadence, steps/min with both feet (never per leg)
    "step_length_m",  #: one foot's contact to the other's, m (Garmin calls it "stride length")
    "vertical_oscillation_mm",  #: torso bounce per step, mm
    "stance_time_ms",  #: ground contact time, ms
    "stance_time_balance_pct",  #: left foot's share of ground contact time, %
    "vertical_ratio_pct",  #: vertical oscillation / step length, %
    "power_w",  #: running or cycling power, W
    "temperature_c",  #: temperature, °C
)

#: the running-dynamics columns (a chest strap, pod or recent watch records them)
DYNAMICS_COLUMNS: tuple[str, ...] = (
    "step_length_m",
    "vertical_oscillation_mm",
    "stance_time_ms",
    "stance_time_balance_pct",
    "vertical_ratio_pct",
)

#: per-lap columns
LAP_COLUMNS: tuple[str, ...] = (
    "start_time",
    "timer_s",
    "distance_m",
    "avg_speed_mps",
    "avg_cadence_spm",
    "avg_heart_rate_bpm",
)

#: columns of a steady-segments table (spec §2.3): one row per steady 30-s window of a run;
#: metrics are medians over the window's valid running samples, ``duration_s`` the time they cover
SEGMENT_COLUMNS: tuple[str, ...] = (
    "start_s", "duration_s", "speed_mps", "cadence_spm", "step_length_m", "vertical_oscillation_mm",
    "stance_time_ms", "vertical_ratio_pct", "gct_balance_dev_pp", "grade_pct",
)  # fmt: skip

#: sports that move on foot: cadence is in steps and running form applies
FOOT_SPORTS = frozenset({"running", "walking", "hiking", "trail_running"})
#: the sports a runner can give an activity (FIT vocabulary; readers may store others a file names)
SPORTS: tuple[str, ...] = (
    "running", "trail_running", "walking", "hiking", "cycling", "swimming", "cross_country_skiing", "rowing",
    "fitness_equipment", "training", "transition", "generic",
)  # fmt: skip


def __getattr__(name: str) -> Any:
    """``Records`` and ``Laps`` (pandas DataFrames), with pandas imported only when one is asked for.

    The model's constants and dataclasses are read by light paths (the CLI's pain log and shoe
    list) that must not wait for pandas to load.
    """
    if name in ("Records", "Laps"):
        import pandas as pd

        return pd.DataFrame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True, slots=True)
class ActivityMeta:
    """What an activity is, where it came from, and when it happened.

    Attributes
    ----------
    activity_id
        Content hash of the source bytes (plus the session index for multi-session files),
        so that importing the same file again is recognised.
    source_name
        The file name (inside its archive, if any); never an absolute path.
    source_format
        ``"fit"``, ``"gpx"`` or ``"tcx"``.
    sport, sub_sport
        Lower-case FIT vocabulary (``running``, ``cycling``, ``walking``…; ``treadmill``…).
    start_time
        First sample, tz-aware UTC.
    utc_offset_s
        The runner's local UTC offset at the start, in seconds; ``None`` when the file does not
        say (the importer then applies the configured time zone).
    """

    activity_id: str
    source_name: str
    source_format: str
    sport: str
    sub_sport: str
    start_time: datetime
    utc_offset_s: int | None = None
    utc_offset_source: str = "unknown"
    device: str = ""
    sensors: tuple[str, ...] = ()
    cadence_unit_source: str = "none"
    speed_source: str = "gps"
    distance_m: float = float("nan")
    duration_s: float = float("nan")
    timer_s: float = float("nan")
    title: str = ""
    gear_name: str = ""
    device_summary: dict[str, float] = field(default_factory=dict)
    #: which decoder read the file: "fast", "fitdecode (reason the fast path declined)", "lxml"
    decoder: str = ""

    @property
    def local_start_time(self) -> datetime:
        """Start time in the runner's local time (UTC when the offset is unknown)."""
        offset = timezone(timedelta(seconds=self.utc_offset_s or 0))
        return self.start_time.astimezone(offset)


@dataclass(frozen=True, slots=True)
class StrengthSet:
    """One set of a strength activity as the watch recorded it (a FIT ``set`` message).

    The watch writes a set for each exercise done and each rest between them; only active sets
    are exercise. ``category`` is the FIT profile's ``exercise_category`` (``push_up``, ``plank``,
    ``squat``…), empty when the watch did not recognise the exercise.
    """

    start_time: datetime | None  # UTC
    duration_s: float | None
    set_type: str  # "active" or "rest" (the FIT profile's set_type)
    category: str = ""
    repetitions: int | None = None
    weight_kg: float | None = None

    @property
    def active(self) -> bool:
        """An exercise, not a rest between exercises."""
        return self.set_type == "active"

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape (the start as an ISO time)."""
        return {"start_time": None if self.start_time is None else self.start_time.isoformat(), "duration_s": self.duration_s,
                "set_type": self.set_type, "category": self.category, "repetitions": self.repetitions, "weight_kg": self.weight_kg}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Activity:
    """One recorded activity: metadata, samples, laps, the issues met reading it, and the sets of a
    strength activity."""

    meta: ActivityMeta
    records: Records
    laps: Laps
    issues: tuple[Issue, ...] = ()
    sets: tuple[StrengthSet, ...] = ()

    @property
    def n_records(self) -> int:
        """Number of samples."""
        return len(self.records)


def empty_laps() -> Laps:
    """A laps table with no rows and the canonical columns."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype="datetime64[ns, UTC]" if c == "start_time" else float) for c in LAP_COLUMNS})


def make_records(timestamps: pd.DatetimeIndex | np.ndarray, columns: dict[str, np.ndarray]) -> Records:
    """Build a canonical records table from a timestamp index and any subset of the columns.

    Missing canonical columns become NaN; unknown names raise :class:`SchemaError`.
    The caller is responsible for sorting and deduplication (see ``parsers._common``).
    """
    import numpy as np
    import pandas as pd

    unknown = set(columns) - set(RECORD_COLUMNS)
    if unknown:
        msg = f"unknown record columns: {sorted(unknown)}"
        raise SchemaError(msg)
    index = pd.DatetimeIndex(timestamps, name="timestamp")
    index = (index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")).as_unit("ns")
    table = np.full((len(RECORD_COLUMNS), len(index)), np.nan)  # one float64 block, each column contiguous
    for i, name in enumerate(RECORD_COLUMNS):
        if name in columns:
            table[i] = columns[name]
    return pd.DataFrame(table.T, index=index, columns=list(RECORD_COLUMNS), copy=False)


def validate_records(records: Records) -> None:
    """Check a records table against the canonical model.

    Raises
    ------
    SchemaError
        Saying exactly which rule is broken.
    """
    import numpy as np
    import pandas as pd

    index = records.index
    if not isinstance(index, pd.DatetimeIndex) or index.tz is None or str(index.tz) != "UTC" or index.unit != "ns":
        msg = "records index must be a tz-aware UTC DatetimeIndex in ns, named 'timestamp'"
        raise SchemaError(msg)
    if not index.is_monotonic_increasing or not index.is_unique:
        msg = "records timestamps must be unique and increasing"
        raise SchemaError(msg)
    if tuple(records.columns) != RECORD_COLUMNS:
        msg = f"records columns must be exactly {RECORD_COLUMNS}, got {tuple(records.columns)}"
        raise SchemaError(msg)
    bad = [c for c, dtype in records.dtypes.items() if dtype != np.float64]
    if bad:
        msg = f"records columns must be float64: {bad}"
        raise SchemaError(msg)


@dataclass(frozen=True, slots=True)
class ReferencePace:
    """The runner's reference speed as stored (spec §2.3): frozen so weekly form at reference pace
    stays comparable, and changed only when the runner resets it."""

    speed_mps: float
    first_day: date  # the local dates of the running it was taken from
    last_day: date


#: how far apart two files' starts may be for them to hold the same run
SAME_RUN_WINDOW_S = 60


@dataclass(frozen=True, slots=True)
class RunKey:
    """What tells two files' activities apart: sport, start and, when known, duration and distance."""

    sport: str
    start_ms: int
    duration_s: float | None
    distance_m: float | None


def same_run(a: RunKey, b: RunKey) -> bool:
    """Whether two activities are one run recorded twice (a watch's FIT and a Strava GPX of it).

    Same sport (a ``generic`` one, as TCX writes "Other", matches any), starts within
    :data:`SAME_RUN_WINDOW_S`, and duration and distance within 10 % / 5 % (or 2 min / 200 m) when known.
    """
    return (
        (a.sport == b.sport or "generic" in (a.sport, b.sport))
        and abs(a.start_ms - b.start_ms) <= SAME_RUN_WINDOW_S * 1000
        and _close(a.duration_s, b.duration_s, rel=0.10, floor=120)
        and _close(a.distance_m, b.distance_m, rel=0.05, floor=200)
    )


def _close(a: float | None, b: float | None, *, rel: float, floor: float) -> bool:
    if a is None or b is None or a != a or b != b:
        return True
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), floor)

