"""Tax rules: which tax rate applies to customers in a country (and state)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from invoiced_mock.core.fields import Schema, SchemaContext, Str, StrRef
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record


@dataclass(frozen=True)
class Country(Str):
    """ISO 3166 alpha-2, published as stored (upper case); ``apply_rules`` also takes and upper-cases lower case."""

    def schema(self, ctx: SchemaContext) -> Schema:
        return {**super().schema(ctx), "pattern": "^[A-Z]{2}$"}


class TaxRules(Setting):
    object = "tax_rule"
    path = "tax_rules"
    label = "Tax Rule"
    fields = (
        Field("tax_rate", StrRef(resource="tax_rate"), required=True),
        Field("state", Str(max_length=255)),
        Field("country", Country(max_length=2)),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        country = record.get("country")
        if country is not None:
            if not re.fullmatch("[A-Za-z]{2}", country):  # ASCII: "ß".upper() is "SS"
                raise InvalidRequest(f"Invalid country: {country}", "country")
            record["country"] = country.upper()
