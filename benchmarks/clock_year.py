"""Time moving the whole domain: advancing a year over 1,000 open invoices and 100 subscriptions.

Peers measured in the same run, each pair back to back and the median ratio of the pairs taken: creating
those invoices and subscriptions (the year's work is a handful of writes per record: past due, AutoPay
attempts, renewals, late fees, so it should cost a small multiple of creating them); the same year over a
tenth of the records (per record it must cost the same: each transition is taken off the agenda in
O(log n), no table is scanned); and a request on an empty business (a request with nothing due must not
look at the store: the agenda answers "nothing yet" in O(1)).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.store.business import Business

from ._table import Figure
from ._timing import paired_ratio

EPOCH = 1_700_000_000
INVOICES, SUBSCRIPTIONS, CUSTOMERS = 1_000, 100, 100
TOKENS = ("tok_visa", "tok_decline_first_1", "tok_chargeDeclined")


def _world(scale: int = 1) -> tuple[InvoicedMock, Clock, Business, float]:
    """A business with its customers, cards, plan and late-fee schedule; and the seconds spent on the
    invoices and subscriptions (the peer)."""
    clock = Clock(frozen_at=EPOCH)
    app = InvoicedMock(clock=clock)
    business = app.business("sk_bench")
    with business.transaction():
        crud.create(business, REGISTRY["plan"], {"id": "monthly", "name": "Monthly", "interval": "month",
                                                 "amount": 49})
        crud.create(business, REGISTRY["late_fee_schedule"], {"name": "Late", "start_date": "2023-01-01",
                                                               "amount": 15, "grace_period": 10, "default": True})
        customers = []
        for n in range(CUSTOMERS // scale):
            autopay = n % 2 == 0
            customer = crud.create(business, REGISTRY["customer"], {
                "name": f"Customer {n}", "autopay": autopay, "payment_terms": None if autopay else "NET 30"})
            if autopay:
                crud.create(business, REGISTRY["card"], {"token": TOKENS[n % len(TOKENS)]}, customer["id"])
            customers.append(customer["id"])
    started = time.process_time()
    with business.transaction():
        for n in range(INVOICES // scale):
            crud.create(business, REGISTRY["invoice"], {"customer": customers[n % len(customers)],
                                                        "items": [{"name": "Work", "unit_cost": 100 + n % 50}]})
        for n in range(SUBSCRIPTIONS // scale):
            REGISTRY["subscription"].make(business, {"customer": customers[n], "plan": "monthly"})
    return app, clock, business, time.process_time() - started


def _year(clock: Clock) -> float:
    """CPU seconds of a year of the clock (CPU time: on a shared machine wall time measures the neighbours)."""
    started = time.process_time()
    for _ in range(12):
        clock.advance(days=30, hours=10)
    return time.process_time() - started


def _request(app: InvoicedMock, key: str) -> Callable[[], object]:
    from werkzeug.test import Client

    client = Client(app)
    return lambda: client.get("/plans", auth=(key, ""))


def _years_paired(trials: int = 3) -> tuple[float, float]:
    """The fastest year over the full world, and the median ratio, pair by pair, of a year over the full world
    to ten years' worth over a tenth of it: each pair runs back to back on worlds built just before."""
    years, ratios = [], []
    for _ in range(trials):
        full, tenth = _world()[1], _world(scale=10)[1]
        year, small_year = _year(full), _year(tenth)
        years.append(year)
        ratios.append(year / (10 * small_year))
    return min(years), statistics.median(ratios)


def figures() -> list[Figure]:
    app, clock, business, creating = _world()
    agenda = len(business.agenda)
    first_year = _year(clock)
    loaded = paired_ratio(_request(app, "sk_bench"), _request(InvoicedMock(clock=clock), "sk_empty"))
    year, per_record = _years_paired()
    year = min(year, first_year)
    print(f"  creating {INVOICES} invoices + {SUBSCRIPTIONS} subscriptions: {creating:.2f} s; "
          f"a year of the clock ({agenda} agenda entries at the start): {year:.2f} s")
    return [
        Figure(f"advance a year: {INVOICES:,} invoices + {SUBSCRIPTIONS} subscriptions", year / creating,
               "creating them", 15.0),
        Figure("advance a year, per record: 1,100 records", per_record, "the same with 110", 1.5),
        Figure("request with nothing due, after a year of 1,100 records", loaded,
               "the same request, empty business", 1.5),
    ]
