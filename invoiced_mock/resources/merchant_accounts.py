"""Merchant accounts: a business's connections to payment gateways (credentials are never shown)."""

from __future__ import annotations

from ..core.fields import Int, Object, Str
from ..core.resource import TIMESTAMPS, Field
from ..rules.settings import Setting


class MerchantAccounts(Setting):
    object = "merchant_account"
    path = "merchant_accounts"
    label = "Merchant Account"
    fields = (
        Field("gateway", Str(max_length=255), required=True, create_only=True),
        Field("gateway_id", Str(max_length=255), required=True),
        Field("name", Str(max_length=255)),
        Field("credentials", Object(), default=dict, write_only=True),
        Field("top_up_threshold_num_of_days", Int(minimum=0)),
        Field("settings", Object(), default=dict),
        *TIMESTAMPS,
    )

