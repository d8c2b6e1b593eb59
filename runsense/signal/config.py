"""Thresholds of the domain spec §11, one frozen dataclass per section.

Pure definitions with their spec defaults: this module imports nothing heavy, so the settings
loader (:mod:`runsense.settings`) can build a :class:`SignalConfig` from the ``[signal.*]``
sections of the runner's settings file on every CLI path. The signal code never reads settings
itself; the services hand it the loaded config. Every field here is read by the signal code
(``tests/test_settings.py`` checks it); a threshold that nothing reads does not belong here.

Each field also says the range a runner may set it in (:func:`_within`): a speed of 0, a window of
a million days or a percentage over 100 is a typing slip, not a threshold. The settings loader
checks every value against it (``runsense.settings._signal``); this module only states it, and a
test checks that every field has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: the metadata key of a field's allowed range, ``(lowest, highest)``, inclusive
RANGE = "range"


def _within(default: Any, lowest: float, highest: float) -> Any:
    """A threshold's default and the range a runner may set it in; for a tuple of thresholds (a
    band), the range of each of its numbers."""
    return field(default=default, metadata={RANGE: (lowest, highest)})


@dataclass(frozen=True, slots=True)
class ValidityConfig:
    """Thresholds of spec §1.4 and §11 ``validity`` (all [CONV])."""

    min_run_speed_mps: float = _within(1.8, 0.5, 5)
    min_run_spm: float = _within(130.0, 60, 200)
    spm_range: tuple[float, float] = _within((130.0, 230.0), 40, 300)
    speed_range_mps: tuple[float, float] = _within((1.8, 7.0), 0.3, 12)
    vo_range_mm: tuple[float, float] = _within((40.0, 150.0), 0, 300)
    gct_range_ms: tuple[float, float] = _within((150.0, 400.0), 50, 1000)
    gct_balance_range_pct: tuple[float, float] = _within((40.0, 60.0), 0, 100)
    vertical_ratio_range_pct: tuple[float, float] = _within((2.0, 20.0), 0, 100)
    step_length_range_m: tuple[float, float] = _within((0.3, 2.5), 0.1, 4)
    max_gap_s: float = _within(10.0, 1, 600)
    moving_speed_mps: float = _within(0.5, 0.1, 5)
    #: the centred rolling median that takes GPS jitter out of the speed
    speed_smoothing_s: float = _within(10.0, 1, 120)


@dataclass(frozen=True, slots=True)
class CadenceConfig:
    """Spec §2.3–2.4."""

    model_window_days: int = _within(42, 7, 365)
    min_segments: int = _within(20, 1, 1000)
    min_speed_span_mps: float = _within(0.5, 0.1, 5)
    #: the cadence–speed slope when a window's data cannot give one (van Oeveren 2019 [7])
    prior_slope_spm_per_mps: float = _within(6.0, 0, 30)
    pop_intercept_spm: float = _within(150.0, 100, 200)  # spm_pop(v) = 150.0 + 6.01 v [7]
    pop_slope_spm_per_mps: float = _within(6.01, 0, 30)
    #: None: the median running speed of the first 28 days of data, frozen
    v_ref_mps: float | None = _within(None, 1, 7)
    v_ref_days: int = _within(28, 7, 365)
    rel_low_delta_spm: float = _within(10.0, 1, 50)
    context_low_spm: float = _within(166.0, 100, 220)
    context_speed_mps: float = _within(3.0, 1, 7)
    trend_drop_spm: float = _within(3.0, 0.5, 50)
    #: CAD-DRILL and the cadence plan: steps of +5 % from the runner's own cadence, +10 % at most
    drill_step_pct: float = _within(5.0, 0.5, 10)
    drill_max_pct: float = _within(10.0, 0.5, 10)
    band_spm: tuple[float, float] = _within((170.0, 180.0), 100, 250)


@dataclass(frozen=True, slots=True)
class FormTrendConfig:
    """Spec §4.4 and §3.2."""

    baseline_weeks: int = _within(4, 1, 52)
    vo_up_mm: float = _within(5.0, 0.5, 50)
    vr_up_pp: float = _within(0.5, 0.05, 10)
    gct_up_ms: float = _within(10.0, 1, 200)
    min_runs: int = _within(2, 1, 50)
    min_valid_minutes: float = _within(30.0, 1, 1000)
    overstride_step_ratio: float = _within(1.05, 1, 2)
    overstride_gct_ms: float = _within(10.0, 1, 200)
    #: spec §10: form and load flags shown per week
    max_week_flags: int = _within(3, 1, 20)


@dataclass(frozen=True, slots=True)
class GctBalanceConfig:
    """Spec §4.5."""

    run_dev_pp: float = _within(2.2, 0.1, 20)
    week_notice_dev_pp: float = _within(1.5, 0.1, 20)
    week_warning_dev_pp: float = _within(2.2, 0.1, 20)
    new_asym_pp: float = _within(1.0, 0.1, 20)


@dataclass(frozen=True, slots=True)
class LoadConfig:
    """Spec §5."""

    spike_ref_days: int = _within(30, 7, 365)
    spike_bands: tuple[float, float, float] = _within((0.10, 0.30, 1.00), 0, 10)
    weekly_ramp_pct: float = _within(30.0, 1, 100)
    weekly_min_base_km: float = _within(10.0, 0, 200)
    weekly_abs_increase_km: float = _within(5.0, 0, 100)
    acwr_acute_days: int = _within(7, 1, 28)
    acwr_chronic_days: int = _within(28, 7, 365)
    acwr_min_history_days: int = _within(28, 7, 365)
    #: a run this many days after the one before is a comeback: build up gradually (spec §5.2's break note)
    comeback_gap_days: int = _within(14, 3, 365)


@dataclass(frozen=True, slots=True)
class FatigueConfig:
    """Spec §8."""

    min_moving_min: float = _within(45.0, 10, 600)
    min_distance_km: float = _within(8.0, 1, 100)
    warmup_exclude_s: float = _within(300.0, 0, 3600)
    cooldown_exclude_s: float = _within(120.0, 0, 3600)
    pace_match_pct: float = _within(5.0, 0.5, 50)
    pace_match_mps: float = _within(0.2, 0.01, 2)
    min_segment_minutes: float = _within(10.0, 1, 120)
    cad_drop_spm: float = _within(3.0, 0.5, 50)
    gct_rise_ms: float = _within(10.0, 1, 200)
    vo_change_mm: float = _within(5.0, 0.5, 50)
    gctb_rise_pp: float = _within(1.0, 0.1, 20)


@dataclass(frozen=True, slots=True)
class PainConfig:
    """Spec §7.3 and §11 ``pain``: the pain-monitoring rules (and the MCID that ``compare`` uses)."""

    #: the smallest change that matters to people with back pain: 2 points or 30 % (MCID)
    mcid_points: float = _within(2.0, 0.5, 10)
    mcid_pct: float = _within(30.0, 1, 100)
    #: PAIN-DURING: pain during a run above this (/10)
    during_run_max: float = _within(5.0, 0, 10)
    #: PAIN-PERSIST-7 / -14: a day counts as a pain day from this score (/10)
    persist_pain_min: float = _within(3.0, 0, 10)
    persist7_days: int = _within(7, 1, 28)
    persist7_min_days: int = _within(5, 1, 28)
    persist14_days: int = _within(14, 1, 56)
    persist14_min_days: int = _within(10, 1, 56)
    #: STIFF-TREND: morning stiffness up by this share and these minutes (the spec says only that it
    #: "must not increase week to week": the 30 % is the pain rule's relative MCID, the 10-minute floor
    #: keeps 5 → 7 minutes from counting as a rise)
    stiffness_rise_pct: float = _within(30.0, 1, 500)
    stiffness_rise_min: float = _within(10.0, 0, 600)


@dataclass(frozen=True, slots=True)
class CorrelationConfig:
    """Spec §7.6 and §11 ``correlation``: the n-of-1 association of training with next-morning pain."""

    window_days: int = _within(56, 14, 365)
    min_pairs: int = _within(28, 5, 365)
    min_run_days: int = _within(10, 2, 365)
    min_neff: float = _within(20.0, 2, 365)
    min_outcome_sd: float = _within(0.5, 0, 5)
    #: lags 0 (the next morning) to this many days later (the spec's [0, 1, 2, 3])
    max_lag_days: int = _within(3, 1, 14)
    min_abs_rho: float = _within(0.3, 0, 1)
    fdr_q: float = _within(0.10, 0.001, 0.5)


@dataclass(frozen=True, slots=True)
class SignalConfig:
    """Every threshold the signal module uses."""

    validity: ValidityConfig = field(default_factory=ValidityConfig)
    cadence: CadenceConfig = field(default_factory=CadenceConfig)
    form_trend: FormTrendConfig = field(default_factory=FormTrendConfig)
    gct_balance: GctBalanceConfig = field(default_factory=GctBalanceConfig)
    load: LoadConfig = field(default_factory=LoadConfig)
    fatigue: FatigueConfig = field(default_factory=FatigueConfig)
    pain: PainConfig = field(default_factory=PainConfig)
    correlation: CorrelationConfig = field(default_factory=CorrelationConfig)
    warmup_exclude_s: float = _within(300.0, 0, 3600)
    max_abs_grade_pct: float = _within(2.0, 0.1, 30)
    segment_s: float = _within(30.0, 5, 600)
    max_segment_speed_cv: float = _within(0.05, 0.005, 1)
