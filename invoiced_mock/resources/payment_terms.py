"""Payment terms (backend ``ListPaymentTermsRoute`` and its create, retrieve, edit and delete routes):
``GET|POST /payment_terms``, ``GET|PATCH|DELETE /payment_terms/:id``.

Named terms: ``due_in_days`` (0 to 999; none: no due date) and an optional early-payment discount
(``discount_value`` percent or amount, for ``discount_expires_in_days``). A name is unique, case and
surrounding spaces aside, as the backend's unique rule. Terms are accepted by name wherever
``payment_terms`` is (invoices, estimates, customers, the company): ``rules/terms.py`` reads a stored
one before parsing the name (``NET 30``...), so an invoice's due date and an estimate's early discount
follow it. Difference: the backend also stores every new name an invoice uses as terms of its own; the
mock keeps this list to the terms created here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from invoiced_mock.core.fields import Bool, Int, Number, Schema, SchemaContext, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.terms import TERMS
from invoiced_mock.store.business import Business, Record


@dataclass(frozen=True)
class Positive(Number):
    """A number above zero (the backend's ``validateDiscountValue``)."""

    def coerce(self, value: Any, param: str) -> Any:
        number = super().coerce(value, param)
        if number <= 0:
            raise InvalidRequest(f"{param.replace('_', ' ').capitalize()} is invalid", param)
        return number

    def schema(self, ctx: SchemaContext) -> Schema:
        return {"type": "number", "exclusiveMinimum": 0}


class PaymentTerms(Resource):
    object = TERMS
    path = "payment_terms"
    label = "Payment Terms"
    unique = ("name",)
    emits_events = False  # the backend records no events about payment terms
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("due_in_days", Int(minimum=0, maximum=999)),
        Field("discount_is_percent", Bool()),
        Field("discount_value", Positive()),
        Field("discount_expires_in_days", Int(minimum=1, maximum=999)),
        Field("active", Bool(), default=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        owner = self.table(business).owner_of("name", record["name"])
        if owner is not None and owner != record["id"]:
            raise InvalidRequest("The Name you chose has already been taken. Please try a different Name.", "name")

