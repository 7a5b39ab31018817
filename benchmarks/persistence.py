"""Durable state (``--state``, SQLite written through on commit): a write against one in memory, and a restart.

- **write**: ``POST /customers`` through the werkzeug test client on an app with a state file over the same
  POST on an app in memory, batches paired and interleaved (:func:`paired_ratio`), target 1.2×;
- **restart**: an app opening a state file of ``BENCH_SIZE`` customers (100,000 unless set; see
  ``benchmarks/scale.py``) until it has answered its first request, against a budget of 1 s at 100,000 and
  5 s at a million (the budget grows linearly between), as a ratio to that budget.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock

from ._table import Figure
from ._timing import paired_ratio
from .scale import SIZE, seed

AUTH = ("sk_bench", "")


def restart_budget(size: int) -> float:
    """Seconds a restart with ``size`` customers may take before its first answer: 1 s at 100k, 5 s at 1M."""
    return max(1.0, 1.0 + 4.0 * (size - 100_000) / 900_000)


def write_ratio() -> float:
    memory = Client(InvoicedMock(clock=Clock(frozen_at=1_700_000_000)))
    with tempfile.TemporaryDirectory() as folder:
        app = InvoicedMock(clock=Clock(frozen_at=1_700_000_000), state=Path(folder) / "state.db")
        durable = Client(app)
        ratio = paired_ratio(lambda: durable.post("/customers", json={"name": "Acme"}, auth=AUTH),
                             lambda: memory.post("/customers", json={"name": "Acme"}, auth=AUTH))
        app.close()
    return ratio


def restart_seconds(size: int) -> float:
    """Seconds from opening a state file of ``size`` customers to the first answer (a GET of one of them)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.db"
        app = InvoicedMock(clock=Clock(frozen_at=1_700_000_000), state=path)
        seed(app.business(AUTH[0]), size)
        app.close()
        started = time.perf_counter()
        reopened = InvoicedMock(clock=Clock(frozen_at=1_700_000_000), state=path)
        answer = Client(reopened).get("/customers/1", auth=AUTH)
        seconds = time.perf_counter() - started
        assert answer.status_code == 200, answer.get_data(as_text=True)
        reopened.close()
    return seconds


def figures() -> list[Figure]:
    written = write_ratio()
    restart = restart_seconds(SIZE)
    budget = restart_budget(SIZE)
    print(f"  restart with {SIZE:,} customers: first answer after {restart:.2f} s (budget {budget:.1f} s)")
    return [Figure("POST /customers with --state (SQLite, written through)", written, "the same POST, memory only",
                   1.2),
            Figure(f"restart with {SIZE:,} customers in --state, to the first answer ({restart:.1f} s)",
                   restart / budget, f"{budget:g} s", 1.0)]
