"""Chasing cadences: scheduled collection steps (email, sms, escalate...) run against customers.

The backend and the Go client use ``/chasing_cadences``; the Python, Ruby and PHP clients call the same
collection ``/customer_chasing_cadences``, so both paths serve it.
"""

from __future__ import annotations

from ..core.fields import Array, Bool, Int, Number, Str, Timestamp
from ..core.resource import TIMESTAMPS, Field, Resource
from ..rules.settings import check_range
from ..store import Business, Record

FREQUENCIES = ("daily", "day_of_week", "day_of_month")
ASSIGNMENT_MODES = ("none", "default", "conditions")


class ChasingCadences(Resource):
    object = "chasing_cadence"
    path = "chasing_cadences"
    aliases = ("customer_chasing_cadences",)
    label = "Chasing Cadence"
    emits_events = False
    fields = (
        Field("object", Str(), default="chasing_cadence", read_only=True, filterable=False),
        Field("name", Str(max_length=255), required=True),
        Field("time_of_day", Int(), required=True),
        Field("frequency", Str(choices=FREQUENCIES), default="daily"),
        Field("run_date", Int()),
        Field("run_days", Str()),
        Field("min_balance", Number(minimum=0)),
        Field("paused", Bool(), default=False),
        Field("assignment_mode", Str(choices=ASSIGNMENT_MODES), default="none"),
        Field("assignment_conditions", Str(), default=""),
        Field("last_run", Timestamp(), default=0, read_only=True),
        Field("next_run", Timestamp(), read_only=True),
        Field("steps", Array(of=None), default=list),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        check_range(record, "time_of_day", 0, 23)
        if record["frequency"] == "day_of_month":
            check_range(record, "run_date", 1, 31)
        elif record["frequency"] == "day_of_week":
            check_range(record, "run_date", 1, 7)
