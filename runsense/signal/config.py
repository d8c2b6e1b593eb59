"""Thresholds of the domain spec §11, one frozen dataclass per section.

Pure definitions with their spec defaults: this module imports nothing heavy, so the settings
loader (:mod:`runsense.settings`) can build a :class:`SignalConfig` from the ``[signal.*]``
sections of the runner's settings file on every CLI path. The signal code never reads settings
itself; the services hand it the loaded config. Every field here is read by the signal code
(``tests/test_settings.py`` checks it); a threshold that nothing reads does not belong here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ValidityConfig:
    """Thresholds of spec §1.4 and §11 ``validity`` (all [CONV])."""

    min_run_speed_mps: float = 1.8
    min_run_spm: float = 130.0
    spm_range: tuple[float, float] = (130.0, 230.0)
    speed_range_mps: tuple[float, float] = (1.8, 7.0)
    vo_range_mm: tuple[float, float] = (40.0, 150.0)
    gct_range_ms: tuple[float, float] = (150.0, 400.0)
    gct_balance_range_pct: tuple[float, float] = (40.0, 60.0)
    vertical_ratio_range_pct: tuple[float, float] = (2.0, 20.0)
    step_length_range_m: tuple[float, float] = (0.3, 2.5)
    max_gap_s: float = 10.0
    moving_speed_mps: float = 0.5
    #: the centred rolling median that takes GPS jitter out of the speed
    speed_smoothing_s: float = 10.0


@dataclass(frozen=True, slots=True)
class CadenceConfig:
    """Spec §2.3–2.4."""

    model_window_days: int = 42
    min_segments: int = 20
    min_speed_span_mps: float = 0.5
    #: the cadence–speed slope when a window's data cannot give one (van Oeveren 2019 [7])
    prior_slope_spm_per_mps: float = 6.0
    pop_intercept_spm: float = 150.0  # spm_pop(v) = 150.0 + 6.01 v [7]
    pop_slope_spm_per_mps: float = 6.01
    #: None: the median running speed of the first 28 days of data, frozen
    v_ref_mps: float | None = None
    v_ref_days: int = 28
    rel_low_delta_spm: float = 10.0
    context_low_spm: float = 166.0
    context_speed_mps: float = 3.0
    trend_drop_spm: float = 3.0
    #: CAD-DRILL and the cadence plan: steps of +5 % from the runner's own cadence, +10 % at most
    drill_step_pct: float = 5.0
    drill_max_pct: float = 10.0
    band_spm: tuple[float, float] = (170.0, 180.0)


@dataclass(frozen=True, slots=True)
class FormTrendConfig:
    """Spec §4.4 and §3.2."""

    baseline_weeks: int = 4
    vo_up_mm: float = 5.0
    vr_up_pp: float = 0.5
    gct_up_ms: float = 10.0
    min_runs: int = 2
    min_valid_minutes: float = 30.0
    overstride_step_ratio: float = 1.05
    overstride_gct_ms: float = 10.0
    #: spec §10: form and load flags shown per week
    max_week_flags: int = 3


@dataclass(frozen=True, slots=True)
class GctBalanceConfig:
    """Spec §4.5."""

    run_dev_pp: float = 2.2
    week_notice_dev_pp: float = 1.5
    week_warning_dev_pp: float = 2.2
    new_asym_pp: float = 1.0


@dataclass(frozen=True, slots=True)
class LoadConfig:
    """Spec §5."""

    spike_ref_days: int = 30
    spike_bands: tuple[float, float, float] = (0.10, 0.30, 1.00)
    weekly_ramp_pct: float = 30.0
    weekly_min_base_km: float = 10.0
    weekly_abs_increase_km: float = 5.0
    acwr_acute_days: int = 7
    acwr_chronic_days: int = 28
    acwr_min_history_days: int = 28
    #: a run this many days after the one before is a comeback: build up gradually (spec §5.2's break note)
    comeback_gap_days: int = 14


@dataclass(frozen=True, slots=True)
class FatigueConfig:
    """Spec §8."""

    min_moving_min: float = 45.0
    min_distance_km: float = 8.0
    warmup_exclude_s: float = 300.0
    cooldown_exclude_s: float = 120.0
    pace_match_pct: float = 5.0
    pace_match_mps: float = 0.2
    min_segment_minutes: float = 10.0
    cad_drop_spm: float = 3.0
    gct_rise_ms: float = 10.0
    vo_change_mm: float = 5.0
    gctb_rise_pp: float = 1.0


@dataclass(frozen=True, slots=True)
class PainConfig:
    """Spec §7.3 and §11 ``pain``: the pain-monitoring rules (and the MCID that ``compare`` uses)."""

    #: the smallest change that matters to people with back pain: 2 points or 30 % (MCID)
    mcid_points: float = 2.0
    mcid_pct: float = 30.0
    #: PAIN-DURING: pain during a run above this (/10)
    during_run_max: float = 5.0
    #: PAIN-PERSIST-7 / -14: a day counts as a pain day from this score (/10)
    persist_pain_min: float = 3.0
    persist7_days: int = 7
    persist7_min_days: int = 5
    persist14_days: int = 14
    persist14_min_days: int = 10
    #: STIFF-TREND: morning stiffness up by this share and these minutes (the spec says only that it
    #: "must not increase week to week": the 30 % is the pain rule's relative MCID, the 10-minute floor
    #: keeps 5 → 7 minutes from counting as a rise)
    stiffness_rise_pct: float = 30.0
    stiffness_rise_min: float = 10.0


@dataclass(frozen=True, slots=True)
class CorrelationConfig:
    """Spec §7.6 and §11 ``correlation``: the n-of-1 association of training with next-morning pain."""

    window_days: int = 56
    min_pairs: int = 28
    min_run_days: int = 10
    min_neff: float = 20.0
    min_outcome_sd: float = 0.5
    #: lags 0 (the next morning) to this many days later (the spec's [0, 1, 2, 3])
    max_lag_days: int = 3
    min_abs_rho: float = 0.3
    fdr_q: float = 0.10


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
    warmup_exclude_s: float = 300.0
    max_abs_grade_pct: float = 2.0
    segment_s: float = 30.0
    max_segment_speed_cv: float = 0.05
