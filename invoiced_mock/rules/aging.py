"""Accounts-receivable aging: open invoice balances per customer, bucketed by age in whole days.

As the API does by default: the age is counted from the invoice ``date`` (no date: age 0), and the
buckets start at 0, 8, 15, 31 and 61 days. Sums are taken in integer minor units (``rules/money.py``) and
shown in major units, one row per customer and currency.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from invoiced_mock.rules import money
from invoiced_mock.store.business import Record

DAY = 86_400
LOWER_BOUNDS = (0, 8, 15, 31, 61)


def _label(i: int) -> str:
    lower = LOWER_BOUNDS[i]
    if i + 1 == len(LOWER_BOUNDS):
        return f"{lower}_plus_days"
    return f"{lower}_{LOWER_BOUNDS[i + 1] - 1}_days"


BUCKETS = tuple(_label(i) for i in range(len(LOWER_BOUNDS)))  # 0_7_days, 8_14_days, ..., 61_plus_days


def is_open(invoice: Record) -> bool:
    return (not invoice.get("draft") and not invoice.get("paid") and not invoice.get("closed")
            and not invoice.get("voided") and Decimal(invoice.get("balance") or 0) > 0)


def age_in_days(invoice: Record, now: int) -> int:
    dated = invoice.get("date")
    return 0 if dated is None else max(0, (now - dated) // DAY)


def bucket(invoice: Record, now: int) -> str:
    """The bucket of an invoice: the last one whose lower bound its age reaches."""
    age = age_in_days(invoice, now)
    return BUCKETS[max(i for i, lower in enumerate(LOWER_BOUNDS) if age >= lower)]


def age(invoices: Iterable[Record], now: int, currency: str | None = None) -> list[dict[str, Any]]:
    """One row per (customer, currency) with an open balance, by customer then currency.

    ``currency`` keeps only invoices in that currency (the API's ``$currency`` report parameter).
    """
    sums: dict[tuple[Any, str], dict[str, int]] = {}
    for invoice in invoices:
        code = (invoice.get("currency") or "usd").lower()
        if not is_open(invoice) or (currency is not None and code != currency.lower()):
            continue
        tally = sums.setdefault((invoice.get("customer"), code), dict.fromkeys(BUCKETS, 0))
        tally[bucket(invoice, now)] += money.to_minor(invoice["balance"], code)
    rows = []
    for (customer, code), minor in sorted(sums.items(), key=lambda item: (str(item[0][0]), item[0][1])):
        row: dict[str, Any] = {"customer": customer, "currency": code}
        row.update({label: money.from_minor(amount, code) for label, amount in minor.items()})
        row["total"] = money.from_minor(sum(minor.values()), code)
        rows.append(row)
    return rows
