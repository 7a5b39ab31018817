"""Rules sign-up pages and their addons share: what a customer may sign up for."""

from __future__ import annotations

from collections.abc import Iterable

from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.store.business import Business


def refuse_custom_priced(business: Business, plan_ids: Iterable[str], param: str) -> None:
    """A custom-priced plan has no price to show a customer signing up, so pages cannot offer one."""
    plans = REGISTRY["plan"].table(business)
    for plan_id in plan_ids:
        plan = plans.get(plan_id)
        if plan is not None and plan.get("pricing_mode") == "custom":
            raise InvalidRequest("Custom priced plans are not allowed on sign up pages", param)
