"""The words runsense uses on screen and in reports, explained in plain language (spec §§1–10).

One place for these explanations: the dashboard's Glossary page lists them, and every term on
screen links to its entry by key (``/glossary#acwr``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One entry: ``key`` is its anchor, ``name`` how it is written on screen."""

    key: str
    name: str
    text: str


TERMS: tuple[Term, ...] = (
    Term("reference-pace", "Reference pace",
         "One fixed pace at which all your runs are compared, so a slow week does not look like a change of form. By default it is the "
         "median pace of your easy runs in your first 28 days of data, and it stays frozen until you reset it (Trends page)."),
    Term("at-reference-pace", "At reference pace (matched pace)",
         "Cadence, step length, vertical oscillation and ground contact time all change with speed. runsense learns how yours change "
         "with speed (a line through your own steady segments) and moves each run along that line to the reference pace. \"At matched "
         "pace\" compares two stretches (the first and last third of a run, or two periods) at the same speed in the same way."),
    Term("steady-segment", "Steady segment",
         "A 30-second stretch of running at an even speed (speed varies by 5 % or less), on the flat (slope within 2 %), after the first "
         "5 minutes of warm-up. Only steady segments are used to compare form, because hills, surges and warming up change it."),
    Term("cadence-band", "Cadence band (170–180 spm)",
         "Steps per minute, counting both feet. The 170–180 spm band is a common coaching convention, not a medical target: raising your "
         "own cadence by 5–10 % lowers the load on knees and hips in lab studies, but no study shows a single right number for everyone."),
    Term("spike", "Spike (single-run spike)",
         "A run much longer than your longest run of the previous 30 days. In 5,205 runners followed for 18 months, runs more than 10 % "
         "longer than that came with a higher risk of overuse injury; the bigger the jump, the higher the risk. It is the load rule with "
         "the best evidence, and weeks holding a spike are drawn in red on the load chart."),
    Term("acwr", "ACWR (acute:chronic workload ratio)",
         "Your last 7 days of running divided by your last 28 days (as exponentially weighted averages). Team-sport studies called 0.8–1.3 "
         "a \"sweet spot\", but the ratio has known mathematical flaws and in a large running cohort it did not predict injury. runsense "
         "shows it as information only, with no warnings."),
    Term("pp", "pp (percentage points)",
         "The difference between two percentages: a vertical ratio going from 7.5 % to 8.0 % rose by 0.5 pp (not by 0.5 %). Ground contact "
         "balance is written as points away from an even 50/50."),
    Term("rho", "ρ (Spearman's rho)",
         "A correlation between two day-by-day series (say, yesterday's distance and this morning's pain), from −1 to +1, based on ranks. "
         "0 means no pattern; 0.3 or more is the least runsense will show. A pattern is not a cause."),
    Term("effective-days", "Effective days",
         "Pain and training on one day are much like the day before, so 60 days of data hold less independent information than 60 separate "
         "days would. The effective number of days corrects for that; confidence intervals use it, and nothing is shown below 20."),
    Term("ci", "95 % CI (confidence interval)",
         "The range the true value probably lies in, given how much your data vary. A change whose interval includes 0 may be noise."),
    Term("mcid", "MCID (minimal clinically important difference)",
         "The smallest change in pain that people with low back pain notice as real: 2 points on the 0–10 scale, or 30 %. Smaller changes "
         "are within day-to-day variation."),
    Term("ostrc", "OSTRC-O2 check-in",
         "A short weekly questionnaire from the Oslo Sports Trauma Research Center about overuse problems: four questions on taking part, "
         "training volume, performance and symptoms, each scored and added up to 0–100 (0 = no problem). Plan page."),
    Term("evidence", "Evidence grades",
         "Every flag says how strong the evidence behind its threshold is. SR: systematic review, meta-analysis or randomised trial. COH: "
         "prospective cohort (people followed over time). LAB: laboratory or cross-sectional study (a mechanism, not injuries). MFR: the "
         "manufacturer's documentation (Garmin). CONV: a convention, expert opinion or an engineering choice, with no outcome evidence. "
         "Numbers in brackets, like [27], point to the References page."),
    Term("sr", "SR", "Systematic review, meta-analysis or randomised controlled trial: the strongest grade (see Evidence grades)."),
    Term("coh", "COH", "Prospective cohort: runners followed over time, injuries counted (see Evidence grades)."),
    Term("lab", "LAB", "Laboratory biomechanics or a cross-sectional study: shows a mechanism, not injury risk (see Evidence grades)."),
    Term("mfr", "MFR", "Manufacturer documentation, such as Garmin's manuals: not peer-reviewed (see Evidence grades)."),
    Term("conv", "CONV", "A convention, expert opinion or a choice made by runsense: no outcome evidence behind the number (see Evidence grades)."),
)  # fmt: skip

BY_KEY = {t.key: t for t in TERMS}
#: evidence codes as flags print them → their glossary key
EVIDENCE_KEYS = {"SR": "sr", "COH": "coh", "LAB": "lab", "MFR": "mfr", "CONV": "conv"}
