"""List cost against store size: the same request at ``BENCH_SIZE`` customers (100,000 unless set; issue #27
asks for a million) and at 1,000, timed side by side, each within 1.5x.

A list endpoint must not read what it does not return: an unsorted page, a deep page and exact-match
filters (``filter[name|number|email]``, ``metadata[k]=v``) cost the same at any store size, a sort on an
attribute with an ordered index costs a little more (a tree lookup), and writes stay flat. Each figure is
the median time at the large size over the median at 1k, both measured in the same run, interleaved trial by trial
so a busy machine slows both alike.

The deep page is ``page=500&per_page=2``, so that at 1k customers it is a full page too (the last one);
a second figure puts ``page=500`` of 100 rows against page 1, both large, to show an offset costs nothing.

The worlds are built through ``crud.create`` (events included), not HTTP, so building 100k rows takes
seconds rather than minutes; every timed request goes through the WSGI app like a test's would.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY

from ._table import Figure
from .scale import SIZE

AUTH = ("sk_bench", "")
SMALL, LARGE = 1_000, SIZE  # BENCH_SIZE customers, 100,000 unless set (benchmarks/scale.py)
PROBE = 500  # a customer present in both worlds; its name, number, email and metadata are unique
PEER = "the same request at 1k customers"

# (figure name, request path, target ratio)
READS = [
    ("list: unsorted page 1", "/customers", 1.5),
    ("list: page=500 (per_page=2)", "/customers?page=500&per_page=2", 1.5),
    ("list: filter[name]", f"/customers?filter[name]=Customer {PROBE:06d}", 1.5),
    ("list: filter[number]", f"/customers?filter[number]=CUST-{PROBE:05d}", 1.5),
    ("list: filter[email]", f"/customers?filter[email]=c{PROBE}@example.com", 1.5),
    ("list: metadata[n]=v", f"/customers?metadata[n]={PROBE}", 1.5),
    ("list: sort=name asc, page 1", "/customers?sort=name asc", 1.5),
    ("list: sort=name desc, page 3", "/customers?sort=name desc&page=3", 1.5),
]


def world(size: int) -> Client:
    """``size`` customers whose names run in another order than their ids (so sorting by name is real work)."""
    app = InvoicedMock(clock=Clock(frozen_at=1_700_000_000))
    business = app.business(AUTH[0])
    customers = REGISTRY["customer"]
    with business.transaction():
        for i in range(1, size + 1):
            crud.create(business, customers, {"name": f"Customer {i * 7919 % size:06d}", "email": f"c{i}@example.com",
                                              "metadata": {"n": str(i), "tier": f"t{i % 7}"}})
    client = Client(app)
    for _, path, _ in READS:  # the first list of a kind builds the index later ones reuse: not what is timed
        client.get(path, auth=AUTH)
    return client


def ratio(small: Callable[[], object], large: Callable[[], object], calls: int = 20, trials: int = 7) -> float:
    """Median seconds per call of ``large`` over that of ``small``, trials interleaved."""
    times: dict[int, list[float]] = {0: [], 1: []}
    for _ in range(trials):
        for side, fn in enumerate((small, large)):
            started = time.perf_counter()
            for _ in range(calls):
                fn()
            times[side].append((time.perf_counter() - started) / calls)
    return statistics.median(times[1]) / statistics.median(times[0])


def _get(client: Client, path: str) -> Callable[[], object]:
    def call() -> object:
        response = client.get(path, auth=AUTH)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    return call


def _cycling(client: Client, pages: int = 10) -> Callable[[], object]:
    """A different page of 100 on each call (pages 1 to ``pages`` in turn): more records than a packed table
    keeps rebuilt (``store/rows.py``, ``HOT``), so at the large size every record listed is rebuilt from its
    packed form, where the same page read again is served from the rebuilt ones."""
    turn = iter(range(10**9))

    def call() -> object:
        response = client.get(f"/customers?page={next(turn) % pages + 1}", auth=AUTH)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response

    return call


def _write(client: Client, method: str, path: str) -> Callable[[], object]:
    def call() -> object:
        response = client.open(path, method=method, json={"name": "Written", "metadata": {"n": "w"}}, auth=AUTH)
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        return response

    return call


def figures() -> list[Figure]:
    small, large = world(SMALL), world(LARGE)
    found = []
    for name, path, target in READS:
        found.append(Figure(f"{name} at {LARGE:,}", ratio(_get(small, path), _get(large, path)), PEER, target))
    found.append(Figure(f"list: pages 1-10 in turn (never read twice in a row) at {LARGE:,}",
                        ratio(_cycling(small), _cycling(large)), PEER, 1.5))
    found.append(Figure(f"list: page=500 (per_page=100), {LARGE:,}", ratio(_get(large, "/customers"),
                                                                         _get(large, "/customers?page=500")),
                        f"page 1 at {LARGE:,} customers", 2.0))
    found.append(Figure("write: PATCH /customers/1", ratio(_write(small, "PATCH", "/customers/1"),
                                                           _write(large, "PATCH", "/customers/1")), PEER, 1.5))
    found.append(Figure("write: POST /customers", ratio(_write(small, "POST", "/customers"),
                                                        _write(large, "POST", "/customers")), PEER, 1.5))
    return found
