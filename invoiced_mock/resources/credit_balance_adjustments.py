"""Credit balance adjustments: credit granted to (or taken from) a customer by hand.

Every create, amount change and delete moves the customer's credit balance ledger
(``rules/credit_balance.py``) by the difference, so the balance always equals the sum of what is on file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from invoiced_mock.core.fields import Number, Ref, Str
from invoiced_mock.core.resource import METADATA, REGISTRY, TIMESTAMPS, Field, Resource, ts
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import credit_balance, settings
from invoiced_mock.store.business import Business, Record


class CreditBalanceAdjustments(Resource):
    object = "credit_balance_adjustment"
    path = "credit_balance_adjustments"
    label = "Credit Balance Adjustment"
    # A negative adjustment spends credit the customer must already have (stored state): draw grants only.
    drawn: ClassVar[dict[str, Any]] = {"amount": {"type": "number", "minimum": 0.01, "maximum": 100_000},
                                       "currency": {"enum": ["usd", "eur"]}}  # "" means "the customer's"
    indexed = ("customer",)
    request_rules = ({"properties": {"amount": {"not": {"const": 0}}}},)  # apply_rules below, as schema
    fields = (
        Field("customer", Ref(resource="customer"), required=True, create_only=True),
        Field("currency", Str(max_length=3, lower=True), create_only=True),
        Field("amount", Number(), required=True),
        ts("date"),
        Field("notes", Str()),
        METADATA,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            customer = REGISTRY["customer"].table(business).get(record["customer"]) or {}
            record["currency"] = record.get("currency") or customer.get("currency") or settings.currency(business)
            if record.get("date") is None:
                record["date"] = business.clock.now()
        if record["amount"] == 0:
            raise InvalidRequest("Amount cannot be zero", "amount")

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        delta = record["amount"] - (old["amount"] if old is not None else Decimal(0))
        if delta:
            credit_balance.change(business, record["customer"], record["currency"], delta,
                                  (self.object, record["id"]))

    def on_delete(self, business: Business, record: Record) -> None:
        credit_balance.change(business, record["customer"], record["currency"], -record["amount"],
                              (self.object, record["id"]))
