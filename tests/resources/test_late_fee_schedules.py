"""Late fee schedules: a start date, a grace period and recurrence of 0 to 365 days, one default."""

from __future__ import annotations

import invoiced

from tests.conftest import Api

BODY = {"name": "Late", "start_date": "2021-07-01", "amount": "5", "grace_period": 30}


def test_dates_ranges_and_one_default(api: Api) -> None:
    assert api.post("/late_fee_schedules", json={**BODY, "start_date": "07/01/2021"}
                    ).get_json()["param"] == "start_date"
    assert api.post("/late_fee_schedules", json={**BODY, "grace_period": 366}).get_json()["param"] == "grace_period"
    assert api.post("/late_fee_schedules", json={**BODY, "recurring_days": -1}
                    ).get_json()["param"] == "recurring_days"
    assert api.post("/late_fee_schedules", json={**BODY, "amount": "five"}).get_json()["param"] == "amount"
    first = api.create("/late_fee_schedules", **BODY, is_percent=True, default=True, recurring_days=365)
    assert (first["amount"], first["is_percent"], first["last_run"]) == (5, True, None)
    second = api.post("/late_fee_schedules", json={**BODY, "default": True})
    assert second.status_code == 400 and second.get_json() == {
        "type": "invalid_request", "message": "You can have only one default late fee schedule.", "param": "default"}
    assert api.delete(f"/late_fee_schedules/{first['id']}").status_code == 204
    assert api.create("/late_fee_schedules", **BODY, default=True)["default"] is True


def test_late_fee_schedules_through_the_client(client: invoiced.Client) -> None:
    schedule = client.LateFeeSchedule.create(**BODY)
    schedule.grace_period = 15
    assert schedule.save() is True
    assert client.LateFeeSchedule.retrieve(schedule.id).grace_period == 15
    assert schedule.delete() is True
