"""AutoPay collection: when an AutoPay invoice is charged, and when a failed attempt is tried again.

The catalogue documents no schedule, so the mock keeps the backend's shape with fixed numbers:

* the first attempt (``next_payment_attempt``) is set when the invoice is issued: an hour later, or on
  its date plus the customer's ``autopay_delay_days`` when that is later;
* each attempt (the clock reaching ``next_payment_attempt``, or ``POST /invoices/:id/pay``) adds one to
  ``attempt_count`` and charges the customer's default payment source for the balance;
* after a failure the next attempt is 3, then 5, then 7 days later; after the fourth failed attempt
  AutoPay gives up (``next_payment_attempt`` null) and the invoice waits to be paid another way;
* an invoice that is paid, voided or closed has no next attempt.
"""

from __future__ import annotations

from decimal import Decimal

from invoiced_mock.clock import SECONDS_PER_DAY
from invoiced_mock.store.business import Record

FIRST_ATTEMPT_DELAY = 3600
RETRY_DAYS = (3, 5, 7)


def collectable(invoice: Record) -> bool:
    """An issued AutoPay invoice with money still owed."""
    return bool(invoice.get("autopay")) and not (invoice.get("draft") or invoice.get("voided")
                                                 or invoice.get("paid") or invoice.get("closed")) \
        and Decimal(invoice.get("balance") or 0) > 0


def plan(invoice: Record, old: Record | None, customer: Record, now: int) -> None:
    """Set ``next_payment_attempt`` on an invoice being written: first set when it is issued (unless given),
    cleared once there is nothing left to collect (paid, voided, closed)."""
    if not collectable(invoice):
        if old is not None and collectable(old):
            invoice["next_payment_attempt"] = None
        return
    issued_now = old is None or old.get("draft")
    if issued_now and invoice.get("next_payment_attempt") is None and not invoice.get("attempt_count"):
        delay = customer.get("autopay_delay_days") or 0
        invoice["next_payment_attempt"] = max(now + FIRST_ATTEMPT_DELAY,
                                              invoice["date"] + max(0, delay) * SECONDS_PER_DAY)


def after_attempt(attempt_count: int, instant: int) -> int | None:
    """When to try again should attempt number ``attempt_count`` (made at ``instant``) fail; None: give up."""
    if attempt_count > len(RETRY_DAYS):
        return None
    return instant + RETRY_DAYS[attempt_count - 1] * SECONDS_PER_DAY
