"""Sign-up pages: hosted forms that start a subscription (``recurring``) or enrol autopay (``autopay``)."""

from __future__ import annotations

from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Int, RefList, Str, StrRef
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Field
from invoiced_mock.rules import customer_links
from invoiced_mock.rules.settings import Setting, Url
from invoiced_mock.rules.sign_up import refuse_custom_priced
from invoiced_mock.store.business import Business, Record


class SignUpPages(Setting):
    object = "sign_up_page"
    path = "sign_up_pages"
    label = "Sign Up Page"
    unique = (customer_links.CLIENT_ID,)
    internal = (customer_links.CLIENT_ID_FIELD,)
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("type", Str(choices=("recurring", "autopay")), default="recurring"),
        Field("plans", RefList(resource="plan"), default=list),
        Field("setup_fee", StrRef(resource="item")),
        Field("taxes", RefList(resource="tax_rate"), default=list),
        Field("has_quantity", Bool(), default=False),
        Field("trial_period_days", Int(minimum=0), default=0),
        Field("snap_to_nth_day", Int()),
        Field("has_coupon_code", Bool(), default=False),
        Field("header_text", Str()),
        Field("billing_address", Bool(), default=False),
        Field("shipping_address", Bool(), default=False),
        Field("custom_fields", RefList(resource="custom_field"), default=list),
        Field("tos_url", Url()),
        Field("thanks_url", Url()),
        Field("allow_multiple_subscriptions", Bool(), default=False),
        Field("url", Str(), read_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            customer_links.assign(record)
        refuse_custom_priced(business, record["plans"], "plans")

    def on_delete(self, business: Business, record: Record) -> None:
        addons = REGISTRY["sign_up_page_addon"]
        for addon in addons.table(business).where("sign_up_page", record["id"]):
            crud.delete(business, addons, addon)

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        return {"url": customer_links.url(business, "pages", record)}
