"""The customer credit balance: a ledger of signed entries per customer and currency.

Fed by payment ``credit`` splits, credit balance adjustments and ``credit_note`` splits without a
document; drawn by ``applied_credit`` splits. Each entry stores the running balance after it, so the
current balance is the last entry's and the history (``GET /customers/<id>/balance``) is the list of
entries. The balance never goes below zero: a draw that would is refused with 400.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import money
from invoiced_mock.store.business import Business, Record, Table

LEDGER = "credit_balance_entry"
HISTORY_LIMIT = 100


def _ledger(business: Business) -> Table:
    return business.table(LEDGER, indexed=("customer",))


def _entries(business: Business, customer_id: int, currency: str) -> list[Record]:
    return [e for e in _ledger(business).where("customer", customer_id) if e["currency"] == currency]


def balance(business: Business, customer_id: int, currency: str) -> Decimal:
    """The customer's available credit in ``currency`` (0 when none was ever granted)."""
    entries = _entries(business, customer_id, currency)
    return entries[-1]["balance"] if entries else money.from_minor(0, currency)


def change(business: Business, customer_id: int, currency: str, amount: Decimal | int,
           source: tuple[str, Any], param: str = "amount") -> Record:
    """Add ``amount`` (negative to draw) to the balance; 400 naming ``param`` if it would go below zero."""
    before = money.to_minor(balance(business, customer_id, currency), currency)
    after = before + money.to_minor(amount, currency)
    if after < 0:
        available = money.from_minor(before, currency)
        raise InvalidRequest(f"The customer does not have enough credit: {available} {currency} is available, "
                             f"{money.normalize(-Decimal(amount), currency)} was requested", param)
    entry = {
        "id": business.next_in_sequence(LEDGER),
        "customer": customer_id,
        "currency": currency,
        "amount": money.normalize(amount, currency),
        "balance": money.from_minor(after, currency),
        "timestamp": business.clock.now(),
        "source": list(source),
    }
    _ledger(business).put(entry)
    return entry


def history(business: Business, customer_id: int, currency: str) -> list[dict[str, Any]]:
    """The newest ``HISTORY_LIMIT`` balance snapshots, oldest first, as ``{timestamp, currency, balance}``."""
    entries = _entries(business, customer_id, currency)[-HISTORY_LIMIT:]
    return [{"timestamp": e["timestamp"], "currency": currency, "balance": e["balance"]} for e in entries]
