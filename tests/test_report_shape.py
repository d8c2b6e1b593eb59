"""``runsense report --json`` keeps its shape: keys, their order, nesting and value types.

The shape of every report of a store (each week with runs, each week with pain, the current week)
is merged into one description and compared with the one stored in ``tests/fixtures/report_shape/``,
written from the reports before the weekly report became a typed object (:class:`WeekReport`).
A key, a nesting or a type that changes, appears or goes fails here; values may change.

``python -m tests.test_report_shape`` writes the fixtures again from the current code (after a
deliberate change of the JSON, and only then).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from runsense.analysis import analyse, weekly_report
from runsense.cli import app
from runsense.cli._app import jsonable
from runsense.store import open_store
from runsense.weeks import week_of

FIXTURES = Path(__file__).parent / "fixtures" / "report_shape"
SHAPED_STORES = ("demo", "history")
#: dicts whose keys are data (the surfaces a week ran on), described by one merged value
_MAPS = {("terrain", "surfaces")}
_ABSENT = "absent"


def shape(value: Any, path: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON value's shape: ``{kind: detail}``, kinds null, bool, int, float, str, list, dict, map."""
    if isinstance(value, dict):
        if path in _MAPS:
            return {"map": merge_all([shape(v, (*path, "*")) for v in value.values()])}
        return {"dict": {k: shape(v, (*path, k)) for k, v in value.items()}}
    if isinstance(value, list):
        return {"list": merge_all([shape(v, (*path, "[]")) for v in value])}
    kind = {type(None): "null", bool: "bool", int: "int", float: "float", str: "str"}[type(value)]
    return {kind: None}


def merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """One shape that describes values of shape ``a`` and of shape ``b`` (a key one lacks: "absent")."""
    out = dict(a)
    for kind, detail in b.items():
        if kind not in out or out[kind] is None:
            out[kind] = detail
        elif detail is None:
            continue
        elif kind == "dict":
            keys = list(dict.fromkeys([*out[kind], *detail]))
            absent = {_ABSENT: None}
            out[kind] = {k: merge(out[kind].get(k, absent), detail.get(k, absent)) for k in keys}
        else:  # list, map: their items' shapes
            out[kind] = merge(out[kind], detail)
    return dict(sorted(out.items()))


def merge_all(shapes: list[dict[str, Any]]) -> dict[str, Any] | None:
    merged: dict[str, Any] | None = None
    for s in shapes:
        merged = s if merged is None else merge(merged, s)
    return merged


def as_json(report: Any) -> Any:
    """What ``report --json`` prints, read back."""
    data = report.to_dict() if hasattr(report, "to_dict") else report
    return json.loads(json.dumps(jsonable(data), default=str, allow_nan=False))


def store_reports(db: Path, today: date) -> dict[str, Any]:
    """Each week's report as printed, by week: the weeks with runs or pain, and the current week."""
    with open_store(db, read_only=True) as store:
        analysis, pain, alerts, plan = analyse(store), store.pain_entries(), store.alerts(), store.cadence_plan()
    weeks = set(analysis.weeks.loc[analysis.weeks["runs"] > 0, "week"]) if not analysis.weeks.empty else set()
    weeks |= {week_of(date.fromisoformat(e.local_date)) for e in pain} | {week_of(today)}
    return {w: as_json(weekly_report(analysis, w, pain_entries=pain, alerts=alerts, plan=plan, today=today)) for w in sorted(weeks)}


def store_shape(db: Path, today: date) -> dict[str, Any]:
    return merge_all([shape(r) for r in store_reports(db, today).values()])


def expected(name: str) -> str:
    return (FIXTURES / f"{name}.json").read_text()


def compact(s: dict[str, Any] | None) -> Any:
    """A shape as the fixture writes it: ``"float|null"`` for scalars, ``{"dict": {...}, "or": "null"}`` otherwise."""
    if s is None:
        return None
    scalars = "|".join(k for k, detail in s.items() if detail is None)
    nested = {k: ({key: compact(v) for key, v in detail.items()} if k == "dict" else compact(detail)) for k, detail in s.items() if detail is not None}
    return scalars if not nested else nested | ({"or": scalars} if scalars else {})


def dumped(s: dict[str, Any]) -> str:
    return json.dumps(compact(s), indent=1) + "\n"


@pytest.mark.parametrize("name", SHAPED_STORES)
def test_every_weekly_report_of_a_real_store_keeps_the_pinned_shape(store_kit, name):
    actual = dumped(store_shape(store_kit.path(name), date.today()))
    assert actual == expected(name)  # key order included: the JSON a reader sees


def test_the_pinned_shape_sees_what_it_must():
    """The fixture describes the report a runner gets: red flags, flags with their fields, form per metric."""
    demo, history = (json.loads(expected(n))["dict"] for n in SHAPED_STORES)
    for s in (demo, history):
        assert list(s)[:2] == ["disclaimer", "red_flag_guidance"]
        assert set(s["form"]["dict"]["cadence_spm"]["dict"]) >= {"at_ref", "ci95", "baseline", "target_band", "in_band_share"}
        assert set(s["flags"]["list"]["dict"]) == {"code", "severity", "metric", "value", "threshold", "unit", "message", "evidence", "reference",
                                                    "week", "activity_id", "rule_of_thumb"}  # fmt: skip
    assert "dict" in history["red_flags"]["list"]  # the history holds red flags: their entries are pinned too
    assert "dict" in history["pain"]["dict"]["entries"]["list"]


def test_the_shape_catches_a_changed_type_a_missing_key_and_a_new_one():
    base = shape({"a": 1.0, "b": [{"c": "x"}]})
    assert shape({"a": 1, "b": [{"c": "x"}]}) != base
    assert merge(base, shape({"b": [{"c": "x"}]}))["dict"]["a"] == {_ABSENT: None, "float": None}
    assert merge(base, shape({"a": 2.0, "b": [{"c": "y", "d": None}]}))["dict"]["b"]["list"]["dict"]["d"] == {_ABSENT: None, "null": None}


@pytest.mark.parametrize("name", SHAPED_STORES)
def test_the_cli_prints_the_report_the_library_builds(store_kit, name):
    """``report --json`` for the current week and the last week with runs is the library's report."""
    db = store_kit.path(name)
    today = date.today()
    reports = store_reports(db, today)
    env = {"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml"}
    for week in (week_of(today), max(w for w in reports if w != week_of(today))):
        result = CliRunner().invoke(app, ["--db", str(db), "report", "--week", week, "--json"], env=env)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == reports[week]


def main(outdir: str) -> None:
    """Build the demo and history stores into ``outdir`` and write their shapes as the fixtures."""
    from tests import stores

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    for name in SHAPED_STORES:
        (out / f"{name}.sqlite").unlink(missing_ok=True)
    stores.build_demo_store(out / "demo.sqlite")
    files = stores.real_history_files(out / f"real-history-{stores.HISTORY_RUNS}")
    stores.build_history_store(out / "history.sqlite", files)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name in SHAPED_STORES:
        (FIXTURES / f"{name}.json").write_text(dumped(store_shape(out / f"{name}.sqlite", date.today())))


if __name__ == "__main__":
    main(sys.argv[1])
