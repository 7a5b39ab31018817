"""Payment plans (§2.18, §3.12): installments that add up to an invoice's balance, paid off in date order.

A plan stores its installments as agreed (``date``, ``amount``); what is still owed on each is derived
from the invoice: the money applied since the plan was set (plan total − invoice balance) pays the
installments off oldest first. The invoice status asks :func:`installment_past_due` (rule 7 of §3.3).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from invoiced_mock.core.fields import Array, Number, Object, Timestamp
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.money import from_minor, to_minor
from invoiced_mock.store.business import Business, Record

MAX_INSTALLMENTS = 100
_DATE, _AMOUNT = Timestamp(), Number(minimum=Decimal(0))


def schedule(business: Business, raw: Any, balance: Decimal, currency: str | None) -> list[Record]:
    """Validate ``installments`` against the invoice balance; the stored, date-ordered schedule."""
    entries = [Object().coerce(e, "installments") for e in Array().coerce(raw, "installments")]
    if not entries:
        raise InvalidRequest("A payment plan needs at least one installment", "installments")
    if len(entries) > MAX_INSTALLMENTS:
        raise InvalidRequest(f"A payment plan can have at most {MAX_INSTALLMENTS} installments", "installments")
    rows = []
    for entry in entries:
        for name in ("date", "amount"):
            if entry.get(name) in (None, ""):
                raise InvalidRequest(f"Each installment needs a {name}", "installments")
        amount = to_minor(_AMOUNT.coerce(entry["amount"], "installments"), currency)
        if amount <= 0:
            raise InvalidRequest("Installment amounts must be greater than zero", "installments")
        rows.append((_DATE.coerce(entry["date"], "installments"), amount))
    if sum(amount for _, amount in rows) != to_minor(balance, currency):
        raise InvalidRequest(f"The installments must add up to the invoice balance ({balance})", "installments")
    return [{"id": business.next_in_sequence("payment_plan_installment"), "object": "payment_plan_installment",
             "date": date, "amount": from_minor(amount, currency)} for date, amount in sorted(rows)]


def with_balances(plan: Record, invoice: Record | None) -> list[Record]:
    """The installments with what is still owed on each, paid off oldest first."""
    currency = (invoice or {}).get("currency")
    owed = [to_minor(i["amount"], currency) for i in plan["installments"]]
    left = to_minor((invoice or {}).get("balance") or 0, currency) if invoice else sum(owed)
    paid = max(0, sum(owed) - max(0, left))
    out = []
    for installment, amount in zip(plan["installments"], owed, strict=True):
        covered = min(amount, paid)
        paid -= covered
        out.append({**installment, "balance": from_minor(amount - covered, currency)})
    return out


def installment_past_due(business: Business, invoice: Record, now: int) -> bool:
    """Whether the invoice's active plan has an installment dated ≤ ``now`` with something still owed."""
    plan_id = invoice.get("payment_plan")
    if plan_id is None or "payment_plan" not in REGISTRY:
        return False
    plan = REGISTRY["payment_plan"].table(business).get(plan_id)
    if plan is None or plan.get("status") != "active":
        return False
    return any(i["date"] <= now and i["balance"] > 0 for i in with_balances(plan, invoice))


def next_installment(business: Business, invoice: Record, after: int) -> int | None:
    """When the next installment still owed, dated after ``after``, falls due (None: no such installment)."""
    plan_id = invoice.get("payment_plan")
    plan = REGISTRY["payment_plan"].table(business).get(plan_id) if plan_id is not None else None
    if plan is None or plan.get("status") != "active":
        return None
    return min((i["date"] for i in with_balances(plan, invoice) if i["date"] > after and i["balance"] > 0),
               default=None)
