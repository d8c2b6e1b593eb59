"""Shoe mileage levels (spec §6): notice, warning and replace, with honest messages.

No prospective study links a mileage threshold to injury: the 300–500 mi (480–800 km) range is a
convention, and every message says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from runsense import display
from runsense.display import Quantity
from runsense.errors import InvalidInputError
from runsense.units import M_PER_KM, M_PER_MI

if TYPE_CHECKING:
    from runsense.records import Alert, Shoe

LEVELS = ("notice", "warning", "replace")
_MESSAGES = {
    "notice": "This pair is in the common 300–500 mi (480–800 km) replacement range.",
    "warning": "Consider rotating in or buying a new pair.",
    "replace": "Past its replace mark: check the midsole for creases and the outsole for wear.",
}
_SEVERITY = {"notice": "info", "warning": "notice", "replace": "notice"}  # spec §10: SHOE-NOTICE/WARN/REPLACE


#: the longest name a pair can have: it is written in tables, chart legends and alerts
MAX_NAME_CHARS = 100


def shoe_name(text: str | None) -> str:
    """A pair's name as it is stored: its words, single-spaced (no line breaks or tabs); the one
    rule for the CLI and the dashboard. InvalidInputError for no name, control characters or a
    name over :data:`MAX_NAME_CHARS`."""
    from runsense.text import no_control_characters  # here, as the checks below: `shoes list` never needs them

    name = " ".join((text or "").split())
    if not name:
        raise InvalidInputError("a pair needs a name you will recognise, e.g. \"Pegasus 38 blue\"")
    no_control_characters(name, "shoe's name")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidInputError(f"a shoe's name is at most {MAX_NAME_CHARS} characters (this one has {len(name)}): put details in --brand or --notes")
    return name


def purchase_day(text: str | None, today: date | None = None) -> str | None:
    """A purchase date, ``YYYY-MM-DD``, a real day from 1989-12-31 to today; None for none."""
    from runsense.weeks import check_day

    if text is None or not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"the purchase date must be a real day written YYYY-MM-DD, not {text!r}") from None
    return check_day(day, today or date.today(), "purchase date").isoformat()


def default_sport(text: str | None) -> str | None:
    """The sport whose new activities get a pair: one done on foot (shoes carry no ride or swim)."""
    from runsense.model import FOOT_SPORTS  # here: the model is light, but `shoes list` never needs it

    if text is None or not text.strip():
        return None
    sport = text.strip().lower()
    if sport not in FOOT_SPORTS:
        raise InvalidInputError(f"shoes are the default for a sport done on foot: {', '.join(sorted(FOOT_SPORTS))}; not {text!r}")
    return sport


def start_distance(metres: float) -> float:
    """The distance a pair carries when registered: from 0 to the most a pair can carry (the
    settings' ``MAX_SHOE_DISTANCE_M``, which bounds its marks too)."""
    from runsense.settings import MAX_SHOE_DISTANCE_M

    if not 0 <= metres <= MAX_SHOE_DISTANCE_M:
        raise InvalidInputError(f"a pair's starting distance is at most {MAX_SHOE_DISTANCE_M / M_PER_KM:,.0f} km "
                                f"({MAX_SHOE_DISTANCE_M / M_PER_MI:,.0f} mi), not {metres / M_PER_KM:,.0f} km")  # fmt: skip
    return metres


@dataclass(frozen=True, slots=True)
class ShoeLevel:
    """A threshold a shoe has crossed."""

    level: str
    threshold_m: float
    severity: str
    code: str


def format_distance(metres: float, units: str) -> str:
    """``"312 mi"`` or ``"502 km"`` (:func:`runsense.display.mileage`)."""
    return display.mileage(metres, units)


def format_threshold(metres: float, units: str) -> str:
    """A mark rounded for display as spec §6.2 asks: to the nearest 5 mi or 10 km (500 mi → "800 km")."""
    return display.mark(metres, units)


def effective_thresholds_m(shoe: Shoe, default_thresholds_m: tuple[float, float, float]) -> tuple[float, float, float]:
    """A pair's notice, warning and replace marks: its own when set, else the global setting."""
    return shoe.thresholds_m or default_thresholds_m


def crossed_levels(distance_m: float, thresholds_m: tuple[float, float, float]) -> list[ShoeLevel]:
    """Every level whose threshold the shoe has reached, lowest first."""
    return [
        ShoeLevel(level, threshold, _SEVERITY[level], f"SHOE-{ {'notice': 'NOTICE', 'warning': 'WARN', 'replace': 'REPLACE'}[level]}")
        for level, threshold in zip(LEVELS, thresholds_m, strict=True)
        if distance_m >= threshold
    ]


@dataclass(frozen=True, slots=True)
class ShoeStatus:
    """A pair with the marks that apply to it (its own or the settings') and those it has passed:
    what the shoe list, the Shoes page and the shoe alerts all read."""

    shoe: Shoe
    thresholds_m: tuple[float, float, float]
    crossed: tuple[ShoeLevel, ...]

    @property
    def next_mark_m(self) -> float | None:
        """The next mark the pair has not reached, if any."""
        return next((t for t in self.thresholds_m if t > self.shoe.distance_m), None)

    def to_dict(self) -> dict[str, Any]:
        """The ``shoes list --json`` item: distance and marks in m, mi and km (0.1), the marks passed by name."""
        shoe = self.shoe
        return {
            "name": shoe.name, "brand": shoe.brand, "distance_m": round(shoe.distance_m, 1), "distance_mi": round(shoe.distance_m / M_PER_MI, 1),
            "distance_km": round(shoe.distance_m / M_PER_KM, 1), "thresholds_km": [round(t / M_PER_KM, 1) for t in self.thresholds_m],
            "activities": shoe.activities, "retired": shoe.retired, "default_for": shoe.default_for,
            "thresholds_crossed": [level.level for level in self.crossed], "thresholds_mi": [round(t / M_PER_MI, 1) for t in self.thresholds_m],
            "last_used": shoe.last_used,
        }  # fmt: skip


def shoe_status(shoe: Shoe, default_thresholds_m: tuple[float, float, float]) -> ShoeStatus:
    """A pair's marks (:func:`effective_thresholds_m`) and the levels it has reached."""
    thresholds = effective_thresholds_m(shoe, default_thresholds_m)
    return ShoeStatus(shoe, thresholds, tuple(crossed_levels(shoe.distance_m, thresholds)))


def shoe_alert_words(shoe: Shoe, level: ShoeLevel) -> tuple[str, tuple[Quantity, ...]]:
    """The alert's message for one crossing as a template and its figures, written in the reader's
    units when shown (:func:`runsense.display.words`): an alert raised in km reads in miles after the switch."""
    rotation = "Running in two or more pairs was associated with fewer injuries in one cohort (HR 0.61) [41]."
    template = (
        f"{display.template_text(shoe.name)} has reached {{distance}}, past its {level.level} mark of {{mark}}. {_MESSAGES[level.level]} "
        f"Mileage thresholds are a rule of thumb: no study shows that replacing shoes at a set distance prevents injury. "
        f"{rotation if level.level != 'notice' else ''}"
    ).strip()
    return template, (Quantity("distance", "mileage", float(shoe.distance_m)), Quantity("mark", "mark", float(level.threshold_m)))


def shoe_alert(shoe: Shoe, level: ShoeLevel, units: str) -> dict[str, Any]:
    """The alert's figures for one crossing: ``{"kind": "shoe_mileage", "shoe", "threshold_mi", "distance_mi", "message", ...}``
    (the message in ``units``)."""
    message = display.words(*shoe_alert_words(shoe, level), units)
    return {
        "kind": "shoe_mileage",
        "code": level.code,
        "severity": level.severity,
        "shoe": shoe.name,
        "level": level.level,
        "threshold_mi": round(level.threshold_m / M_PER_MI, 1),
        "threshold_km": round(level.threshold_m / M_PER_KM, 1),
        "distance_mi": round(shoe.distance_m / M_PER_MI, 1),
        "distance_km": round(shoe.distance_m / M_PER_KM, 1),
        "message": message,
    }


def stale_shoe_alert_keys(shoes: list[Shoe], alerts: list[Alert], default_thresholds_m: tuple[float, float, float]) -> list[str]:
    """Keys of shoe alerts whose mark the pair is now below (its runs were given to another pair,
    changed sport or deleted): they no longer hold and are withdrawn, so a later crossing is news."""
    by_id = {shoe.id: shoe for shoe in shoes}
    stale = []
    for alert in alerts:
        if alert.kind != "shoe_mileage":
            continue
        _, shoe_id, level = alert.key.split(":", 2)
        shoe = by_id.get(int(shoe_id))
        if shoe is None:
            stale.append(alert.key)
            continue
        if level not in {crossed.level for crossed in shoe_status(shoe, default_thresholds_m).crossed}:
            stale.append(alert.key)
    return stale
