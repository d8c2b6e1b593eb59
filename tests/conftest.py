"""Shared fixtures: the real-device corpus beside the project, temporary stores, file helpers."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import pytest

from runsense.errors import RunsenseError
from runsense.parsers import read_activities
from runsense.store import SQLiteStore, open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "example_fit_files"


def corpus_path(relative: str) -> Path:
    """A corpus file by its path below ``corpus/`` (as in catalog.csv without the prefix)."""
    return CORPUS / relative


@functools.cache
def catalog() -> tuple[dict[str, str], ...]:
    """Rows of the corpus catalog (one per file, and one per activity file inside each zip)."""
    with (CORPUS / "catalog.csv").open(newline="") as handle:
        return tuple(csv.DictReader(handle))


def standalone_rows(*formats: str) -> list[dict[str, str]]:
    """Catalog rows of plain files (not inside an archive) of the given formats."""
    return [r for r in catalog() if not r["container"] and r["format"] in formats]


@functools.cache
def read_corpus_file(relative: str) -> tuple[list, RunsenseError | None]:
    """Parse a corpus file once per test session: (activities, runsense error or None)."""
    path = CORPUS / relative
    try:
        return read_activities(path.read_bytes(), path.name), None
    except RunsenseError as exc:
        return [], exc


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    """An empty store in a temporary folder."""
    with open_store(tmp_path / "runsense.sqlite") as s:
        yield s


def pytest_configure(config: pytest.Config) -> None:
    if not (CORPUS / "catalog.csv").exists():
        msg = f"the test corpus is missing: expected {CORPUS} (the shared/ folder beside the project)"
        raise pytest.UsageError(msg)


class StoreKit:
    """The four stores of :mod:`tests.stores`, each built the first time a test asks for it, once per
    run, under the pytest tmp dir. The real-history tool's files are kept beside the numbered run
    folders, so later runs reuse them (the tool checks its manifest)."""

    def __init__(self, root: Path, history_files: Path) -> None:
        self.root, self.history_files = root, history_files
        self._built: dict[str, Path] = {}
        self.history_facts = None

    def path(self, name: str) -> Path:
        """The store called ``name`` (one of ``tests.stores.STORE_NAMES``): read it, do not write it."""
        if name not in self._built:
            self._built[name] = self._build(name)
        return self._built[name]

    def _build(self, name: str) -> Path:
        from tests import stores

        db = self.root / f"{name}.sqlite"
        if name == "demo":
            stores.build_demo_store(db)
        elif name == "corpus":
            stores.build_corpus_store(db)
        elif name == "history":
            stores.real_history_files(self.history_files)
            self.history_facts = stores.build_history_store(db, self.history_files)
        elif name == "empty":
            stores.build_empty_store(db)
        else:
            raise ValueError(f"no store called {name!r}")
        return db


@pytest.fixture(scope="session")
def store_kit(tmp_path_factory) -> StoreKit:
    from tests.stores import HISTORY_RUNS

    base = tmp_path_factory.getbasetemp()
    return StoreKit(tmp_path_factory.mktemp("stores"), base.parent / f"runsense-real-history-{HISTORY_RUNS}")
