"""Write latency with durable state (``--state``, SQLite written through on commit) against memory only.

Both are ``POST /customers`` through the werkzeug test client on an app measured in the same run.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock

from ._table import Figure
from ._timing import per_call

AUTH = ("sk_bench", "")


def figures() -> list[Figure]:
    memory = Client(InvoicedMock(clock=Clock(frozen_at=1_700_000_000)))
    with tempfile.TemporaryDirectory() as folder:
        durable = Client(InvoicedMock(clock=Clock(frozen_at=1_700_000_000), state=Path(folder) / "state.db"))
        baseline = per_call(lambda: memory.post("/customers", json={"name": "Acme"}, auth=AUTH), calls=100)
        written = per_call(lambda: durable.post("/customers", json={"name": "Acme"}, auth=AUTH), calls=100)
    print(f"  POST /customers: memory {baseline * 1e6:.0f} µs, --state {written * 1e6:.0f} µs")
    return [Figure("POST /customers with --state (SQLite, written through)", written / baseline,
                   "the same POST, memory only")]
