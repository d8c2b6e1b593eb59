"""Kill an import with SIGKILL at random moments: the store stays sound, holds no partial activity,
and importing again completes with every activity exactly once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

from runsense.store import open_store
from tests.conftest import EXAMPLES


def _stored(db) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as raw:
            return raw.execute("SELECT COUNT(*) FROM activities").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # the schema is still being created


def _assert_whole(db) -> int:
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # every activity has its samples (with the right count) and its source; every source has activities
        assert raw.execute("SELECT COUNT(*) FROM activities a LEFT JOIN samples s ON s.activity_id = a.id WHERE s.activity_id IS NULL OR s.n != a.n_records").fetchone()[0] == 0
        assert raw.execute("SELECT COUNT(*) FROM activities a LEFT JOIN sources s ON s.sha256 = a.source_sha256 WHERE s.sha256 IS NULL").fetchone()[0] == 0
        assert raw.execute("SELECT COUNT(*) FROM sources s WHERE NOT EXISTS (SELECT 1 FROM activities a WHERE a.source_sha256 = s.sha256)").fetchone()[0] == 0
        assert raw.execute("SELECT COUNT(*) FROM segments g LEFT JOIN activities a ON a.id = g.activity_id WHERE a.id IS NULL").fetchone()[0] == 0
        return raw.execute("SELECT COUNT(*) FROM activities").fetchone()[0]


def test_sigkill_at_random_points_never_leaves_half_an_activity(tmp_path):
    db = tmp_path / "crash.sqlite"
    env = {**os.environ, "RUNSENSE_SETTINGS": str(tmp_path / "none.toml")}
    command = [sys.executable, "-m", "runsense", "--db", str(db), "import", str(EXAMPLES), "--json"]
    rng = random.Random(7)
    counts = []
    for _ in range(4):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        before = _stored(db)
        deadline = time.monotonic() + 60
        while _stored(db) <= before and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)  # wait until this run is writing...
        time.sleep(rng.uniform(0.0, 0.4))  # ...then kill it at a random moment
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        if db.exists():
            counts.append(_assert_whole(db))
    assert any(0 < c < 66 for c in counts), f"no kill landed mid-import: {counts}"
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert _assert_whole(db) == 66
    with open_store(db) as store:
        ids = [a.id for a in store.activities()]
    assert len(ids) == len(set(ids)) == 66


def test_two_imports_at_once_neither_corrupt_nor_duplicate(tmp_path):
    db = tmp_path / "twice.sqlite"
    env = {**os.environ, "RUNSENSE_SETTINGS": str(tmp_path / "none.toml")}
    with open_store(db):
        pass  # create the schema first, so both processes only write activities
    command = [sys.executable, "-m", "runsense", "--db", str(db), "import", str(EXAMPLES), "--json"]
    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == second.returncode == 0, [o[1][-500:] for o in outputs]
    import json

    reports = [json.loads(out) for out, _ in outputs]
    assert all(r["failed"] == [] for r in reports)
    assert len(reports[0]["imported"]) + len(reports[1]["imported"]) == 66
    assert _assert_whole(db) == 66


def _edits(db) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as raw:
            row = raw.execute("SELECT value FROM meta WHERE key = 'edits'").fetchone()
            return row[0] if row else 0
    except sqlite3.OperationalError:
        return 0


def test_sigkill_during_a_rederive_leaves_each_file_as_it_was_or_derived_again(tmp_path):
    """``runsense rederive`` writes one transaction per file: killed at random moments, every activity
    has either its old values or its new ones, all of a piece, and a last run completes them all."""
    band = "signal.cadence.band_spm=[100, 110]"  # no run reaches it: every share becomes 0
    db, fresh = tmp_path / "crash.sqlite", tmp_path / "fresh.sqlite"
    env = {**os.environ, "RUNSENSE_SETTINGS": str(tmp_path / "none.toml")}
    for target, flags in ((db, []), (fresh, ["--set", band])):
        subprocess.run([sys.executable, "-m", "runsense", "--db", str(target), *flags, "import", str(EXAMPLES), "--json"], env=env, capture_output=True, timeout=300, check=True)
    query = "SELECT id, cadence_in_band_share, metrics, (SELECT data FROM segments WHERE activity_id = a.id) FROM activities a"

    def rows(path):
        with sqlite3.connect(path) as raw:
            return {r[0]: r[1:] for r in raw.execute(query)}

    old, new = rows(db), rows(fresh)
    assert all(old[i] != new[i] for i in old if old[i][0])  # the band moves every run with cadence
    command = [sys.executable, "-m", "runsense", "--db", str(db), "--set", band, "rederive", "--json"]
    rng = random.Random(11)
    mixed = []
    for _ in range(3):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        before = _edits(db)
        deadline = time.monotonic() + 60
        while _edits(db) <= before and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        assert _assert_whole(db) == 66
        now = rows(db)
        assert all(now[i] in (old[i], new[i]) for i in now), "an activity half derived again"
        mixed.append(sum(now[i] == new[i] != old[i] for i in now))
    assert any(0 < m < sum(old[i] != new[i] for i in old) for m in mixed), f"no kill landed mid-rederive: {mixed}"
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert rows(db) == new
