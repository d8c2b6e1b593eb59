"""The dashboard's front door against other sites and password guessing: Host (DNS rebinding),
Origin (cross-site requests), failed-login lockout, and the start-up rules for remote access.

Requests go through the real Flask app of a real store (Werkzeug's test client)."""

from __future__ import annotations

import base64

import pytest
from typer.testing import CliRunner
from werkzeug.security import generate_password_hash

from dashboards import create_app
from dashboards.app import upload_request_limit
from dashboards.guard import HostPolicy, LoginThrottle, host_name, same_origin
from runsense.cli import app as cli
from runsense.ingest import import_paths
from runsense.settings import Settings
from runsense.store import open_store
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("guard") / "store.sqlite"
    with open_store(path) as s:
        import_paths(s, sorted(EXAMPLES.glob("*.fit"))[:2])
    return path


def _client(db, **options):
    return create_app(db, Settings(), **options).server.test_client()


@pytest.mark.parametrize("host", ["evil.test", "evil.test:8050", "127.0.0.1.evil.test", "localhost.evil.test", "attacker.example:80"])
def test_a_rebound_name_gets_421_on_every_request(db, host):
    client = _client(db)
    for method, path in (("get", "/"), ("get", "/_dash-layout"), ("post", "/_dash-update-component")):
        response = getattr(client, method)(path, headers={"Host": host})
        assert response.status_code == 421, (method, path)
        assert "--allowed-host" in response.text and host_name(host) in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8050", "localhost:8050", "LOCALHOST", "localhost.", "[::1]:8050"])
def test_this_computers_names_are_answered(db, host):
    assert _client(db).get("/", headers={"Host": host}).status_code == 200


def test_names_the_runner_allows_are_answered(db):
    client = _client(db, allowed_hosts=["Runsense.Example.org"])
    assert client.get("/", headers={"Host": "runsense.example.org"}).status_code == 200
    assert client.get("/", headers={"Host": "other.example.org"}).status_code == 421


def test_every_interface_answers_addresses_but_not_names():
    policy = HostPolicy.build("0.0.0.0")
    assert policy.allows("192.168.1.20:8050") and policy.allows("[fe80::1]:8050")
    assert not policy.allows("evil.test:8050")
    bound = HostPolicy.build("192.168.1.20")
    assert bound.allows("192.168.1.20:8050") and not bound.allows("10.0.0.9")  # bound to one address: that one


def test_a_post_from_another_origin_is_refused_even_with_the_right_host(db):
    client = _client(db)
    headers = {"Host": "127.0.0.1:8050", "Content-Type": "application/json"}
    for origin in ("http://evil.test:8050", "null", "http://127.0.0.1:9999", "http://localhost:8050"):
        response = client.post("/_dash-update-component", headers=headers | {"Origin": origin}, data="{}")
        assert response.status_code == 403 and "another site" in response.text, origin


def test_a_post_without_origin_needs_a_same_origin_fetch(db):
    client = _client(db)
    headers = {"Host": "127.0.0.1:8050", "Content-Type": "application/json"}
    refused = client.post("/_dash-update-component", headers=headers, data="{}")
    assert refused.status_code == 403 and "runsense page itself" in refused.text
    assert client.post("/_dash-update-component", headers=headers | {"Sec-Fetch-Site": "cross-site"}, data="{}").status_code == 403
    # the page's own requests pass the guard (and reach Dash, which finds this body incomplete)
    for extra in ({"Origin": "http://127.0.0.1:8050"}, {"Sec-Fetch-Site": "same-origin"}):
        assert client.post("/_dash-update-component", headers=headers | extra, data="{}").status_code not in (403, 421)


def test_same_origin_compares_host_and_port():
    assert same_origin("http://127.0.0.1:8050", "127.0.0.1:8050")
    assert same_origin("https://runsense.example.org", "runsense.example.org")  # TLS proxy in front
    assert not same_origin("http://127.0.0.1:8051", "127.0.0.1:8050")
    assert not same_origin("null", "127.0.0.1:8050")


def _basic(password: str, user: str = "runner") -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_wrong_passwords_lock_the_address_out_and_growing(db):
    client = _client(db, password_hash=generate_password_hash("correct horse"))
    statuses = [client.get("/", headers=_basic(f"guess{i}")).status_code for i in range(8)]
    assert statuses[:5] == [401] * 5  # five tries are free
    assert 429 in statuses[5:]
    locked = client.get("/", headers=_basic("correct horse"))  # even the right password waits
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1 and "too many wrong passwords" in locked.text
    other = client.get("/", headers=_basic("correct horse"), environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert other.status_code == 200  # another address is not locked out


def test_the_lockout_doubles_and_a_success_forgets_it():
    throttle = LoginThrottle(free=5, max_lock_s=900)
    waits = []
    for _ in range(8):
        throttle.failed("10.0.0.1", now=0.0)
        waits.append(throttle.wait_s("10.0.0.1", now=0.0))
    assert waits == [0, 0, 0, 0, 1, 2, 4, 8]
    for _ in range(20):
        throttle.failed("10.0.0.1", now=0.0)
    assert throttle.wait_s("10.0.0.1", now=0.0) == 900  # capped
    assert throttle.wait_s("10.0.0.2", now=0.0) == 0
    throttle.succeeded("10.0.0.1")
    assert throttle.wait_s("10.0.0.1", now=0.0) == 0


def test_many_addresses_cannot_grow_the_throttle_without_bound():
    throttle = LoginThrottle(max_clients=100)
    for i in range(1000):
        throttle.failed(f"10.0.{i // 256}.{i % 256}", now=float(i))
    assert len(throttle._failures) <= 100


def _serve_cli(tmp_path, *args, password: str | None = None):
    env = {"RUNSENSE_SETTINGS": str(tmp_path / "none.toml")}
    if password is not None:
        env["RUNSENSE_DASHBOARD_PASSWORD"] = password
    return CliRunner().invoke(cli, ["--db", str(tmp_path / "x.sqlite"), "dashboard", "--no-browser", *args], env=env)


@pytest.mark.parametrize("password", ["        ", " \t  \n   ", "  short  "])
def test_blank_or_padded_short_passwords_are_refused(tmp_path, password):
    result = _serve_cli(tmp_path, "--host", "0.0.0.0", "--allow-remote", password=password)
    assert result.exit_code == 1 and "password" in result.output and "8 characters" in result.output


def test_remote_start_up_says_basic_auth_is_cleartext(tmp_path, monkeypatch):
    import waitress

    served = {}
    monkeypatch.setattr(waitress, "serve", lambda _app, **kw: served.update(kw))  # do not block on a real server
    result = _serve_cli(tmp_path, "--host", "0.0.0.0", "--allow-remote", password="a good long passphrase")
    assert result.exit_code == 0, result.output
    assert "cleartext" in result.output and "TLS reverse proxy" in result.output
    assert served["host"] == "0.0.0.0"
    assert served["max_request_body_size"] == upload_request_limit(Settings().limits.max_upload_bytes)  # waitress refuses bigger bodies itself


def test_an_allowed_host_name_needs_allow_remote(tmp_path):
    result = _serve_cli(tmp_path, "--allowed-host", "runsense.example.org")
    assert result.exit_code == 1 and "--allow-remote" in result.output


def test_behind_a_tls_proxy_the_pages_own_posts_pass(db):
    """The README's nginx recipe: the proxy passes the browser's Host; the page's Origin is https."""
    client = _client(db, allowed_hosts=["runsense.example.org"], password_hash=generate_password_hash("correct horse"))
    headers = {"Host": "runsense.example.org", "Origin": "https://runsense.example.org", "Content-Type": "application/json"} | _basic("correct horse")
    assert client.get("/", headers=headers).status_code == 200
    assert client.post("/_dash-update-component", headers=headers, data="{}").status_code not in (401, 403, 421, 429)
    cross = client.post("/_dash-update-component", headers=headers | {"Origin": "https://evil.test"}, data="{}")
    assert cross.status_code == 403


@pytest.mark.parametrize(("header", "name"), [
    ("LocalHost:8050", "localhost"), ("localhost.:8050", "localhost"), ("[::1]:8050", "::1"), ("127.0.0.1", "127.0.0.1"),
    ("evil.test@127.0.0.1", "evil.test@127.0.0.1"), ("[::1]evil.test", "[::1]evil.test"), ("127.0.0.1:80:81", "127.0.0.1:80:81"),
    ("localhost:8050/x", "localhost:8050/x"), ("local host", "local host"),
])  # fmt: skip
def test_host_headers_that_are_not_hosts_match_nothing(header, name):
    assert host_name(header) == name
    assert HostPolicy.build("127.0.0.1").allows(header) == (name in {"localhost", "::1", "127.0.0.1"})


def test_ipv6_failures_count_per_64_network():
    from dashboards.guard import client_key

    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("192.0.2.7") == "192.0.2.7"
