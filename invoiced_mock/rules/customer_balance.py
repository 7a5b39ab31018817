"""``GET /customers/<id>/balance`` (§2.10, §3.10): what a customer owes, what is due, and its credit.

* ``total_outstanding``: balances of issued, unpaid, open, unvoided invoices in the currency dated ≤ now;
* ``due_now``: the same without pending invoices, AutoPay invoices not yet past due and invoices on a
  payment plan, plus the plan installments already due;
* ``past_due``: any issued, unvoided invoice (any currency) whose status is ``past_due``;
* ``open_credit_notes``: balances of open credit notes; ``available_credits``: the credit balance,
  whose snapshots make the ``history``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from invoiced_mock.core.fields import Str
from invoiced_mock.core.resource import REGISTRY, Data, Reply
from invoiced_mock.rules import credit_balance, money, payment_plans, settings
from invoiced_mock.store.business import Business, Record

_CURRENCY = Str(max_length=3, lower=True)


def balance(business: Business, customer: Record, params: dict[str, Any]) -> Reply:
    """The balance object for ``customer`` in ``params['currency']`` (default: the customer's currency)."""
    currency = _CURRENCY.coerce(params["currency"], "currency") if params.get("currency") else (
        customer.get("currency") or settings.currency(business))
    now = business.clock.now()
    invoices = REGISTRY.get("invoice")
    rows = invoices.table(business).where("customer", customer["id"]) if invoices else []
    statuses = {r["id"]: invoices.status(r, now) for r in rows}  # type: ignore[union-attr]
    outstanding = [r for r in rows if _outstanding(r, now) and (r.get("currency") or "usd") == currency]
    due = [r for r in outstanding if statuses[r["id"]] != "pending" and not r.get("payment_plan")
           and not (r.get("autopay") and statuses[r["id"]] != "past_due")]
    due_minor = _sum(due, currency) + _installments_due(business, outstanding, currency, now)
    return Data({
        "currency": currency,
        "total_outstanding": money.from_minor(_sum(outstanding, currency), currency),
        "due_now": money.from_minor(due_minor, currency),
        "past_due": any(not r.get("draft") and not r.get("voided") and statuses[r["id"]] == "past_due"
                        for r in rows),
        "open_credit_notes": money.from_minor(_open_credit_notes(business, customer["id"], currency, now), currency),
        "available_credits": credit_balance.balance(business, customer["id"], currency),
        "history": credit_balance.history(business, customer["id"], currency),
    })


def _outstanding(invoice: Record, now: int) -> bool:
    return (not invoice.get("draft") and not invoice.get("paid") and not invoice.get("closed")
            and not invoice.get("voided") and (invoice.get("date") or 0) <= now)


def _sum(rows: list[Record], currency: str) -> int:
    return sum(money.to_minor(Decimal(r.get("balance") or 0), currency) for r in rows)


def _open_credit_notes(business: Business, customer_id: int, currency: str, now: int) -> int:
    if "credit_note" not in REGISTRY:
        return 0
    notes = REGISTRY["credit_note"]
    rows = notes.table(business).where("customer", customer_id)
    return _sum([r for r in rows if (r.get("currency") or "usd") == currency
                 and notes.status(r, now) == "open"], currency)  # type: ignore[attr-defined]


def _installments_due(business: Business, invoices: list[Record], currency: str, now: int) -> int:
    """What is still owed on installments dated ≤ now of the active plans of non-AutoPay invoices."""
    if "payment_plan" not in REGISTRY:
        return 0
    plans = REGISTRY["payment_plan"].table(business)
    due = 0
    for invoice in invoices:
        plan = plans.get(invoice["payment_plan"]) if invoice.get("payment_plan") is not None else None
        if plan is None or plan.get("status") != "active" or invoice.get("autopay"):
            continue
        due += sum(money.to_minor(i["balance"], currency)
                   for i in payment_plans.with_balances(plan, invoice) if i["date"] <= now)
    return due
