"""A client must send at a pace (``server/pacing.py``): a slow drip of header bytes or of a body cannot hold a
connection, and a full pool closes a connection that only waits for its client before refusing a new one."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from invoiced_mock import InvoicedMock
from invoiced_mock.server.threads import ServerThread

AUTH = {"Authorization": "Basic c2tfa2VlcDo="}  # sk_keep:


def _address(server: ServerThread) -> tuple[str, int]:
    host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


class Drip:
    """Sockets that each send one byte of a request every ``every`` seconds, never finishing it."""

    def __init__(self, server: ServerThread, count: int, every: float, request: bytes) -> None:
        self.sockets = [socket.create_connection(_address(server), timeout=30) for _ in range(count)]
        self.request, self.every = request, every
        self.stop = threading.Event()
        self.closed_after: list[float] = []
        self._thread = threading.Thread(target=self._drip, daemon=True)
        self._thread.start()

    def _drip(self) -> None:
        started = time.monotonic()
        for i in range(len(self.request)):
            for sock in list(self.sockets):
                try:
                    sock.sendall(self.request[i:i + 1])
                except OSError:
                    self.sockets.remove(sock)
                    self.closed_after.append(time.monotonic() - started)
            if self.stop.wait(self.every) or not self.sockets:
                return

    def close(self) -> None:
        self.stop.set()
        self._thread.join()
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def drip() -> Iterator[list[Drip]]:
    made: list[Drip] = []
    yield made
    for one in made:
        one.close()


HEAD = b"GET /customers HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 10_000 + b"\r\n\r\n"


def test_the_slow_drip_that_held_every_slot_leaves_a_normal_client_served(drip: list[Drip]) -> None:
    with ServerThread(InvoicedMock(), max_connections=8, idle_timeout=30, header_timeout=30) as server:
        drip.append(Drip(server, 8, 0.2, HEAD))
        time.sleep(0.5)  # every slot held by a dripping socket, each well inside its timeouts
        for _ in range(3):
            answer = requests.get(f"{server.base_url}/customers", headers=AUTH, timeout=10)
            assert answer.status_code == 200


def test_request_headers_have_a_deadline_whatever_the_idle_timeout(drip: list[Drip]) -> None:
    with ServerThread(InvoicedMock(), idle_timeout=30, header_timeout=1) as server:
        sock = socket.create_connection(_address(server), timeout=10)
        sock.sendall(b"GET /customers HTTP/1.1\r\n")
        started = time.monotonic()
        for _ in range(40):  # a header byte every 0.1 s: never silent, never done
            try:
                sock.sendall(b"X")
            except OSError:
                break
            time.sleep(0.1)
        answer = sock.recv(65536)
        assert answer.startswith(b"HTTP/1.1 408 ") and b'"type":"invalid_request"' in answer
        assert time.monotonic() - started < 3
        sock.close()


def test_a_body_must_keep_a_minimum_rate() -> None:
    with ServerThread(InvoicedMock(), idle_timeout=30, header_timeout=0.5, min_rate=1_000) as server:
        sock = socket.create_connection(_address(server), timeout=10)
        sock.sendall(b"POST /customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic c2tfa2VlcDo=\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < 5:
            try:
                sock.sendall(b" " * 20)  # 100 bytes a second, a tenth of the rate asked
            except OSError:
                closed = True
                break
            time.sleep(0.2)
            if _peer_done(sock):
                closed = True
                break
        assert closed and time.monotonic() - started < 3
        sock.close()


def _peer_done(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(65536, socket.MSG_PEEK) is not None
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def test_a_fast_client_sending_a_large_body_is_never_cut_off() -> None:
    with ServerThread(InvoicedMock(), header_timeout=0.5, min_rate=1_000) as server:
        notes = "n" * 60_000
        answer = requests.post(f"{server.base_url}/customers", json={"name": "Big", "notes": notes}, headers=AUTH)
        assert answer.status_code == 201 and answer.json()["notes"] == notes


def test_when_every_slot_is_busy_in_the_app_a_new_connection_gets_503(drip: list[Drip]) -> None:
    release = threading.Event()

    def slow(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        release.wait(10)
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b"{}"]

    with ServerThread(slow, max_connections=2, idle_timeout=30) as server:
        busy = [threading.Thread(target=requests.get, args=(f"{server.base_url}/x",), kwargs={"timeout": 10})
                for _ in range(2)]
        for thread in busy:
            thread.start()
        time.sleep(0.3)
        refused = requests.get(f"{server.base_url}/x", timeout=5)
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
        release.set()
        for thread in busy:
            thread.join()
        assert requests.get(f"{server.base_url}/x", timeout=5).status_code == 200
