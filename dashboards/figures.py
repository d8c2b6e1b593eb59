"""Plotly figure builders: plain data in, ``go.Figure`` out. No Dash, no store.

Colours are the Okabe–Ito palette (safe for colour-blind readers); units are in every axis title.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from runsense.journal import Marker
from runsense.plan import iso_week_of
from runsense.records import Shoe
from runsense.shoes import format_threshold
from runsense.signal import columns as col
from runsense.signal.sensors import DYNAMICS_METRICS, SensorChange
from runsense.units import M_PER_KM, M_PER_MI

BLUE, ORANGE, GREEN, SKY, VERMILLION, PURPLE, YELLOW, GREY = "#0072B2", "#E69F00", "#009E73", "#56B4E9", "#D55E00", "#CC79A7", "#F0E442", "#999999"
#: small base margins: every axis has ``automargin``, so Plotly widens them only as far as the labels need (a phone has 350 px to spare)
_LAYOUT = {"template": "plotly_white", "margin": {"l": 10, "r": 10, "t": 50, "b": 30}, "font": {"size": 13}, "hovermode": "x unified", "autosize": True,
           "title": {"x": 0.01, "xanchor": "left"}}
#: at most this many labelled weeks on a time axis: short labels ("W41") that fit side by side on a 390-px phone
MAX_WEEK_TICKS = 5


def plain(text: object) -> str:
    """Text from the runner's files or typing, made plain for Plotly, which reads labels, legends
    and hover text as HTML of its own (``<a href>``, ``<b>``, ``<br>``): a shoe named
    ``<a href=…>`` must show those characters, not become a link. Quotes stay: they mean nothing
    outside a tag, and Plotly would show ``&quot;`` as it is."""
    return html.escape(str(text), quote=False)


def add_markers(fig: go.Figure, markers: Sequence[Marker], weeks: set[str]) -> None:
    """The runner's markers (started cadence work, new shoes…) as dotted lines on a week axis,
    labelled; labels step down one line each, so markers in neighbouring weeks stay readable. A
    label reads towards the middle of the chart: Plotly widens the axis to hold every label, and a
    label running past the last week left a phone's chart a third empty."""
    order = sorted(weeks)
    shown = [m for m in markers if iso_week_of(date.fromisoformat(m.local_date)) in weeks]
    for i, marker in enumerate(shown):
        week = iso_week_of(date.fromisoformat(marker.local_date))
        fig.add_vline(x=week, line_color=PURPLE, line_width=1.5, line_dash="dot",
                      annotation={"text": plain(marker.label), "font_size": 11, "yshift": -14 * (i % 3), "bgcolor": "rgba(255,255,255,0.7)"},
                      annotation_position="top left" if order.index(week) >= len(order) / 2 else "top right")  # fmt: skip


#: at most about this many sensor labels across a chart (a phone's is 290 px wide): changes closer
#: than that share one label, named in its hover and in the list under the chart
MAX_SENSOR_LABELS = 5


@dataclass(frozen=True, slots=True)
class SensorGroup:
    """Changes of running-dynamics sensor close together on a chart's week axis, under one short label."""

    number: int
    changes: tuple[SensorChange, ...]

    @property
    def label(self) -> str:
        """What the chart prints: ``S1``, ``S2``… (a name would not fit a phone)."""
        return f"S{self.number}"

    @property
    def week(self) -> str:
        """The week the label stands at: its first change."""
        return self.changes[0].week

    @property
    def text(self) -> str:
        """One line for the list under the chart: the weeks and what measured the running from then on."""
        first, last = self.changes[0], self.changes[-1]
        if len(self.changes) == 1:
            return f"{first.week}: {first.after} (before: {first.before})"
        sensors = ", ".join(dict.fromkeys(c.after for c in self.changes))
        return f"{first.week} to {last.week}, {len(self.changes)} changes between {sensors} (before: {first.before})"

    @property
    def hover(self) -> str:
        """The label's hover text: each change on a line (Plotly's HTML: names escaped)."""
        return "<br>".join([f"<b>{self.label}: new running-dynamics sensor</b>", *(plain(f"{c.week}: {c.after}") for c in self.changes)])


def sensor_groups(changes: Sequence[SensorChange], weeks: Sequence[str]) -> list[SensorGroup]:
    """The changes in ``weeks``, each group starting at a change and holding those less than a
    ``MAX_SENSOR_LABELS``-th of the axis after it: labels stand at least that far apart, so they never
    print over each other (a 14-year history has 15 changes, a few weeks apart in places)."""
    index = {w: i for i, w in enumerate(weeks)}
    gap = max(1, -(-len(index) // MAX_SENSOR_LABELS))
    groups: list[list[SensorChange]] = []
    for change in sorted((c for c in changes if c.week in index), key=lambda c: index[c.week]):
        if groups and index[change.week] - index[groups[-1][0].week] < gap:
            groups[-1].append(change)
        else:
            groups.append([change])
    return [SensorGroup(i + 1, tuple(g)) for i, g in enumerate(groups)]


def _sensor_lines(fig: go.Figure, changes: Sequence[SensorChange], weeks: list[str], rows: int) -> None:
    """A dashed line through every panel at each change of sensor in ``weeks``, and a short label
    (``S1``…) on the top panel per group of changes (:func:`sensor_groups`), naming them in its hover;
    a label reads towards the middle of the chart, as markers' do. Added in one layout update:
    ``add_vline`` on a subplot figure scans every shape for every panel, and 15 changes over a
    14-year history took 30 s."""
    shown = [c for c in changes if c.week in set(weeks)]
    line = {"color": VERMILLION, "width": 1, "dash": "dash"}
    axes = ["" if row == 1 else str(row) for row in range(1, rows + 1)]  # x, x2, x3…: Plotly's names of the panels' axes
    shapes = [{"type": "line", "x0": c.week, "x1": c.week, "xref": f"x{a}", "y0": 0, "y1": 1, "yref": f"y{a} domain", "line": line} for c in shown for a in axes]
    labels = [{"text": g.label, "hovertext": g.hover, "name": "sensor", "x": g.week, "xref": "x", "y": 1, "yref": "y domain", "yanchor": "top",
               "showarrow": False, "xanchor": "right" if weeks.index(g.week) >= len(weeks) / 2 else "left", "font": {"size": 11, "color": VERMILLION},
               "bgcolor": "rgba(255,255,255,0.85)", "bordercolor": VERMILLION, "borderpad": 1} for g in sensor_groups(shown, weeks)]  # fmt: skip
    fig.update_layout(shapes=[*fig.layout.shapes, *shapes], annotations=[*fig.layout.annotations, *labels])


def week_ticks(weeks: Sequence[str]) -> dict[str, Any]:
    """Axis settings for ISO weeks: at most ``MAX_WEEK_TICKS`` labels, written "W41" with the year
    under the first one and under each new year, so a phone shows whole labels instead of "2026-"."""
    weeks = list(weeks)
    step = max(1, -(-len(weeks) // MAX_WEEK_TICKS))
    shown = weeks[::step]
    text, year = [], None
    for week in shown:
        y, w = week.split("-")
        text.append(w if y == year else f"{w}<br>{y}")
        year = y
    # the range is the weeks, fixed: Plotly widens an axis for every label on it, and on a phone a
    # few sensor or marker names squeezed 14 years of weeks into the right two thirds of the chart
    return {"tickmode": "array", "tickvals": shown, "ticktext": text, "tickangle": 0, "type": "category", "range": [-0.5, len(weeks) - 0.5]}


def _finish(fig: go.Figure, weeks: Sequence[str] | None = None) -> go.Figure:
    """Axes that make room for their own labels, and readable week ticks on a time axis."""
    fig.update_xaxes(automargin=True, **(week_ticks(weeks) if weeks is not None else {}))
    fig.update_yaxes(automargin=True)
    return fig


def _unit(units: str) -> tuple[float, str]:
    return (M_PER_MI, "mi") if units == "mi" else (M_PER_KM, "km")


def _layout(**overrides: Any) -> dict[str, Any]:
    return _LAYOUT | overrides


def _title(text: str) -> dict[str, Any]:
    """A short title, left-aligned: a phone shows it whole (explanations go in the page's captions)."""
    return _LAYOUT["title"] | {"text": text}


def empty_figure(message: str) -> go.Figure:
    """A blank figure that says why it is blank, in short lines (an annotation never wraps by itself, and a phone is narrow)."""
    fig = go.Figure()
    fig.add_annotation(text="<br>".join(textwrap.wrap(message, 34)), showarrow=False, font={"size": 15, "color": GREY}, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_layout(**_LAYOUT, xaxis={"visible": False}, yaxis={"visible": False}, height=260)
    return fig


def cadence_trend(weeks: pd.DataFrame, band: tuple[float, float], pain: pd.Series | None = None, runs_by_week: dict[str, str] | None = None,
                  highlight: str | None = None, title: str = "Cadence at your reference pace", markers: Sequence[Marker] = (),
                  empty: str = "No steady running yet to compare cadence at the same pace.") -> go.Figure:  # fmt: skip
    """Weekly cadence at reference pace with its 95 % CI, the 170–180 band, your 4-week baseline, and
    pain; ``empty`` says why there is none in ``weeks``."""
    cadence = col.of("cadence_spm")
    if weeks.empty or weeks[cadence.at_ref].notna().sum() == 0:
        return empty_figure(empty)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    x = weeks[col.WEEK]
    y = weeks[cadence.at_ref]
    hover = [runs_by_week.get(w, "") if runs_by_week else "" for w in x]
    fig.add_trace(go.Scatter(
        x=x, y=y, mode="lines+markers", name="cadence at ref (spm)", line={"color": BLUE, "width": 2},
        error_y={"type": "data", "symmetric": False, "array": weeks[cadence.ci_high] - y, "arrayminus": y - weeks[cadence.ci_low], "color": SKY},
        customdata=hover, hovertemplate="%{y:.1f} spm<br>%{customdata}<extra></extra>",
    ), secondary_y=False)  # fmt: skip
    baseline = y.where(weeks[col.QUALIFYING]).shift(1).rolling(4, min_periods=2).mean()
    fig.add_trace(go.Scatter(x=x, y=baseline, mode="lines", name="your usual (previous 4 weeks)", line={"color": GREY, "dash": "dash"},
                             hovertemplate="usual %{y:.1f} spm<extra></extra>"), secondary_y=False)  # fmt: skip
    # after the traces: on a subplot figure Plotly drops a shape added to a subplot that is still empty
    # named in the legend, not on the chart: the markers' labels would print over it on a phone
    fig.add_hrect(y0=band[0], y1=band[1], fillcolor=GREEN, opacity=0.12, line_width=0, layer="below", secondary_y=False)
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", marker={"symbol": "square", "size": 12, "color": GREEN, "opacity": 0.3},
                             name=f"{band[0]:.0f}–{band[1]:.0f} spm band", hoverinfo="skip"), secondary_y=False)  # fmt: skip
    if pain is not None and pain.notna().any():
        fig.add_trace(go.Bar(x=x, y=pain.reindex(x).to_numpy(), name="morning back pain (0–10)", marker_color=VERMILLION, opacity=0.35,
                             hovertemplate="pain %{y:.1f}/10<extra></extra>"), secondary_y=True)  # fmt: skip
        fig.update_yaxes(title_text="pain (0–10)", range=[0, 10.2], tick0=0, dtick=2, secondary_y=True, showgrid=False)
    add_markers(fig, markers, set(x))
    if highlight is not None and highlight in set(x):
        fig.add_vline(x=highlight, line_color=ORANGE, line_width=2)
    fig.update_layout(**_layout(title=_title(title)), height=380, legend={"orientation": "h", "yanchor": "top", "y": -0.2})
    values = np.r_[y.dropna().to_numpy(), band]
    fig.update_yaxes(title_text="steps/min", range=[float(values.min()) - 3, float(values.max()) + 2], secondary_y=False)
    return _finish(fig, list(x))


def form_metrics(weeks: pd.DataFrame, sensor_changes: Sequence[SensorChange] = ()) -> go.Figure:
    """Step length, vertical oscillation, ground contact time and vertical ratio at reference pace, per
    week; a change of running-dynamics sensor is a line, and the usual of the metrics it measures
    starts again after it (spec §4.3)."""
    panels = [
        ("step_length_m", "step length (m)"), ("vertical_oscillation_mm", "vertical oscillation (mm)"),
        ("stance_time_ms", "ground contact time (ms)"), ("vertical_ratio_pct", "vertical ratio (%)"),
    ]  # fmt: skip
    if weeks.empty or all(weeks.get(col.at_ref(m), pd.Series(dtype=float)).notna().sum() == 0 for m, _ in panels):
        return empty_figure("No running dynamics yet: they need a chest strap, a pod or a recent watch.")
    # stacked, one metric per row: side by side, the titles of a 2×2 grid overlap on a phone
    fig = make_subplots(rows=len(panels), cols=1, subplot_titles=[label for _, label in panels], shared_xaxes=True, vertical_spacing=0.07)
    for i, (metric, label) in enumerate(panels):
        y = weeks[col.at_ref(metric)] if col.at_ref(metric) in weeks else pd.Series(np.nan, index=weeks.index)
        stretch = weeks[col.SENSOR_EPOCH] if metric in DYNAMICS_METRICS and col.SENSOR_EPOCH in weeks else pd.Series(0, index=weeks.index)
        baseline = y.where(weeks[col.QUALIFYING]).groupby(stretch.to_numpy()).transform(lambda s: s.shift(1).rolling(4, min_periods=2).mean())
        fig.add_trace(go.Scatter(x=weeks[col.WEEK], y=y, mode="lines+markers", name=label, line={"color": [BLUE, ORANGE, PURPLE, GREEN][i]}, showlegend=False,
                                 hovertemplate="%{y:.3g}<extra></extra>"), row=i + 1, col=1)  # fmt: skip
        fig.add_trace(go.Scatter(x=weeks[col.WEEK], y=baseline, mode="lines", name="your usual", line={"color": GREY, "dash": "dash"}, showlegend=i == 0,
                                 hovertemplate="usual %{y:.3g}<extra></extra>"), row=i + 1, col=1)  # fmt: skip
    _sensor_lines(fig, sensor_changes, list(weeks[col.WEEK]), len(panels))
    if any(c.week in set(weeks[col.WEEK]) for c in sensor_changes):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"color": VERMILLION, "width": 1, "dash": "dash"}, hoverinfo="skip",
                                 name="new sensor (S1… below)"), row=1, col=1)  # fmt: skip
    fig.update_yaxes(tickformat=".4~g")  # a metric that hardly moves had ticks like 9.26666273309225197
    fig.update_layout(**_layout(title=_title("Running form at your reference pace")), height=620,
                      legend={"orientation": "h", "yanchor": "top", "y": -0.08})  # fmt: skip
    return _finish(fig, list(weeks["week"]))


def advice_trend(weeks: Sequence[str], strength: dict[str, int], target: tuple[int, int], terrain: pd.DataFrame, units: str) -> go.Figure:
    """Per week: strength and core sessions against the target band, and climbing per km (or mi) with
    the trail share of distance."""
    if not weeks:
        return empty_figure("No weeks yet.")
    factor, unit = _unit(units)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14, specs=[[{}], [{"secondary_y": True}]],
                        subplot_titles=[f"Strength and core sessions ({target[0]}–{target[1]} a week)", f"Climbing (m per {unit}) and trail share"])  # fmt: skip
    fig.add_trace(go.Bar(x=list(weeks), y=[strength.get(w, 0) for w in weeks], marker_color=GREEN, name="strength sessions",
                         hovertemplate="%{y} sessions<extra></extra>"), row=1, col=1)  # fmt: skip
    fig.add_hrect(y0=target[0], y1=target[1], fillcolor=GREEN, opacity=0.1, line_width=0, row=1, col=1)
    by_week = terrain.set_index("week").reindex(list(weeks)) if not terrain.empty else pd.DataFrame(index=list(weeks), columns=["ascent_m_per_km", "trail_share"])
    fig.add_trace(go.Scatter(x=list(weeks), y=by_week["ascent_m_per_km"].astype(float) * factor / 1000, mode="lines+markers", name=f"climbing (m per {unit})",
                             line={"color": ORANGE}, hovertemplate=f"%{{y:.0f}} m per {unit}<extra></extra>"), row=2, col=1)  # fmt: skip
    fig.add_trace(go.Scatter(x=list(weeks), y=by_week["trail_share"].astype(float) * 100, mode="lines", name="trail share (%)", line={"color": SKY, "dash": "dot"},
                             hovertemplate="%{y:.0f}% trail<extra></extra>"), row=2, col=1, secondary_y=True)  # fmt: skip
    fig.update_yaxes(title_text="sessions", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text=f"m per {unit}", rangemode="tozero", row=2, col=1, secondary_y=False)
    fig.update_yaxes(title_text="% trail", range=[0, 100], tick0=0, dtick=25, row=2, col=1, secondary_y=True, showgrid=False)
    if not any(strength.get(w, 0) for w in weeks):
        fig.add_annotation(text="No strength or core sessions logged:<br>log them on the Plan page.", showarrow=False, xref="x domain",
                           yref="y domain", x=0.5, y=0.35, font={"size": 12, "color": GREY}, name="no-strength")  # fmt: skip
    fig.update_layout(**_LAYOUT, height=480, showlegend=True, legend={"orientation": "h", "yanchor": "top", "y": -0.12})
    return _finish(fig, list(weeks))


def weekly_load(weeks: pd.DataFrame, spike_weeks: set[str], acwr: pd.Series | None, units: str, markers: Sequence[Marker] = ()) -> go.Figure:
    """Weekly distance with spike weeks marked, and ACWR as information only."""
    if weeks.empty:
        return empty_figure("No running yet.")
    factor, unit = _unit(units)
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    many = len(weeks) > 104  # years of weeks: bars under a pixel wide, which a gap between them and a thick ACWR line hid
    colors = [VERMILLION if w in spike_weeks else BLUE for w in weeks["week"]]
    fig.add_trace(go.Bar(x=weeks["week"], y=weeks["distance_m"] / factor, marker_color=colors, name=f"distance ({unit})",
                         hovertemplate=f"%{{y:.1f}} {unit}<extra></extra>"), secondary_y=False)  # fmt: skip
    if acwr is not None and acwr.notna().any():
        ratio = acwr.reindex(weeks["week"]).to_numpy(dtype=float)
        fig.add_trace(go.Scatter(x=weeks["week"], y=ratio, name="acute:chronic (information only)", line={"color": GREY, "width": 1 if many else 2},
                                 hovertemplate="ACWR %{y:.2f}<extra></extra>"), secondary_y=True)  # fmt: skip
        top = max(2.0, float(np.nanmax(ratio)) + 0.2) if np.isfinite(ratio).any() else 2.0
        fig.update_yaxes(title_text="ACWR", range=[0, top], tick0=0, dtick=0.5, secondary_y=True, showgrid=False)
    add_markers(fig, markers, set(weeks["week"]))
    fig.update_layout(**_layout(title=_title("Weekly distance")), height=360, showlegend=True, bargap=0 if many else None,
                      legend={"orientation": "h", "yanchor": "top", "y": -0.2})  # fmt: skip
    fig.update_yaxes(title_text=unit, secondary_y=False)
    return _finish(fig, list(weeks["week"]))


def shoe_mileage(shoes: list[Shoe], default_thresholds_m: tuple[float, float, float], units: str, in_period_m: dict[str, float] | None = None) -> go.Figure:
    """Mileage per pair against its notice, warning and replace marks; with ``in_period_m`` (shoe
    name → metres run in it in a chosen period), that part too, as a second bar."""
    if not shoes:
        return empty_figure("No shoes yet: add a pair below.")
    factor, unit = _unit(units)
    names = [plain(s.name) + (" (retired)" if s.retired else "") for s in shoes]
    distance = [s.distance_m / factor for s in shoes]
    colors = [GREY if s.retired else BLUE for s in shoes]
    fig = go.Figure(go.Bar(y=names, x=distance, orientation="h", marker_color=colors, hovertemplate=f"%{{x:.0f}} {unit}<extra></extra>",
                           name="lifetime", showlegend=in_period_m is not None))  # fmt: skip
    if in_period_m is not None:
        fig.add_trace(go.Bar(y=names, x=[in_period_m.get(s.name, 0.0) / factor for s in shoes], orientation="h", marker_color=ORANGE, name="in the period",
                             hovertemplate=f"%{{x:.0f}} {unit} in the period<extra></extra>"))  # fmt: skip
    # the marks are named in the legend, not beside their lines: 160 km apart, their labels would print over each other
    for level, threshold, color in zip(("notice", "warning", "replace"), default_thresholds_m, (YELLOW, ORANGE, VERMILLION), strict=True):
        fig.add_vline(x=threshold / factor, line_color=color, line_width=2, line_dash="dot")
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line={"color": color, "width": 2, "dash": "dot"}, name=f"{level} {format_threshold(threshold, units)}"))
    fig.update_layout(**_layout(title=_title("Distance per pair"), height=max(260, 70 * len(shoes) + 160), xaxis_title=unit,
                                hovermode="closest", legend={"orientation": "h", "yanchor": "top", "y": -0.25}))  # fmt: skip
    return _finish(fig)


def pain_history(entries: pd.DataFrame) -> go.Figure:
    """Pain scores over time, one colour per timing."""
    if entries.empty:
        return empty_figure("No pain entries yet: log one above.")
    fig = go.Figure()
    palette = {"morning": VERMILLION, "after-run": ORANGE, "during-run": PURPLE, "before-run": SKY, "evening": BLUE, "other": GREY}
    for timing, group in entries.groupby("timing"):
        fig.add_trace(go.Scatter(x=pd.to_datetime(group["local_time"]), y=group["score"], mode="markers+lines" if timing == "morning" else "markers",
                                 name=plain(timing), marker={"color": palette.get(str(timing), GREY), "size": 8}))  # fmt: skip
    fig.add_hrect(y0=5, y1=10, fillcolor=VERMILLION, opacity=0.06, line_width=0, annotation_text="above 5: the model's limit", annotation_position="top left")
    # the legend under the chart: at its right it took a third of a phone's width from the scores
    fig.update_layout(**_layout(title=_title("Pain scores (0 none – 10 worst)"), yaxis={"range": [-0.3, 10.3], "title": "score"}, height=340, hovermode="closest",
                                legend={"orientation": "h", "yanchor": "top", "y": -0.15}))  # fmt: skip
    return fig


def activity_samples(records: pd.DataFrame, band: tuple[float, float], units: str = "km") -> go.Figure:
    """One run over time: pace (per km or mile), cadence with the band, vertical oscillation, ground contact time, heart rate."""
    t = (records.index - records.index[0]).total_seconds() / 60
    per_m, unit = _unit(units)
    panels = [(f"pace (min/{unit})", None), ("cadence (spm)", "cadence_spm"), ("vertical oscillation (mm)", "vertical_oscillation_mm"),
              ("ground contact (ms)", "stance_time_ms"), ("heart rate (bpm)", "heart_rate_bpm")]  # fmt: skip
    present = [(label, col) for label, col in panels if col is None or records[col].notna().any()]
    fig = make_subplots(rows=len(present), cols=1, shared_xaxes=True, subplot_titles=[p[0] for p in present], vertical_spacing=0.05)
    for i, (label, column) in enumerate(present, start=1):
        if column is None:
            speed = records["speed_mps"].rolling("10s", center=True, min_periods=1).median()
            y = np.where(speed > 1.0, per_m / 60 / speed, np.nan)
            fig.update_yaxes(autorange="reversed", row=i, col=1)
        else:
            y = records[column]
        fig.add_trace(go.Scattergl(x=t, y=y, mode="lines", name=label, line={"width": 1, "color": [BLUE, ORANGE, PURPLE, GREEN, VERMILLION][i - 1]}, showlegend=False), row=i, col=1)
        if column == "cadence_spm":
            fig.add_hrect(y0=band[0], y1=band[1], fillcolor=GREEN, opacity=0.12, line_width=0, row=i, col=1)
    fig.update_xaxes(title_text="minutes", row=len(present), col=1)
    fig.update_layout(**_layout(title=_title("Samples over time")), height=190 * len(present) + 80)
    _finish(fig)
    return fig


def route_map(records: pd.DataFrame) -> go.Figure:
    """The route drawn on plain axes (no map tiles: nothing leaves this computer)."""
    if records["lat_deg"].notna().sum() < 2:
        return empty_figure("No GPS on this activity (treadmill or indoor run).")
    lat, lon = records["lat_deg"], records["lon_deg"]
    fig = go.Figure(go.Scattergl(x=lon, y=lat, mode="lines", line={"color": BLUE, "width": 3}, hoverinfo="skip"))
    fig.add_trace(go.Scattergl(x=[lon.dropna().iloc[0]], y=[lat.dropna().iloc[0]], mode="markers", marker={"color": GREEN, "size": 12}, name="start"))
    mid = np.radians(float(lat.mean()))
    fig.update_layout(**_layout(title=_title("Route (no map tiles: stays offline)"), height=420, showlegend=False, hovermode="closest",
                                xaxis={"title": "longitude", "showgrid": False}, yaxis={"title": "latitude", "scaleanchor": "x", "scaleratio": 1 / max(np.cos(mid), 0.1)}))  # fmt: skip
    return fig
