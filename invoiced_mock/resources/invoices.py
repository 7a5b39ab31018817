"""Invoices (§2.4): terms and due date, balance/paid/closed (§3.2), status (§3.3), the void lock.

Lines, rates, totals, locks and the shared actions come from ``document.py``; money lands on an invoice
only through ``rules/documents.settle_invoice`` (payments, credit notes).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from invoiced_mock.core import crud, events, schedule
from invoiced_mock.core.fields import Array, Bool, Int, Number, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, Action, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources import payment_plans
from invoiced_mock.resources.charges import collect, pay_invoice
from invoiced_mock.resources.document import SETTLED, VOID, Document, document_fields
from invoiced_mock.resources.document_views import ACCOUNTING_SYNC, CSV, PAYMENT_PAGE, PDF, VIEW
from invoiced_mock.resources.embedded import PAYMENT_SOURCE, SHIP_TO
from invoiced_mock.rules import attachments, autopay, dunning, sending, settings, statuses, terms, transitions
from invoiced_mock.rules import payment_plans as plan_rules
from invoiced_mock.rules.money import normalize
from invoiced_mock.store.business import Business, Record


def _hidden(name: str, kind: Any, default: Any = None) -> Field:
    return Field(name, kind, default=default, read_only=True, hidden=True)


# §3.3, what ``rules/statuses.invoice_status`` answers.
STATUSES = ("draft", "not_sent", "sent", "viewed", "past_due", "pending", "paid", "voided", "bad_debt")
# Statuses a payment plan's overdue installment turns into ``past_due`` (those after rule 7 of §3.3).
PLAN_OVERRIDES = ("viewed", "sent", "not_sent")
_ZERO = Decimal(0)


class Invoices(Document):
    object = "invoice"
    event_verbs = ("viewed", "voided", "paid")
    path = "invoices"
    label = "Invoice"
    differs = (
        "The API documents no AutoPay schedule, so the mock's is fixed: the first attempt an hour after issue"
        " (or the invoice's date plus the customer's `autopay_delay_days`, when later), retries 3, 5 and 7 "
        "days after a failure, none after the fourth.",
    )
    number_format = "INV-%05d"
    fields = (
        *document_fields("Invoice", STATUSES),
        Field("autopay", Bool()),
        Field("payment_terms", Str(max_length=255)),
        Field("due_date", Timestamp()),
        *SETTLED,
        Field("attempt_count", Int(), default=0, read_only=True),
        Field("next_payment_attempt", Timestamp()),
        Field("subscription", Int(), read_only=True),
        Field("payment_plan", Int(), read_only=True),
        Field("payment_url", Str(), read_only=True),
        Field("csv_url", Str(), read_only=True),
        Field("ship_to", SHIP_TO),
        Field("chase", Bool(), default=True),
        Field("needs_attention", Bool(), default=False),
        Field("late_fees", Bool(), default=True),
        Field("next_chase_on", Timestamp()),
        Field("payment_source", PAYMENT_SOURCE, read_only=True),
        Field("tags", Array(of=Str(max_length=255)), default=list),
        _hidden("amount_paid", Number(), Decimal(0)),
        _hidden("amount_credited", Number(), Decimal(0)),
        _hidden("amount_written_off", Number(), Decimal(0)),
        _hidden("date_paid", Timestamp()),
        _hidden("date_bad_debt", Timestamp()),
        Field("sent", Bool(), default=False, hidden=True),
        _hidden("viewed", Bool(), False),
        _hidden("consolidated", Bool(), False),
        _hidden("last_sent", Timestamp()),
        Field("disabled_payment_methods", Array(of=Str()), default=list, write_only=True),
    )
    actions = (
        VOID,
        PDF,
        VIEW,
        ACCOUNTING_SYNC,
        sending.EMAILS,
        sending.TEXT_MESSAGES,
        sending.LETTERS,
        attachments.LIST,
        attachments.LIST_BY_POST,
        payment_plans.PUT,
        payment_plans.POST,
        payment_plans.GET,
        payment_plans.DELETE,
        CSV,
        PAYMENT_PAGE,
        Action("pay", "POST", pay_invoice, params=()),
    )

    timed = ("past_due", "installment", "discount", "autopay", "late_fee")
    links = (*Document.links, ("payment_url", "payment"), ("csv_url", "csv"))

    def status(self, record: Record, now: int) -> str:
        return statuses.invoice(record, now)

    def timeline(self, business: Business, record: Record) -> dict[str, int | None]:
        """What time does to an issued, unpaid invoice: its due date passes, an installment or early discount
        falls due, AutoPay tries to collect. A change already written (``updated_at`` past it) is not due again.
        A closed invoice still falls past due, as its status does (§3.3: only bad debt goes before past due),
        but takes no edit: no discount expires, AutoPay and late fees leave it alone (their rules say so)."""
        if record.get("draft") or record.get("voided") or record.get("paid") or (
                record.get("closed") and record.get("date_bad_debt")):
            return {}
        written = record["updated_at"]
        due = record.get("due_date")
        return {
            "past_due": due + 1 if due is not None and due + 1 > written else None,
            "installment": plan_rules.next_installment(business, record, written),
            "discount": None if record.get("closed") else min(
                (d["expires"] + 1 for d in record.get("discounts") or []
                 if d.get("expires") is not None and d["expires"] + 1 > written), default=None),
            "autopay": record.get("next_payment_attempt") if autopay.collectable(record) else None,
            "late_fee": dunning.next_late_fee(business, record),
        }

    def when_due(self, business: Business, record: Record, kind: str, instant: int) -> None:
        if kind == "autopay":
            collect(business, record)
            return
        if kind == "late_fee":
            dunning.add_late_fee(business, record)
            return
        if kind == "discount":  # an early-payment discount has expired: the invoice is priced without it
            kept = [d for d in record.get("discounts") or [] if d.get("expires") is None or d["expires"] >= instant]
            crud.update(business, self, record, {"discounts": kept})
            return
        transitions.touch(business, self, record, instant)  # fell past due (or an installment did)

    def shown_status(self, business: Business, record: Record, now: int) -> str:
        status = self.status(record, now)
        if status in PLAN_OVERRIDES and plan_rules.installment_past_due(business, record, now):
            return "past_due"  # §3.3 rule 7: an overdue installment of the payment plan
        return status

    def inherit(self, business: Business, record: Record) -> Record | None:
        """Currency, AutoPay and payment terms from the customer, else from the company's settings (§3.4)."""
        found = super().inherit(business, record)
        customer = found or {}
        if record.get("autopay") is None:
            record["autopay"] = bool(customer.get("autopay"))
        if record.get("autopay") and not record.get("payment_terms"):
            record["payment_terms"] = terms.AUTOPAY
        if not record.get("payment_terms") and record.get("due_date") is None:
            record["payment_terms"] = customer.get("payment_terms") or settings.payment_terms(business)
        return found

    def schedule(self, business: Business, record: Record, old: Record | None) -> None:
        """The due date follows date + terms unless given; a PATCH of date or terms alone recomputes it."""
        if old is None:
            if record.get("due_date") is None:
                record["due_date"] = terms.due_date(business, record["date"], record.get("payment_terms"))
            return
        moved = record["date"] != old.get("date") or record.get("payment_terms") != old.get("payment_terms")
        if moved and record.get("due_date") == old.get("due_date"):
            record["due_date"] = terms.due_date(business, record["date"], record.get("payment_terms"))

    def price(self, business: Business, record: Record, old: Record | None) -> None:
        """As every document; while a payment plan is attached the total may not move (§3.2)."""
        super().price(business, record, old)
        if old is not None and old.get("payment_plan") and record["total"] != old.get("total"):
            raise InvalidRequest("The total cannot change while the invoice has a payment plan.", "total")

    def settle(self, business: Business, record: Record, old: Record | None) -> None:
        """§3.2: balance = total − paid − credited (0 once voided); paid closes; unpaid re-opens."""
        currency = record.get("currency")
        applied = max(_ZERO, Decimal(record.get("amount_paid") or 0)) + max(
            _ZERO, Decimal(record.get("amount_credited") or 0))
        voided = bool(record.get("voided"))
        record["balance"] = _ZERO if voided else normalize(Decimal(record["total"]) - applied, currency)
        was_paid = bool(old and old.get("paid"))
        issued = not record.get("draft") and not voided
        paid = issued and record["balance"] <= 0 and (old is not None or not record.get("closed"))
        record["paid"] = paid
        now = business.clock.now()
        if paid and not was_paid:
            record["closed"] = True
            record["date_paid"] = record.get("date_paid") or now
        elif was_paid and not paid:
            record["closed"] = False
            record["date_paid"] = None
        customer = (self.customer_of(business, record) or {}) if record.get("autopay") else {}  # only AutoPay asks
        autopay.plan(record, old, customer, now)
        super().settle(business, record, old)

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None and record.get("paid") and not old.get("paid"):
            events.emit(business, "invoice.paid", self, record)
        customer = self.customer_of(business, record)
        if customer is not None:  # its chasing follows its oldest open invoice
            schedule.plan(business, REGISTRY["customer"], customer)
        if record.get("subscription") is not None:  # past due or paid: the subscription's status may follow
            REGISTRY["subscription"].refresh_status(business, record["subscription"])  # type: ignore[attr-defined]

    def after_created(self, business: Business, record: Record) -> None:
        if record.get("paid"):  # a zero invoice is paid at birth: invoice.created, then invoice.paid
            events.emit(business, "invoice.paid", self, record)

    def check_voidable(self, business: Business, record: Record) -> None:
        if (record.get("amount_paid") or 0) > 0 or (record.get("amount_credited") or 0) > 0:
            raise InvalidRequest("This invoice cannot be voided or deleted because payments or credit notes "
                                 "have been applied to it.")
        if record.get("status") == "pending":
            raise InvalidRequest("This invoice cannot be voided or deleted because it has a pending payment.")
