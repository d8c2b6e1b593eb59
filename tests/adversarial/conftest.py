"""Hostile and unlucky inputs for the store, the CLI and exports, each built at test time.

Every fault test checks the promise that matters most: afterwards ``integrity_check`` is ok and
the store holds exactly what it held (:func:`contents`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import runsense
from runsense.cli import app
from runsense.ingest import import_paths
from runsense.pain import make_entry
from runsense.store import open_store
from tests.conftest import corpus_path

RUN_FIT = corpus_path("sports-lib/6860622783.fit")


@pytest.fixture(scope="session")
def _seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real run (3,101 samples), a shoe and a pain entry, built once per session."""
    folder = tmp_path_factory.mktemp("seed")
    (folder / "run.fit").write_bytes(RUN_FIT.read_bytes())
    path = folder / "seed.sqlite"
    with open_store(path) as store:
        import_paths(store, [folder / "run.fit"])
        store.add_shoe("Pegasus", notes="blue pair")
        store.add_pain(make_entry(3, when=datetime(2020, 2, 3, 7), timing="morning", note="stiff"))
    return path


@pytest.fixture
def seeded(tmp_path: Path, _seed_store: Path) -> Path:
    """A private copy of the seed store (closed, so its WAL is already in the file)."""
    path = tmp_path / "store" / "runsense.sqlite"
    path.parent.mkdir()
    shutil.copyfile(_seed_store, path)
    os.chmod(path, 0o600)
    return path


def contents(path: Path) -> tuple[str, list[str]]:
    """SQLite's verdict on the file and every row it holds, as SQL text (to compare before and after)."""
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0], list(db.iterdump())
    finally:
        db.close()


@pytest.fixture
def cli(seeded: Path):
    """Run ``runsense --db <the seeded store> ...`` in-process; returns the click result."""
    runner = CliRunner()

    def invoke(*args: str, db: Path | None = None):
        return runner.invoke(app, ["--db", str(db or seeded), *args])

    return invoke


def run_cli(*args: str, file_size_limit: int | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m runsense ...`` in a child process; ``file_size_limit`` in bytes caps every file
    it writes (RLIMIT_FSIZE: the kernel refuses writes past it, as a full disk would)."""

    def cap() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    env = {**os.environ, "PYTHONPATH": str(Path(runsense.__file__).parent.parent), "COLUMNS": "200"}  # the runsense under test
    return subprocess.run([sys.executable, "-m", "runsense", *args], capture_output=True, text=True, timeout=120, env=env, cwd=cwd,
                          preexec_fn=cap if file_size_limit else None, check=False)  # fmt: skip


@contextlib.contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make files and folders unwritable for this process: ``chattr +i`` when running as root (root
    ignores permission bits), else permission bits. Restored afterwards."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", *map(str, paths)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        return
    modes = {p: p.stat().st_mode for p in paths}
    for p in paths:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        yield
    finally:
        for p, mode in modes.items():
            p.chmod(mode)
