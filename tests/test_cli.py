"""``invoiced-mock serve``: a real process whose banner's curl line and client snippet work as printed."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator

import invoiced
import pytest

from invoiced_mock.cli import build_parser


@pytest.fixture
def sandbox() -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "invoiced_mock", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    lines = []
    while True:
        line = process.stdout.readline()
        assert line, f"server exited early: {process.stderr.read() if process.stderr else ''}"
        lines.append(line)
        if line.startswith("Every API key"):
            break
    banner = "".join(lines)
    url = re.search(r"listening on (http://\S+)", banner).group(1)  # type: ignore[union-attr]
    yield process, url, banner
    if process.poll() is None:
        process.kill()
        process.wait()


def test_banner_commands_work_as_printed_and_ctrl_c_stops(sandbox) -> None:
    process, _url, banner = sandbox
    curls = [line.strip() for line in banner.splitlines() if line.strip().startswith("curl ")]
    created = json.loads(subprocess.run(shlex.split(curls[0]), capture_output=True, text=True, check=True).stdout)
    assert created["name"] == "Acme Inc" and created["object"] == "customer"
    listed = json.loads(subprocess.run(shlex.split(curls[1]), capture_output=True, text=True, check=True).stdout)
    assert [c["id"] for c in listed] == [created["id"]]

    snippet = "\n".join(line[2:] for line in banner.splitlines() if line.startswith("  ") and "curl" not in line)
    namespace: dict[str, object] = {}
    exec(snippet, namespace)  # the printed Python lines, verbatim
    client = namespace["client"]
    assert isinstance(client, invoiced.Client)
    assert client.Customer.list()[1].total_count == 2

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    logged = process.stderr.read() if process.stderr else ""
    assert "stopped" in logged and '"GET /customers HTTP/1.1" 200' in logged  # serve keeps an access log


def test_serve_options_parse() -> None:
    args = build_parser().parse_args(["serve", "--port", "0", "--key", "sk_a", "--key", "sk_b", "--frozen-at", "5"])
    assert (args.port, args.keys, args.frozen_at) == (0, ["sk_a", "sk_b"], 5)


@pytest.mark.parametrize(("given", "instant"), [
    ("1700000000", 1_700_000_000), ("2024-03-01", 1_709_251_200), ("2024-03-01T12:00:00", 1_709_294_400),
    ("2024-03-01T12:00:00Z", 1_709_294_400), ("2024-03-01T13:00:00+01:00", 1_709_294_400),
])
def test_frozen_at_takes_what_the_fixture_takes(given: str, instant: int) -> None:
    """UNIX seconds or an ISO date or datetime (naive: UTC), as the marker, ini option and control plane."""
    assert build_parser().parse_args(["serve", "--frozen-at", given]).frozen_at == instant


def test_a_server_frozen_at_an_iso_date_answers_at_that_date() -> None:
    import requests

    process, banner = start("--frozen-at", "2024-03-01")
    try:
        url = re.search(r"listening on (http://\S+)", banner).group(1)  # type: ignore[union-attr]
        assert requests.get(f"{url}/_mock/clock").json() == {"now": 1_709_251_200, "frozen": True}
        created = requests.post(f"{url}/customers", json={"name": "Acme"}, auth=("test_key", "")).json()
        assert created["created_at"] == 1_709_251_200
    finally:
        process.kill()
        process.wait()


def run_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "invoiced_mock", *args], capture_output=True, text=True,
                          timeout=timeout)


def test_version_prints_the_package_version() -> None:
    from invoiced_mock import __version__

    done = run_cli("--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"invoiced-mock {__version__}")


@pytest.mark.parametrize("flags, complaint", [
    (["--port", "99999"], "--port: 99999 is not a port (0 to 65535)"),
    (["--port", "-1"], "--port: -1 is not a port (0 to 65535)"),
    (["--port", "http"], "--port: 'http' is not a port (0 to 65535)"),
    (["--frozen-at", "-5"], "--frozen-at: -5 is not a UNIX timestamp or an ISO 8601 date or datetime"),
    (["--frozen-at", "2024-02-30"], "--frozen-at: 2024-02-30 is not a UNIX timestamp or an ISO 8601 date"),
    (["--frozen-at", "999999999999"], "--frozen-at: 999999999999 is past the year 9999"),
    (["--host", "256.1.1.1"], "cannot listen on 256.1.1.1"),
])
def test_bad_flags_exit_2_with_a_message_and_no_traceback(flags: list[str], complaint: str) -> None:
    done = run_cli("serve", *flags)
    assert done.returncode == 2
    assert complaint in done.stderr
    assert "Traceback" not in done.stderr


def test_the_banner_uses_a_key_the_server_accepts() -> None:
    process = subprocess.Popen([sys.executable, "-m", "invoiced_mock", "serve", "--port", "0", "--key", "sk_one"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        banner = ""
        while not banner.rstrip().endswith("Ctrl-C stops the server."):
            line = process.stdout.readline()
            assert line, "server exited early"
            banner += line
        curl = next(line.strip() for line in banner.splitlines() if line.strip().startswith("curl "))
        assert "-u sk_one:" in curl
        created = json.loads(subprocess.run(shlex.split(curl), capture_output=True, text=True, check=True).stdout)
        assert created["object"] == "customer"
        assert 'invoiced.Client("sk_one")' in banner
    finally:
        process.kill()
        process.wait()


def test_schemas_writes_to_the_directory_named_never_into_the_package(tmp_path, monkeypatch) -> None:
    from invoiced_mock.contract.schemas import SCHEMA_DIR

    before = {p.name: p.stat().st_mtime_ns for p in SCHEMA_DIR.iterdir()}
    monkeypatch.chdir(tmp_path)
    done = run_cli("schemas")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "schemas" / "customer.json").is_file()
    assert (tmp_path / "schemas" / "openapi.json").is_file()
    elsewhere = tmp_path / "out"
    assert run_cli("schemas", str(elsewhere)).returncode == 0
    assert run_cli("schemas", "--check", str(elsewhere)).returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in SCHEMA_DIR.iterdir()} == before


def test_ctrl_c_stops_within_a_second_with_webhook_deliveries_pending(sandbox) -> None:
    import socket
    import time

    import requests

    process, url, _banner = sandbox
    silent = socket.socket()  # accepts connections (the backlog) and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(64)
    try:
        auth = ("test_key", "")
        hook_url = f"http://127.0.0.1:{silent.getsockname()[1]}/hook"
        assert requests.post(f"{url}/webhooks", json={"url": hook_url}, auth=auth).status_code == 201
        for i in range(40):
            assert requests.post(f"{url}/customers", json={"name": f"C{i}"}, auth=auth).status_code == 201
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert time.monotonic() - started < 1.5
        assert "abandoned" in (process.stderr.read() if process.stderr else "")
    finally:
        silent.close()


def start(*flags: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen([sys.executable, "-m", "invoiced_mock", "serve", "--port", "0", *flags],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    banner = ""
    while not banner.rstrip().endswith("Ctrl-C stops the server."):
        line = process.stdout.readline()
        assert line, f"server exited early: {process.stderr.read() if process.stderr else ''}"
        banner += line
    return process, banner


@pytest.mark.parametrize("flags", [["--host", "0.0.0.0"], ["--admin-token", "t0ken"]])
def test_a_server_beyond_loopback_or_given_a_token_locks_the_control_plane(flags: list[str]) -> None:
    import requests

    process, banner = start(*flags)
    try:
        token = re.search(r"need the admin token: (\S+)", banner).group(1)  # type: ignore[union-attr]
        assert token == "t0ken" or len(token) >= 24
        port = re.search(r"listening on http://[^:]+:(\d+)", banner).group(1)  # type: ignore[union-attr]
        base = f"http://127.0.0.1:{port}"
        assert requests.get(f"{base}/_mock/requests").status_code == 401
        assert requests.post(f"{base}/_mock/reset").status_code == 401
        assert requests.get(f"{base}/_mock/requests", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert requests.get(f"{base}/_mock/requests", auth=(token, "")).status_code == 200
    finally:
        process.kill()
        process.wait()


def test_a_loopback_server_without_a_token_keeps_the_open_control_plane(sandbox) -> None:
    import requests

    _process, url, banner = sandbox
    assert "admin token" not in banner
    assert requests.get(f"{url}/_mock/requests").status_code == 200


def test_the_issues_cross_site_and_rebinding_requests_are_refused_by_a_default_server(sandbox) -> None:
    _process, url, _banner = sandbox
    curl = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"]
    forged = subprocess.run([*curl, "-X", "POST", f"{url}/_mock/reset", "-H", "Origin: http://evil.test",
                             "-H", "Content-Type: text/plain"], capture_output=True, text=True, check=True)
    assert forged.stdout == "403"
    rebound = subprocess.run([*curl, "-H", "Host: rebind.attacker.test", f"{url}/_mock/requests"],
                             capture_output=True, text=True, check=True)
    assert rebound.stdout == "403"
    own = subprocess.run([*curl, f"{url}/_mock/requests"], capture_output=True, text=True, check=True)
    assert own.stdout == "200"


def test_allowed_host_names_a_host_the_control_plane_answers() -> None:
    import requests

    process, banner = start("--allowed-host", "sandbox.test")
    try:
        url = re.search(r"listening on (http://\S+)", banner).group(1)  # type: ignore[union-attr]
        assert requests.get(f"{url}/_mock/clock", headers={"Host": "sandbox.test:8080"}).status_code == 200
        assert requests.get(f"{url}/_mock/clock", headers={"Host": "other.test"}).status_code == 403
    finally:
        process.kill()
        process.wait()


def test_limit_sets_the_servers_own_ceilings() -> None:
    import socket
    import time

    import requests

    process, banner = start("--limit", "connections=2", "--limit", "header_seconds=1")
    try:
        url = re.search(r"listening on (http://\S+)", banner).group(1)  # type: ignore[union-attr]
        host, port = url.removeprefix("http://").rsplit(":", 1)
        slow = socket.create_connection((host, int(port)), timeout=10)
        slow.sendall(b"GET /customers HTTP/1.1\r\n")  # and nothing more
        started = time.monotonic()
        assert slow.recv(100).startswith(b"HTTP/1.1 408 ")
        assert time.monotonic() - started < 5  # the deadline given (1 s), not the default (10 s)
        slow.close()
        assert requests.get(f"{url}/customers", auth=("sk_a", "")).status_code == 200
    finally:
        process.kill()
        process.wait()
