"""The threaded server: concurrent requests stay consistent; start and stop are quick."""

from __future__ import annotations

import json
import time
import urllib.request
from base64 import b64encode
from concurrent.futures import ThreadPoolExecutor

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread


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


def test_a_held_connection_is_let_go_when_the_server_stops() -> None:
    import threading

    import requests

    app = InvoicedMock()
    app.faults.add("GET", "/customers", kind="timeout")  # held unanswered for up to 75 s
    server = ServerThread(app).start()
    outcome: list[BaseException] = []

    def call() -> None:
        try:
            requests.get(f"{server.base_url}/customers", auth=("sk_a", ""), timeout=60)
        except requests.RequestException as error:
            outcome.append(error)

    client = threading.Thread(target=call)
    client.start()
    while not len(app.journal):  # the fault was taken: the connection is being held
        time.sleep(0.01)
    started = time.perf_counter()
    server.stop()
    client.join(30)
    assert time.perf_counter() - started < 10  # a structural bound: not the 75 s hold
    assert isinstance(outcome[0], requests.ConnectionError)
