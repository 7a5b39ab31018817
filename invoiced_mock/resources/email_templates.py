"""Email templates: subject, body and sending options per document type.

A template with a standard id (``new_invoice_email``...) gets that template's name, type and default
options; any other template gets its type's default options. Options sent by the caller override the
defaults one by one. Without an ``id``, one is generated.
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.core.fields import Object, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Setting, language, slug_id, slug_id_rule, template_engine
from invoiced_mock.store.business import Business, Record

TYPES = ("invoice", "credit_note", "payment_plan", "estimate", "subscription", "transaction", "statement", "chasing")
_PDF = {"attach_pdf": True}
_FILES = {"attach_pdf": True, "attach_secondary_files": False}
# Options every template of a type starts with.
TYPE_OPTIONS: dict[str, dict[str, Any]] = {
    "chasing": {"button_text": "Pay Now", **_PDF},
    "invoice": {"button_text": "View Invoice", **_FILES},
    "credit_note": {"button_text": "View Credit Note", **_FILES},
    "payment_plan": {"button_text": "Setup Payment Plan"},
    "estimate": {"button_text": "View Estimate", "attach_pdf": False, "attach_secondary_files": False},
    "subscription": {"button_text": "Manage Subscription"},
    "transaction": {**_PDF},
    "statement": {"button_text": "View Statement", **_PDF},
}
# The standard templates: id → (name, type, default options).
STANDARD: dict[str, tuple[str, str, dict[str, Any]]] = {
    "new_invoice_email": ("New Invoice", "invoice", {
        "send_on_subscription_invoice": True, "send_on_issue": False, "button_text": "View Invoice",
        "send_reminder_every_days": 0, **_FILES}),
    "unpaid_invoice_email": ("Invoice Reminder", "invoice", {"button_text": "View Invoice", **_FILES}),
    "late_payment_reminder_email": ("Past Due Invoice", "invoice", {"button_text": "View Invoice", **_FILES}),
    "paid_invoice_email": ("Thank You", "invoice", {"button_text": "", **_FILES, "send_on_paid": False}),
    "payment_plan_onboard_email": ("Payment Plan", "payment_plan", {
        "button_text": "Setup Payment Plan", "send_reminder_every_days": 0, "send_on_issue": False}),
    "auto_payment_failed_email": ("Failed AutoPay Attempt", "invoice", {
        "button_text": "Update Payment Info", "send_on_charge": True}),
    "payment_receipt_email": ("Payment Receipt", "transaction", {**_PDF, "send_on_charge": True}),
    "refund_email": ("Refund", "transaction", {**_PDF, "send_on_charge": True}),
    "statement_email": ("Statement", "statement", {"button_text": "View Statement", **_PDF}),
    "estimate_email": ("Estimate", "estimate", {
        "button_text": "View Estimate", "attach_pdf": False, "attach_secondary_files": False,
        "send_reminder_every_days": 0, "send_on_issue": False}),
    "credit_note_email": ("Credit Note", "credit_note", {
        "button_text": "View Credit Note", **_FILES, "send_on_issue": False}),
    "subscription_confirmation_email": ("Subscription Confirmation", "subscription", {
        "send_on_subscribe": False, "button_text": "Manage Subscription"}),
    "subscription_canceled_email": ("Subscription Canceled", "subscription", {"send_on_cancellation": False}),
    "subscription_renews_soon_email": ("Subscription Billed Soon", "subscription", {
        "button_text": "Manage Subscription", "days_before_renewal": 0}),
}


class EmailTemplates(Setting):
    object = "email_template"
    path = "email_templates"
    label = "Email Template"
    string_ids = True
    request_rules = (  # apply_rules below, as schema: only a standard template brings its own name and type
        slug_id_rule(),
        {"if": {"not": {"required": ["id"], "properties": {"id": {"enum": list(STANDARD)}}}},
         "then": {"required": ["name", "type"], "properties": {"name": {"minLength": 1}}}},
    )
    fields = (
        slug_id(required=False),
        Field("name", Str(max_length=255)),
        Field("type", Str(choices=TYPES)),
        language(),
        Field("subject", Str(), required=True),
        Field("body", Str(), required=True),
        template_engine(),
        Field("options", Object(), default=dict),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        standard = STANDARD.get(record["id"])
        if standard is not None:
            name, record["type"], defaults = standard  # a standard template's type is fixed
            record["name"] = record.get("name") or name
        for param in ("name", "type"):
            if not record.get(param):
                raise InvalidRequest(f"{param.capitalize()} is missing", param)
        defaults = standard[2] if standard is not None else TYPE_OPTIONS[record["type"]]
        record["options"] = {**defaults, **record["options"]}
