"""How many long corpus runs get a within-run fatigue comparison (spec §8.2), and by which method.

    python bench/fatigue_corpus.py

Reads every running activity of ``../shared/corpus`` (plain FIT, GPX and TCX files and the members
of zips), keeps the long ones (≥ 45 min moving or ≥ 8 km, spec §8.2's eligibility) and counts the
results of :func:`runsense.signal.fatigue.within_run_change` by method and reason.
"""

from __future__ import annotations

import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from runsense.errors import RunsenseError
from runsense.parsers import read_activities
from runsense.signal.fatigue import within_run_change
from runsense.sources import iter_sources

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def main() -> None:
    outcomes: collections.Counter[str] = collections.Counter()
    long_runs = 0
    for source in iter_sources([CORPUS]):
        if source.data is None:
            continue
        try:
            activities = read_activities(source.data, source.name)
        except RunsenseError:
            continue
        for activity in activities:
            if activity.meta.sport != "running" or activity.records.empty:
                continue
            result = within_run_change(activity.records)
            if result.reason.startswith("too short"):
                continue
            long_runs += 1
            if result.eligible:
                outcome = "compared" if result.delta else "compared, but no form metric in the file"
            else:
                outcome = result.reason
            outcomes[f"{result.method}: {outcome}"] += 1
    compared = sum(n for k, n in outcomes.items() if k.endswith(": compared"))
    print(f"long corpus runs: {long_runs}; compared with at least one form metric: {compared}")
    for outcome, n in outcomes.most_common():
        print(f"  {n:3d}  {outcome}")


if __name__ == "__main__":
    main()
