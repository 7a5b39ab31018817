"""The loopback server as a service: HTTP/1.1 keep-alive, an idle timeout, a cap on connections, a quick stop."""

from __future__ import annotations

import http.client
import json
import select
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


def test_past_the_cap_the_connection_idle_longest_gives_way_to_a_new_one() -> None:
    with ServerThread(InvoicedMock(), max_connections=3, idle_timeout=30) as server:
        idle = [socket.create_connection(("127.0.0.1", _port(server)), timeout=5) for _ in range(3)]
        time.sleep(0.2)  # accepted, each holding its slot, waiting for a request
        assert requests.get(f"{server.base_url}/customers", headers=AUTH, timeout=5).status_code == 200
        closed = [sock for sock in idle if select.select([sock], [], [], 1)[0] and sock.recv(1) == b""]
        assert len(closed) == 1  # the one that waited longest was closed for it; the others wait on
        for sock in idle:
            sock.close()


def test_stopping_never_waits_for_kept_alive_connections() -> None:
    server = ServerThread(InvoicedMock(), idle_timeout=30).start()
    session = requests.Session()
    assert session.get(f"{server.base_url}/customers", headers=AUTH).status_code == 200  # kept alive, idle now
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 1
    session.close()
