"""The clinic report's charts as SVG (matplotlib): vector graphics in the PDF, crisp in the browser.

Each chart is one function of the report's typed rows, returning an ``<svg>`` string. Every time
axis carries the period's markers (labels stepped down so close ones do not print over each
other); the cadence chart draws the 170–180 spm band, each week's 95 % CI and any new
running-dynamics sensor; the pain axis has whole-number ticks 0–10. The cadence and load charts
are half a page wide (they sit side by side), the pain chart a whole page wide.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

from runsense.journal import Marker
from runsense.signal.sensors import SensorChange
from runsense.units import M_PER_KM, M_PER_MI

_INK, _ACCENT, _MUTED, _WARN, _MARK, _SENSOR = "#1f2933", "#2563eb", "#9aa5b1", "#d97706", "#7c3aed", "#0f766e"
#: inches: a half-page chart (two side by side on A4) and a whole-page one
HALF, WHOLE = (3.65, 1.85), (7.3, 1.55)


def cadence_chart(weeks: Sequence, markers: Sequence[Marker], start: date, end: date, band_spm: tuple[float, float],
                  sensors: Sequence[SensorChange] = ()) -> str:
    """Weekly cadence at reference pace with 95 % CIs, the cadence band the articles quote
    (``signal.cadence.band_spm``, 170–180 by default; display only: the flags judge against the
    runner's own baseline), the markers, and a line where a new running-dynamics sensor took over
    (VO and GCT are compared from there)."""
    fig, ax = _figure("Cadence at your reference pace (spm)", HALF)
    ax.axhspan(*band_spm, color="#d1fae5", zorder=0, label=f"{band_spm[0]:.0f}–{band_spm[1]:.0f} spm band")
    shown = [w for w in weeks if w.cadence_at_ref_spm is not None]
    if shown:
        x = [w.monday + timedelta(days=3) for w in shown]
        y = [w.cadence_at_ref_spm for w in shown]
        low = [w.cadence_at_ref_spm - (w.cadence_ci[0] if w.cadence_ci else w.cadence_at_ref_spm) for w in shown]
        high = [(w.cadence_ci[1] if w.cadence_ci else w.cadence_at_ref_spm) - w.cadence_at_ref_spm for w in shown]
        ax.errorbar(x, y, yerr=[low, high], fmt="o-", color=_ACCENT, ecolor=_MUTED, capsize=2, markersize=4, linewidth=1.5, label="week (95 % CI)")
        values = [*y, *band_spm]
        ax.set_ylim(min(values) - 4, max(values) + 4)
    else:
        ax.text(0.5, 0.5, "no steady running with cadence in this period", transform=ax.transAxes, ha="center", color=_MUTED)
    for change in sensors:
        ax.axvline(date.fromisoformat(change.first_day), color=_SENSOR, linestyle="-.", linewidth=1.0, zorder=3, label="new dynamics sensor")
    ax.legend(loc="best", fontsize=6, frameon=False, ncol=2)
    return _finish(fig, ax, markers, start, end)


def load_chart(weeks: Sequence, markers: Sequence[Marker], start: date, end: date, units: str = "km") -> str:
    """Weekly distance, spike weeks in amber."""
    per = M_PER_MI if units == "mi" else M_PER_KM
    fig, ax = _figure(f"Weekly distance ({units}); amber: a run spike", HALF)
    if weeks:
        ax.bar([w.monday + timedelta(days=3) for w in weeks], [w.distance_m / per for w in weeks], width=5,
               color=[_WARN if w.spike else _ACCENT for w in weeks], zorder=2)  # fmt: skip
    ax.set_ylim(bottom=0)
    return _finish(fig, ax, markers, start, end)


def pain_chart(days: Sequence, markers: Sequence[Marker], start: date, end: date) -> str:
    """Daily highest pain score, and the morning score, on a 0–10 axis with whole-number ticks."""
    fig, ax = _figure("Back pain (0–10): highest of the day, and on waking", WHOLE)
    if days:
        ax.plot([d.day for d in days], [d.max_score for d in days], "o-", color="#dc2626", markersize=3, linewidth=1, label="highest")
        mornings = [d for d in days if d.morning_score is not None]
        ax.plot([d.day for d in mornings], [d.morning_score for d in mornings], "s", color=_INK, markersize=3, label="morning")
        ax.legend(loc="upper right", fontsize=7, frameon=False)
    else:
        ax.text(0.5, 0.5, "no pain logged in this period", transform=ax.transAxes, ha="center", color=_MUTED)
    ax.set_ylim(-0.3, 10.3)
    ax.set_yticks(range(0, 11, 2))
    return _finish(fig, ax, markers, start, end)


def _figure(title: str, size: tuple[float, float]):
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib.figure import Figure  # a Figure without pyplot: no global state, safe in a server

    fig = Figure(figsize=size)
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=8, loc="left", color=_INK)
    ax.tick_params(labelsize=7, colors=_INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#e4e7eb", linewidth=0.6, zorder=0)
    return fig, ax


def _finish(fig, ax, markers: Sequence[Marker], start: date, end: date) -> str:
    import matplotlib.dates as mdates

    ax.set_xlim(start - timedelta(days=1), end + timedelta(days=1))
    short = (end - start).days < 14  # a few days: AutoDateLocator finds no interval and warns on stderr
    ax.xaxis.set_major_locator(mdates.DayLocator() if short else mdates.AutoDateLocator(maxticks=7 if fig.get_figwidth() > 5 else 4))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    for i, marker in enumerate(sorted(markers, key=lambda m: m.local_date)):
        day = date.fromisoformat(marker.local_date)
        ax.axvline(day, color=_MARK, linestyle="--", linewidth=0.9, zorder=3)
        ax.annotate(marker.label.replace("$", r"\$"), (day, 1.0 - 0.14 * (i % 3)), xycoords=("data", "axes fraction"), xytext=(3, -2),
                    textcoords="offset points", fontsize=6, color=_MARK, va="top")  # fmt: skip
    fig.tight_layout(pad=0.4)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # inline: without the XML prolog and doctype
