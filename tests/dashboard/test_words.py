"""Words on screen: counts in the singular and plural, signed changes in words, every glossary
term reachable, flags linking their evidence grade, citations and run."""

from __future__ import annotations

import pandas as pd
from dash import html

from dashboards.components import evidence_links, flag_card
from runsense import display
from runsense.glossary import BY_KEY, EVIDENCE_KEYS
from runsense.signal.config import SignalConfig
from runsense.signal.flags import fatigue_flags


def test_counts_are_plural_aware():
    assert [display.count(n, "run") for n in (0, 1, 2)] == ["0 runs", "1 run", "2 runs"]


def test_signed_changes_are_written_in_words():
    assert display.change(-3.8, "spm") == "fell 3.8 spm"
    assert display.change(0.5, "pp") == "rose 0.5 pp"
    assert display.change(0.04, "ms") == "did not change"


def test_a_fatigue_flag_says_fell_not_dropped_by_minus():
    changes = pd.DataFrame({"activity_id": ["run1"], "metric": ["cadence_spm"], "delta": [-3.8], "ci_low": [-4.3], "ci_high": [-3.3]})
    (flag,) = fatigue_flags(changes, {"run1": "2026-W38"}, SignalConfig())
    assert "cadence fell 3.8 spm against the first third" in flag.message
    assert "by -" not in flag.message
    assert flag.activity_id == "run1"


def test_every_term_the_pages_link_to_is_in_the_glossary():
    needed = {"acwr", "reference-pace", "at-reference-pace", "pp", "rho", "effective-days", "evidence", "mcid", "ostrc", "steady-segment", "cadence-band", "spike"}
    assert needed | set(EVIDENCE_KEYS.values()) <= set(BY_KEY)


def _hrefs(component) -> list[str]:
    found = [component.href] if getattr(component, "href", None) else []
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list) else [children]:
        if child is not None and not isinstance(child, str):
            found += _hrefs(child)
    return found


def test_a_flag_card_links_grades_citations_and_its_run():
    flag = {"code": "FAT-CAD", "severity": "info", "message": "In the last third of this run…", "evidence": "COH/LAB", "reference": "[12,13]", "activity_id": "abc"}
    hrefs = _hrefs(flag_card(flag, "2026-10-12 · Long run · 21.1 km"))
    assert hrefs == ["/activity?id=abc", "/glossary#coh", "/glossary#lab", "/references#ref-12", "/references#ref-13"]
    assert "2026-10-12 · Long run" in str(flag_card(flag, "2026-10-12 · Long run · 21.1 km"))
    assert _hrefs(html.Div(evidence_links("CONV", "[56,58]"))) == ["/glossary#conv", "/references#ref-56", "/references#ref-58"]



def test_week_axis_labels_are_short_and_few_enough_for_a_phone():
    from dashboards.figures import MAX_WEEK_TICKS, week_ticks

    weeks = [f"2025-W{w:02d}" for w in range(40, 53)] + [f"2026-W{w:02d}" for w in range(1, 40)]
    ticks = week_ticks(weeks)
    assert len(ticks["tickvals"]) <= MAX_WEEK_TICKS
    assert ticks["ticktext"][0] == "W40<br>2025"  # the year under the first label and under each new year only
    assert all(len(t.split("<br>")[0]) == 3 for t in ticks["ticktext"])
    assert sum("<br>" in t for t in ticks["ticktext"]) == 2


def test_shoe_marks_are_named_in_the_legend_not_printed_over_each_other():
    from dashboards.figures import shoe_mileage
    from runsense.records import Shoe
    from runsense.settings import DEFAULT_SHOE_THRESHOLDS_M

    pegasus = Shoe(1, "Pegasus", "", None, 0.0, "", None, None, None, "2025-01-01T00:00:00", 874_000.0, 80, "2026-11-01")
    fig = shoe_mileage([pegasus], DEFAULT_SHOE_THRESHOLDS_M, "km")
    assert len(fig.layout.annotations) == 0
    assert [t.name for t in fig.data if t.showlegend is not False] == ["notice 480 km", "warning 640 km", "replace 800 km"]  # as the alerts write them (spec §6.2)
