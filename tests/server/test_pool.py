"""The loopback server as a service: HTTP/1.1 keep-alive, an idle timeout, a cap on connections, a quick stop."""

from __future__ import annotations

import http.client
import json
import socket
import time

import requests

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH

AUTH = {"Authorization": "Basic c2tfa2VlcDo="}  # sk_keep:


def _port(server: ServerThread) -> int:
    return int(server.base_url.rsplit(":", 1)[1])


def test_one_connection_carries_many_requests() -> None:
    with ServerThread(InvoicedMock(clock=Clock(frozen_at=EPOCH))) as server:
        connection = http.client.HTTPConnection("127.0.0.1", _port(server), timeout=5)
        connection.request("POST", "/customers", body=json.dumps({"name": "Acme"}),
                           headers={**AUTH, "Content-Type": "application/json"})
        first = connection.getresponse()
        assert (first.status, first.version) == (201, 11) and json.loads(first.read())["name"] == "Acme"
        local = connection.sock.getsockname()
        for _ in range(3):
            connection.request("GET", "/customers/1", headers=AUTH)
            answer = connection.getresponse()
            assert answer.status == 200 and json.loads(answer.read())["id"] == 1
        assert connection.sock.getsockname() == local  # the same socket all along
        connection.close()


def test_a_silent_connection_is_closed_after_the_idle_timeout() -> None:
    with ServerThread(InvoicedMock(), idle_timeout=0.3) as server:
        idle = socket.create_connection(("127.0.0.1", _port(server)), timeout=5)
        started = time.monotonic()
        assert idle.recv(1) == b""  # the server hung up
        assert 0.2 < time.monotonic() - started < 3
        idle.close()


def test_past_the_cap_a_new_connection_gets_503_at_once_and_the_server_recovers() -> None:
    with ServerThread(InvoicedMock(), max_connections=3, idle_timeout=30) as server:
        idle = [socket.create_connection(("127.0.0.1", _port(server)), timeout=5) for _ in range(3)]
        time.sleep(0.2)  # accepted, each holding its slot
        refused = requests.get(f"{server.base_url}/customers", headers=AUTH, timeout=5)
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
        assert "Too many open connections" in refused.json()["message"]
        for sock in idle:
            sock.close()
        deadline = time.monotonic() + 5
        while requests.get(f"{server.base_url}/customers", headers=AUTH, timeout=5).status_code == 503:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_stopping_never_waits_for_kept_alive_connections() -> None:
    server = ServerThread(InvoicedMock(), idle_timeout=30).start()
    session = requests.Session()
    assert session.get(f"{server.base_url}/customers", headers=AUTH).status_code == 200  # kept alive, idle now
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1
    session.close()
