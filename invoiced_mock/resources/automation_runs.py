"""Runs of automation workflows (backend ``AutomationRunRoute``, ``AutomationRunDetailsRoute``):
``GET /automation_workflow_runs`` (newest first; ``workflow_id=`` keeps one workflow's) and
``GET /automation_workflow_runs/:id``.

A run is recorded by ``POST /automation_workflows/manual_trigger`` (``resources/automation_workflows.py``).
Shown as the backend's ``AutomationRun`` (no ``object`` key): ``workflow_version`` and ``trigger`` (null: the
mock has no workflow versions), ``result`` (``succeeded``: the mock's workflows have no steps to run or
fail), ``object_type``, ``object_id``, ``event``, ``event_type_id`` and ``finished_at``; beyond the backend,
``workflow`` (its id, which the backend shows nested in ``workflow_version``) and ``trigger_type``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from invoiced_mock.core.fields import Int, Ref, Str, Timestamp
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record

RESULTS = ("pending", "succeeded", "failed", "stop")
TRIGGER_TYPES = ("event", "schedule", "manual")
_WORKFLOW = Int(minimum=1)


class AutomationRuns(Setting):
    object = "automation_run"
    path = "automation_workflow_runs"
    label = "Automation Run"
    operations = frozenset({"list", "retrieve"})
    newest_first = True
    indexed = ("workflow",)
    list_params = ("workflow_id",)
    fields = (
        Field("workflow", Ref(resource="automation_workflow"), read_only=True),
        Field("workflow_version", Int(), read_only=True),
        Field("trigger", Int(), read_only=True),
        Field("trigger_type", Str(choices=TRIGGER_TYPES), read_only=True),
        Field("result", Str(choices=RESULTS), read_only=True),
        Field("object_type", Str(), read_only=True),
        Field("object_id", Int(), read_only=True),
        Field("event", Int(), read_only=True),
        Field("event_type_id", Int(), read_only=True),
        Field("finished_at", Timestamp(), read_only=True),
        *TIMESTAMPS,
    )

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        if params.get("workflow_id") in (None, ""):
            return None
        wanted = _WORKFLOW.coerce(params["workflow_id"], "workflow_id")
        return lambda r: r.get("workflow") == wanted
