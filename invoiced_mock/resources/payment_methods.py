"""Payment methods: the fixed set of ways a business accepts payment, each switched on or off.

The API has no create or delete: every business has one row per method, in the order payment screens
show them, seeded on first use (``seed``); callers only read and update them. Payment limits are in
minor units (``min`` < ``max`` ≤ 1,000,000,000); the convenience fee is in basis points (0 to 400, 4%).
"""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Int, Ref, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Setting, new_row
from invoiced_mock.store.business import Business, Record

METHODS = ("credit_card", "direct_debit", "bank_transfer", "online", "ach", "paypal", "check", "wire_transfer",
           "cash", "other", "affirm", "klarna")
MAX_LIMIT = 1_000_000_000  # the API's own message says 10000000; the check is against this


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
        Field("min", Int()),
        Field("max", Int()),
        Field("convenience_fee", Int(), default=0),
        *TIMESTAMPS,
    )

    def seed(self, business: Business) -> list[Record]:
        return [new_row(business, self, id=method) for method in METHODS]

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        low, high = record.get("min"), record.get("max")
        if low is not None and low < 0:
            raise InvalidRequest("Minimum cannot be less than 0.", "min")
        if high is not None and high < 0:
            raise InvalidRequest("Maximum cannot be less than 0.", "max")
        if high is not None and (low or 0) >= high:
            raise InvalidRequest("Minimum must be less than maximum.", "min")
        if high is not None and high > MAX_LIMIT:
            raise InvalidRequest("Maximum can be no more than 10000000.", "max")
        if not 0 <= record["convenience_fee"] <= 400:
            raise InvalidRequest("Convenience fee should be between 0 and 4%.", "convenience_fee")
