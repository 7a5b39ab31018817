"""The threaded server: concurrent requests stay consistent; start and stop are quick."""

from __future__ import annotations

import json
import time
import urllib.request
from base64 import b64encode
from concurrent.futures import ThreadPoolExecutor

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server import ServerThread


def _post(url: str, key: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": "Basic " + b64encode(f"{key}:".encode()).decode(), "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_concurrent_creates_get_unique_ids_and_numbers() -> None:
    app = InvoicedMock(clock=Clock(frozen_at=0))
    with ServerThread(app) as server, ThreadPoolExecutor(max_workers=8) as pool:
        made = list(pool.map(lambda i: _post(f"{server.base_url}/customers", "sk_a", {"name": f"c{i}"}), range(40)))
    assert sorted(c["id"] for c in made) == list(range(1, 41))
    assert len({c["number"] for c in made}) == 40


def test_stop_does_not_wait_for_a_slow_poll() -> None:
    server = ServerThread(InvoicedMock()).start()
    started = time.perf_counter()
    server.stop()
    # A structural bound, not a benchmark: the default poll would take ~500 ms.
    assert time.perf_counter() - started < 0.4
