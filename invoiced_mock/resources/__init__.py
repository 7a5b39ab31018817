"""Every resource the mock serves, one module each. Importing a module declares (registers) it."""

from __future__ import annotations

import importlib

MODULES = (
    "customers",
    "contacts",
    "events",
    "items",
    "plans",
    "coupons",
    "tax_rates",
    "invoices",
    "credit_notes",
    "estimates",
    "notes",
    "files",
    "attachments",
    "emails",
    "letters",
    "text_messages",
    "payment_plans",
    "pending_line_items",
    "payment_sources",
    "credit_balance_adjustments",
    "payments",
    "charges",
    "tasks",
    "subscriptions",
    # configuration objects and webhooks
    "roles", "members", "custom_fields", "chasing_cadences", "invoice_chasing_cadences", "email_templates",
    "sms_templates", "pdf_templates", "themes", "sign_up_pages", "sign_up_page_addons", "tax_rules", "gl_accounts",
    "late_fee_schedules", "merchant_accounts", "payment_methods", "inboxes", "reports", "notifications",
    "webhook_attempts", "webhooks",
)


_loaded = False


def load_all() -> None:
    """Declare every resource; after the first call a flag check (``InvoicedMock()`` calls it every time)."""
    global _loaded
    if _loaded:
        return
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
    _loaded = True
