"""Sixteen weeks of one runner's training, simulated second by second (deterministic, seeded).

The story a runner with a sore back will recognise:

* weeks 1–8: a steady base of about 35 km a week, cadence ~172 spm at their easy pace;
  week 5 is an easy week run slower (raw cadence lower, but not at matched pace);
* week 9: a mileage spike (+60 %) with a 24 km long run, half again the longest run before;
* weeks 9–13: cadence at matched pace drifts down to ~163 spm while vertical oscillation and
  ground contact time rise; long runs lose cadence in their last third;
* weeks 14–16: cadence work brings it back, distance comes down;
* a treadmill run without GPS in week 6;
* shoes: a pair with 240 mi on it passes 300, 400 and 500 mi; a new pair starts in week 13;
* lower back pain rising after the spike and easing after the cadence work.

Everything here is physics-plausible, not measured: it exists so that a new user sees every
part of runsense work, and so that tests know the answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

#: where the runner lives (local time and DST come from here)
TIME_ZONE = ZoneInfo("Europe/London")
#: Monday of week 1
FIRST_MONDAY = date(2026, 7, 20)
N_WEEKS = 16
#: the runner's easy pace, m/s (about 5:45 /km): the reference speed of the story
V_REF_MPS = 2.9
#: the runner's own cadence-speed slope, spm per m/s (spec §2.2: ~6 in the population)
CADENCE_SLOPE = 6.0
_CENTER = (53.8008, -1.5491)  # a park loop in Leeds


@dataclass(frozen=True, slots=True)
class RunPlan:
    """One planned run."""

    week: int  # 0-based
    weekday: int  # 0 = Monday
    kind: str  # easy, tempo, long, treadmill
    distance_km: float
    speed_mps: float
    hour: float = 7.0

    @property
    def local_start(self) -> datetime:
        day = FIRST_MONDAY + timedelta(weeks=self.week, days=self.weekday)
        hours, minutes = int(self.hour), round((self.hour % 1) * 60)
        return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=TIME_ZONE)

    @property
    def name(self) -> str:
        return f"{self.local_start:%Y-%m-%d}_{self.kind}"


def form_for_week(week: int) -> dict[str, float]:
    """The runner's true form at the reference speed in a given week (the story's ground truth)."""
    if week < 8:
        return {"cadence_ref_spm": 172.0, "vo_mm": 84.0, "gct_ms": 248.0}
    if week < 13:  # drifting after the spike
        k = (week - 7) / 5
        return {"cadence_ref_spm": 172.0 - 9.0 * k, "vo_mm": 84.0 + 12.0 * k, "gct_ms": 248.0 + 27.0 * k}
    k = (week - 12) / 3  # cadence work
    return {"cadence_ref_spm": 163.0 + 8.0 * k, "vo_mm": 96.0 - 9.0 * k, "gct_ms": 275.0 - 20.0 * k}


def training_plan() -> list[RunPlan]:
    """Every run of the 16 weeks."""
    long_km = [12, 13, 13, 14, 12, 15, 15, 16, 24, 18, 16, 14, 12, 10, 10, 10]
    runs: list[RunPlan] = []
    for week in range(N_WEEKS):
        easy = 2.6 if week == 4 else 2.9  # week 5: an easy week run slower
        if week == 8:  # the spike
            runs += [RunPlan(week, 1, "easy", 10, easy), RunPlan(week, 2, "easy", 8, easy), RunPlan(week, 3, "tempo", 10, 3.4), RunPlan(week, 5, "easy", 8, easy)]
        elif week >= 13:
            runs += [RunPlan(week, 1, "easy", 6, easy), RunPlan(week, 3, "easy", 7, easy), RunPlan(week, 5, "easy", 5, easy)]
        else:
            tempo = RunPlan(week, 3, "tempo", 8, 3.4) if week != 4 else RunPlan(week, 3, "easy", 8, easy)
            runs += [RunPlan(week, 1, "easy", 7, easy), tempo, RunPlan(week, 5, "easy", 6, easy)]
            if week == 5:
                runs.append(RunPlan(week, 2, "treadmill", 6, 2.9, hour=18.5))
        runs.append(RunPlan(week, 6, "long", long_km[week], 2.75, hour=8.5))
    return runs


def simulate(plan: RunPlan, seed: int) -> dict[str, np.ndarray]:
    """Per-second samples of one run, in physical units (the FIT profile's units)."""
    rng = np.random.default_rng(seed)
    form = form_for_week(plan.week)
    n = int(plan.distance_km * 1000 / plan.speed_mps)
    t = np.arange(n, dtype=float)
    # speed: 5-minute warm-up ramp, slow wander, a tempo block in the middle third
    wander = np.convolve(rng.normal(0, 0.05, n + 59), np.ones(60) / 60 * 6, mode="valid")[:n]
    speed = plan.speed_mps * (0.88 + 0.12 * np.clip(t / 300, 0, 1)) + wander
    if plan.kind == "tempo":
        speed[n // 3 : 2 * n // 3] += 0.35
    speed = np.clip(speed, 1.5, 6.0)
    progress = t / max(n - 1, 1)
    fatigue = np.clip((progress - 2 / 3) * 3, 0, 1) * (8.0 if plan.kind == "long" and 8 <= plan.week <= 12 else 1.0)
    cadence = form["cadence_ref_spm"] + CADENCE_SLOPE * (speed - V_REF_MPS) - fatigue + rng.normal(0, 1.2, n)
    gct = form["gct_ms"] - 45.0 * (speed - V_REF_MPS) + 3.0 * fatigue + rng.normal(0, 4.0, n)
    vo = form["vo_mm"] + 1.5 * (speed - V_REF_MPS) + rng.normal(0, 2.0, n)
    step_mm = 60.0 * speed / cadence * 1000.0
    distance = np.cumsum(speed)
    loop_m = 2000.0
    theta = 2 * np.pi * distance / loop_m
    radius = loop_m / (2 * np.pi)
    lat = _CENTER[0] + radius * np.sin(theta) / 111_320.0
    lon = _CENTER[1] + radius * np.cos(theta) / (111_320.0 * np.cos(np.radians(_CENTER[0])))
    heart = 118 + 16 * (speed - 2.5) + 10 * progress + rng.normal(0, 1.5, n)
    samples = {
        "t_s": t,
        "speed_mps": speed,
        "distance_m": distance,
        "cadence_spm": cadence,
        "step_length_mm": step_mm,
        "vertical_oscillation_mm": vo,
        "stance_time_ms": gct,
        "vertical_ratio_pct": vo / step_mm * 100.0,
        "stance_time_balance_pct": 50.3 + rng.normal(0, 0.5, n),
        "heart_rate_bpm": np.round(heart),
        "altitude_m": 62.0 + 2.5 * np.sin(theta),
        "lat_deg": lat,
        "lon_deg": lon,
        "temperature_c": np.full(n, 18.0 if plan.week < 12 else 9.0),
    }
    if plan.kind == "treadmill":
        samples["lat_deg"] = np.full(n, np.nan)
        samples["lon_deg"] = np.full(n, np.nan)
        samples["altitude_m"] = np.full(n, np.nan)
    return samples


@dataclass(frozen=True, slots=True)
class Shoe:
    """A pair in the story."""

    name: str
    brand: str
    start_distance_mi: float
    first_week: int
    last_week: int


SHOES = (Shoe("Pegasus 38", "Nike", 240.0, 0, 12), Shoe("Novablast 4", "ASICS", 0.0, 13, 15))


def pain_log(plan: list[RunPlan], seed: int = 7) -> list[dict[str, object]]:
    """Lower back pain entries: low at baseline, rising after the spike, easing after the cadence work."""
    rng = np.random.default_rng(seed)
    entries: list[dict[str, object]] = []
    for day_index in range(N_WEEKS * 7):
        week = day_index // 7
        day = FIRST_MONDAY + timedelta(days=day_index)
        if week < 8:
            level = 1.0
        elif week < 12:
            level = 1.0 + 4.5 * min((day_index - 56) / 14, 1.0)
        else:
            level = max(5.5 - 1.4 * (day_index - 84) / 7, 1.0)
        if day_index % 2 == 0 or week >= 8:
            score = int(np.clip(round(level + rng.normal(0, 0.6)), 0, 10))
            entries.append({"date": day.isoformat(), "time": "07:15", "score": score, "location": "lower-back", "timing": "morning", "note": ""})
    ran = {r.local_start.date() for r in plan}
    for r in plan:
        if r.week >= 8 and r.kind == "long":
            score = int(np.clip(round(form_for_week(r.week)["gct_ms"] / 50), 0, 10))
            entries.append({"date": r.local_start.date().isoformat(), "time": "12:00", "score": score, "location": "lower-back", "timing": "after-run", "note": "stiff after the long run"})
    assert ran  # every pain entry stands beside a training history
    return sorted(entries, key=lambda e: (str(e["date"]), str(e["time"])))
