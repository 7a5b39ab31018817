"""Merchant accounts: a business's connections to payment gateways (credentials are never shown)."""

from __future__ import annotations

from invoiced_mock.core.fields import Int, Object, Str
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record


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

    def check_delete(self, business: Business, record: Record) -> None:
        methods = REGISTRY["payment_method"].table(business)  # the fixed set: a dozen rows
        used = sum(1 for m in methods.all() if m.get("merchant_account") == record["id"])
        if used:
            raise InvalidRequest(f"This gateway configuration cannot be deleted because it is assigned to {used} "
                                 "payment method(s). Please remove from the payment method first before deleting.")
