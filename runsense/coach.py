"""The advice runners are given, followed through over the store: the cadence plan.

The service layer between the pure plan rules (:mod:`runsense.plan`), the weekly analysis that
judges them at matched pace (:mod:`runsense.analysis`), and the CLI and dashboard that show them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from runsense.plan import CadencePlan, PlanProgress, follow, iso_week_of, start_plan
from runsense.signal import columns as col
from runsense.store import Store

if TYPE_CHECKING:
    from runsense.analysis import Analysis
    from runsense.signal.config import SignalConfig

#: the spec's words for the drill (§2.4): shown with every plan
DRILL_NOTE = (
    "Small increases (5–10 %) at the same pace reduce knee and hip loading in lab studies. They haven't been tested "
    "for back pain. The drill may feel harder at first: keep your usual easy pace and let the steps get quicker, not longer."
)


@dataclass(frozen=True, slots=True)
class PlanView:
    """The cadence plan in force, followed up to this week, and the reference pace it is judged at."""

    progress: PlanProgress
    reference_speed_mps: float

    def to_dict(self) -> dict[str, object]:
        """The ``--json`` shape."""
        return self.progress.to_dict() | {"note": DRILL_NOTE}


def weekly_cadence_at_ref(analysis: Analysis) -> tuple[dict[str, float], float]:
    """Each week's cadence at reference pace (weeks with steady running), and that pace."""
    weeks, cadence = analysis.weeks, col.at_ref("cadence_spm")
    if weeks.empty or cadence not in weeks:
        return {}, analysis.v_ref_mps
    values = weeks[[col.WEEK, cadence]].dropna()  # one steady run is evidence enough for a plan step
    return {str(w): float(v) for w, v in zip(values[col.WEEK], values[cadence], strict=True) if math.isfinite(v)}, analysis.v_ref_mps


def current_plan(store: Store, today: date | None = None, analysis: Analysis | None = None, config: SignalConfig | None = None) -> PlanView | None:
    """The plan in force, judged week by week through this week; None when there is none.
    ``analysis``: the store's, if already made (else one is, with ``config``)."""
    plan = store.cadence_plan()
    if plan is None:
        return None
    weekly, _ = weekly_cadence_at_ref(analysis or _analyse(store, config))
    return PlanView(follow(plan, weekly, iso_week_of(today or date.today())), plan.reference_speed_mps)


def new_plan(store: Store, today: date | None = None, analysis: Analysis | None = None, config: SignalConfig | None = None) -> PlanView:
    """Start a plan this week from the runner's cadence at reference pace (ending one in force), in
    the steps of the analysis's ``cadence.drill_step_pct`` up to ``drill_max_pct``.
    Raises InvalidInputError, storing nothing, when there is no matched-pace cadence yet."""
    this_week = iso_week_of(today or date.today())
    analysis = analysis or _analyse(store, config)
    weekly, v_ref = weekly_cadence_at_ref(analysis)
    drill = analysis.config.cadence
    plan: CadencePlan = start_plan(weekly, v_ref, this_week, step_pct=drill.drill_step_pct, max_pct=drill.drill_max_pct)
    store.start_cadence_plan(plan)
    return PlanView(follow(plan, weekly, this_week), v_ref)


def _analyse(store: Store, config: SignalConfig | None) -> Analysis:
    from runsense.analysis import analyse  # the weekly analysis needs pandas and scipy: only here

    return analyse(store, config)
