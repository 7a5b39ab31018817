"""The objects embedded in several resources' objects, declared once as named shapes.

Each is a :class:`~invoiced_mock.core.fields.Shape` with a ``name``, so the published schemas carry it as
an object schema of its own (``discount.json``, ``ship_to.json``...) that every parent references: a
wrong attribute at any depth of an invoice fails validation with its JSON path. Attribute names and
types follow the API reference examples and ``api-surface.md`` (§2.5–§2.7, §2.10, §2.11, §2.17–§2.21).
A line item is a resource of its own (pending line items, ``line_item.json``): a document's lines are
shown with that schema, and ``LINE_ITEM`` describes what a request may send for one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from invoiced_mock.core.fields import (
    Array,
    Bool,
    Embedded,
    Entries,
    Int,
    Metadata,
    Number,
    Ref,
    Shape,
    Str,
    StrRef,
    Timestamp,
)
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.cash_application import DOCUMENTS
from invoiced_mock.rules.cash_application import TYPES as SPLIT_TYPES

_ID = Int()
_TEXT = Str()
_MONEY = Number()
_TIME = Timestamp()
_STAMPS = (("created_at", _TIME), ("updated_at", _TIME))


def _object(name: str) -> tuple[str, Str]:
    return "object", Str(choices=(name,))


_RATE_ID = {"type": ["string", "integer"]}  # a coupon or tax rate id given alone


@dataclass(frozen=True)
class AppliedRates(Entries):
    """``discounts``/``taxes``/``shipping``: a list of rates; one number (a flat amount shorthand); or one
    rate id given alone (``taxes=vat`` in a form). ``rules/lines.py`` parses the entries."""

    entry_shorthand: tuple[dict[str, Any], ...] = (_RATE_ID,)
    value_shorthand: tuple[dict[str, Any], ...] = ({"type": "number"}, {"type": "string"})

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Number().coerce(value, param)
        if isinstance(value, str) and value.strip():
            try:
                return Number().coerce(value, param)
            except InvalidRequest:
                return [value.strip()]
        return super().coerce(value, param)


DISCOUNT = Shape(name="discount", properties=(
    ("id", _ID), _object("discount"), ("amount", _MONEY), ("coupon", StrRef(resource="coupon")),
    ("expires", _TIME), *_STAMPS))
TAX = Shape(name="tax", properties=(
    ("id", _ID), _object("tax"), ("amount", _MONEY), ("tax_rate", StrRef(resource="tax_rate")), *_STAMPS))
SHIPPING = Shape(name="shipping", properties=(
    ("id", _ID), _object("shipping"), ("amount", _MONEY), ("shipping_rate", _TEXT), *_STAMPS))

DISCOUNTS = AppliedRates(of=DISCOUNT)
TAXES = AppliedRates(of=TAX)
SHIPPINGS = AppliedRates(of=SHIPPING)

# §2.7: where a document or subscription ships to; no ``object`` key.
SHIP_TO = Shape(name="ship_to", properties=(
    *((name, Str(max_length=255)) for name in ("name", "attention_to", "address1", "address2", "city", "state")),
    ("postal_code", Str(max_length=32)), ("country", Str(max_length=2)), *_STAMPS))

# §2.5 as a request sends one line (a client may echo a line it read back whole).
LINE_ITEM = Shape(name="line_item", properties=(
    ("id", _ID), _object("line_item"), ("catalog_item", StrRef(resource="item")), ("type", _TEXT),
    ("name", _TEXT), ("description", _TEXT), ("quantity", _MONEY), ("unit_cost", _MONEY), ("amount", _MONEY),
    ("discountable", Bool()), ("discounts", DISCOUNTS), ("taxable", Bool()), ("taxes", TAXES), ("plan", _TEXT),
    ("subscription", _ID), ("period_start", _TIME), ("period_end", _TIME), ("prorated", Bool()),
    ("metadata", Metadata()), *_STAMPS))
LINE_ITEMS = Entries(of=LINE_ITEM)

# A dashboard user as notes, events and members show one (§2.19, §2.21).
USER = Shape(name="user", properties=(
    ("id", _ID), ("email", _TEXT), ("first_name", _TEXT), ("last_name", _TEXT), ("registered", Bool()),
    ("two_factor_enabled", Bool()), *_STAMPS))
# Who acts when a request comes with an API key: the API's own user (the events example shows it).
API_USER: dict[str, Any] = {"id": -2, "email": None, "first_name": None, "last_name": None, "registered": True,
                            "two_factor_enabled": False, "created_at": None, "updated_at": None}

# A customer's signature on an estimate or a payment plan.
APPROVAL = Shape(name="approval", properties=(
    ("id", _ID), ("ip", _TEXT), ("timestamp", _TIME), ("user_agent", _TEXT)))

# §2.11 "Payment Application": one split of a payment (``rules/cash_application.py`` parses them).
APPLIED_PAYMENT = Shape(name="applied_payment", properties=(
    ("id", _ID), ("type", Str(choices=SPLIT_TYPES)), ("amount", _MONEY), ("invoice", Ref(resource="invoice")),
    ("estimate", Ref(resource="estimate")), ("credit_note", Ref(resource="credit_note")),
    ("document_type", Str(choices=DOCUMENTS)), ("short_pay", Bool())))
APPLIED_PAYMENTS = Entries(of=APPLIED_PAYMENT)

# A card or a bank account, whichever the object is (``payment_source.json``).
PAYMENT_SOURCE = Embedded(resource="payment_source")

TIER = Shape(name="tier", properties=(("min_qty", _MONEY), ("max_qty", _MONEY), ("unit_cost", _MONEY)))

INSTALLMENT = Shape(name="installment", properties=(
    ("id", _ID), _object("payment_plan_installment"), ("date", _TIME), ("amount", _MONEY), ("balance", _MONEY)))

SUBSCRIPTION_ADDON = Shape(name="subscription_addon", properties=(
    ("id", _ID), _object("subscription_addon"), ("plan", StrRef(resource="plan")),
    ("catalog_item", StrRef(resource="item")), ("quantity", _MONEY), ("description", _TEXT), ("amount", _MONEY),
    *_STAMPS))

BALANCE_ENTRY = Shape(name="balance_history", properties=(
    ("timestamp", _TIME), ("currency", _TEXT), ("balance", _MONEY)))
CUSTOMER_BALANCE = Shape(name="customer_balance", properties=(
    ("currency", _TEXT), ("total_outstanding", _MONEY), ("due_now", _MONEY), ("past_due", Bool()),
    ("open_credit_notes", _MONEY), ("available_credits", _MONEY), ("history", Array(of=BALANCE_ENTRY))))

SUBSCRIPTION_PREVIEW = Shape(name="subscription_preview", properties=(
    ("first_invoice", Embedded(resource="invoice", unsaved=True)), ("recurring_total", _MONEY), ("mrr", _MONEY)))
