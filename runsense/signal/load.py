"""Training load: single-run spikes (spec §5.2), weekly totals and ramp (§5.3), ACWR (§5.4).

Inputs are activity tables (one row per run) with ``start_ms`` (UTC ms), ``local_date``
(the runner's calendar date, ``YYYY-MM-DD``), ``distance_m`` and ``moving_time_s``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.signal import lfilter

from runsense.signal.config import LoadConfig


def iso_week(dates: pd.Series) -> pd.Series:
    """``YYYY-Www`` of local dates (``YYYY-MM-DD`` text or dates; ISO weeks, Monday first)."""
    days = np.asarray(dates, dtype="datetime64[D]")
    # an ISO week belongs to the year of its Thursday, and is counted from that year's first Thursday
    thursday = days - (days.astype(np.int64) + 3) % 7 + 3  # 1970-01-01 was a Thursday
    year = thursday.astype("datetime64[Y]")
    number = (thursday - year.astype("datetime64[D]")).astype(np.int64) // 7 + 1
    keys, index = np.unique(year.astype(np.int64) * 100 + number, return_inverse=True)
    labels = np.array([f"{1970 + k // 100}-W{k % 100:02d}" for k in keys.tolist()], dtype=object)
    return pd.Series(labels[index], index=dates.index if isinstance(dates, pd.Series) else None, dtype=object)


def week_monday(week: str) -> pd.Timestamp:
    """The Monday of an ISO week ``YYYY-Www``."""
    return pd.Timestamp.fromisocalendar(int(week[:4]), int(week[6:8]), 1)


def session_spikes(runs: pd.DataFrame, config: LoadConfig | None = None) -> pd.DataFrame:
    """Each run against the longest run of the previous 30 days (Garmin-RUNSAFE [27]).

    Returns
    -------
    DataFrame
        ``id``, ``ref_distance_m`` (NaN after a 30-day break), ``spike_ratio`` ``r_s = d / ref − 1``,
        ``spike_category`` (``none``, ``small``, ``moderate``, ``large`` or ``after_break``) and
        ``planned_distance_limit_m = 1.10 × ref``, the distance that keeps the next run in band, and
        ``days_since_previous`` (local calendar days since the run before; NaN for the first run).
    """
    config = config or LoadConfig()
    if runs.empty:
        return pd.DataFrame(columns=["id", "ref_distance_m", "spike_ratio", "spike_category", "planned_distance_limit_m", "days_since_previous"])
    ordered = runs.sort_values("start_ms", kind="stable")
    times = pd.to_datetime(ordered["start_ms"].to_numpy(), unit="ms")
    series = pd.Series(ordered["distance_m"].fillna(0).to_numpy(), index=times)
    ref = series.rolling(f"{config.spike_ref_days}D", closed="left").max().to_numpy()
    ref = np.where(ref > 0, ref, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = series.to_numpy() / ref - 1.0
    # round away float noise: 11 km after 10 km is exactly +10 %, which the spec puts in "none"
    ratio = np.round(ratio, 9)
    small, moderate, large = config.spike_bands
    category = np.select(
        [np.isnan(ref), ratio > large, ratio > moderate, ratio > small], ["after_break", "large", "moderate", "small"], default="none"
    )
    days = np.asarray(ordered["local_date"], dtype="datetime64[D]").astype(np.int64)
    since = np.r_[np.nan, np.diff(days).astype(float)]
    return pd.DataFrame({
        "id": ordered["id"].to_numpy(), "ref_distance_m": ref, "spike_ratio": ratio, "spike_category": category,
        "planned_distance_limit_m": 1.10 * ref, "days_since_previous": since,
    })  # fmt: skip


def weekly_load(runs: pd.DataFrame, config: LoadConfig | None = None) -> pd.DataFrame:
    """Distance, moving time and run count per ISO week, every week from the first to the last.

    Also the week-to-week ramp ``r_w = W_t / W_{t−1} − 1`` (evaluated when ``W_{t−1}`` ≥ 10 km,
    else the absolute increase is reported) and the WK-RAMP-30 condition.
    """
    config = config or LoadConfig()
    columns = ["week", "distance_m", "moving_time_s", "runs", "ramp_ratio", "increase_m", "ramp_flag"]
    if runs.empty:
        return pd.DataFrame(columns=columns)
    week = iso_week(runs["local_date"])
    totals = runs.assign(week=week).groupby("week").agg(distance_m=("distance_m", "sum"), moving_time_s=("moving_time_s", "sum"), runs=("id", "count"))
    first, last = week_monday(totals.index.min()), week_monday(totals.index.max())
    all_weeks = iso_week(pd.Series(pd.date_range(first, last, freq="7D")))
    totals = totals.reindex(all_weeks.to_numpy(), fill_value=0)
    totals.index.name = "week"
    previous = totals["distance_m"].shift(1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(previous >= config.weekly_min_base_km * 1000, totals["distance_m"] / previous - 1.0, np.nan)
    increase = totals["distance_m"] - previous
    # under a 10 km base the absolute increase counts (spec §5.3), an empty week before included: a comeback ramps too
    flag = np.where(np.isfinite(ratio), ratio > config.weekly_ramp_pct / 100, increase > config.weekly_abs_increase_km * 1000)
    return totals.assign(ramp_ratio=ratio, increase_m=increase, ramp_flag=flag.astype(bool)).reset_index()[columns]


def daily_distance(runs: pd.DataFrame) -> pd.Series:
    """Distance per local calendar day, 0 on rest days, from the first run to the last."""
    if runs.empty:
        return pd.Series(dtype=float)
    days = pd.to_datetime(runs["local_date"])
    per_day = runs.assign(day=days).groupby("day")["distance_m"].sum()
    return per_day.reindex(pd.date_range(per_day.index.min(), per_day.index.max(), freq="D"), fill_value=0.0)


def acwr(daily: pd.Series, config: LoadConfig | None = None) -> pd.DataFrame:
    """Acute:chronic workload ratio, information only (spec §5.4: no warnings, criticised [27, 32–35]).

    EWMA (Williams 2017): λ = 2/(N+1) for N = 7 and 28 days (``acwr_acute_days``,
    ``acwr_chronic_days``), both seeded with the mean of the first acute window; also the rolling
    coupled and uncoupled ratios (the chronic load per acute window, with or without the acute
    days in it). NaN for the first ``acwr_min_history_days`` of history and wherever the chronic
    load is 0.
    """
    config = config or LoadConfig()
    x = daily.to_numpy(dtype=float)
    if len(x) == 0:
        return pd.DataFrame(columns=["acwr_ewma", "acwr_coupled", "acwr_uncoupled"])
    acute_days, chronic_days = config.acwr_acute_days, config.acwr_chronic_days
    seed = x[:acute_days].mean()

    def ewma(n_days: int) -> np.ndarray:
        lam = 2.0 / (n_days + 1)
        y, _ = lfilter([lam], [1.0, -(1.0 - lam)], x, zi=[(1.0 - lam) * seed])
        return y

    acute, chronic = ewma(acute_days), ewma(chronic_days)
    acute_sum = daily.rolling(acute_days, min_periods=1).sum().to_numpy()
    chronic_sum = daily.rolling(chronic_days, min_periods=1).sum().to_numpy()
    chronic_coupled = chronic_sum / (chronic_days / acute_days)
    chronic_uncoupled = (chronic_sum - acute_sum) / ((chronic_days - acute_days) / acute_days)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = pd.DataFrame(
            {"acwr_ewma": acute / chronic, "acwr_coupled": acute_sum / chronic_coupled, "acwr_uncoupled": acute_sum / chronic_uncoupled},
            index=daily.index,
        )
    out = out.replace([np.inf, -np.inf], np.nan)
    out.iloc[: config.acwr_min_history_days - 1] = np.nan
    return out
