"""Roles: named permission sets members are given. Every business starts with ``administrator``.

The id is the caller's (letters, digits, ``_``, ``-``) or generated when none is given.
"""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Str
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Setting, new_row, slug_id, slug_id_rule
from invoiced_mock.store.business import Business, Record

PERMISSIONS = (
    "business_admin", "business_billing", "catalog_edit", "charges_create",
    "credit_notes_create", "credit_notes_delete", "credit_notes_edit", "credit_notes_issue", "credit_notes_void",
    "credits_apply", "credits_create", "customers_create", "customers_delete", "customers_edit", "emails_send",
    "estimates_create", "estimates_delete", "estimates_edit", "estimates_issue", "estimates_void",
    "imports_create", "invoices_create", "invoices_delete", "invoices_edit", "invoices_issue", "invoices_void",
    "letters_send", "payments_create", "payments_delete", "payments_edit", "refunds_create", "reports_create",
    "settings_edit", "text_messages_send", "comments_create", "notes_create", "notes_edit", "notes_delete",
    "subscriptions_create", "subscriptions_edit", "subscriptions_delete", "tasks_create", "tasks_edit",
    "tasks_delete", "notifications_edit", "bills_create", "bills_edit", "bills_delete",
    "vendor_payments_create", "vendor_payments_edit", "vendor_payments_delete",
    "vendors_create", "vendors_edit", "vendors_delete",
)
ADMINISTRATOR = "administrator"


class Roles(Setting):
    object = "role"
    path = "roles"
    label = "Role"
    string_ids = True
    request_rules = (slug_id_rule(),)
    fields = (
        slug_id(required=False),
        Field("name", Str(max_length=255), required=True),
        *(Field(name, Bool(), default=False) for name in PERMISSIONS),
        *TIMESTAMPS,
    )

    def seed(self, business: Business) -> list[Record]:
        grants = dict.fromkeys(PERMISSIONS, True)
        return [new_row(business, self, id=ADMINISTRATOR, name="Administrator", **grants)]

    def check_delete(self, business: Business, record: Record) -> None:
        if REGISTRY["member"].table(business).where("role", record["id"]):
            raise InvalidRequest("This role cannot be deleted because members are assigned to it.")
