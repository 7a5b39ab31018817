"""Requests per second over loopback: the sandbox server against pytest-httpserver serving a canned body.

Both answer ``GET /customers/1`` with the same bytes (the mock from its store, the peer canned) to 1 and then 8
client threads of this process, each a ``requests.Session``: keep-alive where the server allows it
(pytest-httpserver, werkzeug's development server, closes every connection, so its clients reconnect). Every
answer is checked: a 200 with exactly those bytes, or the run fails.

Kept fair on a small shared machine:
- The servers run in processes of their own (as ``invoiced-mock serve`` does), started the same way, so the
  clients do not share a GIL with them; the same is then measured with each server in the clients' process
  (as the ``invoiced_mock_server`` fixture runs). Either way the clients' threads compete with the server for
  the machine's cores, the peer's as much as the mock's.
- Neither server writes an access log (the peer's werkzeug logger is set to errors only; ``serve``'s log is
  off in ``ServerThread``), so neither pays for a terminal.
- Trials alternate between the servers, first one then the other, after a warm-up of each; the figure is the
  median over the rounds of the mock's time over the peer's in the same round, so a neighbour's burst lands
  on both. Server CPU per request (read in the server's own process) is printed next to it: wall time on a
  shared machine partly measures the neighbours.
"""

from __future__ import annotations

import logging
import multiprocessing
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import requests

from ._table import Figure

REQUESTS = 400  # per trial, shared among the clients
ROUNDS = 7
AUTH = ("sk_bench", "")
PEER = "pytest-httpserver, the same body canned"


def _quiet() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # the peer's default is a log line per request


def _start_mock() -> tuple[str, Callable[[], None]]:
    from invoiced_mock import Clock, InvoicedMock
    from invoiced_mock.server.threads import ServerThread

    server = ServerThread(InvoicedMock(clock=Clock(frozen_at=1_700_000_000))).start()
    created = requests.post(f"{server.base_url}/customers", json={"name": "Acme"}, auth=AUTH)
    assert created.status_code == 201 and created.json()["id"] == 1
    return f"{server.base_url}/customers/1", server.stop


def _start_peer(body: bytes) -> tuple[str, Callable[[], None]]:
    from pytest_httpserver import HTTPServer

    peer = HTTPServer(host="127.0.0.1", port=0)
    peer.expect_request("/customers/1").respond_with_data(body, content_type="application/json")
    peer.start()
    return peer.url_for("/customers/1"), peer.stop


def _serve_in_child(name: str, body: bytes | None, pipe: Connection) -> None:
    """A server process: sends its URL, then its CPU seconds each time it is asked, until told to stop."""
    _quiet()
    url, stop = _start_mock() if name == "mock" else _start_peer(body or b"")
    pipe.send(url)
    while pipe.recv() == "cpu":
        pipe.send(time.process_time())
    stop()


@dataclass
class Served:
    url: str
    cpu: Callable[[], float] | None  # the server process's CPU seconds; None when it shares this process
    stop: Callable[[], None]


def _in_child(name: str, body: bytes | None) -> Served:
    ours, theirs = multiprocessing.get_context("spawn").Pipe()
    process = multiprocessing.get_context("spawn").Process(target=_serve_in_child, args=(name, body, theirs),
                                                           daemon=True)
    process.start()
    url = ours.recv()

    def cpu() -> float:
        ours.send("cpu")
        return float(ours.recv())

    def stop() -> None:
        ours.send("stop")
        process.join(10)

    return Served(url, cpu, stop)


def _in_process(name: str, body: bytes | None) -> Served:
    url, stop = _start_mock() if name == "mock" else _start_peer(body or b"")
    return Served(url, None, stop)


def _drive(url: str, clients: int, body: bytes) -> float:
    """Wall seconds for ``REQUESTS`` GETs spread over ``clients`` keep-alive sessions."""
    wrong: list[Any] = []

    def client() -> None:
        with requests.Session() as session:
            for _ in range(REQUESTS // clients):
                answer = session.get(url, auth=AUTH)
                if answer.status_code != 200 or answer.content != body:
                    wrong.append((answer.status_code, answer.content[:200]))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not wrong, f"{url} answered {len(wrong)} requests wrongly, e.g. {wrong[0]}"
    return elapsed


def _trial(served: Served, clients: int, body: bytes) -> tuple[float, float | None]:
    """Wall seconds, and the server's CPU seconds per request when it runs in a process of its own."""
    before = served.cpu() if served.cpu else 0.0
    wall = _drive(served.url, clients, body)
    return wall, ((served.cpu() - before) / REQUESTS if served.cpu else None)


def _compare(mock: Served, peer: Served, clients: int, body: bytes, where: str) -> Figure:
    _trial(mock, clients, body), _trial(peer, clients, body)  # warm-up: connections, caches, first imports
    ours: list[tuple[float, float | None]] = []
    theirs: list[tuple[float, float | None]] = []
    for round_ in range(ROUNDS):
        pair = (mock, peer) if round_ % 2 == 0 else (peer, mock)
        for served in pair:
            (ours if served is mock else theirs).append(_trial(served, clients, body))
    ratio = statistics.median(o[0] / t[0] for o, t in zip(ours, theirs, strict=True))
    detail = f"  {clients} client(s), {where}: sandbox {_rate(ours)} req/s, pytest-httpserver {_rate(theirs)} req/s"
    if mock.cpu:
        detail += f"; server CPU per request {_cpu(ours)} µs against {_cpu(theirs)} µs"
    print(detail + f"; median paired time ratio {ratio:.2f}", flush=True)
    return Figure(f"server ({where}): GET /customers/1, {clients} keep-alive client(s), time", ratio, PEER,
                  target=1.0)


def _rate(trials: list[tuple[float, float | None]]) -> str:
    return f"{REQUESTS / statistics.median(wall for wall, _ in trials):.0f}"


def _cpu(trials: list[tuple[float, float | None]]) -> str:
    return f"{1e6 * statistics.median(cpu or 0.0 for _, cpu in trials):.0f}"


def figures() -> list[Figure]:
    _quiet()
    rows = []
    for where, start in (("own process", _in_child), ("clients' process", _in_process)):
        mock = start("mock", None)
        body = requests.get(mock.url, auth=AUTH).content  # it names the mock's own address: taken from this one
        peer = start("peer", body)
        try:
            rows += [_compare(mock, peer, clients, body, where) for clients in (1, 8)]
        finally:
            mock.stop(), peer.stop()
    return rows
