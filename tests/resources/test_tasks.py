"""Tasks: required fields, completion stamps and events, customer fixed after create."""

from __future__ import annotations

import invoiced

from invoiced_mock import Clock
from tests.conftest import EPOCH, Api


def test_task_lifecycle(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    missing = api.post("/tasks", json={"name": "Call Acme", "customer_id": customer["id"], "due_date": EPOCH})
    assert missing.status_code == 400 and missing.get_json()["param"] == "action"
    unknown = api.post("/tasks", json={"name": "x", "action": "phone", "customer_id": 99, "due_date": EPOCH})
    assert unknown.status_code == 400 and unknown.get_json()["param"] == "customer_id"
    task = api.create("/tasks", name="Call Acme", action="phone", customer_id=customer["id"], due_date=EPOCH)
    assert task["object"] == "task" and task["complete"] is False and task["completed_date"] is None
    clock.advance(hours=2)
    done = api.patch(f"/tasks/{task['id']}", json={"complete": True}).get_json()
    assert done["completed_date"] == EPOCH + 7200
    assert {e["type"] for e in api.get("/events?related_to=customer,1").get_json()[:2]} == {
        "task.completed", "task.updated"}
    moved = api.patch(f"/tasks/{task['id']}", json={"customer_id": 2})
    assert moved.status_code == 400 and moved.get_json()["param"] == "customer_id"
    assert api.get(f"/tasks?filter[customer_id]={customer['id']}").headers["X-Total-Count"] == "1"


def test_tasks_through_the_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme")
    task = client.Task.create(name="Review", action="review", customer_id=customer.id, due_date=EPOCH)
    task.complete = True
    assert task.save() is True and task.completed_date is not None
    assert task.delete() is True
