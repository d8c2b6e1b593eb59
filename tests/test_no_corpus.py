"""A fresh clone without ``../shared``: pytest runs what does not need the corpus and says what it
skipped and why; CI (``CI=true``) refuses to run at all rather than pass by skipping.

Each case runs this project's ``tests/conftest.py`` and ``.ci/run`` in a copy of the checkout whose
parent has no ``shared/`` folder, with a test module that needs the corpus in every way the suite does.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SAMPLE = '''
import pytest

from tests.conftest import corpus_path, read_corpus_file, standalone_rows

RUN_FIT = corpus_path("sports-lib/6860622783.fit")
REAL_RUNS = ["sports-lib/6860622783.fit"]


def _first_run_bytes():
    return RUN_FIT.read_bytes()


@pytest.fixture
def real_runs():
    return [corpus_path(p) for p in REAL_RUNS]


def test_needs_nothing():
    assert sum(range(5)) == 10


def test_reads_a_corpus_file():
    assert RUN_FIT.read_bytes()


def test_through_a_helper():
    assert _first_run_bytes()


def test_through_a_fixture(real_runs):
    assert real_runs[0].exists()


def test_through_the_shared_reader():
    assert read_corpus_file("sports-lib/6860622783.fit")[0]


@pytest.mark.parametrize("row", standalone_rows("fit"))
def test_over_the_catalog(row):
    assert row


class TestInAClass:
    path = corpus_path("sports-lib/6860622783.fit")

    def test_needs_nothing_either(self):
        assert "x".upper() == "X"

    def test_through_a_class_attribute(self):
        assert self.path.read_bytes()
'''


def fresh_clone(tmp_path: Path) -> Path:
    """This checkout's conftest, CI script and settings, with no ``shared/`` beside it."""
    clone = tmp_path / "clone" / "runsense"
    for name in ("pyproject.toml", "tests/__init__.py", "tests/conftest.py", ".ci/run"):
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, clone / name)
    (clone / "tests" / "test_sample.py").write_text(SAMPLE)
    assert not (clone.parent / "shared").exists()
    return clone


def pytest_in(clone: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CI"} | {"PYTHONPATH": os.pathsep.join([str(clone), str(ROOT)])} | env
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:logging", "tests/test_sample.py"]
    return subprocess.run(command, cwd=clone, env=environment, capture_output=True, text=True, timeout=300, check=False)


def test_without_the_corpus_the_rest_runs_and_the_skips_say_why(tmp_path):
    done = pytest_in(fresh_clone(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed, 6 skipped" in done.stdout
    assert "corpus: MISSING at" in done.stdout  # the header says it at once
    skipped = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]  # -ra: "SKIPPED [count] file: reason"
    assert sum(int(re.search(r"\[(\d+)\]", line).group(1)) for line in skipped) == 6
    assert all("needs the real-device corpus, missing at" in line for line in skipped), skipped


def test_ci_refuses_to_run_without_the_corpus(tmp_path):
    clone = fresh_clone(tmp_path)
    done = pytest_in(clone, CI="true")
    assert done.returncode == 4  # pytest's usage error: nothing ran
    assert "CI runs every test: the test corpus is missing" in done.stderr
    script = subprocess.run(["bash", ".ci/run"], cwd=clone, env=os.environ | {"CI": "true"}, capture_output=True, text=True, timeout=60, check=False)
    assert script.returncode == 1
    assert "the real-device corpus is missing" in script.stderr
    assert not (clone / ".venv").exists()  # stopped before installing anything
