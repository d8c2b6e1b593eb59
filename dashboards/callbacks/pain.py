"""Pain page callbacks: log an entry (red flags answered at once), then history and insights."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from dash import ALL, Dash, Input, Output, State, html
from dash.exceptions import PreventUpdate

from dashboards import data, figures, ids
from dashboards.components import red_flag_box, table
from runsense.analysis import pain_insights
from runsense.errors import RunsenseError
from runsense.pain import entry_time, make_entry, red_flag_guidance_for


def log_entry(clicks: int | None, score: str | None, day: str | None, time: str | None, timing: str, location: str, note: str | None,
              red_flags: list[list[str]], refresh: int) -> tuple:  # fmt: skip
    """Validate and store the entry with the CLI's rules (:mod:`runsense.pain`); red-flag guidance
    comes back first. Anything wrong: its message, and nothing stored."""
    if not clicks:
        raise PreventUpdate
    codes = [code for group in red_flags for code in (group or [])]
    try:
        entry = make_entry(score, when=entry_time(day, time, datetime.now()), location=location, timing=timing, note=note or "", red_flags=codes)
        with data.store(write=True) as s:
            s.add_pain(entry)
    except RunsenseError as exc:
        return html.Div(), f"Not logged: {exc}.", refresh
    guidance = red_flag_box(red_flag_guidance_for(entry["red_flags"])) or html.Div()
    extra = " With pain at 5 or more, please check the warning signs below the form." if entry["score"] >= 5 and not entry["red_flags"] else ""
    return guidance, f"Logged {entry['score']}/10 ({entry['timing']}, {entry['location']}, {entry['local_time'].replace('T', ' ')}).{extra}", refresh + 1


def render_history(refresh: int) -> tuple:
    """Pain over time and the association analysis with its caveats."""
    with data.store() as s:
        entries = pd.DataFrame(s.pain_entries())
        insights = pain_insights(s, data.analysis(s))
    contrast = insights.get("contrast")
    parts = [html.H3("Patterns with your training"), html.P(insights["summary"])]
    if contrast:
        parts.append(html.P(
            f"Next-morning pain after run days {contrast['after_run_days']:.1f}/10, after rest days {contrast['after_rest_days']:.1f}/10 "
            f"(difference {contrast['difference']:+.1f}, 95% CI {contrast['ci95'][0]:+.1f} to {contrast['ci95'][1]:+.1f})."
        ))  # fmt: skip
    parts.append(html.P("The pain-monitoring rules come from tendon rehabilitation; applying them to back pain is an extrapolation.", className="hint"))
    return figures.pain_history(entries), parts, _entries_table(entries)


def _entries_table(entries: pd.DataFrame, limit: int = 30) -> list:
    """The latest entries, newest first, notes included (the runner's own words matter to the physio)."""
    if entries.empty:
        return [html.H3("Your entries"), html.P("No pain entries yet.", className="hint")]
    rows = [
        {"when": e.local_time.replace("T", " "), "score": f"{e.score}/10", "where": e.location, "timing": e.timing,
         "red flags": ", ".join(e.red_flags) or "—", "note": e.note or "—"}
        for e in entries.iloc[::-1].head(limit).itertuples(index=False)
    ]  # fmt: skip
    return [html.H3(f"Your entries (latest {min(limit, len(entries))} of {len(entries)})"), table(rows)]


def register(app: Dash) -> None:
    app.callback(
        Output(ids.PAIN_GUIDANCE, "children"), Output(ids.PAIN_MESSAGE, "children"), Output(ids.PAIN_REFRESH, "data"),
        Input(ids.PAIN_SUBMIT, "n_clicks"), State(ids.PAIN_SCORE, "value"), State(ids.PAIN_DATE, "date"), State(ids.PAIN_TIME, "value"),
        State(ids.PAIN_TIMING, "value"), State(ids.PAIN_LOCATION, "value"), State(ids.PAIN_NOTE, "value"),
        State({"type": ids.PAIN_RED_FLAGS, "tier": ALL}, "value"), State(ids.PAIN_REFRESH, "data"), prevent_initial_call=True,
    )(log_entry)  # fmt: skip
    app.callback(Output(ids.PAIN_HISTORY_GRAPH, "figure"), Output(ids.PAIN_INSIGHTS, "children"), Output(ids.PAIN_ENTRIES, "children"),
                 Input(ids.PAIN_REFRESH, "data"))(render_history)  # fmt: skip
