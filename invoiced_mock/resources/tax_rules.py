"""Tax rules: which tax rate applies to customers in a country (and state)."""

from __future__ import annotations

from ..core.fields import Str, StrRef
from ..core.resource import TIMESTAMPS, Field
from ..errors import InvalidRequest
from ..rules.settings import Setting
from ..store import Business, Record


class TaxRules(Setting):
    object = "tax_rule"
    path = "tax_rules"
    label = "Tax Rule"
    fields = (
        Field("tax_rate", StrRef(resource="tax_rate"), required=True),
        Field("state", Str(max_length=255)),
        Field("country", Str(max_length=2)),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        country = record.get("country")
        if country is not None:
            if len(country) != 2 or not country.isalpha():
                raise InvalidRequest(f"Invalid country: {country}", "country")
            record["country"] = country.upper()
