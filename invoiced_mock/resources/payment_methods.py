"""Payment methods: the fixed set of ways a business accepts payment, each switched on or off.

The API has no create or delete: every business has one row per method, in the order payment screens
show them, seeded on first use (``seed``); callers only read and update them.
"""

from __future__ import annotations

from ..core.fields import Bool, Int, Ref, Str
from ..core.resource import TIMESTAMPS, Field
from ..rules.settings import Setting, new_row
from ..store import Business, Record

METHODS = ("credit_card", "direct_debit", "bank_transfer", "online", "ach", "paypal", "check", "wire_transfer",
           "cash", "other", "affirm", "klarna")


class PaymentMethods(Setting):
    object = "payment_method"
    path = "payment_methods"
    label = "Payment Method"
    string_ids = True
    operations = frozenset({"list", "retrieve", "update"})
    fields = (
        Field("name", Str(max_length=255)),
        Field("enabled", Bool(), default=False),
        Field("order", Int(), default=0),
        Field("meta", Str()),
        Field("gateway", Str(max_length=255)),
        Field("merchant_account", Ref(resource="merchant_account")),
        Field("min", Int(minimum=0)),
        Field("max", Int(minimum=0)),
        Field("convenience_fee", Int(minimum=0), default=0),
        *TIMESTAMPS,
    )

    def seed(self, business: Business) -> list[Record]:
        return [new_row(business, self, id=method) for method in METHODS]

