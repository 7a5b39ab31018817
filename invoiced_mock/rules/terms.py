"""Payment terms (§3.4): ``NET 30``, ``NET-30``, ``2% 10 NET 30``, ``Due on Receipt``, ``AutoPay``.

Terms name a day count (due date = document date + n days) and optionally an early-payment discount
(x% if paid within y days). Unknown terms, and ``AutoPay``, have no day count and so no due date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from invoiced_mock.clock import SECONDS_PER_DAY

AUTOPAY = "AutoPay"
_NET = re.compile(r"^\s*net[\s-]*(\d+)\s*$", re.IGNORECASE)
_EARLY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*(\d+)\s*,?\s*net[\s-]*(\d+)\s*$", re.IGNORECASE)
_RECEIPT = re.compile(r"^\s*due\s+on\s+receipt\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Terms:
    days: int
    early_percent: Decimal | None = None
    early_days: int | None = None


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


def due_date(date: int, terms: str | None) -> int | None:
    parsed = parse(terms)
    return None if parsed is None else date + parsed.days * SECONDS_PER_DAY
