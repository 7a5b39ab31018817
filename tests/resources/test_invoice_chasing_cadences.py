"""Invoice chasing cadences: schedules of triggers, at most one default, at most 100 per business."""

from __future__ import annotations

import invoiced

from tests.conftest import Api

SCHEDULE = [{"trigger": 0, "options": {"hour": 4, "email": True, "sms": False, "letter": False}},
            {"trigger": 1, "options": {"days": 4, "hour": 4, "email": True, "sms": False, "letter": False}}]


def test_schedule_and_single_default(api: Api) -> None:
    for bad in ([{"trigger": 9}], [{"options": {}}], ["daily"], [{"trigger": 2, "options": []}]):
        refused = api.post("/invoice_chasing_cadences", json={"name": "x", "chase_schedule": bad})
        assert refused.status_code == 400 and refused.get_json()["param"] == "chase_schedule", bad
    first = api.create("/invoice_chasing_cadences", name="Standard", default=True, chase_schedule=SCHEDULE)
    assert first["chase_schedule"] == SCHEDULE
    second = api.post("/invoice_chasing_cadences", json={"name": "Other", "default": True})
    assert second.status_code == 400 and second.get_json() == {
        "type": "invalid_request", "message": "A default cadence is already set.", "param": "default"}
    assert api.patch(f"/invoice_chasing_cadences/{first['id']}", json={"default": True}).status_code == 200
    api.patch(f"/invoice_chasing_cadences/{first['id']}", json={"default": False})
    assert api.create("/invoice_chasing_cadences", name="Other", default=True)["default"] is True


def test_a_null_schedule_is_an_empty_one(api: Api) -> None:  # was a 500
    assert api.create("/invoice_chasing_cadences", name="None", chase_schedule=None)["chase_schedule"] == []
    refused = api.post("/invoice_chasing_cadences", json={"name": "x", "chase_schedule": [{"trigger": True}]})
    assert refused.status_code == 400 and refused.get_json()["param"] == "chase_schedule"


def test_at_most_a_hundred(api: Api) -> None:
    for i in range(100):
        api.create("/invoice_chasing_cadences", name=f"C{i}")
    refused = api.post("/invoice_chasing_cadences", json={"name": "C100"})
    assert refused.status_code == 400 and "more than 100" in refused.get_json()["message"]
    assert api.get("/invoice_chasing_cadences").headers["X-Total-Count"] == "100"


def test_invoice_chasing_cadences_through_the_client(client: invoiced.Client) -> None:
    cadence = client.InvoiceChasingCadence.create(name="Reminders", chase_schedule=SCHEDULE)
    assert client.InvoiceChasingCadence.retrieve(cadence.id).chase_schedule == SCHEDULE
    assert cadence.delete() is True
