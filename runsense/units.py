"""Unit constants and conversions: the one place where raw units become canonical ones.

Canonical units follow the domain spec §0: SI inside, km/mi and pace only for display.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

#: metres in one statute mile (exact, by definition)
M_PER_MI = 1609.344
#: metres in one kilometre
M_PER_KM = 1000.0
#: degrees per FIT semicircle (2^31 semicircles = 180 degrees)
DEG_PER_SEMICIRCLE = 180.0 / 2**31
#: seconds between the Unix epoch and the FIT epoch (1989-12-31T00:00:00Z)
FIT_EPOCH_S = 631065600


def semicircles_to_deg(semicircles: np.ndarray) -> np.ndarray:
    """FIT ``position_lat``/``position_long`` (semicircles) to degrees WGS84."""
    import numpy as np  # here, not at the top: the CLI's light commands read this module's constants

    return np.asarray(semicircles, dtype=float) * DEG_PER_SEMICIRCLE


def fit_cadence_to_spm(cadence: np.ndarray, fractional_cadence: np.ndarray | None = None) -> np.ndarray:
    """FIT running cadence (per leg, strides/min) to steps/min for both feet.

    ``spm = 2 × (cadence + fractional_cadence)`` (spec §1.2). A missing fractional part counts as 0.
    """
    import numpy as np

    cadence = np.asarray(cadence, dtype=float)
    if fractional_cadence is None:
        return 2.0 * cadence
    frac = np.nan_to_num(np.asarray(fractional_cadence, dtype=float), nan=0.0)
    return 2.0 * (cadence + frac)


def parse_distance_m(text: str, default_unit: str = "km") -> float:
    """Parse a distance such as ``"290mi"``, ``"467 km"``, ``"12000m"`` or ``"300"`` into metres.

    Raises
    ------
    ValueError
        With a message saying what was expected, for anything else.
    """
    raw = text.strip().lower().replace(" ", "")
    units = {"mi": M_PER_MI, "miles": M_PER_MI, "mile": M_PER_MI, "km": M_PER_KM, "m": 1.0}
    for suffix in sorted(units, key=len, reverse=True):
        if raw.endswith(suffix):
            number, factor = raw[: -len(suffix)], units[suffix]
            break
    else:
        number, factor = raw, units[default_unit]
    try:
        value = float(number)
    except ValueError:
        msg = f"{text!r} is not a distance: write a number with mi, km or m, e.g. 290mi or 467km"
        raise ValueError(msg) from None
    if not math.isfinite(value) or value < 0:
        msg = f"{text!r} is not a distance: it must be a positive number"
        raise ValueError(msg)
    return value * factor


def format_pace(speed_mps: float, unit: str = "km") -> str:
    """Speed in m/s as a pace string, e.g. ``"5:33 /km"``; an em dash when not moving."""
    if not math.isfinite(speed_mps) or speed_mps <= 0:
        return "—"
    seconds = (M_PER_MI if unit == "mi" else M_PER_KM) / speed_mps
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}:{secs:02d} /{unit}"
