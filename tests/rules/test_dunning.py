"""Chasing steps and late fees run on the clock (rules/dunning.py), each written at its instant."""

from __future__ import annotations

from typing import Any

from invoiced_mock import Clock
from invoiced_mock.clock import SECONDS_PER_DAY as DAY
from tests.conftest import EPOCH, Api


def cadence_with_steps(api: Api) -> dict[str, Any]:
    api.create("/email_templates", id="nudge", name="Nudge", type="chasing", subject="Reminder", body="Pay")
    return api.create("/chasing_cadences", name="Dunning", time_of_day=8, steps=[
        {"name": "Remind", "action": "email", "schedule": "age:7", "email_template_id": "nudge"},
        {"name": "Letter", "action": "mail", "schedule": "past_due_age:5"},
        {"name": "Escalate", "action": "escalate", "schedule": "past_due_age:20"},
    ])


def test_a_customers_cadence_sends_its_steps_on_their_days(api: Api, clock: Clock) -> None:
    cadence = cadence_with_steps(api)
    customer = api.create("/customers", name="Acme", email="ap@acme.test", address1="1 Main St", city="Austin",
                          chasing_cadence=cadence["id"])
    invoice = api.create("/invoices", customer=customer["id"], payment_terms="NET 30", items=[{"unit_cost": 100}])
    clock.advance(days=8)
    emails = [e for e in api.get("/events", query_string={"type": "email.sent"}).get_json()]
    assert [e["timestamp"] for e in emails] == [EPOCH + 7 * DAY]
    assert emails[0]["data"]["object"]["template"] == "nudge"
    shown = api.get(f"/customers/{customer['id']}").get_json()
    assert (shown["next_chase_step"], shown["updated_at"]) == (cadence["steps"][1]["id"], EPOCH + 7 * DAY)
    clock.advance(days=60)
    letters = api.get("/events", query_string={"type": "letter.sent"}).get_json()
    assert [e["timestamp"] for e in letters] == [invoice["due_date"] + 5 * DAY]
    [task] = api.get("/tasks").get_json()
    assert (task["action"], task["due_date"], task["chase_step_id"]) == (
        "review", invoice["due_date"] + 20 * DAY, cadence["steps"][2]["id"])
    assert api.get(f"/customers/{customer['id']}").get_json()["next_chase_step"] is None
    assert len(api.get("/events", query_string={"type": "email.sent"}).get_json()) == 1  # each step once


def test_a_paid_customer_is_not_chased(api: Api, clock: Clock) -> None:
    cadence = cadence_with_steps(api)
    customer = api.create("/customers", name="Acme", email="ap@acme.test", chasing_cadence=cadence["id"])
    invoice = api.create("/invoices", customer=customer["id"], payment_terms="NET 30", items=[{"unit_cost": 100}])
    api.create("/payments", amount=100, applied_to=[{"type": "invoice", "invoice": invoice["id"], "amount": 100}])
    clock.advance(days=90)
    assert api.get("/events", query_string={"type": "email.sent"}).get_json() == []
    assert api.get("/tasks").get_json() == []


def test_late_fees_are_added_after_the_grace_period_and_recur(api: Api, clock: Clock) -> None:
    api.create("/late_fee_schedules", name="Late", start_date="2023-01-01", amount=10, is_percent=True,
               grace_period=5, recurring_days=30, default=True)
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], payment_terms="NET 30", items=[{"unit_cost": 200}])
    exempt = api.create("/invoices", customer=customer["id"], payment_terms="NET 30", late_fees=False,
                        items=[{"unit_cost": 200}])
    clock.advance(days=36)
    charged = api.get(f"/invoices/{invoice['id']}").get_json()
    fee = charged["items"][-1]
    assert (fee["type"], fee["amount"], charged["total"], charged["balance"]) == ("late_fee", 20, 220, 220)
    assert charged["updated_at"] == invoice["due_date"] + 1 + 5 * DAY
    assert api.get(f"/invoices/{exempt['id']}").get_json()["total"] == 200
    clock.advance(days=30)
    again = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (again["total"], [i["amount"] for i in again["items"]]) == (242, [200, 20, 22])  # 10% of 220
    previous = api.get("/events", query_string={"type": "invoice.updated"}).get_json()[0]["data"]["previous"]
    assert previous["total"] == 220


def test_a_late_fee_schedule_created_later_applies_to_open_invoices(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], payment_terms="NET 10", items=[{"unit_cost": 50}])
    api.create("/late_fee_schedules", name="Flat", start_date="2020-01-01", amount=5, grace_period=0, default=True)
    clock.advance(days=11)
    assert api.get(f"/invoices/{invoice['id']}").get_json()["total"] == 55
