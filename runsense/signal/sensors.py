"""Which sensor measured a run's running dynamics, and where that sensor changed (spec §4.3).

A chest strap, a pod and the watch on the wrist measure vertical oscillation, ground contact time,
vertical ratio and GCT balance differently, and even the same kind of sensor placed elsewhere
shifts them by as much as the form flags look for. So a new measuring sensor starts a new baseline
for these metrics: the weeks before the change are not compared with the weeks after it.

The measuring sensor is read from the run's ``device_info`` list (the stored ``sensors``, each
"maker product (kind)"), in the order the watch itself prefers them: a running-dynamics chest strap
(HRM-Run, HRM-Tri, HRM-Pro, HRM-Fit, HRM 600; not the HRM-Dual, which only sends heart rate), a
Running Dynamics Pod, else the watch that recorded the run (its wrist dynamics).

A Stryd pod is a running-dynamics sensor only when it supplies ground contact and bounce: when it
recorded the file itself (the Stryd app writes them as the file's own fields), or when the watch
lists it on the running-dynamics channel (device type 30, where straps and the RD pod appear). A
Stryd paired for power or pace (``bike_power``, ``stride_speed_distance``) sends its own ground time
and oscillation only as developer fields, which runsense keeps apart; a runner who adds one for
power keeps their dynamics baseline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

#: the metrics the measuring sensor decides (cadence and step length do not depend on it)
DYNAMICS_METRICS = ("vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "gct_balance_dev_pp")
#: Garmin chest straps that measure running dynamics (the HRM-Dual and older straps only send heart rate)
_STRAPS = re.compile(r"^(hrm_run|hrm_tri|hrm4_run|hrm_pro(_plus)?|hrm_fit|hrm_600)")
_POD = re.compile(r"running_dynamics_pod|rd_pod")
_KIND = re.compile(r"\s*\(([^)]*)\)$")
#: the device type a watch lists running-dynamics sensors under (not in the public ANT+ list)
_DYNAMICS_CHANNEL = "30"


@dataclass(frozen=True)
class SensorChange:
    """The first week measured by a new running-dynamics sensor."""

    week: str
    before: str
    after: str
    first_day: str = ""  # the local date (YYYY-MM-DD) of the first run the new sensor measured

    @property
    def note(self) -> str:
        return (
            f"Running dynamics are measured by {self.after} from {self.week} on (before: {self.before}). Sensors measure "
            "bounce and ground contact differently, so your baseline for these starts again; no form flag compares across the change."
        )

    def to_dict(self) -> dict[str, str]:
        return {"week": self.week, "before": self.before, "after": self.after, "first_day": self.first_day, "note": self.note}


def dynamics_sensor(sensors: Iterable[str] | str | None, device: str | None) -> str:
    """The sensor that measured a run's running dynamics, as "<kind>: <maker> <product>"."""
    if isinstance(sensors, str):
        sensors = json.loads(sensors or "[]")
    names = [(role, name) for sensor in sensors or () for name, channel in [_name_and_channel(sensor)] if (role := _role(name, channel))]
    for wanted in ("chest strap", "pod"):
        if found := next((name for role, name in names if role == wanted), None):
            return f"{wanted}: {found}"
    if (device or "").startswith("stryd"):
        return f"pod: {device}"  # the Stryd app recorded the run: its pod measured the dynamics
    return f"watch: {device or 'unknown'}"


def _name_and_channel(sensor: str) -> tuple[str, str]:
    """ "garmin hrm_run (30)" → ("garmin hrm_run", "30")."""
    channel = match.group(1) if (match := _KIND.search(sensor)) else ""
    return _KIND.sub("", sensor).strip().replace("_single_byte_product_id", ""), channel


def _role(name: str, channel: str) -> str | None:
    """ "chest strap" or "pod" for a sensor that measures running dynamics, else None."""
    maker, _, product = name.partition(" ")
    if _STRAPS.match(product):
        return "chest strap"
    if _POD.search(product) or (maker == "stryd" and channel == _DYNAMICS_CHANNEL):
        return "pod"
    return None


def weekly_sensors(runs: pd.DataFrame, weeks: Iterable[str]) -> list[str | None]:
    """Per week: the sensor that measured most of its running time with dynamics (None without any).

    ``runs`` has ``week``, ``sensors``, ``device``, ``moving_time_s`` and the dynamics columns.
    """
    measured = runs[runs[["vertical_oscillation_mm", "stance_time_ms"]].notna().any(axis=1)] if len(runs) else runs
    if measured.empty:
        return [None for _ in weeks]
    sensor = [dynamics_sensor(s, d) for s, d in zip(measured["sensors"], measured["device"], strict=True)]
    time = measured.assign(_sensor=sensor, _t=measured["moving_time_s"].fillna(0) + 1e-9)
    main = time.groupby(["week", "_sensor"])["_t"].sum().reset_index().sort_values(["week", "_t"]).groupby("week").tail(1)
    of_week = dict(zip(main["week"], main["_sensor"], strict=True))
    return [of_week.get(w) for w in weeks]


def dated_changes(changes: list[SensorChange], runs: pd.DataFrame) -> list[SensorChange]:
    """Each change with the day of the first run in its week measured by the new sensor (``runs``
    as for :func:`weekly_sensors`, with ``local_date``)."""
    out = []
    for change in changes:
        week = runs[(runs["week"] == change.week) & runs[["vertical_oscillation_mm", "stance_time_ms"]].notna().any(axis=1)]
        days = [d for d, s, device in zip(week["local_date"], week["sensors"], week["device"], strict=True) if dynamics_sensor(s, device) == change.after]
        out.append(replace(change, first_day=min(days, default=str(week["local_date"].min()))))
    return out


def sensor_epochs(weeks: list[str], sensors: list[str | None]) -> tuple[np.ndarray, list[SensorChange]]:
    """Number the stretches of weeks measured by one sensor (a week without dynamics keeps the
    number before it), and list the changes: (epoch per week, changes)."""
    epoch, current, n = np.zeros(len(sensors), dtype=int), None, 0
    changes: list[SensorChange] = []
    for i, sensor in enumerate(sensors):
        if sensor is not None and current is not None and sensor != current:
            n += 1
            changes.append(SensorChange(weeks[i], current, sensor))
        current = sensor or current
        epoch[i] = n
    return epoch, changes


def within_epochs(baseline_of: Callable[[np.ndarray], np.ndarray], epoch: np.ndarray) -> np.ndarray:
    """A baseline computed separately on each stretch of weeks of one sensor, so none reaches across
    a change: ``baseline_of(part)`` gets the boolean mask of one stretch and returns its values."""
    out = np.full(len(epoch), np.nan)
    for e in np.unique(epoch):
        part = epoch == e
        out[part] = baseline_of(part)
    return out
