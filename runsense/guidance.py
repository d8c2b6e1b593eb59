"""Texts every report carries: the disclaimer (spec §7.7) and the red-flag guidance (§7.5).

One source of truth for the CLI, the dashboard and JSON output.
"""

from __future__ import annotations

from dataclasses import dataclass

DISCLAIMER = (
    "runsense is a training log, not a medical device. It does not diagnose or treat any condition, "
    "and its flags are not medical advice. If you have any of the warning signs listed, or your pain is "
    "severe, worsening or not improving, see a qualified health professional. In an emergency, call your "
    "local emergency number."
)


@dataclass(frozen=True, slots=True)
class RedFlagTier:
    """One tier of the red-flag screen: its severity, the questions, and what to do."""

    tier: str  # emergency | urgent | soon
    severity: str
    message: str
    questions: dict[str, str]


RED_FLAG_TIERS: tuple[RedFlagTier, ...] = (
    RedFlagTier(
        "emergency",
        "emergency",
        "These can be signs of cauda equina syndrome. Seek emergency care now (call emergency services or go to an emergency department).",
        {
            "bladder-bowel": "New difficulty passing urine, or loss of bladder or bowel control",
            "saddle-numbness": "Numbness in the 'saddle' area (between the legs, buttocks, genitals)",
            "sexual-dysfunction": "New sexual dysfunction",
            "both-legs": "Leg pain or numbness in both legs",
            "rapid-weakness": "Rapidly worsening leg weakness or foot drop",
        },
    ),
    RedFlagTier(
        "urgent",
        "see-professional",
        "See a doctor promptly (within a day or two).",
        {
            "fever-unwell": "Fever or feeling generally unwell with back pain",
            "cancer-history": "A history of cancer",
            "weight-loss": "Unexplained weight loss",
            "trauma": "Back pain after a fall, accident or other trauma (or a minor fall with osteoporosis or long-term steroid use)",
            "immune": "A weakened immune system or IV drug use",
            "night-pain": "Constant pain not eased by rest or position, or worse at night",
        },
    ),
    RedFlagTier(
        "soon",
        "see-professional",
        "Book an appointment with a GP or physiotherapist.",
        {
            "below-knee": "Pain spreading below the knee",
            "leg-numbness": "Numbness or tingling in a leg",
            "leg-weakness": "Leg weakness",
            "not-improving": "Pain not improving after a week",
            "persisting": "Pain persisting beyond two weeks",
            "morning-stiffness": "Morning stiffness over 30 minutes that eases with movement",
        },
    ),
)

#: every red-flag question code, with its tier
RED_FLAG_CODES: dict[str, RedFlagTier] = {code: tier for tier in RED_FLAG_TIERS for code in tier.questions}


def red_flag_guidance() -> list[dict[str, object]]:
    """The whole screen as plain data: tier, what to do, and the signs that belong to it."""
    return [{"tier": t.tier, "message": t.message, "signs": list(t.questions.values())} for t in RED_FLAG_TIERS]
