"""Automation workflows (backend ``ListAutomationWorkflowsRoute`` and its create, retrieve, edit and delete
routes, ``TriggerAutomationRoute``): ``GET|POST /automation_workflows``,
``GET|PATCH|DELETE /automation_workflows/:id``, ``POST /automation_workflows/manual_trigger``.

Shown as the backend's ``AutomationWorkflow`` (no ``object`` key): ``object_type`` (what it runs on:
``customer``, ``invoice``... required, never changed), ``name`` (required, unique case aside),
``description``, ``current_version``, ``draft_version``, ``enabled`` (false until set) and
``trigger_types``.

``POST /automation_workflows/manual_trigger`` takes ``workflow``, ``object_type`` and ``object_id``: with the
backend's checks (404 for an unknown workflow or object; 400 when the workflow is not enabled or is for
another object type) it records a run (``resources/automation_runs.py``) and answers it. Differences: the
mock has no workflow versions (``POST /automation_workflows/:id/versions`` is not served), so
``current_version`` and ``draft_version`` stay null, every workflow has one trigger, manual
(``trigger_types: ["Manual"]``), and a run has no steps: it succeeds at once.
"""

from __future__ import annotations

from typing import Any, ClassVar

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Array, Bool, Int, Shape, Str
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Field, One, Reply, Resource
from invoiced_mock.errors import InvalidRequest, NotFound
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record

# The backend's automation object types (config/automation_fields.yaml) that the mock serves.
OBJECT_TYPES = ("charge", "contact", "credit_note", "customer", "estimate", "invoice", "note", "payment",
                "payment_plan", "pending_line_item", "refund", "subscription", "task")
_ID = Int(minimum=1)
TRIGGER = Shape(properties=(("workflow", _ID), ("object_type", Str(choices=OBJECT_TYPES)), ("object_id", _ID)),
                required=("workflow", "object_type", "object_id"))


def _served(kind: str) -> Resource:
    """The resource of an automation object type (pending line items are ``line_item`` objects here)."""
    return REGISTRY["line_item" if kind == "pending_line_item" else kind]


def _trigger(business: Business, parent_id: Any, params: dict[str, Any]) -> Reply:
    """``POST /automation_workflows/manual_trigger``: run the workflow on one object, by hand."""
    for name in TRIGGER.required:
        if params.get(name) in (None, ""):
            raise InvalidRequest(f"The required option '{name}' is missing.", name)
    workflows = REGISTRY["automation_workflow"]
    workflow = crud.load(business, workflows, _ID.coerce(params["workflow"], "workflow"))
    kind = params["object_type"]
    if kind not in OBJECT_TYPES:
        raise InvalidRequest(f"Object type must be one of: {', '.join(OBJECT_TYPES)}", "object_type")
    target = _served(kind)
    found = target.table(business).get(_ID.coerce(params["object_id"], "object_id"))
    if found is None:
        raise NotFound.object(target.label, params["object_id"])
    if not workflow.get("enabled"):
        raise InvalidRequest("The workflow is not enabled")
    if workflow["object_type"] != kind:
        raise InvalidRequest(f"The workflow is for the {workflow['object_type']} object type. The object given is "
                             f"of type {kind}.")
    runs = REGISTRY["automation_run"]
    now = business.clock.now()
    run = crud.create(business, runs, {}, preset={
        "workflow": workflow["id"], "trigger_type": "manual", "result": "succeeded", "object_type": kind,
        "object_id": found["id"], "finished_at": now})
    return One(runs, run)


class AutomationWorkflows(Setting):
    object = "automation_workflow"
    path = "automation_workflows"
    label = "Automation Workflow"
    unique = ("name",)
    drawn: ClassVar[dict[str, Any]] = {"current_version": None, "draft_version": None}  # no version exists
    actions = (Action("manual_trigger", "POST", _trigger, on="collection", returns="automation_run", body=TRIGGER,
                      params=TRIGGER.names),)
    fields = (
        Field("object_type", Str(choices=OBJECT_TYPES), required=True, create_only=True),
        Field("name", Str(max_length=255), required=True),
        Field("description", Str()),
        Field("current_version", Int()),
        Field("draft_version", Int()),
        Field("enabled", Bool(), default=False),
        Field("trigger_types", Array(of=Str()), default=list, read_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        owner = self.table(business).owner_of("name", record["name"])
        if owner is not None and owner != record["id"]:
            raise InvalidRequest("The Name you chose has already been taken. Please try a different Name.", "name")
        for name in ("current_version", "draft_version"):  # no version exists in the mock
            if record.get(name) is not None and record.get(name) != (old or {}).get(name):
                raise InvalidRequest(f"No such automation workflow version: {record[name]}", name)

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        return {"trigger_types": ["Manual"]}

    def on_delete(self, business: Business, record: Record) -> None:
        enrollments = REGISTRY["automation_workflow_enrollment"]
        for enrollment in enrollments.table(business).where("workflow", record["id"]):
            crud.delete(business, enrollments, enrollment)
