"""Coupons: percent or fixed discounts, applied to lines, documents and subscriptions."""

from __future__ import annotations

from ..core.fields import Bool, Int, Number, Str, Timestamp
from ..core.resource import METADATA, TIMESTAMPS, Field, Resource
from ..rules.rates import PERCENT_AT_MOST_100, check_rate_value
from ..store import Business, Record


class Coupons(Resource):
    object = "coupon"
    path = "coupons"
    label = "Coupon"
    string_ids = True
    request_rules = (PERCENT_AT_MOST_100,)
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("currency", Str(max_length=3, lower=True), create_only=True),
        Field("value", Number(minimum=0), required=True, create_only=True),
        Field("is_percent", Bool(), default=True, create_only=True),
        Field("exclusive", Bool(), default=False, create_only=True),
        Field("duration", Int(minimum=0), create_only=True),
        Field("expiration_date", Timestamp(), create_only=True),
        Field("max_redemptions", Int(minimum=0), default=0, create_only=True),
        METADATA,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        check_rate_value(record)
