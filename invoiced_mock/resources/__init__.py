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
    "tasks",
    # configuration objects and webhooks
    "roles", "members", "custom_fields", "chasing_cadences", "invoice_chasing_cadences", "email_templates",
    "sms_templates", "pdf_templates", "themes", "sign_up_pages", "sign_up_page_addons", "tax_rules", "gl_accounts",
    "late_fee_schedules", "merchant_accounts", "payment_methods", "inboxes", "reports", "notifications",
    "webhook_attempts", "webhooks",
)


def load_all() -> None:
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}")
