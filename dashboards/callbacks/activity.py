"""Activity page callbacks."""

from __future__ import annotations

from dash import Dash, Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from dashboards import data, figures, ids
from dashboards.components import kpi, table
from runsense.analysis import form_basis
from runsense.signal.config import SignalConfig
from runsense.signal.splits import distance_splits
from runsense.units import M_PER_KM, M_PER_MI, format_pace


def _f(value: float | None, digits: int = 0) -> str:
    return "—" if value is None or value != value else f"{value:.{digits}f}"


def render_activity(activity_id: str | None) -> list:
    """One run: headline numbers, samples over time, splits, first-vs-last third, route."""
    if not activity_id:
        raise PreventUpdate
    units = data.settings().units
    split_m, unit = (M_PER_MI, "mi") if units == "mi" else (M_PER_KM, "km")
    with data.store() as s:
        row = s.activity(activity_id)
        records = s.records(row["id"])
        basis = form_basis(s, row)
    band = SignalConfig().cadence.band_spm
    splits = distance_splits(records, split_m)
    split_rows = [{"split": int(r.split), unit: f"{r.distance_m / split_m:.2f}", "pace": format_pace(r.avg_speed_mps, unit), "spm": _f(r.cadence_spm),
                   "GCT ms": _f(r.stance_time_ms), "VO mm": _f(r.vertical_oscillation_mm), "bpm": _f(r.heart_rate_bpm)} for r in splits.itertuples(index=False)]  # fmt: skip
    fatigue = (row.get("metrics") or {}).get("fatigue") or {}
    if fatigue.get("eligible"):
        labels = {"cadence_spm": "cadence (spm)", "stance_time_ms": "ground contact (ms)", "vertical_oscillation_mm": "vertical oscillation (mm)",
                  "vertical_ratio_pct": "vertical ratio (%)", "step_length_m": "step length (m)", "gct_balance_dev_pp": "balance off 50/50 (pp)"}  # fmt: skip
        fatigue_rows = [{"metric": labels[k], "last − first third": f"{v:+.2f}", "95% CI": f"{fatigue['ci95'][k][0]:+.2f} to {fatigue['ci95'][k][1]:+.2f}"}
                        for k, v in fatigue["delta"].items()]  # fmt: skip
        fatigue_part = table(fatigue_rows)
    else:
        fatigue_part = html.P(fatigue.get("reason") or "Not a running activity.", className="hint")
    return [
        html.H2(row["title"] or row["source_name"]),
        html.Div([
            kpi("distance", f"{(row['distance_m'] or 0) / split_m:.2f} {unit}", row["start_time"][:16].replace("T", " ")),
            kpi("pace", format_pace(row["avg_speed_mps"] or float("nan"), unit), f"{_f(row['avg_heart_rate_bpm'])} bpm"),
            kpi("cadence", f"{_f(row['cadence_spm'])} spm", f"step {_f(row['step_length_m'], 2)} m"),
            kpi("counted as running", "—" if basis["running_share"] is None else f"{basis['running_share']:.0%}", "of moving time: form is from this part"),
            kpi("ground contact", f"{_f(row['stance_time_ms'])} ms", f"balance {_f(row['stance_time_balance_pct'], 1)}% left"),
            kpi("vertical oscillation", f"{_f(row['vertical_oscillation_mm'])} mm", f"ratio {_f(row['vertical_ratio_pct'], 1)}%"),
        ], className="kpis"),  # fmt: skip
        html.P(basis["note"], className="hint", id="activity-form-basis") if basis["note"] else html.Div(),
        dcc.Graph(figure=figures.activity_samples(records, band), id=ids.ACTIVITY_SAMPLES_GRAPH, config={"displayModeBar": False}),
        html.H3(f"Splits per {unit}"),
        table(split_rows) if split_rows else html.P("No distance recorded."),
        html.H3("First against last third, at the same pace"),
        fatigue_part,
        dcc.Graph(figure=figures.route_map(records), id=ids.ACTIVITY_MAP, config={"displayModeBar": False}),
        html.P(f"Device: {row['device'] or '—'} · sensors: {', '.join(row['sensors']) or '—'} · source: {row['source_name']}", className="hint"),
    ]


def register(app: Dash) -> None:
    app.callback(Output(ids.ACTIVITY_BODY, "children"), Input(ids.ACTIVITY_PICKER, "value"))(render_activity)
