"""Estimates (§2.9, §3.8): approval, deposit, expiry, statuses, and ``POST /estimates/:id/invoice``."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from invoiced_mock.clock import SECONDS_PER_DAY
from invoiced_mock.core import crud, events
from invoiced_mock.core.fields import Array, Bool, Number, Ref, Schema, SchemaContext, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, Action, Field, One, Reply
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.document import VOID, Document, document_fields
from invoiced_mock.resources.document_views import PDF, VIEW
from invoiced_mock.resources.embedded import APPROVAL, SHIP_TO
from invoiced_mock.rules import attachments, sending, statuses, terms, transitions
from invoiced_mock.rules.money import from_minor, normalize, percent_of, to_minor
from invoiced_mock.store.business import Business, Record

# What an invoice generated from an estimate copies (§3.8); lines and rates lose their ids.
COPIED = ("customer", "currency", "payment_terms", "purchase_order", "notes", "ship_to", "metadata")
RATES = ("discounts", "taxes", "shipping")
# §3.8, what ``rules/statuses.estimate_status`` answers.
STATUSES = ("draft", "not_sent", "sent", "viewed", "approved", "declined", "invoiced", "expired", "voided")
RATE_KEYS = ("coupon", "tax_rate", "amount", "expires")
LINE_KEYS = ("catalog_item", "type", "name", "description", "quantity", "unit_cost", "discountable",
             "taxable", "plan", "metadata")


@dataclass(frozen=True)
class Approval(Str):
    """``approved``: the backend keeps a nullable string (who approved); Java clients send a Boolean."""

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, bool):
            return "true" if value else None
        return super().coerce(value, param) or None

    def schema(self, ctx: SchemaContext) -> Schema:
        if ctx.request:  # a Java boolean is taken too, and stored as the string or null
            return super().schema(ctx)
        return {"type": ["string", "boolean"]}  # the docs' examples show a boolean, the backend a string


class Estimates(Document):
    object = "estimate"
    event_verbs = ("viewed", "voided", "approved")
    path = "estimates"
    label = "Estimate"
    number_format = "EST-%05d"
    fields = (
        *document_fields("Estimate", STATUSES),
        Field("invoice", Ref(resource="invoice"), read_only=True),
        Field("approved", Approval(max_length=255)),
        Field("approval", APPROVAL),
        Field("expiration_date", Timestamp()),
        Field("payment_terms", Str(max_length=255)),
        Field("ship_to", SHIP_TO),
        Field("deposit", Number(minimum=Decimal(0)), default=Decimal(0)),
        Field("deposit_paid", Bool(), default=False, read_only=True),
        Field("sent", Bool(), default=False, hidden=True),
        Field("viewed", Bool(), default=False, read_only=True, hidden=True),
        Field("disabled_payment_methods", Array(of=Str()), default=list, write_only=True),
    )
    actions = (
        VOID,
        PDF,
        VIEW,
        sending.EMAILS,
        attachments.LIST,
        attachments.LIST_BY_POST,
        Action("invoice", "POST", lambda business, record, params: generate_invoice(business, record),
               returns="invoice", status=201, params=()),
    )

    timed = ("expired",)

    def status(self, record: Record, now: int) -> str:
        return statuses.estimate(record, now)

    def timeline(self, business: Business, record: Record) -> dict[str, int | None]:
        """An estimate expires the second after its expiration date (unless already written since)."""
        expires = record.get("expiration_date")
        if expires is None or expires + 1 <= record["updated_at"]:
            return {}
        return {"expired": expires + 1 if self.status(record, expires + 1) == "expired" else None}

    def when_due(self, business: Business, record: Record, kind: str, instant: int) -> None:
        transitions.touch(business, self, record, instant)

    def settle(self, business: Business, record: Record, old: Record | None) -> None:
        """An approved estimate closes once its deposit (if any) is paid."""
        if record.get("approved") and (record.get("deposit_paid") or not record.get("deposit")):
            record["closed"] = True
        super().settle(business, record, old)

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        if record.get("approved") and not (old or {}).get("approved"):
            events.emit(business, "estimate.approved", self, record)

    def check_voidable(self, business: Business, record: Record) -> None:
        if record.get("invoice") or record.get("deposit_paid"):
            raise InvalidRequest("This estimate cannot be voided or deleted because it has been invoiced "
                                 "or its deposit has been paid.")


def generate_invoice(business: Business, estimate: Record) -> Reply:
    """``POST /estimates/<id>/invoice``: a new invoice copied from the estimate (201); the estimate closes."""
    if estimate.get("voided"):
        raise InvalidRequest("This estimate has been voided.")
    if estimate.get("invoice"):
        raise InvalidRequest("This estimate has already been invoiced.")
    params: dict[str, Any] = {k: copy.deepcopy(estimate[k]) for k in COPIED if estimate.get(k) is not None}
    if estimate.get("name") and estimate["name"] != "Estimate":
        params["name"] = estimate["name"]
    params["items"] = [_line(line) for line in estimate.get("items") or []]
    for name in RATES:
        params[name] = [_rate(rate) for rate in estimate.get(name) or []]
    params["calculate_taxes"] = False
    early = _early_payment_discount(business, estimate)
    if early is not None:
        params["discounts"].append(early)
    invoices = REGISTRY["invoice"]
    invoice = crud.create(business, invoices, params)
    closed = copy.deepcopy(estimate)
    closed["invoice"], closed["closed"] = invoice["id"], True
    closed["updated_at"] = business.clock.now()
    estimates = cast(Estimates, REGISTRY["estimate"])
    estimates.settle(business, closed, estimate)
    crud.save(business, estimates, closed, estimate)
    return One(invoices, invoice, status=201)


def _early_payment_discount(business: Business, estimate: Record) -> Record | None:
    """Terms like ``2% 10 NET 30`` (or stored terms with a discount): x% of the total, or an amount, off,
    expiring y days after the invoice date."""
    parsed = terms.of(business, estimate.get("payment_terms"))
    if parsed is None or parsed.early_days is None or not (parsed.early_percent or parsed.early_amount):
        return None
    currency = estimate.get("currency")
    if parsed.early_percent:
        amount = from_minor(percent_of(to_minor(estimate["total"], currency), parsed.early_percent), currency)
    else:
        amount = normalize(Decimal(parsed.early_amount or 0), currency)
    return {"amount": amount, "expires": business.clock.now() + parsed.early_days * SECONDS_PER_DAY}


def _line(line: Record) -> Record:
    copied = {k: copy.deepcopy(line[k]) for k in LINE_KEYS if line.get(k) is not None}
    for name in ("discounts", "taxes"):
        copied[name] = [_rate(rate) for rate in line.get(name) or []]
    return copied


def _rate(rate: Record) -> Record:
    return {k: copy.deepcopy(rate[k]) for k in RATE_KEYS if rate.get(k) is not None}
