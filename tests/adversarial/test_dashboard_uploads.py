"""Hostile and unlucky uploads on the Import page, sent over HTTP to the real app as the browser
sends them: same names, names that are not names, and uploads over the ``[limits]`` size."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import pytest

from dashboards import create_app
from dashboards.app import upload_request_limit
from runsense.settings import Settings
from runsense.sources import Limits
from runsense.store import open_store
from tests.conftest import EXAMPLES

HEADERS = {"Host": "127.0.0.1:8050", "Origin": "http://127.0.0.1:8050", "Content-Type": "application/json"}
FILES = sorted(EXAMPLES.glob("*.fit"))


def _data_url(raw: bytes) -> str:
    return "data:application/octet-stream;base64," + base64.b64encode(raw).decode()


def _upload(client, names: list[str], raws: list[bytes]):
    """POST the Import callback exactly as the page does once the browser let the files through."""
    body = {
        "output": "import-result.children", "outputs": {"id": "import-result", "property": "children"},
        "inputs": [{"id": "import-accepted", "property": "data", "value": {"contents": [_data_url(r) for r in raws], "names": names}}],
        "changedPropIds": ["import-accepted.data"], "state": [],
    }  # fmt: skip
    return client.post("/_dash-update-component", headers=HEADERS, data=json.dumps(body))


def _app(tmp_path, limits: Limits | None = None):
    db = tmp_path / "store.sqlite"
    with open_store(db):
        pass
    settings = Settings() if limits is None else replace(Settings(), limits=limits)
    return db, create_app(db, settings).server.test_client()


def _activities(db) -> int:
    with open_store(db, read_only=True) as s:
        return len(s.activities())


def test_two_different_files_of_the_same_name_both_import(tmp_path):
    db, client = _app(tmp_path)
    response = _upload(client, ["Move.fit", "Move.fit"], [FILES[0].read_bytes(), FILES[1].read_bytes()])
    assert response.status_code == 200
    assert "2 imported, 0 duplicates" in response.text
    assert _activities(db) == 2


@pytest.mark.parametrize(("name", "shown"), [("..", "'..' is not a file name"), (".", "'.' is not a file name"), ("../..", "not a file name"), ("", "not a file name")])
def test_a_name_that_is_no_file_name_is_refused_by_name(tmp_path, name, shown):
    db, client = _app(tmp_path)
    response = _upload(client, [name, "ok.fit"], [FILES[0].read_bytes(), FILES[1].read_bytes()])
    assert response.status_code == 200
    assert "1 imported" in response.text and "1 failed" in response.text and shown in response.text
    assert _activities(db) == 1


@pytest.mark.parametrize("name", ["run\x00.fit", "a" * 300 + ".fit", "é" * 200 + ".fit", "🏃" * 100 + ".fit", "\ud800run.fit", "\x1b[31mred\x1b[0m.fit", "C:\\Users\\me\\run.fit", "/etc/passwd.fit"])
def test_odd_but_real_names_import_under_a_clean_name(tmp_path, name):
    db, client = _app(tmp_path)
    response = _upload(client, [name], [FILES[0].read_bytes()])
    assert response.status_code == 200, response.text[:300]
    assert "1 imported" in response.text
    assert "\\u0000" not in response.text and "\\u001b" not in response.text  # no control characters sent back either
    assert _activities(db) == 1


def test_an_upload_over_the_limit_is_refused_whole_with_the_setting_named(tmp_path):
    size = FILES[0].stat().st_size
    db, client = _app(tmp_path, Limits(max_upload_bytes=size + size // 2))
    response = _upload(client, ["a.fit", "b.fit"], [FILES[0].read_bytes(), FILES[1].read_bytes()])
    assert response.status_code == 200
    assert "Nothing was imported" in response.text and "max_upload_mb" in response.text
    assert _activities(db) == 0


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(tmp_path):
    db, client = _app(tmp_path, Limits(max_upload_bytes=64 * 1024))
    assert upload_request_limit(64 * 1024) < 2 * 1024 * 1024
    response = client.post("/_dash-update-component", headers=HEADERS, data=b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert _activities(db) == 0


def test_the_upload_limit_is_a_setting(tmp_path):
    from runsense.settings import load_settings

    path = tmp_path / "settings.toml"
    path.write_text("[limits]\nmax_upload_mb = 5\n")
    assert load_settings(path, env={}).limits.max_upload_bytes == 5 * 1024 * 1024


@pytest.mark.parametrize("accepted", [{"contents": "data:x;base64,AAAA", "names": "a.fit"}, {"contents": [1, 2], "names": None}, {"contents": [None]}, {}, None, 7])
def test_a_crafted_upload_request_is_ignored_not_an_error(tmp_path, accepted):
    db, client = _app(tmp_path)
    body = {"output": "import-result.children", "outputs": {"id": "import-result", "property": "children"},
            "inputs": [{"id": "import-accepted", "property": "data", "value": accepted}], "changedPropIds": ["import-accepted.data"], "state": []}  # fmt: skip
    response = client.post("/_dash-update-component", headers=HEADERS, data=json.dumps(body))
    assert response.status_code == 204  # Dash's "nothing to update"
    assert _activities(db) == 0
