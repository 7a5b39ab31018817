"""Tasks: collection to-dos (call, letter, email, review) assigned against a customer."""

from __future__ import annotations

from invoiced_mock.core import events
from invoiced_mock.core.fields import Bool, Int, Ref, Str, Timestamp
from invoiced_mock.core.resource import TIMESTAMPS, Field, Resource
from invoiced_mock.store.business import Business, Record

ACTIONS = ("phone", "letter", "email", "review")


class Tasks(Resource):
    object = "task"
    event_verbs = ("completed",)
    path = "tasks"
    label = "Task"
    indexed = ("customer_id",)
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("action", Str(choices=ACTIONS), required=True),
        Field("customer_id", Ref(resource="customer"), required=True, create_only=True),
        Field("user_id", Int()),
        Field("due_date", Timestamp(), required=True),
        Field("complete", Bool(), default=False),
        Field("completed_date", Timestamp(), read_only=True),
        Field("completed_by_user_id", Int()),
        Field("chase_step_id", Int()),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        was_complete = bool(old and old.get("complete"))
        if record["complete"] and not was_complete:
            record["completed_date"] = business.clock.now()
        elif not record["complete"]:
            record["completed_date"] = None

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        if record["complete"] and not (old and old.get("complete")):
            events.emit(business, "task.completed", self, record)
