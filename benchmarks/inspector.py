"""The inspector's pages against the API's own list, and against themselves at a tenth of the store.

A list page reads its rows as ``GET /invoices`` does (an index, one page at a time), then presents and prints
50 of them with their customers: its peer is ``GET /invoices?per_page=50`` on the same store, timed in
the same run, paired batch by batch. The same page at 10,000 invoices over 1,000 says whether a page
costs its rows or the store: the unfiltered list and a deep page should not grow; a status filter, a
search and an object's timeline read what they filter (every invoice, every event) and are reported,
not held to a target.

The worlds are built through ``crud.create`` (events included), as ``lists.py`` builds its own.
"""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY

from ._table import Figure
from ._timing import paired_ratio

KEY = "sk_bench"
AUTH = (KEY, "")
SMALL, LARGE = 1_000, 10_000
UI = f"/_mock/ui/business/{KEY}/objects/invoice"
PAGES = [  # (figure, path, target ratio of 10k over 1k; None: reported only)
    ("inspector: invoice list, page 1", UI, 2.0),
    ("inspector: invoice list, page 20", f"{UI}?page=20", 2.0),
    ("inspector: invoice list, status=past_due", f"{UI}?status=past_due", None),
    ("inspector: invoice list, search", f"{UI}?q=INV-00500", None),
    ("inspector: an invoice's page", f"{UI}/500", None),
]


def world(size: int) -> Client:
    """``size`` invoices on 100 customers, half of them past due."""
    app = InvoicedMock(clock=Clock(frozen_at=1_700_000_000))
    business = app.business(KEY)
    customers, invoices = REGISTRY["customer"], REGISTRY["invoice"]
    with business.transaction():
        owners = [crud.create(business, customers, {"name": f"Customer {n}"})["id"] for n in range(100)]
        for n in range(size):
            crud.create(business, invoices, {"customer": owners[n % 100], "sent": True, "due_date": (
                1_600_000_000 if n % 2 else 1_800_000_000), "items": [{"name": "Work", "unit_cost": 10 + n % 90}]})
    client = Client(app)
    client.get("/invoices?per_page=50", auth=AUTH)
    return client


def _get(client: Client, path: str) -> Callable[[], object]:
    def call() -> object:
        response = client.get(path, auth=AUTH)
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        return response

    return call


def figures() -> list[Figure]:
    small, large = world(SMALL), world(LARGE)
    api = _get(large, "/invoices?per_page=50")
    rows = [Figure("inspector: invoice list page 1 at 10k", paired_ratio(_get(large, UI), api, calls=5, rounds=9),
                   "GET /invoices?per_page=50 at 10k", None)]
    for name, path, target in PAGES:
        calls = 5 if target is not None else 1
        ratio = paired_ratio(_get(large, path), _get(small, path), calls=calls, rounds=7)
        rows.append(Figure(f"{name}, 10k over 1k", ratio, "the same page at 1k invoices", target))
    return rows
