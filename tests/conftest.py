"""Shared fixtures: the real-device corpus beside the project, temporary stores, file helpers.

Without the corpus (a fresh clone with no ``../shared``), every test that does not need it still
runs; a test that refers to a corpus file, or is parametrized over the catalog, is reported as
skipped with the reason (``-ra`` lists them). CI must never pass that way: with ``CI`` set, a missing
corpus stops the run (and ``.ci/run`` checks it before installing anything).
"""

from __future__ import annotations

import csv
import functools
import inspect
import os
from pathlib import Path
from types import CodeType

import pytest

from runsense.errors import RunsenseError
from runsense.parsers import read_activities
from runsense.store import SQLiteStore, open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLES = ROOT / "example_fit_files"
HAVE_CORPUS = (CORPUS / "catalog.csv").is_file()
NO_CORPUS = f"needs the real-device corpus, missing at {CORPUS} (the shared/ folder beside the project)"


def corpus_path(relative: str) -> Path:
    """A corpus file by its path below ``corpus/`` (as in catalog.csv without the prefix)."""
    return CORPUS / relative


@functools.cache
def catalog() -> tuple[dict[str, str], ...]:
    """Rows of the corpus catalog (one per file, and one per activity file inside each zip); none without the corpus."""
    if not HAVE_CORPUS:
        return ()
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
    if not HAVE_CORPUS and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        msg = f"CI runs every test: the test corpus is missing, expected {CORPUS} (the shared/ folder beside the project)"
        raise pytest.UsageError(msg)


def pytest_report_header(config: pytest.Config) -> str:
    if HAVE_CORPUS:
        return f"corpus: {CORPUS}"
    return f"corpus: MISSING at {CORPUS}; the tests that read it are skipped (listed at the end)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the corpus, skip (with the reason) every test that needs it: those parametrized over
    its catalog (which then have no cases), those that refer to a corpus file (see :func:`_needs_corpus`)
    and those marked ``corpus``."""
    if HAVE_CORPUS:
        return
    seen: dict[int, bool] = {}
    for item in items:
        empty = any("got empty parameter set" in str(mark.kwargs.get("reason", "")) for mark in item.iter_markers("skip"))
        if empty or item.get_closest_marker("corpus") or _needs_corpus(item, seen):
            item.add_marker(pytest.mark.skip(reason=NO_CORPUS), append=False)


def _needs_corpus(item: pytest.Item, seen: dict[int, bool]) -> bool:
    """Whether a test refers to the corpus: in its own code, its fixtures' or the test helpers they call.

    Found by the names the code uses (module globals, class attributes): a corpus path, or a test
    helper or fixture whose code uses one (``corpus_path``, ``read_corpus_file`` and ``catalog`` do).
    """
    fixture_info = getattr(item, "_fixtureinfo", None)
    fixtures = [d.func for defs in fixture_info.name2fixturedefs.values() for d in defs] if fixture_info else []
    cls = getattr(item, "cls", None)
    return any(_refers_to_corpus(f, seen, cls) for f in [getattr(item, "function", None), *fixtures] if f is not None)


def _refers_to_corpus(value: object, seen: dict[int, bool], cls: type | None = None) -> bool:
    if id(value) in seen:
        return seen[id(value)]
    seen[id(value)] = False  # a cycle ends here
    if isinstance(value, Path):
        found = value.is_absolute() and value.is_relative_to(CORPUS)
    elif isinstance(value, list | tuple | set | frozenset):
        found = any(_refers_to_corpus(v, seen) for v in value)
    else:
        function = inspect.unwrap(getattr(value, "__func__", value))
        code = getattr(function, "__code__", None)
        if code is None or not getattr(function, "__module__", "").startswith("tests"):
            return False  # only the tests' own code is followed (runsense never names the corpus)
        scopes = [function.__globals__] + ([vars(cls)] if cls is not None else [])
        found = any(_refers_to_corpus(scope[name], seen, cls) for name in _names(code) for scope in scopes if name in scope)
    seen[id(value)] = found
    return found


def _names(code: CodeType) -> set[str]:
    """Every global or attribute name a code object (and the functions, lambdas and comprehensions in it) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _names(const)
    return names


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> pytest.CollectReport:
    """Without the corpus, a test module that reads a corpus file as it loads is skipped, with the reason."""
    report = yield
    text = str(report.longrepr) if report.failed else ""
    if not HAVE_CORPUS and "FileNotFoundError" in text and str(CORPUS) in text:
        report.outcome = "skipped"
        report.longrepr = (str(collector.path), 0, f"Skipped: {NO_CORPUS}")
    return report


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


@pytest.fixture
def cli(tmp_path):
    """``cli("shoes", "list")``: the command line, in this process, on a store of the test's own
    (modules that need other options define their own ``cli``)."""
    from typer.testing import CliRunner

    from runsense.cli import app

    runner = CliRunner()
    db = str(tmp_path / "cli.sqlite")

    def invoke(*args: str):
        return runner.invoke(app, ["--db", db, *args])

    return invoke
