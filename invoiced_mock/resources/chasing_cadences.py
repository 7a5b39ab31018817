"""Chasing cadences: scheduled collection steps (email, sms, escalate...) run against customers.

The backend and the Go client use ``/chasing_cadences``; the Python, Ruby and PHP clients call the same
collection ``/customer_chasing_cadences``, so both paths serve it. ``next_run`` is computed on every
write (``rules/chasing.py``); a cadence needs at least one step, and each step is checked against the
templates and members it names.

``POST /chasing_cadences/:id/assign`` (backend ``AssignCadenceRoute``) takes ``customers`` (ids) and an
optional ``next_step`` (one of the cadence's step ids) and answers 204: each customer gets ``chase: true``
and the cadence, as a ``PATCH`` of its ``chasing_cadence`` would, so it is chased on the mock clock
(``rules/dunning.py``); from ``next_step`` on, when given, for its oldest open invoice. An unknown
customer or step is a 400 that writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from invoiced_mock.core import schedule
from invoiced_mock.core.fields import (
    Array,
    Bool,
    Int,
    Number,
    Object,
    Ref,
    Schema,
    SchemaContext,
    Shape,
    Str,
    Timestamp,
)
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Empty, Field, Reply, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import chasing, dunning
from invoiced_mock.rules.settings import Between, check_range
from invoiced_mock.store.business import Business, Record

FREQUENCIES = ("daily", "day_of_week", "day_of_month")
ASSIGNMENT_MODES = ("none", "default", "conditions")
LIMIT = 100
STEP_FIELDS = ("name", "action", "schedule", "assigned_user_id", "email_template_id", "sms_template_id", "role_id")
WEEKDAY, MONTHDAY = "[1-7]", "([1-9]|[12][0-9]|3[01])"
# A step as ``_step`` checks it (the templates and user it names must exist: no schema states existence).
STEP = Shape(properties=(
    ("id", Int()), ("name", Str()), ("action", Str(choices=chasing.ACTIONS)),
    ("schedule", Str()), ("assigned_user_id", Int()), ("email_template_id", Str()), ("sms_template_id", Int()),
    ("role_id", Str()), ("created_at", Timestamp()), ("updated_at", Timestamp()),
), required=("name", "action", "schedule"), closed=False)


@dataclass(frozen=True)
class Steps(Array):
    """At least one ``STEP``; checked in ``apply_rules`` (errors name ``steps``). Responses keep the loose
    form: stored steps are what was sent (``age:1.5`` is a valid schedule outside the published pattern)."""

    def schema(self, ctx: SchemaContext) -> Schema:
        if not ctx.request:
            return {**super().schema(ctx), "minItems": 1}
        step = STEP.body(ctx)
        step["properties"] = {**step["properties"], "name": {"type": "string", "minLength": 1},
                              "schedule": {"type": "string", "pattern": chasing.SCHEDULE_PATTERN}}
        step["allOf"] = [
            {"if": {"properties": {"action": {"const": "email"}}}, "then": {"required": ["email_template_id"]}},
            {"if": {"properties": {"action": {"const": "sms"}}}, "then": {"required": ["sms_template_id"]}},
        ]
        return {"type": "array", "items": step, "minItems": 1}


def _runs_on(frequency: str, day: str, last: int) -> dict[str, Any]:
    """``rules/chasing.next_run`` as schema: a weekly or monthly cadence names its days."""
    return {"if": {"properties": {"frequency": {"const": frequency}}, "required": ["frequency"]},
            "then": {"anyOf": [{"required": ["run_date"]}, {"required": ["run_days"]}],
                     "properties": {"run_date": {"minimum": 1, "maximum": last},
                                    "run_days": {"pattern": f"^{day}(,{day})*$"}}}}


_CUSTOMERS, _STEP = Array(of=Ref(resource="customer")), Int(minimum=1)
ASSIGNMENT = Shape(properties=(("customers", _CUSTOMERS), ("next_step", _STEP)), required=("customers",))


def _assign(business: Business, cadence: Record, params: dict[str, Any]) -> Reply:
    customers = _CUSTOMERS.coerce(params.get("customers") or [], "customers")
    raw_step = params.get("next_step")
    next_step = _STEP.coerce(raw_step, "next_step") if raw_step not in (None, "", 0) else None
    if next_step is not None and next_step not in {s["id"] for s in cadence["steps"]}:
        raise InvalidRequest(f"No such step: {raw_step}", "next_step")
    table = REGISTRY["customer"].table(business)
    for customer_id in customers:
        customer = table.get(customer_id)
        if customer is None:
            raise InvalidRequest(f"No such customer: {customer_id}", "customers")
        dunning.assign(business, customer, cadence, next_step)
    return Empty()


class ChasingCadences(Resource):
    object = "chasing_cadence"
    path = "chasing_cadences"
    aliases = ("customer_chasing_cadences",)
    label = "Chasing Cadence"
    # Email and SMS steps name templates, and steps may name members, that must already exist (stored
    # state): drawn cadences use the steps that need nothing else.
    drawn: ClassVar[dict[str, Any]] = {"steps": {"type": "array", "minItems": 1, "maxItems": 3, "items": {
        "type": "object", "required": ["name", "action", "schedule"], "additionalProperties": False,
        "properties": {"name": {"enum": ["Call", "Letter", "Escalate"]},
                       "action": {"enum": ["phone", "mail", "escalate"]},
                       "schedule": {"pattern": "^(age|past_due_age):[0-9]{1,3}$", "type": "string"}}}}}
    emits_events = False
    actions = (Action("assign", "POST", _assign, returns="", status=204, body=ASSIGNMENT, params=ASSIGNMENT.names),)
    request_rules = (_runs_on("day_of_week", WEEKDAY, 7), _runs_on("day_of_month", MONTHDAY, 31))
    fields = (
        Field("object", Str(), default="chasing_cadence", read_only=True, filterable=False),
        Field("name", Str(max_length=255), required=True),
        Field("time_of_day", Between(maximum=23), required=True),
        Field("frequency", Str(choices=FREQUENCIES), default="daily"),
        Field("run_date", Int()),
        Field("run_days", Str()),
        Field("min_balance", Number(minimum=0)),
        Field("paused", Bool(), default=False),
        Field("assignment_mode", Str(choices=ASSIGNMENT_MODES), default="none"),
        Field("assignment_conditions", Str(), default=""),
        Field("last_run", Timestamp(), default=0, read_only=True),
        Field("next_run", Timestamp(), read_only=True),
        Field("steps", Steps(of=Object()), default=list, required=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        check_range(record, "time_of_day", 0, 23)
        if old is None and len(self.table(business)) >= LIMIT:
            raise InvalidRequest(f"You can not create more than {LIMIT} customer chasing cadences per company.")
        if not record["steps"]:
            raise InvalidRequest("Cadences must have at least one chasing step. Please add at least one step to "
                                 "the schedule before continuing.", "steps")
        previous = {s["id"]: s for s in (old or {}).get("steps", [])}
        record["steps"] = [_step(business, given, previous) for given in record["steps"]]
        record["next_run"] = chasing.next_run(record, business.clock.now())

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        """The customers it chases run their steps on a new schedule (``rules/dunning.py``)."""
        schedule.replan(business, REGISTRY["customer"])


def _step(business: Business, given: dict[str, Any], previous: dict[int | None, Record]) -> Record:
    """A stored step from what the caller sent: an ``id`` of an existing step updates it."""
    now = business.clock.now()
    base = previous.get(_int_or_none(given.get("id")))
    step = dict(base) if base else {"id": business.next_in_sequence("chasing_cadence_step"), "created_at": now,
                                    **dict.fromkeys(STEP_FIELDS)}
    step.update({k: v for k, v in given.items() if k in STEP_FIELDS})
    step["updated_at"] = now
    for name in ("name", "action", "schedule"):
        if not step.get(name):
            raise InvalidRequest(f"Could not save chasing cadence steps: {name.capitalize()} is missing", "steps")
    if step["action"] not in chasing.ACTIONS:
        raise InvalidRequest(f"Could not save chasing cadence steps: Action must be one of: "
                             f"{', '.join(chasing.ACTIONS)}", "steps")
    if not chasing.valid_schedule(step["schedule"]):
        raise InvalidRequest(f"Could not save chasing cadence steps: Schedule is invalid: {step['schedule']}", "steps")
    _check_step_references(business, step)
    return step


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: a JSON Infinity
        return None


def _check_step_references(business: Business, step: Record) -> None:
    if step["action"] == "email":
        template = REGISTRY["email_template"].table(business).get(str(step.get("email_template_id")))
        if template is None:
            raise InvalidRequest(f"No such email template: {step.get('email_template_id')}", "email_template_id")
        if template["type"] != "chasing":
            raise InvalidRequest(f"Email template must be a chasing email template: {template['id']}",
                                 "email_template_id")
    sms_template = _int_or_none(step.get("sms_template_id"))  # SMS template ids are integers (any JSON may be sent)
    if step["action"] == "sms" and REGISTRY["sms_template"].table(business).get(sms_template) is None:
        raise InvalidRequest(f"No such SMS template: {step.get('sms_template_id')}", "sms_template_id")
    user = step.get("assigned_user_id")
    if user and not REGISTRY["member"].table(business).where("user_id", _int_or_none(user)):
        raise InvalidRequest(f"No such user: {user}", "assigned_user_id")
