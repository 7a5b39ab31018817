"""Pending line items (§2.16): charges waiting on a customer for its next invoice.

``/customers/<id>/line_items`` CRUD; ``object`` is ``line_item`` like a document's lines, plus
``customer``. Lines are normalised like a document's (``rules/lines.py``: a ``catalog_item`` pre-fills,
explicit fields win; rates as ids or objects) and priced by ``rules/totals.py`` in the customer's
currency. ``POST /customers/<id>/invoices`` sweeps them into an invoice (``rules/billing.py``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from invoiced_mock.core.fields import Bool, Int, Number, Ref, Str, StrRef, Timestamp
from invoiced_mock.core.resource import METADATA, REGISTRY, TIMESTAMPS, Field, Resource
from invoiced_mock.resources.embedded import DISCOUNTS, TAXES
from invoiced_mock.rules import lines, totals
from invoiced_mock.store.business import Business, Record

# What a pending line carries over to an invoice line.
LINE_KEYS = ("catalog_item", "type", "name", "description", "quantity", "unit_cost", "discountable",
             "discounts", "taxable", "taxes", "plan", "metadata", "subscription", "period_start", "period_end",
             "prorated")
RATE_KINDS = {"discounts": "discount", "taxes": "tax"}


class PendingLineItems(Resource):
    object = "line_item"
    path = "line_items"
    label = "Line Item"
    # Rates name coupons and tax rates that must already exist (stored state): drawn lines carry none.
    drawn: ClassVar[dict[str, Any]] = {"discounts": None, "taxes": None,
                                       "name": {"enum": ["Usage", "Setup fee"]},  # names are trimmed
                                       "description": {"enum": ["", "Metered"]}}
    parent = "customer"
    fields = (
        Field("customer", Ref(resource="customer"), read_only=True),
        Field("catalog_item", StrRef(resource="item"), create_only=True),
        Field("type", Str(max_length=255)),
        Field("name", Str(max_length=255)),
        Field("description", Str()),
        Field("quantity", Number()),
        Field("unit_cost", Number()),
        Field("amount", Number(), read_only=True),
        Field("discountable", Bool()),
        Field("discounts", DISCOUNTS),
        Field("taxable", Bool()),
        Field("taxes", TAXES),
        Field("plan", Str()),
        # set by the server on subscription prorations (§2.5)
        Field("subscription", Int(), read_only=True),
        Field("period_start", Timestamp(), read_only=True),
        Field("period_end", Timestamp(), read_only=True),
        Field("prorated", Bool(), read_only=True),
        METADATA,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:  # only what was given, so that a catalogue item can pre-fill the rest
            entry = {k: record[k] for k in LINE_KEYS if record.get(k) is not None}
        else:
            entry = {"id": old["id"], **{k: record.get(k) for k in LINE_KEYS if record.get(k) != old.get(k)}}
        given_rates = {k: entry.pop(k) for k in RATE_KINDS if k in entry}
        [line] = lines.items(business, [entry], [old] if old else None, "catalog_item")
        for name, raw in given_rates.items():
            line[name] = lines.rates(business, raw, RATE_KINDS[name], (old or {}).get(name), name)
        customer = REGISTRY["customer"].table(business).get(record["customer"]) or {}
        totals.compute([line], [], [], [], customer.get("currency") or "usd")
        record.update({k: line.get(k) for k in (*LINE_KEYS, "amount")})

    def invoice_line(self, record: Record) -> dict[str, Any]:
        """The line as a new invoice's ``items`` entry."""
        return {k: record[k] for k in LINE_KEYS if record.get(k) is not None}
