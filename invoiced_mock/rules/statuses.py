"""Document statuses (§3.3 invoices, §3.7 credit notes, §3.8 estimates): first matching rule wins.

Each takes the stored record and ``now`` so that a status recomputed at read time follows the mock's
clock (``clock.advance(days=31)`` turns an issued ``NET 30`` invoice ``past_due``).
"""

from __future__ import annotations

from typing import Any

Record = dict[str, Any]


def _lifecycle(record: Record) -> str | None:
    """What every document says first: voided, then draft."""
    if record.get("voided"):
        return "voided"
    if record.get("draft"):
        return "draft"
    return None


def invoice(record: Record, now: int) -> str:
    due = record.get("due_date")
    early = _lifecycle(record)
    if early:
        return early
    if record.get("paid"):
        return "paid"
    if record.get("closed") and record.get("date_bad_debt"):
        return "bad_debt"
    if record.get("pending"):
        return "pending"
    if due is None and record.get("autopay") and (record.get("attempt_count") or 0) > 0:
        return "past_due"
    if due is not None and due < now:
        return "past_due"
    return _delivery(record)


def credit_note(record: Record, now: int) -> str:
    early = _lifecycle(record)
    if early:
        return early
    if record.get("paid"):
        return "paid"
    return "closed" if record.get("closed") else "open"


def estimate(record: Record, now: int) -> str:
    expires = record.get("expiration_date")
    early = _lifecycle(record)
    if early:
        return early
    if record.get("invoice"):
        return "invoiced"
    if record.get("approved"):
        return "approved"
    if record.get("closed"):
        return "declined"
    if expires is not None and expires < now:
        return "expired"
    return _delivery(record)


def _delivery(record: Record) -> str:
    if record.get("viewed"):
        return "viewed"
    if record.get("sent"):
        return "sent"
    return "not_sent"
