"""Requests per second over loopback: the sandbox server against pytest-httpserver serving a canned body.

Both serve ``GET /customers/1`` (the mock from its store, the peer the same JSON, canned) to 1 and then 8
client threads, each a ``requests.Session`` (keep-alive when the server allows it). The figure is the mock's
time for the same number of requests over the peer's: at or under 1× the sandbox answers at least as fast.
"""

from __future__ import annotations

import threading
import time

import requests
from pytest_httpserver import HTTPServer

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server import ServerThread

from ._table import Figure

REQUESTS_PER_CLIENT = 300
AUTH = ("sk_bench", "")


def _drive(url: str, clients: int) -> float:
    def client() -> None:
        with requests.Session() as session:
            for _ in range(REQUESTS_PER_CLIENT):
                assert session.get(url, auth=AUTH).content

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def figures() -> list[Figure]:
    app = InvoicedMock(clock=Clock(frozen_at=1_700_000_000))
    rows = []
    with ServerThread(app) as mock:
        body = requests.post(f"{mock.base_url}/customers", json={"name": "Acme"}, auth=AUTH).content
        peer = HTTPServer(host="127.0.0.1", port=0)
        peer.expect_request("/customers/1").respond_with_data(body, content_type="application/json")
        peer.start()
        try:
            for clients in (1, 8):
                ours = min(_drive(f"{mock.base_url}/customers/1", clients) for _ in range(3))
                theirs = min(_drive(peer.url_for("/customers/1"), clients) for _ in range(3))
                print(f"  {clients} client(s): sandbox {clients * REQUESTS_PER_CLIENT / ours:.0f} req/s, "
                      f"pytest-httpserver {clients * REQUESTS_PER_CLIENT / theirs:.0f} req/s")
                rows.append(Figure(f"server: GET /customers/1, {clients} keep-alive client(s), time", ours / theirs,
                                   "pytest-httpserver, the same body canned", target=1.0))
        finally:
            peer.stop()
    return rows
