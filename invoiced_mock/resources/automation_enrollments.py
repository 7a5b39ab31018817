"""Enrollment in automation workflows (backend ``AutomationEnrollRoute``, ``AutomationUnEnrollRoute``):
``POST /automation_workflows/enrollment``, ``DELETE /automation_workflows/enrollment/:id``.

``workflow`` and ``object_id`` (an object of the workflow's ``object_type``, which must exist) are both
required and never change; an object is enrolled in a workflow once (400 ``object_id`` the second time).
Shown as the backend's ``AutomationWorkflowEnrollment``: ``id, workflow, object_id``. Deleting a workflow
removes its enrollments. Difference: enrollment records who is in a workflow, nothing more (the mock runs
workflows only when triggered by hand).
"""

from __future__ import annotations

from invoiced_mock.core.fields import Int, Ref, Str
from invoiced_mock.core.resource import REGISTRY, Field
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record


class AutomationEnrollments(Setting):
    object = "automation_workflow_enrollment"
    path = "automation_workflows/enrollment"
    label = "Automation Workflow Enrollment"
    operations = frozenset({"create", "delete"})
    indexed = ("workflow",)
    unique = ("pair",)
    # ``object_id`` names an object of the type its workflow runs on, which no reference states: not drawn.
    drawable = False
    fields = (
        Field("workflow", Ref(resource="automation_workflow"), required=True, create_only=True),
        Field("object_id", Int(minimum=1), required=True, create_only=True),
        Field("pair", Str(), read_only=True, hidden=True, filterable=False),  # "<workflow>:<object_id>", unique
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None:
            return
        kind = REGISTRY["automation_workflow"].table(business).rows[record["workflow"]]["object_type"]
        target = REGISTRY[kind]
        if target.table(business).get(record["object_id"]) is None:
            raise InvalidRequest(f"No such {target.label.lower()}: {record['object_id']}", "object_id")
        record["pair"] = f"{record['workflow']}:{record['object_id']}"
        if self.table(business).owner_of("pair", record["pair"]) is not None:
            raise InvalidRequest(f"This {target.label.lower()} is already enrolled in the workflow", "object_id")
