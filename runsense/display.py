"""Every figure the runner reads, in the units they chose (``units = "km"`` or ``"mi"``): one place for
how distances, paces, durations and plain numbers are written, for the CLI, the report and the
dashboard alike. SI stays inside (spec §0); only this module turns it into km or miles.

A missing value (None, NaN, infinite) is written as an em dash, never as ``nan``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from runsense.units import M_PER_KM, M_PER_MI, format_pace

#: the display units a runner can choose
UNITS = ("km", "mi")
MISSING = "—"


def metres_per(units: str) -> float:
    """Metres in one display unit: 1000 for km, 1609.344 for mi."""
    return M_PER_MI if units == "mi" else M_PER_KM


def finite(value: object) -> float | None:
    """The value as a float, or None when it is missing or not a finite number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def number(value: object, digits: int = 0, scale: float = 1.0) -> str:
    """``value × scale`` with ``digits`` decimals, or an em dash."""
    v = finite(value)
    return MISSING if v is None else f"{v * scale:.{digits}f}"


def measure(value: object, unit: str, digits: int = 0, scale: float = 1.0, *, space: bool = True) -> str:
    """``value × scale`` with its unit (``"172 spm"``, ``"48.9 % left"``; ``space=False``:
    ``"48.9%"``), or a bare em dash: a missing value never shows a unit after nothing."""
    v = finite(value)
    return MISSING if v is None else f"{v * scale:.{digits}f}{' ' if space else ''}{unit}"


def distance_value(metres: object, units: str) -> float | None:
    """Metres in the display unit, or None."""
    v = finite(metres)
    return None if v is None else v / metres_per(units)


def distance(metres: object, units: str, digits: int = 2) -> str:
    """``"12.34 km"`` or ``"7.67 mi"``; an em dash when unknown."""
    v = distance_value(metres, units)
    return MISSING if v is None else f"{v:,.{digits}f} {units}"


def pace(speed_mps: object, units: str) -> str:
    """``"5:33 /km"`` or ``"8:56 /mi"``; an em dash when not moving."""
    v = finite(speed_mps)
    return format_pace(v if v is not None else float("nan"), "mi" if units == "mi" else "km")


def duration(seconds: object) -> str:
    """``"1:02:03"`` (hours:minutes:seconds), or an em dash."""
    v = finite(seconds)
    if v is None:
        return MISSING
    h, rem = divmod(round(v), 3600)
    return f"{h}:{rem // 60:02d}:{rem % 60:02d}"


def distance_fields(prefix: str, metres: object) -> dict[str, float | None]:
    """Both unit fields for JSON, e.g. ``{"distance_km": 12.34, "distance_mi": 7.67}`` (3 decimals)."""
    return {f"{prefix}_{u}": None if (v := distance_value(metres, u)) is None else round(v, 3) for u in UNITS}


def pace_fields(speed_mps: object) -> dict[str, float | None]:
    """Both pace fields for JSON, seconds per unit: ``{"pace_s_per_km": 333.0, "pace_s_per_mi": 536.0}``."""
    v = finite(speed_mps)
    return {f"pace_s_per_{u}": round(metres_per(u) / v, 1) if v and v > 0 else None for u in UNITS}


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 run``, ``2 runs``, ``0 runs`` (``plural`` for nouns that do not just take an s)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def change(delta: float, unit: str, digits: int = 1) -> str:
    """A signed change in words: ``fell 3.8 spm``, ``rose 0.5 pp``, ``did not change`` (never "dropped by -3.8")."""
    size = f"{abs(delta):.{digits}f}"
    if float(size) == 0:
        return "did not change"
    return f"{'rose' if delta > 0 else 'fell'} {size} {unit}".rstrip()


@dataclass(frozen=True, slots=True)
class Quantity:
    """A value a sentence names, kept in SI until the sentence is shown in the reader's units.

    ``kind``: ``distance`` (metres, written with one decimal), ``pace`` (a speed in m/s),
    ``climb`` (metres climbed per km, written per km or per mi), ``mileage`` (metres, a shoe's: whole
    units) or ``mark`` (metres, a shoe's threshold: to the nearest 5 mi or 10 km, spec §6.2).
    """

    name: str
    kind: str
    value: float

    def text(self, units: str) -> str:
        if self.kind == "distance":
            return distance(self.value, units, 1)
        if self.kind == "pace":
            return pace(self.value, units)
        if self.kind == "climb":
            return measure(self.value, f"m per {units}", 0, metres_per(units) / 1000)
        if self.kind == "mileage":
            return mileage(self.value, units)
        if self.kind == "mark":
            return mark(self.value, units)
        raise ValueError(f"unknown kind of quantity {self.kind!r} for {self.name!r}: distance, pace, climb, mileage or mark")

    def to_dict(self) -> dict[str, object]:
        """Plain JSON form (how an alert's figures are stored)."""
        return {"name": self.name, "kind": self.kind, "value": self.value}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Quantity:
        """Inverse of :meth:`to_dict`."""
        return cls(str(data["name"]), str(data["kind"]), float(data["value"]))  # type: ignore[arg-type]


def mileage(metres: float, units: str) -> str:
    """A shoe's mileage in whole units: ``"312 mi"`` or ``"502 km"``."""
    return f"{metres / metres_per(units):,.0f} {units}"


def mark(metres: float, units: str) -> str:
    """A shoe's mark rounded for display as spec §6.2 asks: to the nearest 5 mi or 10 km (500 mi → "800 km")."""
    step = 5 if units == "mi" else 10
    return f"{round(metres / metres_per(units) / step) * step:,.0f} {units}"


def template_text(text: str) -> str:
    """Plain text made safe as a :func:`words` template (its braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


def words(template: str, quantities: tuple[Quantity, ...], units: str) -> str:
    """``template`` with each ``{name}`` field written as its quantity in ``units`` (a template
    without quantities is returned as it is, braces and all)."""
    return template.format_map({q.name: q.text(units) for q in quantities}) if quantities else template
