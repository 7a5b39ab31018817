"""Paying on the customer's pages: an invoice (its balance, or part of it), an approved estimate's deposit, or
several open invoices at once from the statement; and the receipt each payment leaves.

Every payment is the API's ``POST /charges`` with the typed card or account number as its token: the test
gateway decides (``rules/gateway.py``), a success records the same charge, payment, applications, events and
webhooks as the API call would, a decline keeps the failed charge and the page shows the gateway's message.
Unless the customer saves the method, the charge is made with ``vault_method: false`` and leaves no payment
source; saving makes it the customer's default source and turns AutoPay on (``PATCH /customers/:id``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from invoiced_mock.core.presenter import View, present
from invoiced_mock.core.resource import REGISTRY, Data, One
from invoiced_mock.customer_pages import forms, pages
from invoiced_mock.customer_pages.visit import Visit
from invoiced_mock.formats import pdf as printed
from invoiced_mock.http.response import Response
from invoiced_mock.store.business import Business, Record

_NOTHING = Decimal(0)


def owed(business: Business, document: Record) -> Decimal:
    """What the customer can pay on ``document`` now: an open invoice's balance, or the deposit of an approved
    estimate not yet invoiced; zero when nothing."""
    if document.get("draft") or document.get("voided"):
        return _NOTHING
    if document["object"] == "invoice":
        if document.get("paid") or document.get("closed"):
            return _NOTHING
        return max(_NOTHING, Decimal(document.get("balance") or 0))
    if document["object"] == "estimate" and document.get("approved") and not document.get("invoice"):
        return _NOTHING if document.get("deposit_paid") else Decimal(document.get("deposit") or 0)
    return _NOTHING


def charge(visit: Visit, customer: Record, splits: list[dict[str, Any]], amount: Decimal, currency: str,
           method: forms.Payment) -> tuple[Record | None, str | None]:
    """``POST /charges`` for ``amount`` applied as ``splits``: ``(payment, None)``, or ``(None, why declined)``.
    The caller holds the business's transaction."""
    body: dict[str, Any] = {
        "customer": customer["id"], "method": method.method, "amount": str(amount), "currency": currency,
        "applied_to": splits, "invoiced_token": method.token, "vault_method": method.save}
    if method.save:
        body["make_default"] = True
    reply = visit.api("POST", "/charges", body)
    if isinstance(reply, Data):  # declined: the failed charge is kept, as the API keeps it
        return None, str(reply.body["message"])
    assert isinstance(reply, One)
    if method.save and not customer.get("autopay"):
        visit.api("PATCH", f"/customers/{customer['id']}", {"autopay": True})
    return reply.record, None


def payment_page(visit: Visit) -> Response:
    return _form(visit, forms.filled({}), 200)


def pay(visit: Visit) -> Response:
    """Pay the invoice's balance (or the amount typed) or the estimate's deposit, then show the receipt."""
    entry = forms.filled(visit.form())
    document = visit.record
    due = owed(visit.business, document)
    if due <= 0:
        return _form(visit, entry, 409)
    currency = str(document.get("currency") or "usd")
    amount = forms.amount(entry, due, currency) if document["object"] == "invoice" else due
    method = forms.payment(entry, visit.now)
    if amount is None or method is None:
        return _form(visit, entry, 400)
    customer = REGISTRY["customer"].table(visit.business).get(document["customer"]) or {}
    split = {"type": document["object"], document["object"]: document["id"], "amount": str(amount)}
    with visit.business.transaction():
        payment, failure = charge(visit, customer, [split], amount, currency, method)
    if payment is None:
        return _form(visit, entry, 402, failure)
    return pages.redirect(visit.path(f"receipts/{payment['id']}"))


def _form(visit: Visit, entry: forms.Filled, status: int, failure: str | None = None) -> Response:
    document = visit.record
    resource = REGISTRY[document["object"]]
    due = owed(visit.business, document)
    if not entry.values["amount"] and due > 0:
        entry.values["amount"] = str(due)
    return pages.page("payment.html", status, title=printed.title(resource, document), document=document,
                      label=resource.label.lower(), due=due, deposit=document["object"] == "estimate",
                      currency=document.get("currency"), entry=entry, failure=failure, action=visit.path("payment"),
                      back=visit.path())


def history(visit: Visit, document: Record) -> list[dict[str, Any]]:
    """The payments applied to ``document``, oldest first, each with what it applied and its receipt."""
    out = []
    for payment in REGISTRY["payment"].table(visit.business).where("customer", document["customer"]):
        applied = sum((Decimal(s["amount"]) for s in payment.get("applied_to") or []
                       if s.get(document["object"]) == document["id"]), _NOTHING)
        if applied:
            out.append({"date": payment["date"], "amount": applied, "method": payment["method"],
                        "reference": payment.get("reference"), "voided": payment.get("voided"),
                        "receipt": visit.path(f"receipts/{payment['id']}")})
    return out


def receipt(visit: Visit) -> Response:
    """A payment the customer made, shown from the page of a document it paid (or of the customer's statement)."""
    payments = REGISTRY["payment"]
    payment = payments.table(visit.business).get(forms.object_id(visit.arg))
    if payment is None or not _belongs(visit, payment):
        return pages.not_found()
    shown = present(visit.business, payments, payment, View(include=frozenset({"applied_to"})))
    source = (shown.get("charge") or {}).get("payment_source") or {}
    return pages.page("receipt.html", payment=shown, source=source, paid=_paid_documents(visit.business, payment),
                      back=visit.path())


def _belongs(visit: Visit, payment: Record) -> bool:
    record = visit.record
    if record["object"] == "customer":
        return bool(payment.get("customer") == record["id"])
    return any(s.get(record["object"]) == record["id"] for s in payment.get("applied_to") or [])


def _paid_documents(business: Business, payment: Record) -> list[tuple[str, Decimal]]:
    """(``Invoice INV-00001``, amount) for each document the payment paid."""
    out = []
    for split in payment.get("applied_to") or []:
        name = next((n for n in ("invoice", "estimate", "credit_note") if split.get(n) is not None), None)
        document = REGISTRY[name].table(business).get(split[name]) if name else None
        label = printed.title(REGISTRY[name], document) if name and document else split["type"].replace("_", " ")
        out.append((label, Decimal(split["amount"])))
    return out


ROUTES = {
    ("invoices", "payment"): {"GET": payment_page, "POST": pay},
    ("estimates", "payment"): {"GET": payment_page, "POST": pay},
    **{(kind, "receipts"): {"GET": receipt} for kind in ("invoices", "estimates", "statements")},
}
