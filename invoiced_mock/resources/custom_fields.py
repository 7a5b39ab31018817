"""Custom fields: the metadata keys a business declares for its objects; the id is the metadata key."""

from __future__ import annotations

from dataclasses import dataclass

from invoiced_mock.core.fields import Array, Bool, Schema, SchemaContext, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Setting, slug_id, slug_id_rule
from invoiced_mock.store.business import Business, Record

TYPES = ("string", "boolean", "double", "integer", "enum", "date", "money")
OBJECTS = ("credit_note", "customer", "estimate", "invoice", "item", "line_item", "payment", "plan",
           "subscription", "transaction")


@dataclass(frozen=True)
class Choices(Array):
    """A set: published ``uniqueItems`` (a repeated choice is taken and merged, so the object shows it once)."""

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "uniqueItems": True}


class CustomFields(Setting):
    object = "custom_field"
    path = "custom_fields"
    label = "Custom Field"
    string_ids = True
    request_rules = (  # apply_rules below, as schema
        slug_id_rule(40),
        {"if": {"properties": {"type": {"const": "enum"}}, "required": ["type"]},
         "then": {"required": ["choices"], "properties": {"choices": {"minItems": 1}}}},
    )
    fields = (
        slug_id(max_length=40),
        Field("name", Str(max_length=255), required=True),
        Field("type", Str(choices=TYPES), default="string"),
        Field("object", Str(choices=OBJECTS), required=True),
        Field("choices", Choices(of=Str(max_length=255)), default=list),
        Field("external", Bool(), default=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        record["choices"] = list(dict.fromkeys(record["choices"]))
        if record["type"] == "enum" and not record["choices"]:
            raise InvalidRequest("An enum custom field needs at least one choice", "choices")
