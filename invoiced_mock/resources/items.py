"""Items: catalogue products and services whose name, price and taxability pre-fill line items."""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Number, RefList, Str
from invoiced_mock.core.resource import METADATA, TIMESTAMPS, Field, Resource


class Items(Resource):
    object = "item"
    path = "items"
    label = "Item"
    string_ids = True
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("currency", Str(max_length=3, lower=True), create_only=True),
        Field("unit_cost", Number(), default=0, create_only=True),
        Field("description", Str()),
        Field("type", Str(max_length=255)),
        Field("taxable", Bool(), default=True, create_only=True),
        Field("taxes", RefList(resource="tax_rate"), default=list, create_only=True),
        Field("discountable", Bool(), default=True, create_only=True),
        Field("avalara_tax_code", Str(max_length=255)),
        Field("avalara_location_code", Str(max_length=255)),
        Field("gl_account", Str(max_length=255)),
        METADATA,
        *TIMESTAMPS,
    )
