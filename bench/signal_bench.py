"""Signal speed: one 1-hour 1 Hz run summarised, and weekly trends over 10 years of running.

    python bench/signal_bench.py [--repeat 5]

Prints medians. Baseline for the 1-hour run: a plain pandas ``mean()`` of the same columns,
measured in the same run, to show what the full derivation costs on top of touching the data.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from runsense.signal import SignalConfig, derive_activity
from runsense.signal.flags import form_flags
from runsense.signal.load import iso_week, weekly_load
from runsense.signal.trends import reference_speed, weekly_form

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.signal.synthetic import make_run


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def ten_years(seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """2,600 runs (5 a week for 10 years), 100 steady segments each."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2016-01-04", periods=520 * 7, freq="D")
    run_days = days[np.sort(rng.choice(len(days), 2600, replace=False))]
    runs = pd.DataFrame({
        "id": [f"a{i}" for i in range(len(run_days))], "local_date": run_days.date.astype(str),
        "start_ms": (run_days.astype("int64") // 1_000_000).astype(np.int64), "distance_m": rng.uniform(5e3, 2e4, len(run_days)),
        "moving_time_s": rng.uniform(1800, 7200, len(run_days)),
    })  # fmt: skip
    n = 100
    speed = rng.uniform(2.5, 3.8, (len(runs), n))
    seg = pd.DataFrame({
        "activity_id": np.repeat(runs["id"], n), "local_date": np.repeat(runs["local_date"], n), "duration_s": 30.0,
        "speed_mps": speed.ravel(), "cadence_spm": (150 + 7 * speed + rng.normal(0, 1.5, speed.shape)).ravel(),
        "step_length_m": (60 * speed / (150 + 7 * speed)).ravel(), "vertical_oscillation_mm": rng.normal(85, 2, speed.size),
        "stance_time_ms": (380 - 45 * speed).ravel(), "vertical_ratio_pct": rng.normal(8, 0.3, speed.size),
        "gct_balance_dev_pp": np.abs(rng.normal(0.4, 0.2, speed.size)),
    })  # fmt: skip
    return runs.assign(week=iso_week(runs["local_date"])), seg.assign(week=iso_week(seg["local_date"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = SignalConfig()
    hour = make_run(3600, noise=1.0, seed=1)
    baseline = timed(lambda: hour.mean(), args.repeat)
    derive = timed(lambda: derive_activity(hour, "running", config), args.repeat)
    print(f"1-hour 1 Hz run ({len(hour):,} samples): derive_activity median {derive * 1000:.1f} ms "
          f"(plain DataFrame.mean of the same table: {baseline * 1000:.2f} ms)")

    runs, seg = ten_years()

    def weekly() -> None:
        load = weekly_load(runs, config.load)
        v_ref = reference_speed(seg, config)
        form = weekly_form(seg, list(load["week"]), v_ref, config)
        form_flags(load.merge(form, on="week"), v_ref, config)

    took = timed(weekly, max(1, args.repeat // 2))
    print(f"weekly trends over 10 years ({len(runs):,} runs, {len(seg):,} segments, 520 weeks): median {took * 1000:.0f} ms")


if __name__ == "__main__":
    main()
