"""The clinic report as one HTML page: read in a browser, printed (no navigation, no controls), or
turned into the PDF. Every text that came from the runner or a file is escaped."""

from __future__ import annotations

from html import escape

from runsense.clinic import ClinicReport
from runsense.clinic.charts import cadence_chart, load_chart, pain_chart
from runsense.references import EVIDENCE_GRADES
from runsense.units import M_PER_KM, M_PER_MI, format_pace

_CSS = """
@page { size: A4; margin: 14mm 14mm 16mm; @bottom-right { content: "page " counter(page) " of " counter(pages); font-size: 8pt; color: #52606d; } }
body { font-family: "DejaVu Sans", "Helvetica", sans-serif; font-size: 9.5pt; color: #1f2933; line-height: 1.35; max-width: 190mm; margin: 0 auto; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11pt; margin: 5mm 0 1.5mm; border-bottom: 1px solid #cbd2d9; }
.meta { color: #52606d; margin-bottom: 3mm; }
.red { border: 2px solid #b91c1c; background: #fef2f2; padding: 2mm 3mm; margin: 3mm 0; }
.red h2 { color: #b91c1c; border: none; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0; } td, th { text-align: left; padding: 0.8mm 1.5mm; border-bottom: 1px solid #e4e7eb; vertical-align: top; }
th { font-weight: 600; } .num { text-align: right; white-space: nowrap; }
.chart svg { width: 100%; height: auto; } .chart { break-inside: avoid; }
.small { font-size: 8pt; color: #52606d; } ol .small { font-size: 7pt; } .disclaimer { border-top: 1px solid #cbd2d9; margin-top: 5mm; padding-top: 2mm; }
.clear { font-weight: 600; } .nowrap { white-space: nowrap; }
@media print { .no-print, nav, button { display: none !important; } }
@media (max-width: 600px) { body { font-size: 11pt; } td, th { padding: 1mm; } }
"""


def render(report: ClinicReport) -> str:
    """The whole report as an HTML document."""
    p = report.period
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>runsense clinic report {p.start} to {p.end}</title><style>{_CSS}</style></head><body>",
        "<h1>Running and back pain: clinic report</h1>",
        f"<div class='meta'>Period {p.start:%d %b %Y} to {p.end:%d %b %Y} ({p.days} days) · generated {report.generated:%d %b %Y} by runsense · "
        f"form judged at the runner's reference pace, {escape(format_pace(report.reference_pace_mps, report.units))}</div>",
        _red_flags(report),
        _headline(report),
        "<h2>Form and load, week by week</h2>",
        f"<div class='chart'>{cadence_chart(report.weeks, report.markers, p.start, p.end, report.band_spm)}</div>",
        f"<div class='chart'>{load_chart(report.weeks, report.markers, p.start, p.end, report.units)}</div>",
        "<h2>Pain</h2>",
        f"<div class='chart'>{pain_chart(report.pain_days, report.markers, p.start, p.end)}</div>",
        _pain_table(report),
        _flags(report),
        _shoes_and_strength(report),
        _markers(report),
        _references(report),
        f"<div class='disclaimer small'><strong>Not medical advice.</strong> {escape(report.disclaimer)}</div>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _red_flags(report: ClinicReport) -> str:
    guidance = "".join(f"<li><strong>{escape(str(t['message']))}</strong> {escape('; '.join(t['signs']))}.</li>" for t in report.red_flag_guidance)
    if report.red_flags:
        seen = "".join(f"<li>{escape(f.message)}</li>" for f in report.red_flags)
        return f"<div class='red'><h2>Red flags reported in this period</h2><ul>{seen}</ul><p class='small'>Warning signs to act on:</p><ul class='small'>{guidance}</ul></div>"
    return f"<h2>Warning signs</h2><p class='small'>No red flags were reported in this period. The screen the runner answers:</p><ul class='small'>{guidance}</ul>"


def _headline(report: ClinicReport) -> str:
    h = report.headline
    if h is None:
        return f"<h2>What changed</h2><p>Not enough data to compare {escape(report.headline_split)}.</p>"
    rows = []
    for before, after, change in zip(h.before.form, h.after.form, h.form_changes, strict=True):
        if change.change is None:
            continue
        d = 2 if change.unit == "m" else 0 if change.unit == "ms" else 1
        ci = f" (95 % CI {change.ci_low:+.{d}f} to {change.ci_high:+.{d}f})" if change.ci_low is not None else " (too few runs for a CI)"
        verdict = "<span class='clear'>clear change</span>" if change.clear else "within the noise"
        rows.append(f"<tr><td>{escape(change.label)}</td><td class='num'>{before.value:.{d}f}</td><td class='num'>{after.value:.{d}f}</td>"
                    f"<td>{'rose' if change.change > 0 else 'fell'} {abs(change.change):.{d}f} {escape(change.unit)}{ci}: {verdict}</td></tr>")  # fmt: skip
    pain = "not enough pain logged to compare" if h.pain_change is None else (
        f"median {h.before.pain.median:g} → {h.after.pain.median:g} /10, "
        + ("a change that matters (≥ 2 points or ≥ 30 %)" if h.pain_change_matters else "under the smallest change that matters (2 points or 30 %)")
    )
    return (
        f"<h2>What changed ({escape(report.headline_split)})</h2>"
        f"<p class='small'>{h.before.period} against {h.after.period}, at the same reference pace. A change is clear when the 95 % CI of the "
        "difference (runs resampled whole) excludes zero.</p>"
        "<table><tr><th>at reference pace</th><th class='num'>before</th><th class='num'>after</th><th>change</th></tr>" + "".join(rows) + "</table>"
        f"<p>Runs {h.before.runs} → {h.after.runs}; pain: {escape(pain)}.</p>"
    )


def _pain_table(report: ClinicReport) -> str:
    if not report.pain_days:
        text = "<p>No pain entries in this period.</p>"
    else:
        high = sum(1 for d in report.pain_days if d.max_score >= 3)
        text = f"<p>{len(report.pain_days)} days logged; {high} with pain at 3/10 or more; highest {max(d.max_score for d in report.pain_days)}/10.</p>"
    if not report.checkins:
        return text + "<p class='small'>No weekly OSTRC-O2 check-ins in this period (`runsense checkin`).</p>"
    cells = "".join(f"<td class='num'>{c.score}{'*' if c.substantial else ''}</td>" for c in report.checkins)
    weeks = "".join(f"<th class='num'>{escape(c.week[5:])}</th>" for c in report.checkins)
    return (text + "<p class='small'>Weekly OSTRC-O2 check-in (0 = no problem, 100 = could not train; * a substantial problem: "
            f"training reduced) [51]:</p><table><tr><th>week</th>{weeks}</tr><tr><td>score</td>{cells}</tr></table>")  # fmt: skip


def _flags(report: ClinicReport) -> str:
    """One row per kind of flag (most severe first): the weeks it fired, and its latest explanation."""
    if not report.flags:
        return "<h2>Flags</h2><p>No form, load or pain flags in this period.</p>"
    groups: dict[str, list] = {}
    for flag in report.flags:  # ranked: the first of each code is its most severe
        groups.setdefault(flag.code, []).append(flag)
    rows = []
    for code, flags in groups.items():
        latest = max(flags, key=lambda f: f.week or "")
        weeks = ", ".join(sorted({f.week for f in flags if f.week}))
        times = f" ({len(flags)} times)" if len(flags) > 1 else ""
        rows.append(
            f"<tr><td class='nowrap'>{escape(code)}<br><span class='small'>{escape(flags[0].severity)}</span></td>"
            f"<td><span class='small'>{escape(weeks)}{times}</span><br>{escape(latest.text(report.units))}</td>"
            f"<td class='small'>{escape(latest.evidence)}: {escape(EVIDENCE_GRADES.get(latest.evidence.split('/')[0], ''))}<br>{escape(latest.reference)}</td></tr>"
        )
    return ("<h2>Flags (explanations, not diagnoses)</h2><table><tr><th>flag</th><th>weeks, and the latest explanation</th><th>evidence</th></tr>"
            + "".join(rows) + "</table>")  # fmt: skip


def _shoes_and_strength(report: ClinicReport) -> str:
    per = M_PER_MI if report.units == "mi" else M_PER_KM
    shoes = "".join(f"<tr><td>{escape(name)}</td><td class='num'>{period / per:.0f} {report.units}</td><td class='num'>{total / per:.0f} {report.units}</td></tr>" for name, period, total in report.shoes)
    shoes_html = f"<table><tr><th>shoe</th><th class='num'>this period</th><th class='num'>in all</th></tr>{shoes}</table>" if shoes else "<p>No shoes recorded for these runs.</p>"
    weeks = report.weeks
    low, high = report.strength_target
    strength = f"{sum(w.strength_sessions for w in weeks) / len(weeks):.1f} a week (target {low}–{high})" if weeks else "—"
    return f"<h2>Shoes</h2>{shoes_html}<h2>Strength and core work</h2><p>{strength}.</p>"


def _markers(report: ClinicReport) -> str:
    if not report.markers:
        return ""
    items = "".join(f"<li>{m.local_date}: {escape(m.label)} ({escape(m.kind)})</li>" for m in report.markers)
    return f"<h2>Markers</h2><ul>{items}</ul>"


def _references(report: ClinicReport) -> str:
    if not report.references:
        return ""
    items = "".join(f"<li value='{n}' class='small'>{escape(text)}</li>" for n, text in report.references)
    return f"<h2>References cited</h2><ol>{items}</ol>"
