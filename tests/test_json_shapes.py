"""The ``--json`` shapes of the store's listings, pinned: ``activities``, ``activity ID``, ``shoes list``,
``pain list`` and ``alerts`` on the demo and corpus stores of ``tests.stores``.

Each command's output is reduced to its shape (every key in order, with the JSON types its values
take across the rows) and compared with ``tests/fixtures/json_shapes.json``, written from the code
before the store returned typed rows: a renamed, reordered, dropped or retyped field fails here.
Alerts carry their payload's keys, which differ by kind (a shoe's mileage, a weekly flag, a pain
rule), so their shapes are kept per kind.

``python -m tests.test_json_shapes`` rewrites the fixture (only for a deliberate change of a shape).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from runsense.cli import app
from runsense.store import open_store

FIXTURE = Path(__file__).parent / "fixtures" / "json_shapes.json"
#: the stores whose outputs are pinned: the story (shoes, pain, alerts of every kind) and the real files
PINNED_STORES = ("demo", "corpus")
_TYPES = {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict", type(None): "null"}


def _run(db: str, *args: str) -> object:
    result = CliRunner().invoke(app, ["--db", db, *args, "--json"], env={"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml"})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def shape(rows: list[dict]) -> dict[str, object]:
    """The keys of the rows in order (they must agree) and the JSON types each key's values take."""
    orders = {tuple(row) for row in rows}
    assert len(orders) <= 1, f"rows of one listing disagree on their keys: {orders}"
    keys = next(iter(orders), ())
    return {"keys": list(keys), "types": {k: sorted({_TYPES[type(row[k])] for row in rows}) for k in keys}}


def _kinds(alerts: list[dict]) -> dict[str, object]:
    return {kind: shape([a for a in alerts if a["kind"] == kind]) for kind in sorted({a["kind"] for a in alerts})}


def _add_full_entries(db: str, last_activity: str | None) -> None:
    """A pain entry with every optional field given and a shoe with its own marks, through the CLI,
    so that the pinned types include the non-null ones (the stores' own entries leave them empty)."""
    link = ["--activity", last_activity] if last_activity else []
    for args in (
        ["pain", "log", "6", "--location", "below-knee-left", "--location", "lower-back", "--timing", "after-run", "--note", "pinned",
         "--stiffness-min", "45", "--stiffness-eases", "--sleep-disturbed", "--interference", "4", "--red-flag", "saddle-numbness", *link],
        ["shoes", "add", "Pinned pair", "--brand", "Test", "--start-distance", "790km", "--alert-at", "300km,500km,800km", "--default-for", "walking"],
        ["shoes", "assign", "Pinned pair", "--from", "2000-01-01", "--to", "2100-01-01"],
    ):  # fmt: skip
        result = CliRunner().invoke(app, ["--db", db, *args], env={"RUNSENSE_SETTINGS": "/nonexistent/runsense.toml"})
        assert result.exit_code == 0, result.output


def shapes_of(db: str) -> dict[str, object]:
    """Every pinned command's shape on one store, with :func:`_add_full_entries` (a copy: this writes)."""
    with open_store(db, read_only=True) as store:
        ids = [a.id for a in store.activities()]
    _add_full_entries(db, ids[-1] if ids else None)
    activities = _run(db, "activities")
    return {
        "activities": shape(activities),
        "activity": shape([_run(db, "activity", activity_id) for activity_id in ids]),
        "shoes list": shape(_run(db, "shoes", "list")),
        "pain list": shape(_run(db, "pain", "list")),
        "alerts --all": _kinds(_run(db, "alerts", "--all")),
    }


def _copy(store_kit, name: str, folder: Path) -> str:
    target = folder / f"{name}.sqlite"
    with open_store(store_kit.path(name), read_only=True) as store:
        store.backup(target)
    return str(target)


@pytest.mark.parametrize("name", PINNED_STORES)
def test_json_shapes_are_those_pinned(store_kit, tmp_path, name):
    expected = json.loads(FIXTURE.read_text())[name]
    got = shapes_of(_copy(store_kit, name, tmp_path))
    for command in expected:
        assert got[command] == expected[command], command
    assert got == expected


def test_the_pinned_shapes_hold_content(store_kit):
    """The fixture pins real rows, not empty listings: every command had rows on the demo store."""
    demo = json.loads(FIXTURE.read_text())["demo"]
    assert all(demo[c]["keys"] for c in ("activities", "activity", "shoes list", "pain list"))
    assert {"shoe_mileage", "pain"} <= set(demo["alerts --all"]) or {"shoe_mileage", "flag"} <= set(demo["alerts --all"])


def main(folder: str) -> None:
    """Rewrite the fixture from the stores built into ``folder`` (by ``python -m tests.stores FOLDER``)."""
    found = {name: shapes_of(str(Path(folder) / f"{name}.sqlite")) for name in PINNED_STORES}
    FIXTURE.write_text(json.dumps(found, indent=1) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
