"""Take your data elsewhere: activities, samples, shoes and pain as CSV or JSON files."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from runsense.store import SQLiteStore

_ACTIVITY_FIELDS = (
    "id", "source_name", "source_format", "sport", "sub_sport", "start_time", "local_date", "distance_m", "duration_s", "timer_s", "moving_time_s",
    "n_records", "avg_speed_mps", "avg_heart_rate_bpm", "cadence_spm", "step_length_m", "vertical_oscillation_mm", "stance_time_ms",
    "vertical_ratio_pct", "stance_time_balance_pct", "shoe", "device", "title", "gear_name",
)  # fmt: skip


def export_all(store: SQLiteStore, folder: Path, fmt: str = "csv", *, samples: bool = True) -> dict[str, int]:
    """Write ``activities``, ``shoes``, ``pain`` (and ``samples/<id>``) as CSV or JSON into ``folder``."""
    if fmt not in ("csv", "json"):
        msg = f"unknown export format {fmt!r}: choose csv or json"
        raise ValueError(msg)
    folder.mkdir(parents=True, exist_ok=True)
    activities = [{k: a.get(k) for k in _ACTIVITY_FIELDS} for a in store.activities()]
    shoes = [{k: v for k, v in s.items()} for s in store.shoes()]
    pain = [dict(e) | {"red_flags": ";".join(e["red_flags"])} for e in store.pain_entries()]
    for name, rows in (("activities", activities), ("shoes", shoes), ("pain", pain)):
        _write(folder / f"{name}.{fmt}", rows, fmt)
    n_samples = 0
    if samples:
        (folder / "samples").mkdir(exist_ok=True)
        for activity in activities:
            records = store.records(activity["id"])
            frame = records.reset_index()
            frame["timestamp"] = frame["timestamp"].map(lambda t: t.isoformat())
            path = folder / "samples" / f"{activity['id']}.{fmt}"
            if fmt == "csv":
                frame.to_csv(path, index=False)
            else:
                path.write_text(frame.to_json(orient="records"))
            n_samples += len(frame)
    return {"activities": len(activities), "shoes": len(shoes), "pain": len(pain), "samples": n_samples}


def _write(path: Path, rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        path.write_text(json.dumps(rows, indent=1, default=str))
        return
    with path.open("w", newline="") as handle:
        if not rows:
            return
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: (json.dumps(v) if isinstance(v, list | dict) else v) for k, v in row.items()} for row in rows)
