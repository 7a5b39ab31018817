"""A seeded world costs the same in every test whatever its size: its plan comes with the copy.

A world of 10,000 customers (each with a chase planned) and 1,000 sent invoices falling past due is built once;
each round copies it into a fresh mock, as the fixture does per test, and times that copy's first request
against its second. The first used to plan every timed record again (linear in the seed); now the agenda is
shared copy-on-write with the source (``store/agenda.py``).
"""

from __future__ import annotations

import statistics
import time
from functools import cache

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.store.snapshots import copy_business

from ._table import Figure

KEY = ("sk_bench", "")
CUSTOMERS, INVOICES, ROUNDS = 10_000, 1_000, 15


def _world(clock: Clock) -> InvoicedMock:
    mock = InvoicedMock(clock=clock)
    http = Client(mock)
    for n in range(CUSTOMERS):
        http.post("/customers", json={"name": f"Customer {n}", "payment_terms": "NET 30"}, auth=KEY)
    for n in range(INVOICES):
        created = http.post("/invoices", json={"customer": n + 1, "items": [{"name": "Work", "unit_cost": 10}]},
                            auth=KEY).get_json()
        http.post(f"/invoices/{created['id']}/emails", json={"to": [{"email": "ap@example.test"}]}, auth=KEY)
    http.get("/customers/1", auth=KEY)
    return mock


@cache
def measure() -> dict[str, float]:
    clock = Clock(frozen_at=1_700_000_000)
    source = _world(clock).business(KEY[0])
    ratios = []
    for _ in range(ROUNDS):
        mock = InvoicedMock(clock=clock)
        copy_business(source, mock.business(KEY[0]))
        http = Client(mock)
        seconds = []
        for _ in range(2):
            started = time.process_time()
            http.get("/customers/1", auth=KEY)
            seconds.append(time.process_time() - started)
        ratios.append(seconds[0] / max(seconds[1], 1e-9))
    return {"first_over_second": statistics.median(ratios)}


def figures() -> list[Figure]:
    return [Figure(f"seeded world of {CUSTOMERS:,} customers: a test's first request",
                   measure()["first_over_second"], "its second request", target=2.0)]


def main() -> None:
    print(f"  first request / second, median of {ROUNDS} copies: {measure()['first_over_second']:.2f}x")
