"""Payments (§2.11, §3.6): money received, applied to documents and credit through ``applied_to``.

Writing a payment checks its splits (``rules/cash_application.py``), derives the unapplied ``balance``
and, once stored, unwinds the splits it had and applies the ones it has. ``DELETE`` voids: every
effect is unwound and the payment stays, ``voided: true``, refusing further edits.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Embedded, Int, Number, Ref, Str
from invoiced_mock.core.presenter import View, present
from invoiced_mock.core.resource import METADATA, REGISTRY, TIMESTAMPS, Action, Field, File, One, Reply, Resource, ts
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.document_views import ACCOUNTING_SYNC
from invoiced_mock.resources.embedded import APPLIED_PAYMENTS
from invoiced_mock.rules import attachments, cash_application, money, sending, settings
from invoiced_mock.store.business import Business, Record

METHODS = ("ach", "cash", "check", "credit_card", "eft", "direct_debit", "other", "paypal", "wire_transfer",
           "balance")
STATUSES = ("succeeded", "pending", "failed")
SOURCES = ("keyed", "api", "bank_feed", "imported", "check_lockbox", "remittance_advice", "network")
_TIMESTAMP = Int(minimum=0)


def receipt(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /payments/<id>/pdf``: the receipt ``pdf_url`` points at, its applications listed."""
    from invoiced_mock.formats.pdf import render_pdf

    resource = REGISTRY["payment"]
    shown = present(business, resource, record, View(expand=("customer",), include=frozenset({"applied_to"})))
    return File(render_pdf(resource, shown), "application/pdf", filename=f"payment-{record['id']}.pdf")


class Payments(Resource):
    object = "payment"
    path = "payments"
    label = "Payment"
    # Drawn payments apply nothing (cash applied may not exceed the amount: arithmetic), and send a real
    # date and currency (0 and "" mean "now" and "the customer's").
    drawn: ClassVar[dict[str, Any]] = {"applied_to": None, "currency": {"enum": ["usd", "eur"]},
                                       "date": {"type": "integer", "minimum": 1, "maximum": 4_102_444_800}}
    indexed = ("customer",)
    list_params = ("start_date", "end_date")
    pdf = True
    actions = (
        Action("pdf", "GET", receipt, params=()),
        sending.EMAILS,
        ACCOUNTING_SYNC,
    )
    fields = (
        Field("customer", Ref(resource="customer")),
        ts("date"),
        Field("currency", Str(max_length=3, lower=True)),
        Field("amount", Number(minimum=Decimal(0)), required=True),
        Field("balance", Number(), read_only=True),
        Field("matched", Bool(), read_only=True),
        Field("voided", Bool(), default=False, read_only=True),
        Field("method", Str(choices=METHODS), default="other"),
        Field("ach_sender_id", Str(max_length=255)),
        Field("reference", Str(max_length=255)),
        Field("source", Str(choices=SOURCES), default="keyed"),
        Field("notes", Str()),
        Field("charge", Embedded(resource="charge"), read_only=True),
        Field("status", Str(choices=STATUSES), default="succeeded", read_only=True),
        Field("applied_to", APPLIED_PAYMENTS, default=list, hidden=True),
        Field("pdf_url", Str(), read_only=True),
        Field("surcharge_percentage", Number(minimum=Decimal(0)), default=0),
        Field("bank_feed_transaction_id", Int()),
        attachments.ATTACHMENTS,
        METADATA,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None:
            if old["voided"]:
                raise InvalidRequest("This payment has been voided and can no longer be edited.", "voided")
            if old.get("customer") is not None and record.get("customer") != old["customer"]:
                raise InvalidRequest("The customer cannot be modified.", "customer")
        record["date"] = record.get("date") or business.clock.now()
        customer = REGISTRY["customer"].table(business).get(record.get("customer")) or {}
        record["currency"] = record.get("currency") or customer.get("currency")
        splits = cash_application.parse(business, record.get("applied_to") or [], record)
        currency = record["currency"] = record.get("currency") or settings.currency(business)
        splits = [{**s, "amount": money.normalize(s["amount"], currency)} for s in splits]
        applied = cash_application.cash_applied(record, splits)
        record["amount"] = money.normalize(record["amount"], currency)
        record["balance"] = money.from_minor(money.to_minor(record["amount"], currency) - applied, currency)
        record["applied_to"] = cash_application.number(business, splits)

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None and old["applied_to"] == record["applied_to"]:
            return
        if old is not None:
            cash_application.apply(business, old, old["applied_to"], sign=-1)
        cash_application.apply(business, record, record["applied_to"])

    def destroy(self, business: Business, record: Record, params: dict[str, Any]) -> Reply:
        """``DELETE /payments/<id>`` voids: 200 with the payment, every application undone."""
        if record["voided"]:
            raise InvalidRequest("This payment has already been voided.", "voided")
        cash_application.apply(business, record, record["applied_to"], sign=-1)
        voided = copy.deepcopy(record)
        voided["voided"] = True
        voided["updated_at"] = business.clock.now()
        return One(self, crud.save(business, self, voided, record, event_type=self.event_type("deleted")))

    def related(self, record: Record) -> set[tuple[str, Any]]:
        return cash_application.documents_of(record.get("applied_to") or [])

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        charges = REGISTRY["charge"]
        charge = next(iter(charges.table(business).where("payment", record["id"])), None)
        return {"pdf_url": f"{business.base_url}/payments/{record['id']}/pdf",
                "charge": present(business, charges, charge) if charge is not None else None}

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        start, end = (_TIMESTAMP.coerce(params[n], n) if params.get(n) not in (None, "") else None
                      for n in ("start_date", "end_date"))
        if start is None and end is None:
            return None
        return lambda r: (start is None or r["date"] >= start) and (end is None or r["date"] <= end)
