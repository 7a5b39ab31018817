"""Accounts-receivable aging: open invoice balances per customer, bucketed by days past due.

Sums are taken in integer minor units (``money.py``) and shown in major units, per currency.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .. import money
from ..store import Record

DAY = 86_400
# (label, first day past due, last day past due); "current" also holds invoices with no due date.
BUCKETS = (("current", None, 0), ("1_30_days", 1, 30), ("31_60_days", 31, 60), ("61_90_days", 61, 90),
           ("91_plus_days", 91, None))


def is_open(invoice: Record) -> bool:
    return (not invoice.get("draft") and not invoice.get("paid") and not invoice.get("closed")
            and not invoice.get("voided") and Decimal(invoice.get("balance") or 0) > 0)


def bucket(invoice: Record, now: int) -> str:
    """The bucket of an invoice: whole days past its due date (not yet due or no due date: current)."""
    due = invoice.get("due_date")
    late = 0 if due is None else max(0, (now - due) // DAY)
    for label, _first, last in BUCKETS:
        if last is None or late <= last:
            return label
    raise AssertionError("the last bucket is open-ended")


def age(invoices: Iterable[Record], now: int) -> list[dict[str, Any]]:
    """One row per (customer, currency) with an open balance, ordered by customer then currency."""
    sums: dict[tuple[Any, str], dict[str, int]] = {}
    for invoice in invoices:
        if not is_open(invoice):
            continue
        currency = (invoice.get("currency") or "usd").lower()
        row = sums.setdefault((invoice.get("customer"), currency), dict.fromkeys((b[0] for b in BUCKETS), 0))
        row[bucket(invoice, now)] += money.to_minor(invoice["balance"], currency)
    rows = []
    for (customer, currency), minor in sorted(sums.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        row: dict[str, Any] = {"customer": customer, "currency": currency}
        row.update({label: money.from_minor(amount, currency) for label, amount in minor.items()})
        row["total"] = money.from_minor(sum(minor.values()), currency)
        rows.append(row)
    return rows
