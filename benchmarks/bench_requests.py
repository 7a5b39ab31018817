"""Request cost against store size: retrieve, update and a filtered nested list must not grow with the store.

Baseline: the same werkzeug test-client round trip to a trivial WSGI app that returns ``{}``.
"""

from __future__ import annotations

from werkzeug import Response
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock

from ._timing import per_call, report

AUTH = ("sk_bench", "")


def _trivial(environ: dict, start_response: object) -> object:
    return Response("{}", content_type="application/json")(environ, start_response)


def _seeded(size: int) -> Client:
    app = InvoicedMock(clock=Clock(frozen_at=1_700_000_000))
    business = app.business("sk_bench")
    from invoiced_mock.core import crud
    from invoiced_mock.core.resource import REGISTRY

    with business.transaction():
        for i in range(size):
            crud.create(business, REGISTRY["customer"], {"name": f"Customer {i}"})
        crud.create(business, REGISTRY["contact"], {"name": "Jane"}, parent_id=1)
    return Client(app)


def main() -> None:
    baseline_client = Client(_trivial)
    baseline = per_call(lambda: baseline_client.get("/"))
    rows = [("baseline: trivial WSGI app, test client GET", baseline)]
    for size in (10, 10_000):
        client = _seeded(size)
        rows.append((f"GET /customers/1            ({size:>6} customers)",
                     per_call(lambda c=client: c.get("/customers/1", auth=AUTH))))
        rows.append((f"PATCH /customers/1          ({size:>6} customers)",
                     per_call(lambda c=client: c.patch("/customers/1", json={"notes": "x"}, auth=AUTH), calls=100)))
        rows.append((f"GET /customers/1/contacts   ({size:>6} customers)",
                     per_call(lambda c=client: c.get("/customers/1/contacts", auth=AUTH))))
    report(rows, baseline)
