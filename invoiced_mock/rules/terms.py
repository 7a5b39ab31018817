"""Payment terms (§3.4): ``NET 30``, ``NET-30``, ``2% 10 NET 30``, ``Due on Receipt``, ``AutoPay``, or the name of
terms stored through ``/payment_terms``.

Terms name a day count (due date = document date + n days) and optionally an early-payment discount
(x% or an amount, if paid within y days). Stored terms of that name (case and surrounding spaces aside) come
first; else the name is parsed. Unknown terms, and ``AutoPay``, have no day count and so no due date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from invoiced_mock.clock import SECONDS_PER_DAY
from invoiced_mock.core.resource import REGISTRY

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business, Record

AUTOPAY = "AutoPay"
TERMS = "payment_terms"  # the stored named terms (``resources/payment_terms.py``)
_NET = re.compile(r"^\s*net[\s-]*(\d+)\s*$", re.IGNORECASE)
_EARLY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*(\d+)\s*,?\s*net[\s-]*(\d+)\s*$", re.IGNORECASE)
_RECEIPT = re.compile(r"^\s*due\s+on\s+receipt\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Terms:
    days: int | None
    early_percent: Decimal | None = None
    early_days: int | None = None
    early_amount: Decimal | None = None


def parse(terms: str | None) -> Terms | None:
    """The terms' day count (and early discount), or None when the terms give no due date."""
    if not terms:
        return None
    if _RECEIPT.match(terms):
        return Terms(0)
    match = _NET.match(terms)
    if match:
        return Terms(int(match.group(1)))
    match = _EARLY.match(terms)
    if match:
        return Terms(int(match.group(3)), Decimal(match.group(1)), int(match.group(2)))
    return None


def of(business: Business, terms: str | None) -> Terms | None:
    """What ``terms`` mean in ``business``: its stored terms of that name, else :func:`parse`."""
    if not terms:
        return None
    table = business.tables.get(TERMS) if TERMS in REGISTRY else None
    if table is not None:
        owner = table.owner_of("name", terms)
        if owner is not None:
            return _stored(table.rows[owner])
    return parse(terms)


def _stored(row: Record) -> Terms:
    value, expires = row.get("discount_value"), row.get("discount_expires_in_days")
    if not value or not expires:
        return Terms(row.get("due_in_days"))
    if row.get("discount_is_percent"):
        return Terms(row.get("due_in_days"), early_percent=Decimal(value), early_days=expires)
    return Terms(row.get("due_in_days"), early_days=expires, early_amount=Decimal(value))


def due_date(business: Business, date: int, terms: str | None) -> int | None:
    found = of(business, terms)
    return None if found is None or found.days is None else date + found.days * SECONDS_PER_DAY
