"""What the pain log says (spec §7): the pain-monitoring rules and the n-of-1 analysis.

Pure functions over the entries :mod:`runsense.pain` validates and the store keeps. Everything
here speaks of association in the runner's own data, never of cause.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from runsense.display import count
from runsense.pain import RED_FLAG_CODE, red_flag_guidance_for
from runsense.records import NewPainEntry
from runsense.signal.config import CorrelationConfig, PainConfig
from runsense.signal.flags import Flag

# -- pain-monitoring rules (spec §7.3) -----------------------------------------------------


def _daily(entries: pd.DataFrame, timing: str | None = None) -> pd.Series:
    chosen = entries if timing is None else entries[entries["timing"] == timing]
    if chosen.empty:
        return pd.Series(dtype=float)
    return chosen.groupby(pd.to_datetime(chosen["local_date"]))["score"].max().astype(float)


def entries_frame(entries: Sequence[NewPainEntry]) -> pd.DataFrame:
    """The pain log as a table, one row per entry with its fields (no columns when the log is empty)."""
    return pd.DataFrame([e.to_dict() for e in entries])


def pain_flags(entries: Sequence[NewPainEntry], run_dates: list[str], start: date, end: date, config: PainConfig | None = None) -> list[Flag]:
    """The §7.3 rules, for entries dated ``start``..``end`` (trends judged as of each logged day),
    with the thresholds of ``config`` (the runner's ``[signal.pain]``; default: the spec's).

    Red flags (§7.5) come first, as their own flags, whatever else the week holds.
    """
    if not entries:
        return []
    c = config or PainConfig()
    mcid, share = c.mcid_points, c.mcid_pct / 100
    frame = entries_frame(entries)
    frame["day"] = pd.to_datetime(frame["local_date"])
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    in_range = frame[(frame["day"] >= lo) & (frame["day"] <= hi)]
    week = f"{start.isocalendar()[0]}-W{start.isocalendar()[1]:02d}"
    out: list[Flag] = []
    for row in in_range.itertuples(index=False):
        for tier in red_flag_guidance_for(list(row.red_flags)):
            code = RED_FLAG_CODE[tier["tier"]]
            out.append(Flag(code, tier["severity"], "red_flag", None, None, "", f"{tier['message']} You reported: {'; '.join(tier['signs'])} ({row.local_date}).",
                            "guideline", "[49,50] NICE NG59, IFOMPT", week=week))  # fmt: skip
        if row.timing == "during-run" and row.score > c.during_run_max:
            out.append(Flag("PAIN-DURING", "warning", "pain_during_run", float(row.score), float(c.during_run_max), "/10",
                            f"Pain during the run reached {row.score}/10 on {row.local_date} (the pain-monitoring model allows up to {c.during_run_max:g}). "
                            "Consider a shorter or easier run next time. This model comes from tendon rehabilitation; applying it to back pain is an extrapolation.",
                            "SR", "[46] Silbernagel 2007", week=week))  # fmt: skip
    morning = _daily(frame, "morning")
    before = _daily(frame, "before-run")
    for run_day in sorted(set(run_dates)):
        day = pd.Timestamp(run_day)
        nxt = day + pd.Timedelta(days=1)
        if not (lo <= nxt <= hi) or nxt not in morning.index:
            continue
        reference = float(pd.Series([before.get(day, np.nan), morning.get(day, np.nan), morning.get(day - pd.Timedelta(days=1), np.nan)]).max())  # NaN when none
        if np.isfinite(reference) and morning[nxt] >= reference + mcid:
            out.append(Flag("PAIN-24H", "warning", "next_morning_pain", float(morning[nxt]), reference + mcid, "/10",
                            f"The morning after your run of {run_day}, back pain was {morning[nxt]:.0f}/10, {morning[nxt] - reference:.0f} points above "
                            f"before it ({reference:.0f}/10; threshold +{mcid:g}, the smallest change that matters). In the pain-monitoring model pain should "
                            "settle by the next morning; consider easing the next runs. (Extrapolated from tendon rehabilitation.)",
                            "SR", "[43,46]", week=week))  # fmt: skip
    trend = _recent_vs_prior(morning, lo, hi)
    if trend is not None:
        r, p = trend
        if r >= p + mcid or (r >= (1 + share) * p and r - p >= 1):
            out.append(Flag("PAIN-TREND", "warning", "morning_pain_7d_mean", float(r), float(min(p + mcid, max((1 + share) * p, p + 1))), "/10",
                            f"Your morning back pain averaged {r:.1f}/10 over the last 7 days against {p:.1f}/10 over the 14 days before "
                            f"(threshold +{_points(mcid)} or +{c.mcid_pct:g}%). Morning pain or stiffness should not rise week to week: consider reducing load "
                            "and, if it keeps rising, seeing a professional.", "SR", "[43–46]", week=week))  # fmt: skip
        elif r <= p - mcid or (p > 0 and r <= (1 - share) * p):
            out.append(Flag("PAIN-IMPROVING", "info", "morning_pain_7d_mean", float(r), float(max(p - mcid, (1 - share) * p)), "/10",
                            f"Good news: your morning back pain averaged {r:.1f}/10 over the last 7 days, down from {p:.1f}/10 (a change that matters: "
                            f"{_points(mcid)} or {c.mcid_pct:g}%).", "SR", "[43]", week=week))  # fmt: skip
    out += _stiffness_flags(frame, lo, hi, week, c)
    daily_max = _daily(frame)
    if not daily_max.empty:
        last_day = daily_max.loc[:hi].index.max() if len(daily_max.loc[:hi]) else None
        if last_day is not None and last_day >= lo:
            window14 = daily_max.loc[last_day - pd.Timedelta(days=c.persist14_days - 1) : last_day]
            window7 = daily_max.loc[last_day - pd.Timedelta(days=c.persist7_days - 1) : last_day]
            days14, days7, least = int((window14 >= c.persist_pain_min).sum()), int((window7 >= c.persist_pain_min).sum()), f"{c.persist_pain_min:g}/10"
            if days14 >= c.persist14_min_days:
                out.append(Flag("PAIN-PERSIST-14", "see-professional", "days_with_pain_3plus", float(days14), float(c.persist14_min_days), f"of {c.persist14_days} days",
                                f"Pain of {least} or more on {days14} of the last {c.persist14_days} days: pain lasting over two weeks should be checked by a GP "
                                "or physiotherapist.", "CONV", "source articles", week=week))  # fmt: skip
            elif days7 >= c.persist7_min_days and not _improving_since_episode(daily_max, last_day, c):
                out.append(Flag("PAIN-PERSIST-7", "notice", "days_with_pain_3plus", float(days7), float(c.persist7_min_days), f"of {c.persist7_days} days",
                                f"Pain of {least} or more on {days7} of the last {c.persist7_days} days without a {c.mcid_pct:g}% improvement: if it is not improving "
                                "after a week, consider seeing a professional.", "CONV", "source articles", week=week))  # fmt: skip
    return out


def _points(score: float) -> str:
    """``1 point``, ``1.5 points``, ``2 points``: a change of pain score."""
    return f"{score:g} point{'' if score == 1 else 's'}"


def _recent_vs_prior(daily: pd.Series, lo: pd.Timestamp, hi: pd.Timestamp) -> tuple[float, float] | None:
    """The 7-day mean against the mean of the 14 days before it, as of the last logged day in
    ``lo``..``hi`` (at least 3 and 5 logged days): the week-to-week comparison of §7.3."""
    if daily.empty:
        return None
    m = daily.reindex(pd.date_range(daily.index.min(), hi, freq="D"))
    last = m.loc[:hi].last_valid_index()
    if last is None or last < lo:
        return None
    recent = m.rolling(7, min_periods=3).mean()[last]
    prior = m.shift(7).rolling(14, min_periods=5).mean()[last]
    return (float(recent), float(prior)) if np.isfinite(recent) and np.isfinite(prior) else None


def _stiffness_flags(frame: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp, week: str, config: PainConfig) -> list[Flag]:
    """STIFF-TREND (§7.3): morning stiffness rising week to week (by ``stiffness_rise_pct`` and
    ``stiffness_rise_min`` of the config), from the entries that give it."""
    if "morning_stiffness_min" not in frame:
        return []
    given = frame.dropna(subset=["morning_stiffness_min"])
    daily = given.groupby(given["day"])["morning_stiffness_min"].max().astype(float)
    trend = _recent_vs_prior(daily, lo, hi)
    if trend is None:
        return []
    r, p = trend
    threshold = max(p * (1 + config.stiffness_rise_pct / 100), p + config.stiffness_rise_min)
    if r < threshold:
        return []
    return [Flag("STIFF-TREND", "warning", "morning_stiffness_7d_mean_min", r, threshold, "min",
                 f"Your morning stiffness averaged {r:.0f} min over the last 7 days against {p:.0f} min over the 14 days before "
                 f"(threshold +{config.stiffness_rise_pct:g}% and +{config.stiffness_rise_min:g} min). Morning pain or stiffness should not rise week to week: consider reducing load and, "
                 "if it keeps rising, seeing a professional. (Extrapolated from tendon rehabilitation.)", "SR", "[46]", week=week)]  # fmt: skip


def _improving_since_episode(daily_max: pd.Series, as_of: pd.Timestamp, config: PainConfig) -> bool:
    """An episode starts at the first pain day (≥ ``persist_pain_min``) after ``persist7_days`` days
    without one; improving: at least ``mcid_pct`` below its start."""
    history = daily_max.loc[:as_of]
    days = history.reindex(pd.date_range(history.index.min(), as_of, freq="D"))
    quiet_before = days.shift(1).rolling(config.persist7_days, min_periods=1).max().fillna(0) < config.persist_pain_min
    starts = days.index[(days >= config.persist_pain_min) & quiet_before]
    if len(starts) == 0:
        return False
    return bool(history.iloc[-1] <= (1 - config.mcid_pct / 100) * days[starts[-1]])


# -- n-of-1 association (spec §7.6) ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Association:
    """One exposure × lag correlation with the next-morning pain."""

    feature: str
    lag_days: int
    rho: float
    ci95: tuple[float, float]
    n: int
    n_eff: float
    p_value: float
    significant: bool = False
    shown: bool = False


@dataclass(frozen=True, slots=True)
class AssociationReport:
    """What the runner's own data shows, with its limits said plainly."""

    enough_data: bool
    reason: str
    n_days: int
    run_days: int
    associations: list[Association] = field(default_factory=list)
    contrast: dict[str, Any] | None = None
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON form."""
        return {
            "enough_data": self.enough_data, "reason": self.reason, "n_days": self.n_days, "run_days": self.run_days,
            "associations": [asdict(a) for a in self.associations],
            "contrast": self.contrast, "summary": self.summary,
        }  # fmt: skip


#: the §7.6 exposures, with the words a runner reads them in (form at the reference pace: an easy
#: day run slower must not look like a form change)
_FEATURE_WORDS = {
    "distance_km": "longer runs",
    "duration_min": "longer runs (by time)",
    "spike_ratio": "runs longer than your recent longest",
    "cadence_at_ref_spm": "a higher cadence at your reference pace",
    "vertical_oscillation_at_ref_mm": "more bounce (vertical oscillation at your reference pace)",
    "stance_time_at_ref_ms": "longer ground contact at your reference pace",
    "gct_balance_dev_pp": "a more lopsided left/right contact-time balance",
    "ascent_m_per_km": "hillier runs",
    "steep_share": "more running on grades steeper than 4 %",
    "strength_sessions": "strength or core sessions",
}
#: exposures that are 0, not unknown, on a day without them
_ZERO_ON_REST_DAYS = ("distance_km", "duration_min", "spike_ratio", "strength_sessions")
CAVEAT = "This is a pattern in your data, not proof of cause; sleep, work, lifting or stress can also matter."


def _detrend(series: pd.Series) -> pd.Series:
    return series - series.rolling(7, center=True, min_periods=3).median()


def _lag1(x: np.ndarray) -> float:
    ok = np.isfinite(x[:-1]) & np.isfinite(x[1:])
    if ok.sum() < 3:
        return 0.0
    r = np.corrcoef(x[:-1][ok], x[1:][ok])[0, 1]
    return float(r) if np.isfinite(r) else 0.0


def pain_association(exposures: pd.DataFrame, morning_pain: pd.Series, config: CorrelationConfig | None = None, *, seed: int = 0) -> AssociationReport:
    """Correlate daily training exposures with next-morning pain in the runner's own data.

    Parameters
    ----------
    exposures
        Daily rows (a ``DatetimeIndex`` of local dates), any of the keys of ``_FEATURE_WORDS``:
        load (``distance_km``, ``duration_min``, ``spike_ratio``; 0 on rest days), form at the
        reference pace, hills (NaN on rest days) and ``strength_sessions`` (0 on days without).
    morning_pain
        Morning pain score by local date. The outcome for day *t* is the morning of *t + 1*; lag *k*
        pairs exposure on *t* with the outcome of *t + k*.
    config
        The thresholds (the runner's ``[signal.correlation]``; default: the spec's §11 values).

    Notes
    -----
    Spec §7.6: both series detrended (7-day centred rolling median), Spearman ρ on paired days,
    effective n from the lag-1 autocorrelations (Bartlett / Pyper–Peterman), a Fisher-z 95 % CI,
    and Benjamini–Hochberg at q = 0.10 over every feature × lag. Shown only if |ρ| ≥ 0.3, BH
    significant and the CI excludes 0; otherwise "no clear pattern yet".
    """
    c = config or CorrelationConfig()
    window_days, min_pairs, min_run_days, min_outcome_sd = c.window_days, c.min_pairs, c.min_run_days, c.min_outcome_sd
    if exposures.empty or morning_pain.dropna().empty:
        return AssociationReport(False, "no pain entries or no runs yet", 0, 0, summary="Log your morning back pain for a few weeks to see patterns.")
    end = max(exposures.index.max(), morning_pain.index.max())
    days = pd.date_range(end - pd.Timedelta(days=window_days - 1), end, freq="D")
    x_all = exposures.reindex(days)
    for column in _ZERO_ON_REST_DAYS:
        if column in x_all:
            x_all[column] = x_all[column].fillna(0.0)
    outcome = morning_pain.reindex(days + pd.Timedelta(days=1)).to_numpy(dtype=float)  # next morning
    y = pd.Series(outcome, index=days)
    run_days = int((x_all.get("distance_km", pd.Series(0, index=days)) > 0).sum())
    n_days = int(np.isfinite(outcome).sum())
    sd = float(np.nanstd(outcome)) if n_days else 0.0
    if n_days < min_pairs or run_days < min_run_days or sd < min_outcome_sd:
        reason = (
            f"{count(n_days, 'day')} of next-morning pain (needs {min_pairs})" if n_days < min_pairs
            else f"{count(run_days, 'run day')} in the last {window_days} (needs {min_run_days})" if run_days < min_run_days
            else f"your pain scores barely vary (SD {sd:.1f}; needs {min_outcome_sd})"
        )  # fmt: skip
        return AssociationReport(False, reason, n_days, run_days, contrast=_contrast(x_all, y, seed), summary=f"Not enough data for patterns yet: {reason}.")
    y_detrended = _detrend(y)
    results: list[Association] = []
    for feature in [c for c in _FEATURE_WORDS if c in x_all]:
        x_detrended = _detrend(x_all[feature])
        for lag in range(c.max_lag_days + 1):
            xs = x_detrended.to_numpy()
            ys = y_detrended.shift(-lag).to_numpy()
            ok = np.isfinite(xs) & np.isfinite(ys)
            n = int(ok.sum())
            if n < min_pairs or np.nanstd(xs[ok]) == 0 or np.nanstd(ys[ok]) == 0:
                continue
            rho = float(stats.spearmanr(xs[ok], ys[ok]).statistic)
            r1x, r1y = _lag1(xs), _lag1(ys)
            n_eff = n * (1 - r1x * r1y) / (1 + r1x * r1y)
            if n_eff <= 3 or not np.isfinite(rho):
                continue
            z, se = math.atanh(max(min(rho, 0.999999), -0.999999)), 1 / math.sqrt(n_eff - 3)
            p = float(2 * stats.norm.sf(abs(z) / se))
            results.append(Association(feature, lag, rho, (math.tanh(z - 1.96 * se), math.tanh(z + 1.96 * se)), n, n_eff, p))
    results = _benjamini_hochberg(results, c.fdr_q)
    shown = [
        Association(a.feature, a.lag_days, a.rho, a.ci95, a.n, a.n_eff, a.p_value, a.significant,
                    a.significant and abs(a.rho) >= c.min_abs_rho and a.n_eff >= c.min_neff and (a.ci95[0] > 0 or a.ci95[1] < 0))
        for a in results
    ]  # fmt: skip
    visible = sorted((a for a in shown if a.shown), key=lambda a: -abs(a.rho))
    if visible:
        best = visible[0]
        direction = "higher" if best.rho > 0 else "lower"
        when = {0: "the morning after", 1: "two mornings after", 2: "three mornings after", 3: "four mornings after"}.get(best.lag_days, f"{best.lag_days + 1} mornings after")
        summary = (
            f"In the last {window_days // 7} weeks, {when} {_FEATURE_WORDS[best.feature]} your back pain tended to be {direction} "
            f"(ρ = {best.rho:.2f}, 95% CI {best.ci95[0]:.2f}–{best.ci95[1]:.2f}, {best.n_eff:.0f} effective days). {CAVEAT}"
        )
    else:
        summary = f"No clear pattern yet ({n_days} days). With this much data only strong associations can show. {CAVEAT}"
    return AssociationReport(True, "", n_days, run_days, shown, _contrast(x_all, y, seed), summary)


def _benjamini_hochberg(results: list[Association], q: float) -> list[Association]:
    if not results:
        return results
    order = np.argsort([a.p_value for a in results])
    m = len(results)
    passed = np.zeros(m, dtype=bool)
    thresholds = q * (np.arange(1, m + 1) / m)
    sorted_p = np.array([results[i].p_value for i in order])
    below = np.flatnonzero(sorted_p <= thresholds)
    if len(below):
        passed[order[: below.max() + 1]] = True
    return [Association(a.feature, a.lag_days, a.rho, a.ci95, a.n, a.n_eff, a.p_value, bool(passed[i])) for i, a in enumerate(results)]


def _contrast(x: pd.DataFrame, y: pd.Series, seed: int) -> dict[str, Any] | None:
    """Mean next-morning pain after run days against rest days, with a bootstrap 95 % CI."""
    if "distance_km" not in x:
        return None
    run = y[(x["distance_km"] > 0).to_numpy()].dropna().to_numpy()
    rest = y[(x["distance_km"] <= 0).to_numpy()].dropna().to_numpy()
    if len(run) < 3 or len(rest) < 3:
        return None
    rng = np.random.default_rng(seed)
    boot = rng.choice(run, (1000, len(run))).mean(axis=1) - rng.choice(rest, (1000, len(rest))).mean(axis=1)
    difference = float(run.mean() - rest.mean())
    return {
        "after_run_days": float(run.mean()), "after_rest_days": float(rest.mean()), "difference": difference,
        "ci95": [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))], "n_run": len(run), "n_rest": len(rest),
        "highlight": abs(difference) >= 2.0,
    }  # fmt: skip
