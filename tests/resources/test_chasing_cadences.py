"""Chasing cadences: one collection behind ``/chasing_cadences`` (Go) and ``/customer_chasing_cadences``.

The frozen now (EPOCH) is Tuesday 2023-11-14 22:13:20 UTC.
"""

from __future__ import annotations

from typing import Any

import invoiced

from invoiced_mock import Clock
from invoiced_mock.clock import SECONDS_PER_DAY as DAY
from tests.conftest import EPOCH, Api
from tests.rules.test_dunning import cadence_with_steps

CALL = {"name": "Call", "action": "phone", "schedule": "past_due_age:3"}


def cadence(**fields: Any) -> dict[str, Any]:
    return {"name": "Dunning", "time_of_day": 8, "steps": [CALL], **fields}


def test_next_run_follows_the_frequency(api: Api) -> None:
    def next_run(**fields: Any) -> int | None:
        return api.create("/chasing_cadences", **cadence(**fields))["next_run"]

    assert next_run(time_of_day=23) == 1_700_002_800  # today 23:00, still ahead
    assert next_run() == 1_700_035_200  # today's 08:00 has passed: Wed 15th 08:00
    assert next_run(frequency="day_of_week", run_date=2) == 1_700_553_600  # a Tuesday: next week's, 21st 08:00
    assert next_run(frequency="day_of_week", run_days="6,4") == 1_700_121_600  # Thursday 16th 08:00
    assert next_run(frequency="day_of_month", run_date=31) == 1_701_331_200  # November has 30 days: 30th 08:00
    assert next_run(frequency="day_of_month", run_date=14) == 1_702_540_800  # today is the 14th: Dec 14th 08:00
    assert next_run(paused=True) is None
    created = api.create("/chasing_cadences", **cadence(paused=True))
    resumed = api.patch(f"/chasing_cadences/{created['id']}", json={"paused": False}).get_json()
    assert resumed["next_run"] == 1_700_035_200


def test_schedule_rules(api: Api) -> None:
    for fields, param in (({"time_of_day": 24}, "time_of_day"), ({"frequency": "hourly"}, "frequency"),
                          ({"frequency": "day_of_month", "run_date": 32}, "run_date"),
                          ({"frequency": "day_of_week", "run_date": 8}, "run_date"),
                          ({"frequency": "day_of_week"}, "run_date"),
                          ({"frequency": "day_of_week", "run_days": "1,9"}, "run_days"),
                          ({"frequency": "day_of_week", "run_days": "mon"}, "run_days"),  # was a 500
                          ({"steps": []}, "steps")):
        refused = api.post("/chasing_cadences", json=cadence(**fields))
        assert refused.status_code == 400 and refused.get_json()["param"] == param, fields
    assert "at least one chasing step" in api.post("/chasing_cadences", json=cadence(steps=[])).get_json()["message"]


def test_steps_are_checked_and_keep_their_ids(api: Api) -> None:
    for step, param in (({"action": "phone", "schedule": "age:1"}, "steps"),
                        ({**CALL, "action": "fax"}, "steps"), ({**CALL, "schedule": "age:-1"}, "steps"),
                        ({**CALL, "schedule": "weekly"}, "steps"),
                        ({**CALL, "action": "email", "email_template_id": "nope"}, "email_template_id"),
                        ({**CALL, "action": "sms", "sms_template_id": 5}, "sms_template_id"),
                        ({**CALL, "action": "sms", "sms_template_id": {"id": 5}}, "sms_template_id"),  # was a 500
                        ({**CALL, "assigned_user_id": 42}, "assigned_user_id")):
        refused = api.post("/chasing_cadences", json=cadence(steps=[step]))
        assert refused.status_code == 400 and refused.get_json()["param"] == param, step
    api.create("/email_templates", id="invoice_mail", name="x", type="invoice", subject="s", body="b")
    wrong = api.post("/chasing_cadences", json=cadence(steps=[{**CALL, "action": "email",
                                                               "email_template_id": "invoice_mail"}]))
    assert "must be a chasing email template" in wrong.get_json()["message"]
    api.create("/email_templates", id="nudge", name="Nudge", type="chasing", subject="s", body="b")
    sms = api.create("/sms_templates", name="Text", message="Pay")
    member = api.create("/members", email="col@example.com", role="administrator")
    steps = [{"name": "Email", "action": "email", "schedule": "age:7", "email_template_id": "nudge"},
             {"name": "Text", "action": "sms", "schedule": "past_due_age:5", "sms_template_id": sms["id"]},
             {"name": "Escalate", "action": "escalate", "schedule": "past_due_age:7",
              "assigned_user_id": member["user"]["id"]}]
    created = api.create("/chasing_cadences", **cadence(steps=steps))
    shown = [{k: v for k, v in s.items() if k not in ("id", "created_at", "updated_at")} for s in created["steps"]]
    assert shown == [{"role_id": None, "assigned_user_id": None, "email_template_id": None, "sms_template_id": None,
                      **s} for s in steps]
    first, second, third = created["steps"]
    kept = api.patch(f"/chasing_cadences/{created['id']}", json={"steps": [
        {"id": first["id"], "schedule": "age:10"}, {"name": "Letter", "action": "mail", "schedule": "age:30"}]})
    renewed = kept.get_json()["steps"]
    assert renewed[0]["id"] == first["id"] and renewed[0]["schedule"] == "age:10" and renewed[0]["name"] == "Email"
    assert renewed[1]["id"] not in (first["id"], second["id"], third["id"]) and len(renewed) == 2


def test_both_paths_are_one_collection(api: Api) -> None:
    gentle = api.create("/customer_chasing_cadences", **cadence(name="Gentle"))
    assert gentle["object"] == "chasing_cadence"
    assert api.get(f"/chasing_cadences/{gentle['id']}").get_json() == gentle
    firm = api.create("/chasing_cadences", **cadence(name="Firm"))
    assert firm["id"] == gentle["id"] + 1
    assert [c["name"] for c in api.get("/customer_chasing_cadences").get_json()] == ["Gentle", "Firm"]
    assert api.delete(f"/customer_chasing_cadences/{firm['id']}").status_code == 204
    assert api.get(f"/chasing_cadences/{firm['id']}").status_code == 404


def test_chasing_cadences_through_the_client(client: invoiced.Client) -> None:
    created = client.CustomerChasingCadence.create(**cadence(name="Standard", time_of_day=7))
    created.paused = True
    assert created.save() is True and created.paused is True and created.next_run is None
    assert [c.id for c in client.CustomerChasingCadence.list()[0]] == [created.id]
    assert created.delete() is True


def test_assigning_a_cadence_chases_the_customers_on_the_clock(api: Api, clock: Clock) -> None:
    dunning = cadence_with_steps(api)
    acme = api.create("/customers", name="Acme", email="ap@acme.test", chase=False)
    other = api.create("/customers", name="Other")
    api.create("/invoices", customer=acme["id"], payment_terms="NET 30", items=[{"unit_cost": 100}])
    assigned = api.post(f"/chasing_cadences/{dunning['id']}/assign", json={"customers": [acme["id"], other["id"]]})
    assert assigned.status_code == 204 and assigned.get_data() == b""
    for customer in (acme, other):
        shown = api.get(f"/customers/{customer['id']}").get_json()
        assert (shown["chase"], shown["chasing_cadence"]) == (True, dunning["id"])
    clock.advance(days=8)
    assert [e["timestamp"] for e in api.get("/events", query_string={"type": "email.sent"}).get_json()] == [
        EPOCH + 7 * DAY]


def test_assigning_from_a_step_skips_the_steps_before_it(api: Api, clock: Clock) -> None:
    dunning = cadence_with_steps(api)
    acme = api.create("/customers", name="Acme", email="ap@acme.test", address1="1 Main St")
    invoice = api.create("/invoices", customer=acme["id"], payment_terms="NET 30", items=[{"unit_cost": 100}])
    letter_step = dunning["steps"][1]["id"]
    api.post(f"/chasing_cadences/{dunning['id']}/assign", json={"customers": [acme["id"]], "next_step": letter_step})
    assert api.get(f"/customers/{acme['id']}").get_json()["next_chase_step"] == letter_step
    clock.advance(days=40)
    assert api.get("/events", query_string={"type": "email.sent"}).get_json() == []  # the reminder was skipped
    letters = api.get("/events", query_string={"type": "letter.sent"}).get_json()
    assert [e["timestamp"] for e in letters] == [invoice["due_date"] + 5 * DAY]


def test_assigning_refuses_unknown_customers_and_steps_and_writes_nothing(api: Api) -> None:
    dunning = cadence_with_steps(api)
    acme = api.create("/customers", name="Acme")
    unknown = api.post(f"/chasing_cadences/{dunning['id']}/assign", json={"customers": [acme["id"], 99]})
    assert unknown.status_code == 400 and unknown.get_json() == {
        "type": "invalid_request", "message": "No such customer: 99", "param": "customers"}
    assert api.get(f"/customers/{acme['id']}").get_json()["chasing_cadence"] is None  # nothing half-written
    step = api.post(f"/chasing_cadences/{dunning['id']}/assign", json={"customers": [acme["id"]], "next_step": 999})
    assert step.status_code == 400 and step.get_json()["message"] == "No such step: 999"
    assert api.post("/chasing_cadences/99/assign", json={"customers": [acme["id"]]}).status_code == 404
    bad = api.post(f"/chasing_cadences/{dunning['id']}/assign", json={"customers": "all"})
    assert bad.status_code == 400 and bad.get_json()["param"] == "customers"
