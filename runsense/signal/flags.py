"""The flag catalogue (spec §10): explanations, not diagnoses.

A :class:`Flag` is data: what was seen (metric, value), the threshold it crossed, why it matters
in plain words, and how strong the evidence is. Messages speak of association, never cause.
Values stay in SI units; the distances and paces a message names are kept as
:class:`~runsense.display.Quantity` and written in the reader's units when it is shown
(:meth:`Flag.text`), so a runner who reads miles never sees kilometres.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from runsense import display
from runsense.display import Quantity
from runsense.signal import columns as col
from runsense.signal.config import SignalConfig
from runsense.signal.sensors import DYNAMICS_METRICS, within_epochs

SEVERITIES = ("info", "notice", "warning", "see-professional", "emergency")
EVIDENCE_RANK = {"SR": 0, "COH": 1, "LAB": 2, "MFR": 3, "CONV": 4}


@dataclass(frozen=True, slots=True)
class Flag:
    """One flag on a week or an activity."""

    code: str
    severity: str
    metric: str
    value: float | None
    threshold: float | None
    unit: str
    template: str  # the message, with a {name} field for each of the quantities
    evidence: str
    reference: str
    week: str | None = None
    activity_id: str | None = None
    rule_of_thumb: bool = False
    quantities: tuple[Quantity, ...] = ()

    def text(self, units: str) -> str:
        """The message, its distances and paces in ``units`` (km or mi)."""
        return display.words(self.template, self.quantities, units)

    @property
    def message(self) -> str:
        """The message in km (alert keys and references are read from it; show :meth:`text` in the runner's units)."""
        return self.text("km")

    def to_dict(self, units: str = "km") -> dict[str, object]:
        """Plain JSON form, the message in ``units``."""
        return {"code": self.code, "severity": self.severity, "metric": self.metric, "value": self.value, "threshold": self.threshold, "unit": self.unit,
                "message": self.text(units), "evidence": self.evidence, "reference": self.reference, "week": self.week,
                "activity_id": self.activity_id, "rule_of_thumb": self.rule_of_thumb}  # fmt: skip

    @property
    def sort_key(self) -> tuple[int, int]:
        """Most severe first, then strongest evidence."""
        return (-SEVERITIES.index(self.severity), EVIDENCE_RANK.get(self.evidence.split("/")[0], 9))



def _distance(name: str, metres: float) -> Quantity:
    return Quantity(name, "distance", float(metres))


def _pace(name: str, speed_mps: float) -> Quantity:
    return Quantity(name, "pace", float(speed_mps))


def spike_flags(spikes: pd.DataFrame, runs: pd.DataFrame, config: SignalConfig | None = None) -> list[Flag]:
    """SPIKE-SMALL/MOD/LARGE for each run longer than the longest of the previous 30 days (§5.2,
    ``load.spike_ref_days``), by the bands of ``load.spike_bands`` the spikes were sorted with."""
    load = (config or SignalConfig()).load
    band = dict(zip(("small", "moderate", "large"), load.spike_bands, strict=True))
    severity = {"small": "notice", "moderate": "warning", "large": "warning"}
    code = {"small": "SPIKE-SMALL", "moderate": "SPIKE-MOD", "large": "SPIKE-LARGE"}
    hrr = {"small": "1.64", "moderate": "1.52", "large": "2.28"}
    ids = runs["id"].tolist()
    weeks = dict(zip(ids, runs["week"].tolist(), strict=True))
    distances = dict(zip(ids, runs["distance_m"].tolist(), strict=True))
    out = []
    for row in spikes[spikes["spike_category"].isin(list(code))].itertuples(index=False):
        out.append(Flag(
            code[row.spike_category], severity[row.spike_category], "run_distance_vs_30d_longest", display.finite(row.spike_ratio),
            band[row.spike_category], "ratio",
            f"This run ({{run}}) was {row.spike_ratio:.0%} longer than your longest run of the previous {load.spike_ref_days} days "
            f"({{longest}}); the threshold is +{band[row.spike_category]:.0%}. "
            f"In 5,205 runners, single runs this much longer than the recent longest were associated with more overuse "
            f"injuries (hazard ratio {hrr[row.spike_category]}). To stay in the usual band, keep the next long run under {{limit}}.",
            "COH", "[27] Garmin-RUNSAFE", week=weeks[row.id], activity_id=row.id,
            quantities=(_distance("run", distances[row.id]), _distance("longest", row.ref_distance_m), _distance("limit", row.planned_distance_limit_m)),
        ))  # fmt: skip
    return out


def comeback_flags(spikes: pd.DataFrame, runs: pd.DataFrame, config: SignalConfig) -> list[Flag]:
    """RETURN-AFTER-BREAK on the first run after 14 days or more without running (spec §5.2's note).

    After 30 days the spike ratio has no reference (spec §5.2: suppressed), so this note is then the
    only word on a long first run; from 14 days it says the same thing earlier: build up gradually.
    """
    gap = config.load.comeback_gap_days
    since = spikes["days_since_previous"].to_numpy(dtype=float)
    weeks = dict(zip(runs["id"].tolist(), runs["week"].tolist(), strict=True))
    distances = dict(zip(runs["id"].tolist(), runs["distance_m"].tolist(), strict=True))
    comebacks = np.flatnonzero(since >= gap)
    ids = spikes["id"].to_numpy()[comebacks].tolist()
    refs = spikes["ref_distance_m"].to_numpy(dtype=float)[comebacks].tolist()
    limits = spikes["planned_distance_limit_m"].to_numpy(dtype=float)[comebacks].tolist()
    out = []
    for activity_id, days, ref, limit in zip(ids, since[comebacks].tolist(), refs, limits, strict=True):
        if np.isfinite(ref):
            compared = "Your longest run of the 30 days before it was {longest}; keeping the next runs under {limit} stays in the usual band."
        else:
            compared = "With no run in the 30 days before, there is no recent longest run to compare it with, so the spike check cannot say how big a step this was."
        out.append(Flag(
            "RETURN-AFTER-BREAK", "notice", "days_since_previous_run", days, float(gap), "days",
            f"Welcome back: this {{run}} run came {days:.0f} days after your previous one (a break of {gap} days or more). "
            f"{compared} After a break, build up gradually: shorter and easier runs first, then lengthen them week by week. "
            "In 5,205 runners, single runs much longer than the recent longest were associated with more overuse injuries.",
            "CONV", "[27] Garmin-RUNSAFE (the break case of spec §5.2)", week=weeks[activity_id], activity_id=activity_id, rule_of_thumb=True,
            quantities=(_distance("run", np.nan_to_num(distances[activity_id])), _distance("longest", ref), _distance("limit", limit)),
        ))  # fmt: skip
    return out


def ramp_flags(load: pd.DataFrame, config: SignalConfig) -> list[Flag]:
    """WK-RAMP-30: weekly distance up more than 30 % on the week before (§5.3, weak evidence)."""
    out = []
    for row in load[load["ramp_flag"]].itertuples(index=False):
        previous = row.distance_m - row.increase_m
        if np.isfinite(row.ramp_ratio):
            seen, threshold, unit = f"{row.ramp_ratio:.0%} more than the week before", config.load.weekly_ramp_pct / 100, "ratio"
            value = row.ramp_ratio
        else:  # under a 10 km base: the absolute increase, in metres like every distance (spec §5.3)
            seen, threshold, unit = "{increase} more than the week before", config.load.weekly_abs_increase_km * 1000, "m"
            value = row.increase_m
        out.append(Flag(
            "WK-RAMP-30", "notice", "weekly_distance", display.finite(value), threshold, unit,
            f"You ran {{week}} this week, {seen} ({{previous}}); the rule of thumb "
            f"is +{config.load.weekly_ramp_pct:.0f}%. Novice runners who progressed faster than 30% had more distance-related "
            "injuries in one cohort (weak evidence); the single-run spike is the better-supported warning.",
            "COH", "[25] Nielsen 2014", week=row.week, rule_of_thumb=True,
            quantities=(_distance("week", row.distance_m), _distance("increase", row.increase_m), _distance("previous", previous)),
        ))  # fmt: skip
    return out


def _baseline(values: np.ndarray, qualifying: np.ndarray, n: int) -> np.ndarray:
    """Mean of the previous ``n`` qualifying weeks' values (not counting this week); NaN under 2 of them."""
    kept = np.where(qualifying, values, np.nan)
    seen = np.isfinite(kept)
    before = np.cumsum(seen) - seen  # qualifying values before each week
    running = np.r_[0.0, np.cumsum(kept[seen])]
    taken = np.minimum(before, n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (running[before] - running[before - taken]) / taken
    return np.where(before >= 2, mean, np.nan)


def start_baseline(values: np.ndarray, qualifying: np.ndarray, in_start: np.ndarray) -> np.ndarray:
    """Mean of the qualifying weeks of the reference period (the weeks ``in_start``), for each week
    after it; NaN in and before it, and when fewer than 2 of its weeks qualify.

    The 4-week "usual" follows a slow drift (1 spm a week never gets 3 spm below the mean of the 4
    weeks before), so the form flags also compare with this fixed baseline from the start.
    """
    kept = values[qualifying & in_start & np.isfinite(values)]
    after = np.zeros(len(values), dtype=bool)
    if in_start.any():
        after[np.flatnonzero(in_start)[-1] + 1 :] = True
    return np.where(after & (len(kept) >= 2), kept.mean() if len(kept) else np.nan, np.nan)


def _compare(now: np.ndarray, rolling: np.ndarray, start: np.ndarray, change: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weeks whose value moved by ``change`` or more (a negative ``change``: dropped) from the 4-week
    usual, or from the start baseline while still moving away from the usual (a week on its way back
    is quiet): (moved, the baseline it moved from, whether that was the start's)."""
    sign = np.sign(change)
    with np.errstate(invalid="ignore"):
        from_rolling = sign * (now - rolling) >= abs(change)
        returning = sign * (now - rolling) <= 0
        from_start = ~from_rolling & ~returning & (sign * (now - start) >= abs(change))
    return from_rolling | from_start, np.where(from_start, start, rolling), from_start


def form_flags(
    weekly: pd.DataFrame, v_ref: float, config: SignalConfig, start_weeks: np.ndarray | None = None, sensor_epoch: np.ndarray | None = None
) -> list[Flag]:
    """Matched-pace form flags per week (§2.4, §3.2, §4.4, §4.5).

    ``weekly`` is the output of :func:`runsense.signal.trends.weekly_form`, in week order;
    ``start_weeks`` marks the weeks of the reference period, whose mean is the start baseline that a
    slow drift is measured against (:func:`start_baseline`). ``sensor_epoch`` numbers the stretches of
    weeks measured by one running-dynamics sensor (:func:`runsense.signal.sensors.sensor_epochs`):
    the baselines of VO, GCT, VR and GCT balance never reach across a change of sensor (§4.3).
    """
    if weekly.empty:
        return []
    c, ft, gb = config.cadence, config.form_trend, config.gct_balance
    q = weekly[col.QUALIFYING].to_numpy(dtype=bool)
    pace = _pace("pace", v_ref)  # the reference pace, as each form flag names it
    weeks = weekly[col.WEEK].tolist()
    in_start = np.zeros(len(weeks), dtype=bool) if start_weeks is None else np.asarray(start_weeks, dtype=bool)
    start_label = f"{weeks[np.flatnonzero(in_start)[0]]}–{weeks[np.flatnonzero(in_start)[-1]]}" if in_start.any() else ""
    at_ref = {m: weekly[col.at_ref(m)].to_numpy(dtype=float) for m in col.FORM_METRICS}
    same = np.zeros(len(weeks), dtype=int)
    epoch = {m: (same if sensor_epoch is None or m not in DYNAMICS_METRICS else np.asarray(sensor_epoch)) for m in col.FORM_METRICS}
    base = {m: within_epochs(lambda part, m=m: _baseline(at_ref[m][part], q[part], ft.baseline_weeks), epoch[m]) for m in col.FORM_METRICS}
    cad, gct, step, dev = at_ref["cadence_spm"], at_ref["stance_time_ms"], at_ref["step_length_m"], at_ref["gct_balance_dev_pp"]
    conditions, usual, from_start = {}, {}, {}
    for code, metric, change in (
        ("CAD-TREND-DOWN", "cadence_spm", -c.trend_drop_spm), ("VO-UP", "vertical_oscillation_mm", ft.vo_up_mm),
        ("GCT-UP", "stance_time_ms", ft.gct_up_ms), ("VR-UP", "vertical_ratio_pct", ft.vr_up_pp),
    ):  # fmt: skip
        start = within_epochs(lambda part, metric=metric: start_baseline(at_ref[metric][part], q[part], in_start[part]), epoch[metric])
        conditions[code], usual[code], from_start[code] = _compare(at_ref[metric], base[metric], start, change)
    sustained = {k: (v & q) & np.r_[False, (v & q)[:-1]] for k, v in conditions.items()}

    def your_usual(code: str, i: int, unit: str, digits: int = 0) -> str:
        value = f"{usual[code][i]:.{digits}f} {unit}"
        return f"your baseline from {start_label} of {value}" if from_start[code][i] else f"your usual {value}"
    previous_dev = np.where(np.r_[False, epoch["gct_balance_dev_pp"][1:] == epoch["gct_balance_dev_pp"][:-1]], np.r_[np.nan, dev[:-1]], np.nan)
    at3 = weekly[col.CADENCE_AT_CONTEXT_SPEED].to_numpy(dtype=float) if col.CADENCE_AT_CONTEXT_SPEED in weekly else np.full(len(weekly), np.nan)
    pop = c.pop_intercept_spm + c.pop_slope_spm_per_mps * v_ref
    out: list[Flag] = []
    for i in np.flatnonzero(q).tolist():
        week = weeks[i]
        # the summary first: with the §10 cap of 3 flags a week, it is the one to keep
        if sustained["CAD-TREND-DOWN"][i] and (sustained["VO-UP"][i] or sustained["GCT-UP"][i]):
            out.append(Flag(
                "FORM-COMBO", "notice", "form_at_ref", None, None, "",
                f"Your form is drifting at the same pace: lower cadence together with more {'bounce' if sustained['VO-UP'][i] else 'ground contact'} "
                "than your usual, for two weeks. Together these often go with fatigue or a change in how you land. Consider an easier week and "
                "watch whether it recovers.",
                "CONV", "[56]", week=week, rule_of_thumb=True,
            ))  # fmt: skip
        if sustained["CAD-TREND-DOWN"][i]:
            target = cad[i] * (1 + c.drill_step_pct / 100)  # CAD-DRILL: from the current value, never an absolute 180
            was = usual["CAD-TREND-DOWN"][i]
            out.append(Flag(
                "CAD-TREND-DOWN", "notice", "cadence_at_ref_spm", display.finite(cad[i]), display.finite(was - c.trend_drop_spm), "spm",
                f"At your reference pace ({{pace}}), your cadence was {cad[i]:.0f} spm this week, {was - cad[i]:.1f} spm below "
                f"{your_usual('CAD-TREND-DOWN', i, 'spm')}, for two weeks running (threshold: {c.trend_drop_spm:.0f} spm below). This compares like "
                f"with like, so it is not just a slower week. Lower cadence at the same pace means longer steps, which lab studies link to more "
                f"knee and hip loading; it has not been shown to cause back pain. If you want to work on it, a practice target could be "
                f"{target:.0f} spm at the same pace (+{c.drill_step_pct:.0f}%): small increases reduce joint loading in lab studies and may feel "
                "harder at first.",
                "CONV", "[1,2,5,7]", week=week, rule_of_thumb=True, quantities=(pace,),
            ))  # fmt: skip
        for code, metric, unit, label, threshold, why in (
            ("VO-UP", "vertical_oscillation_mm", "mm", "vertical oscillation", ft.vo_up_mm, "more bounce per step at the same pace"),
            ("GCT-UP", "stance_time_ms", "ms", "ground contact time", ft.gct_up_ms, "longer on the ground per step at the same pace; fatigue shows this way"),
            ("VR-UP", "vertical_ratio_pct", "%", "vertical ratio", ft.vr_up_pp, "more bounce for each metre of step"),
        ):
            if sustained[code][i]:
                now, was = at_ref[metric][i], usual[code][i]
                out.append(Flag(
                    code, "notice", col.at_ref(metric), display.finite(now), display.finite(was + threshold), unit,
                    f"At your reference pace ({{pace}}), your {label} was {now:.1f} {unit}, {now - was:+.1f} {unit} against "
                    f"{your_usual(code, i, unit, 1)}, for two weeks running (threshold: +{threshold:g} {unit}): {why}. No study shows this predicts injury "
                    "or back pain; it is a change from your own normal worth watching. " + _placement_hint(at_ref[metric], i, threshold, unit),
                    "CONV", "[19,21,24]", week=week, rule_of_thumb=True, quantities=(pace,),
                ))  # fmt: skip
        rel_low = np.isfinite(cad[i]) and cad[i] < pop - c.rel_low_delta_spm
        if rel_low:
            out.append(Flag(
                "CAD-REL-LOW", "info", "cadence_at_ref_spm", display.finite(cad[i]), pop - c.rel_low_delta_spm, "spm",
                f"At {{pace}} your cadence ({cad[i]:.0f} spm) is lower than typical for that speed ({pop:.0f} spm in 256 Garmin runners; "
                f"threshold {pop - c.rel_low_delta_spm:.0f}). Cadence depends on height and leg length, so this is context, not a fault.",
                "COH/LAB", "[7,8]", week=week, rule_of_thumb=True, quantities=(pace,),
            ))  # fmt: skip
        if np.isfinite(at3[i]) and at3[i] <= c.context_low_spm:
            out.append(Flag(
                "CAD-CONTEXT", "info", "cadence_at_3mps_spm", display.finite(at3[i]), c.context_low_spm, "spm",
                f"Your cadence adjusted to {c.context_speed_mps:.1f} m/s ({{context_pace}}) is {at3[i]:.0f} spm, at or below {c.context_low_spm:.0f} spm, a range that "
                "lab and cohort studies link to higher knee and shin loads in some runners. Information only.",
                "COH/LAB", "[12,13]", week=week, quantities=(_pace("context_pace", c.context_speed_mps),),
            ))  # fmt: skip
        step_base = base["step_length_m"][i]
        gct_ok = not np.isfinite(gct[i]) or not np.isfinite(base["stance_time_ms"][i]) or gct[i] >= base["stance_time_ms"][i] + ft.overstride_gct_ms
        if rel_low and np.isfinite(step[i]) and np.isfinite(step_base) and step[i] >= step_base * ft.overstride_step_ratio and gct_ok:
            out.append(Flag(
                "OVERSTRIDE-PROXY", "info", "step_length_at_ref_m", display.finite(step[i]), step_base * ft.overstride_step_ratio, "m",
                "Longer steps at the same pace with lower cadence can mean landing further ahead of your body. A watch cannot see this: "
                "only video or a lab can confirm it.",
                "CONV", "[6,71]", week=week, rule_of_thumb=True,
            ))  # fmt: skip
        now_dev, dev_base = dev[i], base["gct_balance_dev_pp"][i]
        if np.isfinite(now_dev) and (now_dev > gb.week_warning_dev_pp or (now_dev > gb.week_notice_dev_pp and np.isfinite(previous_dev[i]) and previous_dev[i] > gb.week_notice_dev_pp)):
            severity = "warning" if now_dev > gb.week_warning_dev_pp else "notice"
            out.append(Flag(
                "GCTB-WEEK", severity, "gct_balance_dev_pp", display.finite(now_dev), gb.week_warning_dev_pp if severity == "warning" else gb.week_notice_dev_pp, "pp",
                f"Your left/right ground contact balance was {now_dev:.1f} points away from 50/50 this week (threshold {gb.week_notice_dev_pp} for two "
                f"weeks, {gb.week_warning_dev_pp} at once: outside the range of 70% of Garmin runners). A new difference can follow pain or "
                "stiffness (favouring one side), or a moved sensor. If it comes with pain, mention it to your clinician.",
                "MFR", "[19,23]", week=week, rule_of_thumb=True,
            ))  # fmt: skip
        elif np.isfinite(now_dev) and np.isfinite(dev_base) and now_dev >= dev_base + gb.new_asym_pp:
            out.append(Flag(
                "GCTB-NEW", "warning", "gct_balance_dev_pp", display.finite(now_dev), display.finite(dev_base + gb.new_asym_pp), "pp",
                f"A new left/right difference: {now_dev:.1f} points from 50/50 against your usual {dev_base:.1f} (threshold +{gb.new_asym_pp}). It can "
                "follow pain or stiffness, or a moved sensor. If it comes with pain, mention it to your clinician.",
                "CONV", "[23]", week=week, rule_of_thumb=True,
            ))  # fmt: skip
    return out


def _placement_hint(values: np.ndarray, i: int, threshold: float, unit: str) -> str:
    """Spec §4.3: a shift that came at once, between the week before the two flagged weeks and the
    first of them, asks about the sensor's position; a gradual one only says that it can matter."""
    jump = values[i - 1] - values[i - 2] if i >= 2 else np.nan
    if np.isfinite(jump) and jump >= threshold:
        return f"It rose by {jump:.1f} {unit} at once, in one week: did you change strap position (or move the pod)? A moved sensor shifts these numbers by as much."
    return "A moved chest strap or pod can shift these numbers by as much."


def fatigue_flags(changes: pd.DataFrame, week_of: Mapping[str, str], config: SignalConfig) -> list[Flag]:
    """FAT-* for each run whose last third differed from its first at matched pace, CI excluding 0 (§8.2).

    ``changes`` has one row per run and metric: ``activity_id``, ``metric``, ``delta``, ``ci_low``,
    ``ci_high`` (:meth:`~runsense.store.Store.fatigue_changes`); ``week_of`` maps runs to weeks.
    """
    f = config.fatigue
    rules = (
        ("FAT-CAD", "cadence_spm", "spm", lambda d: d <= -f.cad_drop_spm, -f.cad_drop_spm, "cadence", "[56]", "SR"),
        ("FAT-GCT", "stance_time_ms", "ms", lambda d: d >= f.gct_rise_ms, f.gct_rise_ms, "ground contact time", "[56]", "SR"),
        ("FAT-VO", "vertical_oscillation_mm", "mm", lambda d: np.abs(d) >= f.vo_change_mm, f.vo_change_mm, "vertical oscillation", "[56,58]", "CONV"),
        ("FAT-GCTB", "gct_balance_dev_pp", "pp", lambda d: d >= f.gctb_rise_pp, f.gctb_rise_pp, "left/right imbalance", "[23]", "CONV"),
    )
    if changes.empty:
        return []
    delta, low, high = (changes[c].to_numpy(dtype=float) for c in ("delta", "ci_low", "ci_high"))
    sure = (low > 0) | (high < 0)
    out = []
    for code, metric, unit, fires, threshold, seen, ref, grade in rules:
        for i in np.flatnonzero((changes["metric"].to_numpy() == metric) & fires(delta) & sure):
            activity_id, d = changes["activity_id"].iat[i], float(delta[i])
            out.append(Flag(
                code, "info", f"{metric}_last_vs_first_third", d, threshold, unit,
                f"In the last third of this run, {seen} {display.change(d, unit)} against the first third, like for like (at the same pace, or corrected "
                f"for pace when it varied; 95% CI {low[i]:+.1f} to "
                f"{high[i]:+.1f}; threshold {threshold:+g}). Runners' form tends to change this way as they tire; a shorter long run or form "
                "cues late in the run are options.",
                grade, ref, week=week_of.get(activity_id), activity_id=activity_id,
            ))  # fmt: skip
    return out


def run_balance_flags(runs: pd.DataFrame, config: SignalConfig) -> list[Flag]:
    """GCTB-RUN for each run whose flat-ground GCT balance was far from 50/50 (§4.5).

    ``runs`` has ``id``, ``week`` and ``gct_balance_dev_flat_pp``.
    """
    threshold = config.gct_balance.run_dev_pp
    dev = pd.to_numeric(runs["gct_balance_dev_flat_pp"], errors="coerce").to_numpy(dtype=float) if len(runs) else np.zeros(0)
    out = []
    for i in np.flatnonzero(np.isfinite(dev) & (dev > threshold)):
        out.append(Flag(
            "GCTB-RUN", "notice", "gct_balance_dev_pp", float(dev[i]), threshold, "pp",
            f"On the flat parts of this run your left/right ground contact balance was {dev[i]:.1f} points from 50/50 (threshold "
            f"{threshold}, outside Garmin's orange band). It can follow pain or stiffness, or a moved sensor.",
            "MFR", "[19]", week=runs["week"].iat[i], activity_id=runs["id"].iat[i], rule_of_thumb=True,
        ))  # fmt: skip
    return out


def rank(flags: list[Flag]) -> list[Flag]:
    """Most severe first, then by evidence grade (SR > COH > LAB > MFR > CONV)."""
    return sorted(flags, key=lambda f: f.sort_key)


#: code prefixes of the form and load flags, the ones spec §10 caps per week (red flags, pain and shoes never are)
FORM_LOAD_PREFIXES = ("SPIKE-", "WK-RAMP", "RETURN-AFTER-BREAK", "CAD-", "VO-", "VR-", "GCT-", "GCTB-", "FORM-COMBO", "OVERSTRIDE-", "FAT-")


@dataclass(frozen=True, slots=True)
class CappedFlags:
    """A week's flags as shown: every other flag, and at most ``limit`` form or load flags; the rest held back."""

    shown: list[Flag]
    held_back: list[Flag]

    @property
    def note(self) -> str | None:
        """What the week's view says about the flags it does not show, or None."""
        if not self.held_back:
            return None
        n = len(self.held_back)
        codes = ", ".join(dict.fromkeys(f.code for f in self.held_back))
        return (f"{n} more form or load flag{'s' if n > 1 else ''} this week held back ({codes}): only the 3 most important are shown, "
                "ranked by severity and then strength of evidence.")  # fmt: skip


def cap_week(flags: list[Flag], limit: int = 3) -> CappedFlags:
    """Spec §10: at most ``limit`` form or load flags a week, ranked by severity then evidence grade.

    Red flags, pain and shoe flags are never capped, and come first as ranked.
    """
    ranked = rank(flags)
    shown, held_back, kept = [], [], 0
    for flag in ranked:
        if not flag.code.startswith(FORM_LOAD_PREFIXES):
            shown.append(flag)
        elif kept < limit:
            shown.append(flag)
            kept += 1
        else:
            held_back.append(flag)
    return CappedFlags(shown, held_back)
