"""Invoice chasing cadences: reminder schedules per invoice (on issue, before/after due, repeating...)."""

from __future__ import annotations

from ..core.fields import Array, Bool, Str
from ..core.resource import TIMESTAMPS, Field
from ..errors import InvalidRequest
from ..rules.settings import Setting, refuse_second_default
from ..store import Business, Record

# on issue, before due, after due, repeater, absolute date, after issue
TRIGGERS = range(6)
LIMIT = 100


class InvoiceChasingCadences(Setting):
    object = "invoice_chasing_cadence"
    path = "invoice_chasing_cadences"
    label = "Invoice Chasing Cadence"
    indexed = ("default",)
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("default", Bool(), default=False),
        Field("chase_schedule", Array(), default=list),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        for i, step in enumerate(record["chase_schedule"]):
            if not isinstance(step, dict) or step.get("trigger") not in TRIGGERS:
                raise InvalidRequest(f"Invalid chase schedule: step {i + 1} needs a trigger from 0 to 5",
                                     "chase_schedule")
            if not isinstance(step.get("options", {}), dict):
                raise InvalidRequest(f"Invalid chase schedule: step {i + 1} options must be an object",
                                     "chase_schedule")
        if old is None and len(self.table(business)) >= LIMIT:
            raise InvalidRequest(f"You can not create more than {LIMIT} invoice chasing cadences per company.")
        refuse_second_default(business, self, record, "A default cadence is already set.")
