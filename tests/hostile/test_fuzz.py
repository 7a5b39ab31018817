"""Seeded hostile requests to every route of the OpenAPI document, in process (lenient and strict) and over
the loopback server: never a 5xx, never HTML, always an answer in bounded time, no write on a refusal.

``make test`` sends a few hundred. ``INVOICED_MOCK_FUZZ_LONG=20000 pytest tests/hostile/test_fuzz.py``
sends that many to each of the three (the long run; it prints what it found).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH
from tests.hostile.fuzzing import API_KEY, Generator, check_run, in_process, over_socket

LONG = int(os.environ.get("INVOICED_MOCK_FUZZ_LONG", "0"))
SHORT = 150
if LONG:
    pytestmark = pytest.mark.timeout(0)  # the long run takes minutes; each request is still bounded


def furnished(strict: bool = False) -> InvoicedMock:
    """A mock whose fuzzed business has a few objects of each common kind, and every table seeded."""
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH), strict=strict)
    http, auth = Client(app), (API_KEY, "")
    for i in range(2):
        http.post("/customers", json={"name": f"Customer {i}"}, auth=auth)
        http.post("/invoices", json={"customer": 1, "items": [{"name": "Work", "unit_cost": 100}]}, auth=auth)
        http.post("/items", json={"id": f"item-{i}", "name": "Thing", "unit_cost": 5}, auth=auth)
    for path in app.openapi()["paths"]:
        if "{" not in path:
            http.get(path, auth=auth)  # first use of a table seeds it: no fuzzed request should be the first
    return app


def assert_clean(server_errors: int, problems: list[str], count: int, where: str) -> None:
    if LONG:
        print(f"\nfuzz {where}: {count} requests, {server_errors} answers of 5xx, {len(problems)} problems")
    assert not problems, f"{len(problems)} problems ({server_errors} 5xx); first ones:\n" + "\n".join(problems[:10])


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_fuzzing_in_process(strict: bool) -> None:
    app = furnished(strict)
    count = LONG or SHORT
    found = check_run(app, in_process(app), iter(Generator(app.openapi(), seed=1 + strict)), count)
    assert_clean(*found, count, "in process, strict" if strict else "in process")


@pytest.fixture
def fuzzed_server() -> Iterator[tuple[InvoicedMock, ServerThread]]:
    app = furnished()
    with ServerThread(app) as server:
        yield app, server


def test_fuzzing_over_the_loopback_server(fuzzed_server: tuple[InvoicedMock, ServerThread]) -> None:
    app, server = fuzzed_server
    host, port = server.server.server_address[:2]
    count = LONG or SHORT // 2
    found = check_run(app, over_socket(host, port), iter(Generator(app.openapi(), seed=3)), count)
    assert_clean(*found, count, "over the loopback server")
