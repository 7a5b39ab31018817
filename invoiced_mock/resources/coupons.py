"""Coupons: percent or fixed discounts, applied to lines, documents and subscriptions."""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Int, Timestamp
from invoiced_mock.core.resource import METADATA, TIMESTAMPS, Field
from invoiced_mock.resources.rate import RATE_FIELDS, Rate


class Coupons(Rate):
    object = "coupon"
    path = "coupons"
    label = "Coupon"
    fields = (
        *RATE_FIELDS,
        Field("exclusive", Bool(), default=False, create_only=True),
        Field("duration", Int(minimum=0), create_only=True),
        Field("expiration_date", Timestamp(), create_only=True),
        Field("max_redemptions", Int(minimum=0), default=0, create_only=True),
        METADATA,
        *TIMESTAMPS,
    )
