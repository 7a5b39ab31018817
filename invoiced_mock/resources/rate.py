"""What coupons and tax rates share: a string-id catalogue rate, percent (0–100) or a fixed amount.

``Rate`` is abstract (no ``object``, so it registers nothing); ``coupons.py`` and ``tax_rates.py`` add
their own attributes. Once created only the name and metadata change ("delete and recreate" otherwise).
"""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Number, Str
from invoiced_mock.core.resource import Field, Resource
from invoiced_mock.rules.rates import PERCENT_AT_MOST_100, check_rate_value
from invoiced_mock.store.business import Business, Record

RATE_FIELDS = (
    Field("name", Str(max_length=255), required=True),
    Field("currency", Str(max_length=3, lower=True), create_only=True),
    Field("value", Number(minimum=0), required=True, create_only=True),
    Field("is_percent", Bool(), default=True, create_only=True),
)


class Rate(Resource):
    string_ids = True
    request_rules = (PERCENT_AT_MOST_100,)

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        check_rate_value(record)
