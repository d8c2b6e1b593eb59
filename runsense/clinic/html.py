"""The clinic report as one HTML page: read in a browser, printed (no navigation, no controls), or
turned into the PDF. Every text that came from the runner or a file is escaped."""

from __future__ import annotations

from html import escape

from runsense.clinic import ClinicReport
from runsense.clinic.charts import cadence_chart, load_chart, pain_chart
from runsense.display import count
from runsense.references import EVIDENCE_GRADES
from runsense.signal.sensors import DYNAMICS_METRICS, SensorChange
from runsense.units import M_PER_KM, M_PER_MI, format_pace
from runsense.weeks import week_ranges

_CSS = """
@page { size: A4; margin: 11mm 12mm 13mm; @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 7.5pt; color: #52606d; } }
body { font-family: "DejaVu Sans", "Helvetica", sans-serif; font-size: 8.5pt; color: #1f2933; line-height: 1.3; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 13pt; margin: 0 0 1mm; } h2 { font-size: 10pt; margin: 3mm 0 1mm; border-bottom: 1px solid #cbd2d9; }
h3 { font-size: 9pt; margin: 1.5mm 0 0.5mm; } h2, h3 { break-after: avoid; } tr { break-inside: avoid; } p { margin: 0.8mm 0; } ul { margin: 0.5mm 0; padding-left: 4mm; }
.meta { color: #52606d; margin-bottom: 1.5mm; }
.red { border: 2px solid #b91c1c; background: #fef2f2; padding: 1.5mm 2.5mm; margin: 2mm 0; }
.red h2 { color: #b91c1c; border: none; margin-top: 0; }
.screen { columns: 3; column-gap: 4mm; font-size: 7pt; color: #52606d; } .screen li { break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.5mm 0; } td, th { text-align: left; padding: 0.5mm 1.2mm; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { font-weight: 600; } .num { text-align: right; white-space: nowrap; }
.grid2, .grid3 { display: grid; gap: 2mm 5mm; } .grid2 { grid-template-columns: 1fr 1fr; } .grid3 { grid-template-columns: 1fr 1fr 1fr; }
.chart svg { width: 100%; height: auto; } .chart, .keep { break-inside: avoid; }
.flags td { font-size: 7.5pt; } .flags td:first-child { white-space: nowrap; }
.small { font-size: 7.5pt; color: #52606d; } .sensor { color: #0f766e; font-weight: 600; }
.refs { columns: 2; column-gap: 5mm; font-size: 6.5pt; color: #52606d; padding-left: 5mm; } .refs li { break-inside: avoid; }
.disclaimer { border-top: 1px solid #cbd2d9; margin-top: 3mm; padding-top: 1.5mm; }
.clear { font-weight: 600; } .nowrap { white-space: nowrap; }
@media print { .no-print, nav, button { display: none !important; } }
@media (max-width: 600px) { body { font-size: 11pt; } td, th { padding: 1mm; } .grid2, .grid3 { grid-template-columns: 1fr; } .screen, .refs { columns: 1; } }
"""


def render(report: ClinicReport) -> str:
    """The whole report as an HTML document: on A4, one to three pages for a 12-week period."""
    p = report.period
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>runsense clinic report {p.start} to {p.end}</title><style>{_CSS}</style></head><body>",
        "<h1>Running and back pain: clinic report</h1>",
        f"<div class='meta'>Period {p.start:%d %b %Y} to {p.end:%d %b %Y} ({count(p.days, 'day')}) · generated {report.generated:%d %b %Y} by runsense · "
        f"form judged at the runner's reference pace, {escape(format_pace(report.reference_pace_mps, report.units))}</div>",
        _red_flags(report),
        _headline(report),
        "<h2>Form and load, week by week</h2>",
        *(f"<p class='sensor'>{escape(_sensor_line(c))}</p>" for c in report.sensor_changes),
        "<div class='grid2'>",
        f"<div class='chart'>{cadence_chart(report.weeks, report.markers, p.start, p.end, report.band_spm, report.sensor_changes)}</div>",
        f"<div class='chart'>{load_chart(report.weeks, report.markers, p.start, p.end, report.units)}</div>",
        "</div>",
        "<h2>Pain</h2>",
        f"<div class='chart'>{pain_chart(report.pain_days, report.markers, p.start, p.end)}</div>",
        _pain_table(report),
        _flags(report),
        _shoes_strength_markers(report),
        _references(report),
        f"<div class='disclaimer small'><strong>Not medical advice.</strong> {escape(report.disclaimer)}</div>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _sensor_line(change: SensorChange) -> str:
    """The line a new running-dynamics sensor gets in the text (its day is on the cadence chart)."""
    return f"New dynamics sensor from {change.first_day} ({change.after}): VO and GCT compared from there."


def _red_flags(report: ClinicReport) -> str:
    guidance = "".join(f"<li><strong>{escape(str(t['message']))}</strong> {escape('; '.join(t['signs']))}.</li>" for t in report.red_flag_guidance)
    if report.red_flags:
        seen = "".join(f"<li>{escape(f.message)}</li>" for f in report.red_flags)
        return f"<div class='red keep'><h2>Red flags reported in this period</h2><ul>{seen}</ul><p class='small'>Warning signs to act on:</p><ul class='screen'>{guidance}</ul></div>"
    return f"<h2>Warning signs</h2><p class='small'>No red flags were reported in this period. The screen the runner answers:</p><ul class='screen'>{guidance}</ul>"


def _headline(report: ClinicReport) -> str:
    h = report.headline
    if h is None:
        return f"<h2>What changed</h2><p>Not enough data to compare {escape(report.headline_split)}.</p>"
    rows = []
    for before, after, change in zip(h.before.form, h.after.form, h.form_changes, strict=True):
        since = h.sensor_change.first_day if h.sensor_change and change.metric in DYNAMICS_METRICS else None
        if change.change is None:
            if since:
                rows.append(f"<tr><td>{escape(change.label)}</td><td class='num'>—</td><td class='num'>—</td>"
                            f"<td>not compared: a new sensor measures it from {since}, and one side has no running on it</td></tr>")  # fmt: skip
            continue
        d = 2 if change.unit == "m" else 0 if change.unit == "ms" else 1
        if change.ci_low is None:
            ci, verdict = "", "too few runs on a side for a CI, so not judged"
        else:
            ci = f" (95 % CI {change.ci_low:+.{d}f} to {change.ci_high:+.{d}f})"
            verdict = "<span class='clear'>clear change</span>" if change.clear else "within the noise"
        note = f"; runs from {since} only (new sensor)" if since else ""
        rows.append(f"<tr><td>{escape(change.label)}</td><td class='num'>{before.value:.{d}f}</td><td class='num'>{after.value:.{d}f}</td>"
                    f"<td>{_moved(change.change, d, change.unit)}{ci}: {verdict}{note}</td></tr>")  # fmt: skip
    pain = "not enough pain logged to compare" if h.pain_change is None else (
        f"median {h.before.pain.median:g} → {h.after.pain.median:g} /10, "
        + ("a change that matters (≥ 2 points or ≥ 30 %)" if h.pain_change_matters else "under the smallest change that matters (2 points or 30 %)")
    )
    return (
        f"<h2>What changed ({escape(report.headline_split)})</h2>"
        f"<p class='small'>{h.before.period} against {h.after.period}, at the same reference pace. A change is clear when the 95 % CI of the "
        "difference (runs resampled whole) excludes zero.</p>"
        + ("<table class='keep'><tr><th>at reference pace</th><th class='num'>before</th><th class='num'>after</th><th>change</th></tr>" + "".join(rows) + "</table>"
           if rows else "<p>No steady running at the reference pace on both sides: form is not compared.</p>")
        + f"<p>Runs {h.before.runs} → {h.after.runs}; pain: {escape(pain)}.</p>"
    )


def _moved(change: float, digits: int, unit: str) -> str:
    """ "rose 3.6 mm", "fell 1.8 spm", or "unchanged" when it rounds to nothing."""
    if round(change, digits) == 0:
        return "unchanged"
    return f"{'rose' if change > 0 else 'fell'} {abs(change):.{digits}f} {escape(unit)}"


def _pain_table(report: ClinicReport) -> str:
    if not report.pain_days:
        text = "<p>No pain entries in this period.</p>"
    else:
        high = sum(1 for d in report.pain_days if d.max_score >= 3)
        text = f"<p>{count(len(report.pain_days), 'day')} logged; {high} with pain at 3/10 or more; highest {max(d.max_score for d in report.pain_days)}/10.</p>"
    if not report.checkins:
        return text + "<p class='small'>No weekly OSTRC-O2 check-ins in this period (`runsense checkin`).</p>"
    cells = "".join(f"<td class='num'>{c.score}{'*' if c.substantial else ''}</td>" for c in report.checkins)
    weeks = "".join(f"<th class='num'>{escape(c.week[5:])}</th>" for c in report.checkins)
    return (text + "<p class='small'>Weekly OSTRC-O2 check-in (0 = no problem, 100 = could not train; * a substantial problem: "
            f"training reduced) [51]:</p><table><tr><th>week</th>{weeks}</tr><tr><td>score</td>{cells}</tr></table>")  # fmt: skip


def _flags(report: ClinicReport) -> str:
    """One row per kind of flag (most severe first): the weeks it fired, its latest explanation, its
    evidence grade and references; the grades used are spelt out once, under the table."""
    if not report.flags:
        return "<h2>Flags</h2><p>No form, load or pain flags in this period.</p>"
    groups: dict[str, list] = {}
    for flag in report.flags:  # ranked: the first of each code is its most severe
        groups.setdefault(flag.code, []).append(flag)
    rows, grades = [], {}
    for code, flags in groups.items():
        latest = max(flags, key=lambda f: f.week or "")
        weeks = week_ranges({f.week for f in flags if f.week})
        times = f" ({len(flags)} times)" if len(flags) > 1 else ""
        for grade in latest.evidence.split("/"):
            grades.setdefault(grade, EVIDENCE_GRADES.get(grade, ""))
        rows.append(
            f"<tr><td class='nowrap'>{escape(code)}<br><span class='small'>{escape(flags[0].severity)}</span></td>"
            f"<td><span class='small'>{escape(weeks)}{times}</span><br>{escape(latest.text(report.units))}</td>"
            f"<td>{escape(latest.evidence)}<br><span class='small'>{escape(latest.reference)}</span></td></tr>"
        )
    legend = " · ".join(f"<strong>{escape(g)}</strong> {escape(words)}" for g, words in grades.items() if words)
    return ("<h2>Flags (explanations, not diagnoses)</h2><table class='flags'><thead><tr><th>flag</th><th>weeks, and the latest explanation</th>"
            f"<th>evidence</th></tr></thead><tbody>{''.join(rows)}</tbody></table><p class='small'>Evidence: {legend}.</p>")  # fmt: skip


def _shoes_strength_markers(report: ClinicReport) -> str:
    """Shoes, strength work and the period's markers, side by side."""
    per = M_PER_MI if report.units == "mi" else M_PER_KM
    shoes = "".join(f"<tr><td>{escape(name)}</td><td class='num'>{period / per:.0f} {report.units}</td><td class='num'>{total / per:.0f} {report.units}</td></tr>" for name, period, total in report.shoes)
    shoes_html = f"<table><tr><th>shoe</th><th class='num'>period</th><th class='num'>in all</th></tr>{shoes}</table>" if shoes else "<p>No shoes recorded for these runs.</p>"
    weeks = report.weeks
    low, high = report.strength_target
    strength = f"{sum(w.strength_sessions for w in weeks) / len(weeks):.1f} sessions a week (target {low}–{high})" if weeks else "—"
    markers = "".join(f"<li>{m.local_date}: {escape(m.label)} ({escape(m.kind)})</li>" for m in report.markers)
    markers_html = f"<ul>{markers}</ul>" if markers else "<p>None in this period.</p>"
    return (f"<div class='grid3 keep'><div><h3>Shoes</h3>{shoes_html}</div><div><h3>Strength and core work</h3><p>{strength}.</p></div>"
            f"<div><h3>Markers</h3>{markers_html}</div></div>")  # fmt: skip


def _references(report: ClinicReport) -> str:
    if not report.references:
        return ""
    items = "".join(f"<li value='{n}'>{escape(text)}</li>" for n, text in report.references)
    return f"<h2>References cited</h2><ol class='refs'>{items}</ol>"
