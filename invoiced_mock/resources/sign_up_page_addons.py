"""Sign-up page addons: optional items or plans a sign-up page offers beside its plans."""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Int, Ref, Str, StrRef
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.rules.settings import Setting
from invoiced_mock.rules.sign_up import refuse_custom_priced
from invoiced_mock.store.business import Business, Record


class SignUpPageAddons(Setting):
    object = "sign_up_page_addon"
    path = "sign_up_page_addons"
    label = "Sign Up Page Addon"
    indexed = ("sign_up_page",)
    fields = (
        Field("sign_up_page", Ref(resource="sign_up_page"), required=True, create_only=True),
        Field("catalog_item", StrRef(resource="item")),
        Field("plan", StrRef(resource="plan")),
        Field("type", Str(choices=("boolean", "quantity")), required=True),
        Field("required", Bool(), default=False),
        Field("recurring", Bool(), default=False),
        Field("order", Int()),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if record.get("plan") is not None:
            refuse_custom_priced(business, [record["plan"]], "plan")
