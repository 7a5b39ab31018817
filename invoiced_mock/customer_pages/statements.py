"""A customer's statement (``statement_url``): open invoices and credit notes, the balance the API's
``GET /customers/:id/balance`` gives, and one payment for several open invoices at once.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from invoiced_mock.core.resource import REGISTRY, Data
from invoiced_mock.customer_pages import forms, pages, paying
from invoiced_mock.customer_pages.visit import Visit
from invoiced_mock.http.response import Response
from invoiced_mock.rules import customer_links
from invoiced_mock.store.business import Record

if TYPE_CHECKING:
    from invoiced_mock.resources.document import Document


def statement(visit: Visit) -> Response:
    return _page(visit, forms.filled({}), 200)


def pay(visit: Visit) -> Response:
    """Pay the chosen open invoices in full with one charge, then show its receipt."""
    form = visit.form()
    entry = forms.filled(form)
    customer = visit.record
    open_invoices: dict[int | None, Record] = {i["id"]: i for i in _open_invoices(visit, customer)}
    chosen = form.get("invoices") or []
    picked: dict[int, Record] = {}
    for value in chosen if isinstance(chosen, list) else [chosen]:
        invoice = open_invoices.get(forms.object_id(value))
        if invoice is not None:
            picked[invoice["id"]] = invoice
    invoices = list(picked.values())
    currencies = {i.get("currency") or "usd" for i in invoices}
    if not invoices:
        entry.error("invoices", "Choose the invoices to pay.")
    elif len(currencies) > 1:
        entry.error("invoices", "Invoices in different currencies are paid one currency at a time.")
    method = forms.payment(entry, visit.now)
    if entry.errors or method is None:
        return _page(visit, entry, 400, chosen=[i["id"] for i in invoices])
    currency = str(currencies.pop())
    splits = [{"type": "invoice", "invoice": i["id"], "amount": str(paying.owed(visit.business, i))}
              for i in invoices]
    total = sum((paying.owed(visit.business, i) for i in invoices), Decimal(0))
    with visit.business.transaction():
        payment, failure = paying.charge(visit, customer, splits, total, currency, method)
    if payment is None:
        return _page(visit, entry, 402, failure, chosen=[i["id"] for i in invoices])
    return pages.redirect(visit.path(f"receipts/{payment['id']}"))


def _open_invoices(visit: Visit, customer: Record) -> list[Record]:
    invoices = REGISTRY["invoice"].table(visit.business).where("customer", customer["id"])
    return sorted((i for i in invoices if paying.owed(visit.business, i) > 0), key=lambda i: (i["date"], i["id"]))


def _page(visit: Visit, entry: forms.Filled, status: int, failure: str | None = None,
          chosen: list[Any] | None = None) -> Response:
    customer = visit.record
    business = visit.business
    balance = visit.api("GET", f"/customers/{customer['id']}/balance")
    assert isinstance(balance, Data)
    notes, invoices = cast("Document", REGISTRY["credit_note"]), cast("Document", REGISTRY["invoice"])
    open_notes = [n for n in notes.table(business).where("customer", customer["id"])
                  if notes.status(n, visit.now) == "open"]
    rows = [{"invoice": i, "status": invoices.shown_status(business, i, visit.now),
             "link": customer_links.path(business, "invoices", i), "owed": paying.owed(business, i),
             "chosen": chosen is None or i["id"] in chosen} for i in _open_invoices(visit, customer)]
    credit_notes = [{"note": n, "link": customer_links.path(business, "credit_notes", n)} for n in open_notes]
    return pages.page("statement.html", status, customer=customer, balance=balance.body, invoices=rows,
                      credit_notes=credit_notes, entry=entry, failure=failure, action=visit.path("payment"))


ROUTES = {
    ("statements", ""): {"GET": statement},
    ("statements", "payment"): {"POST": pay},
}
