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
