"""Plans: the recurring prices subscriptions bill."""

from __future__ import annotations

from typing import Any, ClassVar

from invoiced_mock.core.fields import Entries, Int, Number, Str, StrRef
from invoiced_mock.core.resource import METADATA, REGISTRY, TIMESTAMPS, Field, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.embedded import TIER
from invoiced_mock.rules.periods import INTERVALS
from invoiced_mock.store.business import Business, Record

PRICING_MODES = ("per_unit", "volume", "tiered", "custom")


class Plans(Resource):
    object = "plan"
    path = "plans"
    label = "Plan"
    # Drawn plans can be subscribed to as they are: custom pricing would ask every subscription for an amount,
    # and long intervals times long contracts would run past the calendar.
    drawn: ClassVar[dict[str, Any]] = {"pricing_mode": {"const": "per_unit"},
                                       "interval_count": {"type": "integer", "minimum": 1, "maximum": 12}}
    string_ids = True
    request_rules = (  # apply_rules below, as schema
        {"if": {"properties": {"pricing_mode": {"const": "per_unit"}}}, "then": {"required": ["amount"]}},
        {"if": {"properties": {"pricing_mode": {"enum": ["volume", "tiered"]}}, "required": ["pricing_mode"]},
         "then": {"required": ["tiers"], "properties": {"tiers": {"minItems": 1}}}},
    )
    fields = (
        Field("catalog_item", StrRef(resource="item"), create_only=True),
        Field("name", Str(max_length=255), required=True),
        Field("currency", Str(max_length=3, lower=True), default="usd", create_only=True),
        Field("amount", Number(minimum=0), create_only=True),
        Field("pricing_mode", Str(choices=PRICING_MODES), default="per_unit", create_only=True),
        Field("quantity_type", Str(choices=("constant", "usage")), default="constant", create_only=True),
        Field("interval", Str(choices=INTERVALS), required=True, create_only=True),
        Field("interval_count", Int(minimum=1, maximum=365), default=1, create_only=True),  # calendars end
        Field("tiers", Entries(of=TIER), create_only=True),
        Field("description", Str()),
        Field("notes", Str()),
        Field("num_subscriptions", Int(), read_only=True, hidden=True),
        METADATA,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        mode = record["pricing_mode"]
        if mode in ("per_unit",) and record.get("amount") is None:
            raise InvalidRequest("Amount is missing", "amount")
        if mode in ("volume", "tiered") and not record.get("tiers"):
            raise InvalidRequest("Tiers are required for volume and tiered pricing", "tiers")

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        if "subscription" not in REGISTRY:
            return {"num_subscriptions": 0}
        subs = REGISTRY["subscription"].table(business).where("plan", record["id"])
        return {"num_subscriptions": len(subs)}
