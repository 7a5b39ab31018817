"""Scheduled reports: a report built on a weekly or monthly schedule, on the mock clock.

The frozen now (EPOCH) is Tuesday 2023-11-14 22:13:20 UTC.
"""

from __future__ import annotations

from invoiced_mock import Clock
from tests.conftest import EPOCH, Api

THURSDAY_16TH_8AM = 1_700_121_600
DECEMBER_1ST_8AM = 1_701_417_600


def test_a_scheduled_report_and_its_next_run(api: Api) -> None:
    made = api.create("/scheduled_reports", saved_report=7, time_of_day=8, frequency="day_of_week", run_date=4,
                      parameters={"$currency": "usd"})
    assert {k: made[k] for k in ("saved_report", "type", "member", "parameters", "time_of_day", "frequency",
                                 "run_date", "last_run", "next_run", "created_at")} == {
        "saved_report": 7, "type": "aging_summary", "member": None, "parameters": {"$currency": "usd"},
        "time_of_day": 8, "frequency": "day_of_week", "run_date": 4, "last_run": None,
        "next_run": THURSDAY_16TH_8AM, "created_at": EPOCH}
    assert "object" not in made
    moved = api.patch(f"/scheduled_reports/{made['id']}", json={"frequency": "day_of_month", "run_date": 1})
    assert moved.get_json()["next_run"] == DECEMBER_1ST_8AM
    assert api.get("/scheduled_reports").get_json() == [moved.get_json()]
    assert api.delete(f"/scheduled_reports/{made['id']}").status_code == 204
    assert api.get(f"/scheduled_reports/{made['id']}").status_code == 404


def test_a_scheduled_report_runs_on_the_clock(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    api.create("/invoices", customer=customer["id"], items=[{"unit_cost": 100}])
    made = api.create("/scheduled_reports", saved_report=1, time_of_day=8, run_date=4)
    clock.advance(days=2)  # past Thursday 08:00
    shown = api.get(f"/scheduled_reports/{made['id']}").get_json()
    assert shown["last_run"] == THURSDAY_16TH_8AM and shown["next_run"] == THURSDAY_16TH_8AM + 7 * 86_400
    report = api.get("/reports/1").get_json()
    assert (report["type"], report["timestamp"], [r["total"] for r in report["data"]]) == (
        "aging_summary", THURSDAY_16TH_8AM, [100])
    clock.advance(days=14)
    assert api.get("/reports/3").status_code == 200 and api.get("/reports/4").status_code == 404


def test_scheduled_report_validation(api: Api) -> None:
    good = {"saved_report": 1, "time_of_day": 8, "run_date": 4}
    for changed, param in (({"saved_report": None}, "saved_report"), ({"time_of_day": 24}, "time_of_day"),
                           ({"time_of_day": None}, "time_of_day"), ({"frequency": "daily"}, "frequency"),
                           ({"run_date": 8}, "run_date"), ({"run_date": None}, "run_date"),
                           ({"frequency": "day_of_month", "run_date": 32}, "run_date"), ({"type": "mrr"}, "type")):
        refused = api.post("/scheduled_reports", json={**good, **changed})
        assert refused.status_code == 400 and refused.get_json()["param"] == param, changed
    assert api.post("/scheduled_reports", json={**good, "run_date": 8}).get_json()["message"] == (
        "Run date must be between 1 and 7")
    assert api.get("/scheduled_reports").get_json() == []
