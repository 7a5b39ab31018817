"""Credit notes (§2.8, §3.7): balance after applications, credits and refunds; the legacy ``invoice`` link.

A credit note created (or issued) with ``invoice`` applies itself to that invoice at once, up to the
invoice's balance, through ``rules/documents.settle_invoice``. Other applications come from payments.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from invoiced_mock.core.fields import Number, Ref
from invoiced_mock.core.resource import REGISTRY, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.document import DRAWN_DOCUMENT, SETTLED, VOID, Document, document_fields
from invoiced_mock.resources.document_views import ACCOUNTING_SYNC, PDF, VIEW
from invoiced_mock.rules import attachments, sending, statuses
from invoiced_mock.rules.documents import settle_invoice
from invoiced_mock.rules.money import normalize
from invoiced_mock.store.business import Business, Record

# §2.8, what ``rules/statuses.credit_note_status`` answers.
STATUSES = ("draft", "open", "sent", "viewed", "paid", "closed", "voided")  # the reference shows "sent"
APPLIED = ("amount_applied_to_invoice", "amount_credited", "amount_refunded")


class CreditNotes(Document):
    object = "credit_note"
    event_verbs = ("viewed", "voided")
    path = "credit_notes"
    label = "Credit Note"
    number_format = "CN-%05d"
    drawn: ClassVar[dict[str, Any]] = {**DRAWN_DOCUMENT, "invoice": None}  # its currency must match the invoice
    request_rules = ({"anyOf": [{"required": ["customer"]}, {"required": ["invoice"]}]},)  # customer unless invoice
    fields = (
        *document_fields("Credit Note", STATUSES, customer_required=False),
        Field("invoice", Ref(resource="invoice"), create_only=True),
        *SETTLED,
        *(Field(name, Number(), default=Decimal(0), read_only=True, hidden=True) for name in APPLIED),
    )
    actions = (
        VOID,
        PDF,
        VIEW,
        ACCOUNTING_SYNC,
        sending.EMAILS,
        attachments.LIST,
        attachments.LIST_BY_POST,
    )

    def status(self, record: Record, now: int) -> str:
        return statuses.credit_note(record, now)

    def inherit(self, business: Business, record: Record) -> Record | None:
        """Customer and currency come from a legacy ``invoice`` when one is given, and must match it."""
        invoice = self.linked_invoice(business, record)
        if invoice is not None:
            if record.get("customer") is None:
                record["customer"] = invoice["customer"]
            elif record["customer"] != invoice["customer"]:
                raise InvalidRequest("The credit note customer must match the invoice customer.", "invoice")
            if record.get("currency") and record["currency"] != invoice.get("currency"):
                raise InvalidRequest("The credit note currency must match the invoice currency.", "currency")
            record["currency"] = invoice.get("currency")
        if record.get("customer") is None:
            raise InvalidRequest("Customer is missing", "customer")
        return super().inherit(business, record)

    def linked_invoice(self, business: Business, record: Record) -> Record | None:
        if record.get("invoice") is None:
            return None
        return REGISTRY["invoice"].table(business).get(record["invoice"])

    def settle(self, business: Business, record: Record, old: Record | None) -> None:
        """§3.7: balance = total − applied − credited − refunded (0 once voided); paid ones close."""
        issuing = old is None or old.get("draft")
        settling = old is not None and any(Decimal(record.get(k) or 0) != Decimal(old.get(k) or 0) for k in APPLIED)
        if issuing and not settling:  # a payment applying a draft note has already said where it goes
            self.apply_to_invoice(business, record)
        used = sum((Decimal(record.get(k) or 0) for k in APPLIED), Decimal(0))
        voided = bool(record.get("voided"))
        record["balance"] = Decimal(0) if voided else normalize(Decimal(record["total"]) - used,
                                                                 record.get("currency"))
        paid = not record.get("draft") and not voided and record["balance"] <= 0
        if paid:
            record["closed"] = True
        record["paid"] = paid
        super().settle(business, record, old)

    def apply_to_invoice(self, business: Business, record: Record) -> None:
        """The legacy path: on issue, credit the linked invoice with as much of the note as it can take."""
        invoice = self.linked_invoice(business, record)
        if invoice is None or record.get("draft") or record.get("voided") or invoice.get("voided"):
            return
        amount = min(Decimal(record["total"]), Decimal(invoice.get("balance") or 0))
        if amount <= 0:
            return
        settle_invoice(business, invoice["id"], credited=amount)
        record["amount_applied_to_invoice"] = Decimal(record.get("amount_applied_to_invoice") or 0) + amount

    def check_voidable(self, business: Business, record: Record) -> None:
        if any((record.get(k) or 0) > 0 for k in APPLIED):
            raise InvalidRequest("This credit note cannot be voided or deleted because it has been applied, "
                                 "credited or refunded.")
