"""Tax rates: percent or fixed, exclusive or tax-inclusive; applied to lines and documents."""

from __future__ import annotations

from ..core.fields import Bool, Number, Str
from ..core.resource import METADATA, TIMESTAMPS, Field, Resource
from ..rules.rates import PERCENT_AT_MOST_100, check_rate_value
from ..store import Business, Record


class TaxRates(Resource):
    object = "tax_rate"
    path = "tax_rates"
    label = "Tax Rate"
    string_ids = True
    request_rules = (PERCENT_AT_MOST_100,)
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("currency", Str(max_length=3, lower=True), create_only=True),
        Field("value", Number(minimum=0), required=True, create_only=True),
        Field("is_percent", Bool(), default=True, create_only=True),
        Field("inclusive", Bool(), default=False, create_only=True),
        METADATA,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        check_rate_value(record)
