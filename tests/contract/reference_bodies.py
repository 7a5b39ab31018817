"""Bodies shaped like the API reference's examples (GitHub ``Invoiced/api``, folder ``data/``), written here.

The reference ships one JSON example per object and per call. Each entry of :data:`EXAMPLES` names one of
those files and holds a body of our own that carries every attribute of that example with the same value
types (a null where it has a null, a float where it has a float, the same nesting); only the values are
ours. Where an example leaves out ``object`` (tasks, letters, text messages, a payment's charge) it is put
back: the API always sends it. The test suite validates each body against its shipped schema.
"""

from __future__ import annotations

import copy
from typing import Any

Body = dict[str, Any]
T0 = 1_700_000_000  # 2023-11-14 22:13:20 UTC
STAMPS = {"created_at": T0, "updated_at": T0 + 60}


def _with(base: Body, **changes: Any) -> Body:
    return {**copy.deepcopy(base), **changes}


def _without(base: Body, *names: str) -> Body:
    return {k: copy.deepcopy(v) for k, v in base.items() if k not in names}


FILE = {"id": 31, "object": "file", "name": "signed-contract.pdf", "size": 48211, "type": "application/pdf",
        "url": "https://files.example.test/signed-contract.pdf", **STAMPS}
ATTACHMENT = {"id": 31, "object": "attachment", "file": FILE, **STAMPS}

CARD = {"id": 77, "object": "card", "brand": "Mastercard", "last4": "4444", "exp_month": 11, "exp_year": 27,
        "funding": "debit", "updated_at": T0}
BANK_ACCOUNT = {"id": 78, "object": "bank_account", "bank_name": "First Example Bank", "last4": "6789",
                "routing_number": "021000021", "verified": False, "updated_at": T0, "currency": "usd"}
CHARGED_CARD = {"id": 79, "object": "card", "brand": "Visa", "chargeable": True, "exp_month": 3, "exp_year": 2029,
                "failure_reason": None, "funding": "credit", "gateway": None, "gateway_customer": None,
                "gateway_id": None, "last4": "1881", "merchant_account": 12, "receipt_email": None, **STAMPS}

CUSTOMER = {
    "id": 501, "object": "customer", "number": "CUST-00501", "name": "Globex Corporation",
    "email": "ap@globex.test", "autopay": False, "payment_terms": "NET 15", "payment_source": None, "taxes": [],
    "type": "company", "attention_to": None, "address1": None, "address2": None, "city": None, "state": None,
    "postal_code": None, "country": "CA", "language": None, "currency": None, "tax_id": None, "phone": None,
    "notes": None, "sign_up_page": None, "sign_up_url": None,
    "statement_pdf_url": "https://globex.example.test/statements/t0k3n/pdf", **STAMPS, "metadata": {},
    "autopay_delay_days": None, "avalara_entity_use_code": None, "avalara_exemption_number": None, "chase": True,
    "chasing_cadence": None, "next_chase_step": None, "credit_hold": False, "credit_limit": None, "owner": None,
    "parent_customer": None, "taxable": True, "ach_gateway": None, "cc_gateway": None,
}
CUSTOMER_WITH_CARD = _with(CUSTOMER, autopay=True, payment_terms=None,
                           payment_source=_without(CARD, "updated_at"),
                           metadata={"region": "north", "segment": "enterprise"})
CUSTOMER_WITH_ADDRESS = _with(CUSTOMER, attention_to="Hank Scorpio", address1="1 Cypress Creek Rd", city="Springfield",
                              state="OR", postal_code="97477", tax_id="98-7654321", phone="+1 541 555 0100")
# as an expanded invoice's customer shows in the events example: the backend's extra attributes, no language etc.
EVENT_CUSTOMER = {
    **{k: CUSTOMER[k] for k in ("address1", "address2", "attention_to", "avalara_entity_use_code",
                                "avalara_exemption_number", "city", "country", "credit_hold", "credit_limit", "id",
                                "language", "name", "notes", "number", "owner", "parent_customer", "payment_terms",
                                "phone", "postal_code", "state", "tax_id", "taxable", "taxes", "type", "object",
                                "statement_pdf_url", "metadata", "ach_gateway", "cc_gateway")},
    "payment_terms": None, "autopay": True, "autopay_delay_days": 3, "bill_to_parent": False, "chase": True,
    "chasing_cadence": 4,
    "consolidated": False, **STAMPS, "currency": "usd", "email": "ap@globex.test", "next_chase_step": 9,
    "sign_up_url": "https://globex.example.test/sign_up/abc", "sign_up_page": 2,
    "payment_source": _with(CHARGED_CARD, gateway="stripe", gateway_id="card_1Abc"),
}

CONTACT = {"id": 61, "object": "contact", "name": "Lisa Example", "title": None, "email": "lisa@globex.test",
           "phone": None, "primary": False, "sms_enabled": None, "department": None, "address1": None,
           "address2": None, "city": None, "state": None, "postal_code": None, "country": None, **STAMPS}

LINE = {"id": 91, "object": "line_item", "catalog_item": None, "type": "service", "name": "Consulting hours",
        "description": None, "quantity": 12, "unit_cost": 150, "amount": 1800, "discountable": True, "discounts": [],
        "taxable": False, "taxes": [], "metadata": {}}
TAX = {"id": 92, "object": "tax", "amount": 99.45, "tax_rate": None}
DOCUMENT = {"items": [LINE], "notes": None, "subtotal": 1800, "discounts": [], "taxes": [TAX], "total": 1899.45}

INVOICE = {
    "id": 4101, "object": "invoice", "customer": 501, "ship_to": None, "name": None, "currency": "cad",
    "draft": False, "closed": False, "paid": False, "status": "not_sent", "autopay": False, "attempt_count": 0,
    "next_payment_attempt": None, "subscription": None, "number": "INV-04101", "date": T0, "due_date": T0 + 1_296_000,
    "payment_terms": "NET 15", "purchase_order": None, **DOCUMENT, "balance": 1899.45,
    "url": "https://globex.example.test/invoices/v13w", "payment_url": "https://globex.example.test/invoices/v13w/pay",
    "pdf_url": "https://globex.example.test/invoices/v13w/pdf", **STAMPS, "metadata": {}, "payment_plan": None,
}
CREDIT_NOTE = {
    "id": 4201, "object": "credit_note", "customer": 501, "name": None, "currency": "cad", "draft": False,
    "closed": False, "paid": False, "status": "open", "number": "CN-04201", "date": T0, "purchase_order": None,
    **DOCUMENT, "balance": 1899.45, "url": "https://globex.example.test/credit_notes/c7n",
    "pdf_url": "https://globex.example.test/credit_notes/c7n/pdf", **STAMPS, "metadata": {},
}
ESTIMATE = {
    "id": 4301, "object": "estimate", "customer": 501, "ship_to": None, "invoice": None, "name": None,
    "currency": "cad", "draft": False, "closed": False, "status": "not_sent", "number": "EST-04301", "date": T0,
    "payment_terms": "NET 15", "purchase_order": None, **DOCUMENT, "deposit": 0, "deposit_paid": False,
    "url": "https://globex.example.test/estimates/e5t", "pdf_url": "https://globex.example.test/estimates/e5t/pdf",
    **STAMPS, "metadata": {}, "approved": None, "expiration_date": None,
}
# the update and void examples name the document and drop a few nulls
INVOICE_NAMED = _with(INVOICE, name="Q3 consulting", status="sent", notes="Thank you for your business.")
CREDIT_NOTE_NAMED = _with(CREDIT_NOTE, name="Q3 refund", status="sent", notes="Returned two licences.")
ESTIMATE_APPROVED = _with(ESTIMATE, name="Q3 proposal", status="sent", approved=True, notes="Valid 30 days.")
# pending lines billed: no ship_to, no purchase order
TRIGGERED = _without(INVOICE, "ship_to", "purchase_order", "payment_plan")

CHARGE = {"id": 8801, "object": "charge", "amount": 250, "amount_refunded": 0, **STAMPS, "currency": "usd",
          "customer": 501, "disputed": False, "failure_message": None, "gateway": "test", "gateway_id": "ch_9f2d1",
          "receipt_email": None, "refunded": False, "status": "succeeded", "payment_source": CHARGED_CARD,
          "refunds": []}
PAYMENT = {"id": 7701, "object": "payment", "amount": 250, "balance": 250, **STAMPS, "charge": None,
           "currency": "usd", "customer": None, "date": T0, "matched": True, "method": "wire_transfer",
           "notes": None, "reference": None, "ach_sender_id": None, "source": "bank_feed", "voided": False,
           "pdf_url": "https://globex.example.test/payments/p4y/pdf"}
CHARGED_PAYMENT = _with(PAYMENT, charge=CHARGE, customer=501, matched=None, method="credit_card",
                        reference="ch_9f2d1", source="api", balance=0)
REFUND = {"id": 9901, "object": "refund", "amount": 50, **STAMPS, "currency": "usd", "failure_message": None,
          "gateway": "test", "gateway_id": "re_9f2d1", "status": "succeeded", "charge": 8801}

EMAIL = {"id": "3c1f0e5a9b7d4c2e8f6a1b3c5d7e9f01", "object": "email", "state": "sent", "reject_reason": None,
         "email": "ap@globex.test", "template": "new_invoice_email", "subject": "Invoice INV-04101 from Initech",
         "message": "Hello, your invoice is attached.", "opens": 0, "opens_detail": [], **STAMPS}
LETTER = {"id": "7d2a4b6c8e0f1a3b5c7d9e1f2a4b6c8d", "object": "letter", **STAMPS,
          "expected_delivery_date": T0 + 432_000, "num_pages": 2, "state": "queued",
          "to": "Globex Corporation\n1 Cypress Creek Rd\nSpringfield, OR 97477"}
TEXT_MESSAGE = {"id": "0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d", "object": "text_message", **STAMPS,
                "message": "Initech: you have a new invoice https://globex.example.test/invoices/v13w",
                "state": "sent", "to": "+15415550100"}

ITEM = {"id": "consulting", "object": "item", "name": "Consulting", "currency": "usd", "unit_cost": 150,
        "description": None, "type": "service", "taxes": [], "gl_account": None, "discountable": True,
        "taxable": True, "avalara_tax_code": None, "avalara_location_code": None, **STAMPS, "metadata": {}}
PLAN = {"id": "pro-monthly", "object": "plan", "name": "Pro", "currency": "usd", "amount": 99, "interval": "month",
        "interval_count": 1, "catalog_item": "pro-seat", **STAMPS, "metadata": {}, "pricing_mode": "per_unit",
        "quantity_type": "constant", "tiers": None}
COUPON = {"id": "WELCOME10", "object": "coupon", "name": "Welcome", "currency": None, "value": 10,
          "is_percent": True, **STAMPS, "metadata": {}, "exclusive": False, "expiration_date": None,
          "max_redemptions": 0}
TAX_RATE = {"id": "gst", "object": "tax_rate", "name": "GST", "currency": None, "value": 5, "is_percent": True,
            **STAMPS, "metadata": {}, "inclusive": False}
CREDIT_BALANCE_ADJUSTMENT = {"id": 331, "object": "credit_balance_adjustment", "amount": 75, "created_at": T0,
                             "currency": "usd", "customer": 501, "date": T0, "notes": None}

ADDON = {"id": 12, "object": "subscription_addon", "plan": "extra-storage", "quantity": 3,
         "description": "Extra storage", **STAMPS}
SUBSCRIPTION = {
    "id": 601, "object": "subscription", "customer": 501, "ship_to": None, "plan": "pro-monthly", "cycles": None,
    "quantity": 1, "start_date": T0, "period_start": T0, "period_end": T0 + 2_592_000, "cancel_at_period_end": False,
    "canceled_at": None, "status": "active", "addons": [ADDON], "discounts": [], "taxes": [], "recurring_total": 129,
    "mrr": 129, "url": "https://globex.example.test/subscriptions/s8b", **STAMPS, "metadata": {}, "bill_in": "advance",
    "bill_in_advance_days": 0, "contract_period_end": T0 + 31_536_000, "contract_period_start": T0,
    "contract_renewal_cycles": None, "contract_renewal_mode": "none", "paused": False,
}
SUBSCRIPTION_STARTING = _with(SUBSCRIPTION, period_start=None)
SUBSCRIPTION_CANCELED = _with(SUBSCRIPTION, period_start=None, period_end=None, canceled_at=T0 + 86_400,
                              status="canceled")
PREVIEW_LINE = {"id": None, "object": "line_item", "amount": 99, "catalog_item": None, "created_at": None,
                "updated_at": None, "description": "", "discountable": True, "name": "Pro", "plan": "pro-monthly",
                "quantity": 1, "taxable": True, "type": "plan", "unit_cost": 99, "metadata": {}, "discounts": [],
                "taxes": []}
PREVIEW = {"first_invoice": {
    "id": None, "object": "invoice", "attempt_count": None, "autopay": None, "balance": 99, "closed": False,
    "created_at": None, "updated_at": None, "currency": "usd", "customer": -1, "ship_to": None, "date": T0,
    "draft": True, "due_date": None, "name": "Pro", "next_payment_attempt": None, "notes": None, "number": None,
    "paid": False, "payment_plan": None, "payment_terms": None, "status": "draft", "subscription": None,
    "subtotal": 99, "total": 99, "url": None, "pdf_url": None, "csv_url": None, "payment_url": None,
    "payment_source": None, "metadata": {}, "items": [PREVIEW_LINE], "discounts": [], "taxes": [], "shipping": [],
}, "recurring_total": 99, "mrr": 99}

PENDING_LINE = {"id": 95, "object": "line_item", "customer": 501, "catalog_item": "consulting", "type": "service",
                "name": "Consulting", "description": None, "quantity": 4, "unit_cost": 150, "amount": 600,
                "discountable": True, "discounts": [], "taxable": True, "taxes": [], "updated_at": T0, "metadata": {}}

USER = {**STAMPS, "email": "jan@initech.test", "first_name": "Jan", "id": 88, "last_name": "Levinson",
        "two_factor_enabled": False, "registered": True}
NOTE = {**STAMPS, "customer": 501, "id": 71, "invoice": None, "notes": "Promised payment by Friday.",
        "object": "note", "user": USER}
TASK = {"id": 81, "object": "task", "action": "email", "chase_step_id": None, "complete": False,
        "completed_by_user_id": None, "completed_date": None, **STAMPS, "customer_id": 501, "due_date": T0 + 86_400,
        "name": "Send a reminder", "user_id": 88}
PAYMENT_PLAN = {"id": 51, "object": "payment_plan", "status": "active",
                "installments": [{"id": 1, "date": T0, "amount": 600, "balance": 600},
                                 {"id": 2, "date": T0 + 2_592_000, "amount": 600, "balance": 600}],
                "approval": {"id": 5, "ip": "203.0.113.7", "timestamp": T0, "user_agent": "Mozilla/5.0"}, **STAMPS}
EVENT = {
    "id": 1201, "type": "invoice.paid", "timestamp": T0,
    "data": {"object": _with(_without(INVOICE, "ship_to", "purchase_order", "payment_plan"),
                             customer=EVENT_CUSTOMER, autopay=True)},
    "previous": {"attempt_count": 0, "balance": 1899, "closed": False, "next_payment_attempt": T0, "paid": False,
                 "status": "not_sent"},
    "user": {"updated_at": None, "created_at": None, "email": None, "first_name": None, "id": -2,
             "last_name": None, "two_factor_enabled": False, "registered": True},
    "object": "event",
}
BALANCE = {"available_credits": 75, "currency": "usd",
           "history": [{"timestamp": T0 + 60, "currency": "usd", "balance": 75},
                       {"timestamp": T0, "currency": "usd", "balance": 100}],
           "past_due": False, "total_outstanding": 1200, "due_now": 0}

# reference file (under data/) → (schema, body)
EXAMPLES: dict[str, tuple[str, Body]] = {
    "charges/object": ("charge", CHARGE),
    "contacts/_update": ("contact", _with(CONTACT, address1="1 Cypress Creek Rd", city="Springfield", state="OR",
                                          postal_code="97477")),
    "contacts/object": ("contact", CONTACT),
    "coupons/_update": ("coupon", _with(COUPON, name="Welcome back")),
    "coupons/object": ("coupon", COUPON),
    "credit_balance_adjustments/_update": ("credit_balance_adjustment", CREDIT_BALANCE_ADJUSTMENT),
    "credit_balance_adjustments/object": ("credit_balance_adjustment", CREDIT_BALANCE_ADJUSTMENT),
    "credit_notes/_update": ("credit_note", CREDIT_NOTE_NAMED),
    "credit_notes/create": ("credit_note", CREDIT_NOTE),
    "credit_notes/list_all": ("credit_note", CREDIT_NOTE),
    "credit_notes/list_attachments": ("attachment", ATTACHMENT),
    "credit_notes/object": ("credit_note", CREDIT_NOTE),
    "credit_notes/retrieve": ("credit_note", CREDIT_NOTE),
    "credit_notes/voided": ("credit_note", _with(CREDIT_NOTE_NAMED, status="voided")),
    "customers/balance": ("customer_balance", BALANCE),
    "customers/create": ("customer", CUSTOMER),
    "customers/object": ("customer", CUSTOMER_WITH_CARD),
    "customers/retrieve": ("customer", CUSTOMER_WITH_ADDRESS),
    "emails/credit_note": ("email", _with(EMAIL, template="credit_note_email", subject="Credit note CN-04201")),
    "emails/estimate": ("email", _with(EMAIL, template="estimate_email", subject="Estimate EST-04301")),
    "emails/invoice": ("email", EMAIL),
    "emails/receipt": ("email", _with(EMAIL, template="payment_receipt_email", subject="Payment received")),
    "emails/statement": ("email", _with(EMAIL, template="statement_email", subject="Your statement")),
    "estimates/_update": ("estimate", ESTIMATE_APPROVED),
    "estimates/create": ("estimate", ESTIMATE),
    "estimates/generate_invoice": ("invoice", INVOICE),
    "estimates/list_all": ("estimate", ESTIMATE),
    "estimates/list_attachments": ("attachment", ATTACHMENT),
    "estimates/object": ("estimate", ESTIMATE),
    "estimates/retrieve": ("estimate", ESTIMATE),
    "estimates/voided": ("estimate", _with(ESTIMATE_APPROVED, status="voided", approved=False)),
    "events/list_all": ("event", EVENT),
    "events/object": ("event", EVENT),
    "events/retrieve": ("event", EVENT),
    "files/object": ("file", FILE),
    "invoicing/discounts/object": ("discount", {"id": 93, "object": "discount", "amount": 10, "coupon": None,
                                                "expires": None}),
    "invoicing/invoices/_update": ("invoice", INVOICE_NAMED),
    "invoicing/invoices/consolidated": ("invoice", _with(INVOICE, name="Consolidated Invoice")),
    "invoicing/invoices/list_attachments": ("attachment", ATTACHMENT),
    "invoicing/invoices/object": ("invoice", INVOICE),
    "invoicing/invoices/pay": ("invoice", _with(INVOICE, paid=True, status="paid", autopay=True, attempt_count=1,
                                                due_date=None, payment_terms="AutoPay", balance=0.0)),
    "invoicing/invoices/voided": ("invoice", _with(INVOICE_NAMED, status="voided")),
    "invoicing/line_items/object": ("line_item", _with(LINE, catalog_item="consulting", updated_at=T0)),
    "invoicing/shipping/object": ("ship_to", {"name": "Globex Warehouse", "attention_to": None,
                                              "address1": "9 Dock St", "address2": None, "city": "Portland",
                                              "state": "OR", "postal_code": "97201", "country": "US",
                                              "updated_at": T0}),
    "invoicing/taxes/object": ("tax", _with(TAX, updated_at=T0)),
    "items/_update": ("item", _with(ITEM, type="product")),
    "items/object": ("item", ITEM),
    "letters/invoice": ("letter", LETTER),
    "letters/statement": ("letter", _with(LETTER, num_pages=3)),
    "notes/_update": ("note", _with(NOTE, notes="Paid by cheque on Thursday.")),
    "notes/create": ("note", NOTE),
    "payment_plans/object": ("payment_plan", PAYMENT_PLAN),
    "payments/_update": ("payment", _with(PAYMENT, method="check", notes="Cheque 1042", reference="1042",
                                          source="keyed")),
    "payments/charge": ("payment", CHARGED_PAYMENT),
    "payments/create": ("payment", PAYMENT),
    "payments/object": ("payment", PAYMENT),
    "payments/void": ("payment", _with(PAYMENT, voided=True)),
    "pending_line_items/_update": ("line_item", _with(PENDING_LINE, quantity=6, amount=900)),
    "pending_line_items/object": ("line_item", PENDING_LINE),
    "pending_line_items/trigger": ("invoice", TRIGGERED),
    "plans/_update": ("plan", _with(PLAN, name="Pro (2024)")),
    "plans/object": ("plan", PLAN),
    "refunds/create": ("refund", REFUND),
    "refunds/object": ("refund", REFUND),
    "sources/bank_accounts/object": ("bank_account", BANK_ACCOUNT),
    "sources/cards/object": ("card", CARD),
    "subscriptions/_preview": ("subscription_preview", PREVIEW),
    "subscriptions/_update": ("subscription", _with(SUBSCRIPTION, plan="pro-yearly")),
    "subscriptions/addon_object": ("subscription_addon", ADDON),
    "subscriptions/cancel": ("subscription", SUBSCRIPTION_CANCELED),
    "subscriptions/create": ("subscription", SUBSCRIPTION_STARTING),
    "subscriptions/object": ("subscription", SUBSCRIPTION),
    "tasks/_update": ("task", _with(TASK, due_date=T0 + 172_800)),
    "tasks/object": ("task", TASK),
    "tax_rates/_update": ("tax_rate", _with(TAX_RATE, name="HST")),
    "tax_rates/object": ("tax_rate", TAX_RATE),
    "text_messages/invoice": ("text_message", TEXT_MESSAGE),
    "text_messages/statement": ("text_message", _with(TEXT_MESSAGE, message="Initech: your statement is ready")),
}
