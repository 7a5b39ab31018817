"""A production-sized sandbox: what a large store costs in memory, and whether its first lists answer at once.

``BENCH_SIZE`` customers (100,000 unless set: ``BENCH_SIZE=1000000 make bench`` for the million, a few
minutes more) are created through ``crud.create`` in transactions of 1,000, events included, then:

- **memory**: the growth of the process's resident set over the JSON bytes of what is stored (every record of
  every table: the customers and the events kept), target 2×;
- **first touches**: the first list of each shape (a page, a sort, a filter, a metadata filter) over the
  median of the next five of that shape, each reading rows not read before, on a world nothing has listed
  yet, target 2×.

Printed too: seconds to seed, resident megabytes, bytes per customer.
"""

from __future__ import annotations

import gc
import os
import statistics
import time
from collections.abc import Callable
from functools import cache

import orjson
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.store.business import Business

from ._table import Figure

AUTH = ("sk_bench", "")
SIZE = int(os.environ.get("BENCH_SIZE", "100000"))
BATCH = 1_000
PROBE = SIZE // 2
# Each list shape as its k-th request: the first (k = 0) against the next five, each on rows not read before
# (another page, another value), so that what differs is only what the first of a shape pays (an index built)
# and not the rebuilt records a packed table keeps of the page it just answered.
FIRST_LISTS: list[tuple[str, Callable[[int], str]]] = [
    ("unsorted", lambda k: f"/customers?page={k + 1}"),
    ("sort=name asc", lambda k: f"/customers?sort=name asc&page={k + 1}"),
    ("sort=name desc", lambda k: f"/customers?sort=name desc&page={k + 3}"),
    ("filter[email]", lambda k: f"/customers?filter[email]=c{PROBE + k}@example.com"),
    ("metadata[n]=v", lambda k: f"/customers?metadata[n]={PROBE + k}"),
]


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def seed(business: Business, size: int) -> None:
    """``size`` customers whose names run in another order than their ids (sorting by name is real work)."""
    customers = REGISTRY["customer"]
    for start in range(1, size + 1, BATCH):
        with business.transaction():
            for i in range(start, min(start + BATCH, size + 1)):
                crud.create(business, customers, {"name": f"Customer {i * 7919 % size:07d}",
                                                  "email": f"c{i}@example.com", "address1": f"{i} Main Street",
                                                  "metadata": {"n": str(i), "tier": f"t{i % 7}"}})


def stored_json_bytes(business: Business) -> int:
    return sum(len(orjson.dumps(record, default=str)) for table in business.tables.values()
               for record in table.rows.values())


@cache
def measure() -> dict[str, float]:
    gc.collect()
    app = InvoicedMock(clock=Clock(frozen_at=1_700_000_000))
    business = app.business(AUTH[0])
    before = resident_bytes()
    started = time.perf_counter()
    seed(business, SIZE)
    seconds = time.perf_counter() - started
    client = Client(app)
    started = time.perf_counter()
    client.get("/customers/1", auth=AUTH)  # the world's first request (planning what falls due) is not timed below
    first = time.perf_counter() - started
    gc.collect()
    grown = resident_bytes() - before
    json_bytes = stored_json_bytes(business)
    found = {"seconds": seconds, "first": first, "resident": resident_bytes(), "grown": grown, "json": json_bytes,
             "memory": grown / json_bytes}
    for name, path in FIRST_LISTS:
        # The same query on the empty contacts table first: what is timed is the customers' table, not the
        # interpreter's own first use of a code path (urllib caches its quoting of "@" on first sight).
        client.get(path(0).replace("/customers", "/contacts"), auth=AUTH)
        times = []
        for k in range(6):
            started = time.process_time()
            response = client.get(path(k), auth=AUTH)
            times.append(time.process_time() - started)
            assert response.status_code == 200 and response.get_json(), path(k)
        found[name] = times[0] / max(statistics.median(times[1:]), 1e-9)
    return found


def main() -> None:
    found = measure()
    print(f"  {SIZE:,} customers seeded in {found['seconds']:.1f} s, first request {found['first']:.2f} s;"
          f" process resident {found['resident'] / 1e6:,.0f} MB,"
          f" grown {found['grown'] / 1e6:,.0f} MB for {found['json'] / 1e6:,.0f} MB of stored JSON "
          f"({found['grown'] / SIZE:,.0f} B a customer)")


def figures() -> list[Figure]:
    found = measure()
    rows = [Figure(f"memory: {SIZE:,} customers and their events, resident", found["memory"],
                   "the JSON of what is stored", 2.0)]
    rows += [Figure(f"first list at {SIZE:,}: {name}", found[name], "the next five of that shape (unread rows)", 2.0)
             for name, _ in FIRST_LISTS]
    return rows
