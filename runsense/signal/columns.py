"""The weekly form table's column names, written in one place.

:func:`runsense.signal.trends.weekly_form` builds one row per week with, for each form metric, its
value at the reference pace, the 95 % CI of that value, the speed model's slope and how the slope
was found; the analysis adds which running-dynamics sensor measured the week. Flags, the weekly
report, the clinic report, the cadence plan and the dashboard's charts all read those columns back:
they name them through this module, never by building the string again, so a renamed column is one
edit here, and a reader that asks for a column the table does not have fails at the name.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the form metrics with a weekly value at the reference pace, in report order
FORM_METRICS = ("cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms", "vertical_ratio_pct", "gct_balance_dev_pp")

WEEK = "week"
#: runs with steady segments in the week, and their minutes
FORM_RUNS = "form_runs"
VALID_MINUTES = "valid_minutes"
#: whether the week has enough steady running for its form to count (≥ 2 runs or ≥ 30 min)
QUALIFYING = "qualifying"
#: cadence moved to the context speed of 3.0 m/s (for CAD-CONTEXT)
CADENCE_AT_CONTEXT_SPEED = "cadence_at_context_speed"
#: added by the analysis: the weeks of the reference period, and the sensor measuring each week
REFERENCE_PERIOD = "reference_period"
DYNAMICS_SENSOR = "dynamics_sensor"
SENSOR_EPOCH = "sensor_epoch"


@dataclass(frozen=True, slots=True)
class MetricColumns:
    """The weekly columns of one form metric."""

    metric: str

    @property
    def at_ref(self) -> str:
        """The week's time-weighted median at the reference pace."""
        return f"{self.metric}_at_ref"

    @property
    def ci_low(self) -> str:
        """Lower end of the 95 % CI of that median (NaN under 5 segments)."""
        return f"{self.metric}_ci_low"

    @property
    def ci_high(self) -> str:
        return f"{self.metric}_ci_high"

    @property
    def slope(self) -> str:
        """The speed model's slope per m/s the week's segments were moved along."""
        return f"{self.metric}_slope"

    @property
    def method(self) -> str:
        """How the slope was found: ``theil_sen``, ``prior`` or ``none``."""
        return f"{self.metric}_method"

    @property
    def all(self) -> tuple[str, ...]:
        return (self.at_ref, self.ci_low, self.ci_high, self.slope, self.method)


def of(metric: str) -> MetricColumns:
    """The columns of ``metric``; a ValueError for a metric the weekly table does not hold."""
    if metric not in FORM_METRICS:
        raise ValueError(f"{metric!r} has no weekly columns: the form metrics are {', '.join(FORM_METRICS)}")
    return MetricColumns(metric)


def at_ref(metric: str) -> str:
    return of(metric).at_ref


def ci_low(metric: str) -> str:
    return of(metric).ci_low


def ci_high(metric: str) -> str:
    return of(metric).ci_high


def slope(metric: str) -> str:
    return of(metric).slope


def method(metric: str) -> str:
    return of(metric).method


def weekly_form_columns() -> tuple[str, ...]:
    """Every column of :func:`runsense.signal.trends.weekly_form`'s table, in its order."""
    names = [WEEK, FORM_RUNS, VALID_MINUTES, QUALIFYING]
    for metric in FORM_METRICS:
        names += of(metric).all
        if metric == "cadence_spm":
            names.append(CADENCE_AT_CONTEXT_SPEED)
    return tuple(names)
