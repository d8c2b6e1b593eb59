"""The clinic report's charts as SVG (matplotlib): vector graphics in the PDF, crisp in the browser.

Each chart is one function of the report's typed rows, returning an ``<svg>`` string. Every time
axis carries the period's markers; the cadence chart draws the 170–180 spm band and each week's
95 % CI; the pain axis has whole-number ticks 0–10.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta

from runsense.journal import Marker
from runsense.units import M_PER_KM, M_PER_MI

_INK, _ACCENT, _MUTED, _WARN = "#1f2933", "#2563eb", "#9aa5b1", "#d97706"


def cadence_chart(weeks: Sequence, markers: Sequence[Marker], start: date, end: date, band_spm: tuple[float, float]) -> str:
    """Weekly cadence at reference pace with 95 % CIs, the cadence band the articles quote
    (``signal.cadence.band_spm``, 170–180 by default; display only: the flags judge against the
    runner's own baseline), and the markers."""
    fig, ax = _figure("Cadence at your reference pace (spm)")
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
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    return _finish(fig, ax, markers, start, end)


def load_chart(weeks: Sequence, markers: Sequence[Marker], start: date, end: date, units: str = "km") -> str:
    """Weekly distance, spike weeks in amber."""
    per = M_PER_MI if units == "mi" else M_PER_KM
    fig, ax = _figure(f"Weekly distance ({units}); amber: a week with a single-run spike")
    if weeks:
        ax.bar([w.monday + timedelta(days=3) for w in weeks], [w.distance_m / per for w in weeks], width=5,
               color=[_WARN if w.spike else _ACCENT for w in weeks], zorder=2)  # fmt: skip
    ax.set_ylim(bottom=0)
    return _finish(fig, ax, markers, start, end)


def pain_chart(days: Sequence, markers: Sequence[Marker], start: date, end: date) -> str:
    """Daily highest pain score, and the morning score, on a 0–10 axis with whole-number ticks."""
    fig, ax = _figure("Back pain (0–10): highest of the day, and on waking")
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


def _figure(title: str):
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib.figure import Figure  # a Figure without pyplot: no global state, safe in a server

    fig = Figure(figsize=(7.2, 1.9))
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=9, loc="left", color=_INK)
    ax.tick_params(labelsize=7, colors=_INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y", color="#e4e7eb", linewidth=0.6, zorder=0)
    return fig, ax


def _finish(fig, ax, markers: Sequence[Marker], start: date, end: date) -> str:
    import matplotlib.dates as mdates

    ax.set_xlim(start - timedelta(days=1), end + timedelta(days=1))
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    for marker in markers:
        day = date.fromisoformat(marker.local_date)
        ax.axvline(day, color="#7c3aed", linestyle="--", linewidth=0.9, zorder=3)
        ax.annotate(marker.label.replace("$", r"\$"), (day, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -2), textcoords="offset points",
                    fontsize=6.5, color="#7c3aed", va="top")  # fmt: skip
    fig.tight_layout(pad=0.4)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # inline: without the XML prolog and doctype
