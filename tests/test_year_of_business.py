"""A year of a small business driven by the clock alone, synced each month as tap-invoiced syncs.

Set up once: a monthly plan, a late-fee schedule, a chasing cadence and five customers: two pay by AutoPay
(one card declines its first charge, then the retry succeeds), one AutoPay card always declines, one pays
nothing on NET 30 terms (chased, charged late fees), one cancels at the end of its first period. After
that only ``clock.advance`` runs. After each month an incremental sync (``updated_after`` = the previous
bookmark, ``sort=updated_at ASC``, paged) must return exactly the records whose events fell in that month,
in ``updated_at`` order, each stamped with its latest event's time.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from invoiced_mock import Clock
from invoiced_mock.clock import SECONDS_PER_DAY as DAY
from tests.conftest import EPOCH, Api

STREAMS = {"invoice": "/invoices", "customer": "/customers", "subscription": "/subscriptions",
           "estimate": "/estimates", "credit_note": "/credit_notes"}


def sync(api: Api, path: str, since: int) -> list[dict[str, Any]]:
    """Every record of ``path`` updated after ``since``, as the tap pages through them."""
    records, page = [], 1
    while True:
        response = api.get(path, query_string={"updated_after": since, "sort": "updated_at ASC", "per_page": 3,
                                               "page": page, "include": "updated_at", "all": 1})
        assert response.status_code == 200
        records += response.get_json()
        if 'rel="next"' not in response.headers.get("Link", ""):
            return records
        page += 1


def events_between(api: Api, start: int, end: int) -> list[dict[str, Any]]:
    found, page = [], 1
    while True:
        response = api.get("/events", query_string={"start_date": start + 1, "end_date": end, "per_page": 100,
                                                    "page": page})
        found += response.get_json()
        if 'rel="next"' not in response.headers.get("Link", ""):
            return list(reversed(found))
        page += 1


def set_up(api: Api) -> dict[str, dict[str, Any]]:
    api.create("/plans", id="monthly", name="Monthly", interval="month", amount=49)
    api.create("/late_fee_schedules", name="Late", start_date="2023-01-01", amount=15, grace_period=10, default=True)
    api.create("/email_templates", id="nudge", name="Nudge", type="chasing", subject="Reminder", body="Please pay")
    cadence = api.create("/chasing_cadences", name="Dunning", time_of_day=8, steps=[
        {"name": "Remind", "action": "email", "schedule": "past_due_age:3", "email_template_id": "nudge"}])

    def customer(name: str, token: str | None, **options: Any) -> dict[str, Any]:
        made = api.create("/customers", name=name, email=f"{name.lower()}@example.test", **options)
        if token:
            api.create(f"/customers/{made['id']}/payment_sources", method="credit_card", invoiced_token=token)
        return made

    people = {
        "good": customer("Good", "tok_visa", autopay=True),
        "retry": customer("Retry", "tok_decline_first_1", autopay=True),
        "declined": customer("Declined", "tok_chargeDeclined", autopay=True),
        "slow": customer("Slow", None, payment_terms="NET 30", chasing_cadence=cadence["id"]),
        "leaving": customer("Leaving", None, payment_terms="NET 15"),
    }
    for name in ("good", "retry", "slow"):
        api.create("/subscriptions", customer=people[name]["id"], plan="monthly")
    api.create("/subscriptions", customer=people["leaving"]["id"], plan="monthly", cancel_at_period_end=True)
    api.create("/invoices", customer=people["declined"]["id"], items=[{"name": "Setup", "unit_cost": 300}])
    api.create("/estimates", customer=people["slow"]["id"], expiration_date=EPOCH + 45 * DAY,
               items=[{"name": "Upgrade", "unit_cost": 900}])
    leaving_invoice = api.get("/invoices", query_string={"filter[customer]": people["leaving"]["id"]}).get_json()[0]
    api.create("/payments", customer=people["leaving"]["id"], amount=49, applied_to=[
        {"type": "invoice", "invoice": leaving_invoice["id"], "amount": 49}])
    return people


def test_a_year_through_the_clock_synced_each_month(api: Api, clock: Clock) -> None:
    people = set_up(api)
    bookmark = clock.now()
    changed_per_month = []
    for _ in range(12):
        now = clock.advance(days=30, hours=10)
        window = events_between(api, bookmark, now)
        stamps = [e["timestamp"] for e in window]
        assert stamps == sorted(stamps) and all(bookmark < t <= now for t in stamps)
        latest: dict[tuple[str, Any], int] = {}
        for event in window:
            obj = event["data"]["object"]
            if obj.get("object") in STREAMS:
                latest[(obj["object"], obj["id"])] = event["timestamp"]
        synced = {}
        for name, path in STREAMS.items():
            records = sync(api, path, bookmark)
            assert [r["updated_at"] for r in records] == sorted(r["updated_at"] for r in records)
            synced.update({(name, r["id"]): r["updated_at"] for r in records})
        assert synced == latest  # exactly what changed this month, each as of its latest event
        changed_per_month.append(len(synced))
        bookmark = now
    assert all(changed_per_month)

    every = events_between(api, EPOCH - 1, clock.now())
    kinds: dict[str, int] = defaultdict(int)
    for event in every:
        kinds[event["type"]] += 1
    assert kinds["charge.failed"] >= 5 and kinds["charge.succeeded"] >= 24  # declines, retries and renewals
    assert kinds["email.sent"] >= 1 and kinds["subscription.deleted"] == 1
    invoices = sync(api, "/invoices", 0)

    def of(name: str) -> list[dict[str, Any]]:
        return [i for i in invoices if i["customer"] == people[name]["id"]]

    assert {i["status"] for i in of("good")} == {i["status"] for i in of("retry")} == {"paid"}
    assert len(of("good")) == 12 and len(of("leaving")) == 1  # 365 days: Nov 14 to Oct 14
    retried = min(of("retry"), key=lambda i: i["id"])
    assert retried["attempt_count"] == 2
    [setup] = of("declined")
    assert (setup["status"], setup["attempt_count"], setup["next_payment_attempt"]) == ("past_due", 4, None)
    *overdue, newest = sorted(of("slow"), key=lambda i: i["id"])
    assert {i["status"] for i in overdue} == {"past_due"} and newest["status"] == "not_sent"
    assert all(i["items"][-1]["type"] == "late_fee" and i["total"] == 64 for i in overdue)  # 49 + a 15 late fee
    [estimate] = sync(api, "/estimates", 0)
    assert (estimate["status"], estimate["updated_at"]) == ("expired", EPOCH + 45 * DAY + 1)
