"""Invoices made from what a customer has pending (§2.16, §3.13) or open (§3.9 consolidation).

* ``POST /customers/<id>/invoices`` bills every pending line item on a new invoice (201) and clears
  them; 400 when there are none. Negative lines go to a credit note instead (§2.16), which is the
  answer when there is nothing left to invoice. Its body is an invoice's create body without
  ``customer`` and ``items`` (the backend's route extends the invoice create route).
* ``POST /customers/<id>/consolidate_invoices`` (``cutoff_date`` optional, default now) merges up to 100
  issued, open, unpaid, non-consolidated invoices of the customer and of its sub-customers that are
  ``consolidated`` and ``bill_to_parent``, in the customer's currency and dated ≤ the cutoff, with the
  credit notes applied to them, into one "Consolidated Invoice". Line and document rates are carried
  as flat amounts (credit notes negated), so the new total is Σ invoice totals − Σ credit note totals
  and the amount already paid moves over. The originals are voided. 400 when there is nothing to
  merge or the customer does not have consolidation enabled.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Either, Shape, Timestamp
from invoiced_mock.core.resource import REGISTRY, Action, Field, One, Reply
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import settings
from invoiced_mock.store.business import Business, Record

MAX_CONSOLIDATED = 100
_CUTOFF = Timestamp()


def bill_pending(business: Business, customer: Record, params: dict[str, Any]) -> Reply:
    pending_resource = REGISTRY["line_item"]
    pending = pending_resource.table(business).where("customer", customer["id"])
    if not pending:
        raise InvalidRequest("Unable to create an invoice because the customer does not have any pending "
                             "line items.")
    charges = [line for line in pending if Decimal(line.get("amount") or 0) >= 0]
    credits = [line for line in pending if Decimal(line.get("amount") or 0) < 0]
    made: One | None = None
    if credits:  # negative lines are owed to the customer: a credit note, its lines turned positive
        items = [_line(line, -1) for line in credits]
        note = crud.create(business, REGISTRY["credit_note"], {"customer": customer["id"], "items": items})
        made = One(REGISTRY["credit_note"], note, status=201)
    if charges:
        items = [pending_resource.invoice_line(line) for line in charges]  # type: ignore[attr-defined]
        invoice = crud.create(business, REGISTRY["invoice"], {**params, "customer": customer["id"], "items": items})
        made = One(REGISTRY["invoice"], invoice, status=201)
    for line in pending:
        crud.delete(business, pending_resource, line)
    assert made is not None
    return made


def consolidate(business: Business, customer: Record, params: dict[str, Any]) -> Reply:
    if not customer.get("consolidated"):
        raise InvalidRequest("This customer does not have invoice consolidation enabled.")
    raw = params.get("cutoff_date")
    cutoff = _CUTOFF.coerce(raw, "cutoff_date") if raw not in (None, "") else business.clock.now()
    currency = customer.get("currency") or settings.currency(business)
    invoices = _open_invoices(business, customer, currency, cutoff)
    if not invoices:
        raise InvalidRequest("There were no invoices to consolidate for this customer")
    chosen = {i["id"] for i in invoices}
    credit_notes = [c for c in _documents(business, "credit_note", _members(business, customer))
                    if c.get("invoice") in chosen and _eligible(c, currency, cutoff)]
    items, discounts, taxes = [], [], []
    for document, sign in [*((i, 1) for i in invoices), *((c, -1) for c in credit_notes)]:
        items += [_line(line, sign) for line in document.get("items") or []]
        discounts += [{"amount": sign * Decimal(r["amount"])} for r in document.get("discounts") or []]
        taxes += [{"amount": sign * Decimal(r["amount"])} for r in document.get("taxes") or []]
    resource = REGISTRY["invoice"]
    made = crud.create(business, resource, {"customer": customer["id"], "name": "Consolidated Invoice",
                                            "currency": currency, "items": items, "discounts": discounts,
                                            "taxes": taxes, "calculate_taxes": False})
    paid = sum((Decimal(i.get("amount_paid") or 0) for i in invoices), Decimal(0))
    made = _change(business, "invoice", made, {"consolidated": True, "amount_paid": paid})
    for document in [*invoices, *credit_notes]:
        _change(business, document["object"], document,
                {"voided": True, "date_voided": business.clock.now()}, event="voided")
    return One(resource, made)


def _members(business: Business, customer: Record) -> list[Record]:
    children = REGISTRY["customer"].table(business).where("parent_customer", customer["id"])
    return [customer, *(c for c in children if c.get("consolidated") and c.get("bill_to_parent"))]


def _documents(business: Business, name: str, customers: list[Record]) -> list[Record]:
    table = REGISTRY[name].table(business)
    return [d for c in customers for d in table.where("customer", c["id"])]


def _eligible(document: Record, currency: str, cutoff: int) -> bool:
    return (not document.get("draft") and not document.get("voided") and document.get("currency") == currency
            and (document.get("date") or 0) <= cutoff)


def _open_invoices(business: Business, customer: Record, currency: str, cutoff: int) -> list[Record]:
    found = [i for i in _documents(business, "invoice", _members(business, customer))
             if _eligible(i, currency, cutoff) and not i.get("closed") and not i.get("paid")
             and not i.get("consolidated")]
    return sorted(found, key=lambda i: (i.get("date") or 0, i["id"]))[:MAX_CONSOLIDATED]


def _line(line: Record, sign: int) -> Record:
    """A line copied with its rates as flat amounts, negated (``sign`` −1) for the other kind of document."""
    out = {k: copy.deepcopy(line.get(k)) for k in ("type", "name", "description", "unit_cost", "discountable",
                                                     "taxable", "metadata")}
    out["quantity"] = sign * Decimal(line.get("quantity", 1))
    for kind in ("discounts", "taxes"):
        out[kind] = [{"amount": sign * Decimal(r["amount"])} for r in line.get(kind) or []]
    return out


def _change(business: Business, name: str, old: Record, changes: dict[str, Any], event: str | None = None) -> Record:
    """Store ``changes`` to a document and re-settle it (balance, status) through its own rules."""
    resource = REGISTRY[name]
    record = {**copy.deepcopy(old), **changes, "updated_at": business.clock.now()}
    resource.settle(business, record, old)  # type: ignore[attr-defined]
    return crud.save(business, resource, record, old, event_type=f"{name}.{event}" if event else None)


# What billing fills in itself: the customer of the path and its pending lines.
BILLED_BY_ROUTE = ("customer", "items")


def bill_action(invoice_fields: Iterable[Field]) -> Action:
    """``POST /customers/<id>/invoices``: its body is an invoice's create body (the backend's route extends the
    invoice create route), less what the route fills in itself (:data:`BILLED_BY_ROUTE`). It answers the
    invoice made, or the credit note when the pending lines owe the customer."""
    body = Shape(properties=tuple((f.name, f.type) for f in invoice_fields
                                  if not f.read_only and f.name not in BILLED_BY_ROUTE))
    return Action("invoices", "POST", bill_pending, returns=Either(("invoice", "credit_note"), name="billed_document"),
                  status=201, body=body, params=body.names)


# The routes on customers, one line each in ``customers.py`` (billing: ``bill_action(Invoices.fields)``).
CUTOFF = Shape(properties=(("cutoff_date", _CUTOFF),))
CONSOLIDATE = Action("consolidate_invoices", "POST", consolidate, returns="invoice", body=CUTOFF, params=CUTOFF.names)
