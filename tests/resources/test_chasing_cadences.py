"""Chasing cadences: one collection behind ``/chasing_cadences`` (Go) and ``/customer_chasing_cadences``."""

from __future__ import annotations

import invoiced

from tests.conftest import Api


def test_schedule_rules(api: Api) -> None:
    late = api.post("/chasing_cadences", json={"name": "x", "time_of_day": 24})
    assert late.status_code == 400 and late.get_json()["param"] == "time_of_day"
    monthly = api.post("/chasing_cadences", json={"name": "x", "time_of_day": 9, "frequency": "day_of_month",
                                                  "run_date": 32})
    assert monthly.status_code == 400 and monthly.get_json()["param"] == "run_date"
    weekly = api.post("/chasing_cadences", json={"name": "x", "time_of_day": 9, "frequency": "day_of_week",
                                                 "run_date": 8})
    assert weekly.get_json()["param"] == "run_date"
    assert api.post("/chasing_cadences", json={"name": "x", "time_of_day": 9, "frequency": "hourly"}
                    ).get_json()["param"] == "frequency"
    steps = [{"name": "Email", "action": "email", "schedule": "age:7"}]
    cadence = api.create("/chasing_cadences", name="Monthly", time_of_day=9, frequency="day_of_month", run_date=31,
                         steps=steps, min_balance="10.50")
    assert cadence["steps"] == steps and cadence["min_balance"] == 10.5 and cadence["next_run"] is None


def test_both_paths_are_one_collection(api: Api) -> None:
    cadence = api.create("/customer_chasing_cadences", name="Gentle", time_of_day=8)
    assert cadence["object"] == "chasing_cadence"
    assert api.get(f"/chasing_cadences/{cadence['id']}").get_json() == cadence
    other = api.create("/chasing_cadences", name="Firm", time_of_day=10)
    assert other["id"] == cadence["id"] + 1
    assert [c["name"] for c in api.get("/customer_chasing_cadences").get_json()] == ["Gentle", "Firm"]
    assert api.delete(f"/customer_chasing_cadences/{other['id']}").status_code == 204
    assert api.get(f"/chasing_cadences/{other['id']}").status_code == 404


def test_chasing_cadences_through_the_client(client: invoiced.Client) -> None:
    cadence = client.CustomerChasingCadence.create(name="Standard", time_of_day=7)
    cadence.paused = True
    assert cadence.save() is True and cadence.paused is True
    assert [c.id for c in client.CustomerChasingCadence.list()[0]] == [cadence.id]
    assert cadence.delete() is True
