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
