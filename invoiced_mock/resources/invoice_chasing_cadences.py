"""Invoice chasing cadences: reminder schedules per invoice (on issue, before/after due, repeating...)."""

from __future__ import annotations

from dataclasses import dataclass

from invoiced_mock.core.fields import Array, Bool, Object, Schema, SchemaContext, Shape, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Between, Setting, refuse_second_default
from invoiced_mock.store.business import Business, Record

# on issue, before due, after due, repeater, absolute date, after issue
TRIGGERS = range(6)
LIMIT = 100
STEP = Shape(properties=(("trigger", Between(maximum=max(TRIGGERS))), ("options", Object())), required=("trigger",),
             closed=False)


@dataclass(frozen=True)
class Schedule(Array):
    """Published as a list of ``STEP``s; checked in ``apply_rules`` (errors name ``chase_schedule``)."""

    def schema(self, ctx: SchemaContext) -> Schema:
        return {"type": "array", "items": STEP.body(ctx)}


class InvoiceChasingCadences(Setting):
    object = "invoice_chasing_cadence"
    path = "invoice_chasing_cadences"
    label = "Invoice Chasing Cadence"
    indexed = ("default",)
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("default", Bool(), default=False),
        Field("chase_schedule", Schedule(), default=list),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        record["chase_schedule"] = record.get("chase_schedule") or []  # null clears the schedule
        for i, step in enumerate(record["chase_schedule"]):
            trigger = step.get("trigger") if isinstance(step, dict) else None
            if isinstance(trigger, bool) or trigger not in TRIGGERS:
                raise InvalidRequest(f"Invalid chase schedule: step {i + 1} needs a trigger from 0 to 5",
                                     "chase_schedule")
            if not isinstance(step.get("options", {}), dict):
                raise InvalidRequest(f"Invalid chase schedule: step {i + 1} options must be an object",
                                     "chase_schedule")
        if old is None and len(self.table(business)) >= LIMIT:
            raise InvalidRequest(f"You can not create more than {LIMIT} invoice chasing cadences per company.")
        refuse_second_default(business, self, record, "A default cadence is already set.")
