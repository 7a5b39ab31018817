"""Automation workflows: declared, enrolled into, triggered by hand; each trigger records a run."""

from __future__ import annotations

from typing import Any

from invoiced_mock import Clock
from tests.conftest import EPOCH, Api


def workflow(api: Api, **fields: Any) -> dict[str, Any]:
    return api.create("/automation_workflows", **{"name": "Welcome", "object_type": "customer", **fields})


def test_workflow_crud(api: Api) -> None:
    made = workflow(api, description="Greets new customers")
    assert made == {"id": made["id"], "object_type": "customer", "name": "Welcome",
                    "description": "Greets new customers", "current_version": None, "draft_version": None,
                    "enabled": False, "trigger_types": ["Manual"], "created_at": EPOCH, "updated_at": EPOCH}
    assert api.get(f"/automation_workflows/{made['id']}").get_json() == made
    enabled = api.patch(f"/automation_workflows/{made['id']}", json={"enabled": True}).get_json()
    assert enabled["enabled"] is True
    assert api.get("/automation_workflows", query_string={"filter[enabled]": "1"}).get_json() == [enabled]
    moved = api.patch(f"/automation_workflows/{made['id']}", json={"object_type": "invoice"})
    assert moved.status_code == 400 and moved.get_json()["param"] == "object_type"
    assert api.delete(f"/automation_workflows/{made['id']}").status_code == 204
    assert api.get(f"/automation_workflows/{made['id']}").status_code == 404


def test_workflow_validation(api: Api) -> None:
    workflow(api)
    for body, param in (({"name": "welcome", "object_type": "invoice"}, "name"),
                        ({"name": "X", "object_type": "planet"}, "object_type"),
                        ({"object_type": "customer"}, "name"), ({"name": "Y"}, "object_type"),
                        ({"name": "Z", "object_type": "invoice", "current_version": 3}, "current_version")):
        refused = api.post("/automation_workflows", json=body)
        assert refused.status_code == 400 and refused.get_json()["param"] == param, body
    assert api.get("/automation_workflows").headers["X-Total-Count"] == "1"


def test_a_manual_trigger_records_a_run(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    made = workflow(api, enabled=True)
    clock.advance(seconds=60)
    run = api.post("/automation_workflows/manual_trigger",
                   json={"workflow": made["id"], "object_type": "customer", "object_id": customer["id"]})
    assert run.status_code == 200, run.get_data(as_text=True)
    shown = run.get_json()
    assert {k: shown[k] for k in ("workflow", "object_type", "object_id", "result", "trigger_type", "finished_at",
                                  "created_at")} == {
        "workflow": made["id"], "object_type": "customer", "object_id": customer["id"], "result": "succeeded",
        "trigger_type": "manual", "finished_at": EPOCH + 60, "created_at": EPOCH + 60}
    second = api.post("/automation_workflows/manual_trigger",
                      json={"workflow": made["id"], "object_type": "customer", "object_id": str(customer["id"])})
    listed = api.get("/automation_workflow_runs").get_json()
    assert [r["id"] for r in listed] == [second.get_json()["id"], shown["id"]]  # newest first
    other = workflow(api, name="Other", enabled=True)
    api.post("/automation_workflows/manual_trigger",
             json={"workflow": other["id"], "object_type": "customer", "object_id": customer["id"]})
    mine = api.get("/automation_workflow_runs", query_string={"workflow_id": made["id"]}).get_json()
    assert [r["id"] for r in mine] == [second.get_json()["id"], shown["id"]]
    assert api.get(f"/automation_workflow_runs/{shown['id']}").get_json() == shown


def test_a_manual_trigger_refuses_what_the_backend_refuses(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    off = workflow(api)
    on = workflow(api, name="On", enabled=True)
    invoice_flow = workflow(api, name="Invoices", object_type="invoice", enabled=True)

    def trigger(**body: Any) -> Any:
        return api.post("/automation_workflows/manual_trigger", json=body)

    assert trigger(workflow=off["id"], object_type="customer", object_id=customer["id"]).get_json()["message"] == (
        "The workflow is not enabled")
    assert trigger(workflow=invoice_flow["id"], object_type="customer",
                   object_id=customer["id"]).get_json()["message"] == (
        "The workflow is for the invoice object type. The object given is of type customer.")
    assert trigger(workflow=99, object_type="customer", object_id=customer["id"]).status_code == 404
    assert trigger(workflow=on["id"], object_type="customer", object_id=99).status_code == 404
    assert trigger(workflow=on["id"], object_type="planet", object_id=1).get_json()["param"] == "object_type"
    assert trigger(object_type="customer", object_id=1).get_json()["param"] == "workflow"
    assert api.get("/automation_workflow_runs").get_json() == []


def test_enrolling_and_unenrolling(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    made = workflow(api)
    enrolled = api.post("/automation_workflows/enrollment", json={"workflow": made["id"], "object_id": customer["id"]})
    assert enrolled.status_code == 201
    assert {k: enrolled.get_json()[k] for k in ("workflow", "object_id")} == {
        "workflow": made["id"], "object_id": customer["id"]}
    again = api.post("/automation_workflows/enrollment", json={"workflow": made["id"], "object_id": customer["id"]})
    assert again.status_code == 400 and again.get_json()["param"] == "object_id"
    missing = api.post("/automation_workflows/enrollment", json={"workflow": made["id"], "object_id": 99})
    assert missing.status_code == 400 and missing.get_json()["param"] == "object_id"
    enrollment = enrolled.get_json()["id"]
    assert api.delete(f"/automation_workflows/enrollment/{enrollment}").status_code == 204
    assert api.delete(f"/automation_workflows/enrollment/{enrollment}").status_code == 404
    again = api.post("/automation_workflows/enrollment", json={"workflow": made["id"], "object_id": customer["id"]})
    api.delete(f"/automation_workflows/{made['id']}")  # its enrollments go with it
    assert api.delete(f"/automation_workflows/enrollment/{again.get_json()['id']}").status_code == 404
