"""Subscriptions: first bill, renewals as the clock moves, cycles, cancel, arrears, pricing, preview."""

from __future__ import annotations

from datetime import datetime, timezone

import invoiced
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.rules.periods import anniversary
from tests.conftest import EPOCH, Api

DAY = 86_400
DEC_14 = EPOCH + 30 * DAY  # EPOCH is 2023-11-14T22:13:20Z; monthly anniversaries fall on the 14th
JAN_14 = EPOCH + 61 * DAY
FEB_14 = EPOCH + 92 * DAY


@pytest.fixture
def acme(api: Api) -> dict:
    api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    return api.create("/customers", name="Acme")


def invoices_of(api: Api, subscription_id: int) -> list[dict]:
    return [i for i in api.get("/invoices?sort=id asc").get_json() if i["subscription"] == subscription_id]


def test_create_bills_the_first_period_at_once(api: Api, acme: dict) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter")
    assert sub["object"] == "subscription" and sub["status"] == "active"
    assert (sub["start_date"], sub["period_start"], sub["period_end"], sub["renews_next"]) == (
        EPOCH, EPOCH, DEC_14, DEC_14)
    assert (sub["quantity"], sub["recurring_total"], sub["mrr"], sub["bill_in"]) == (1, 49, 49, "advance")
    (invoice,) = invoices_of(api, sub["id"])
    assert invoice["total"] == 49 and invoice["date"] == EPOCH and invoice["customer"] == acme["id"]
    (line,) = invoice["items"]
    assert (line["type"], line["plan"], line["name"], line["quantity"], line["unit_cost"]) == (
        "plan", "starter", "Starter", 1, 49)
    assert (line["period_start"], line["period_end"], line["subscription"]) == (EPOCH, DEC_14, sub["id"])


def test_renewals_follow_the_clock_one_invoice_per_anniversary(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter")
    clock.advance(days=95)
    invoices = invoices_of(api, sub["id"])
    assert [i["date"] for i in invoices] == [EPOCH, DEC_14, JAN_14, FEB_14]
    assert [i["items"][0]["period_start"] for i in invoices] == [EPOCH, DEC_14, JAN_14, FEB_14]
    shown = api.get(f"/subscriptions/{sub['id']}").get_json()
    assert (shown["period_start"], shown["renewed_last"]) == (FEB_14, FEB_14)
    assert shown["period_end"] == int(datetime(2024, 3, 14, 22, 13, 20, tzinfo=timezone.utc).timestamp())
    assert "subscription.updated" in {e["type"] for e in api.get("/events?type=subscription.updated").get_json()}


def test_fixed_cycles_finish(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter", cycles=2)
    clock.advance(days=200)
    assert len(invoices_of(api, sub["id"])) == 2
    assert api.get(f"/subscriptions/{sub['id']}").get_json()["status"] == "finished"
    assert api.get("/subscriptions").get_json() == []  # only upcoming renewals by default
    assert [s["id"] for s in api.get("/subscriptions?finished=1").get_json()] == [sub["id"]]


def test_cancel_is_a_delete_answering_200(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter")
    clock.advance(days=3)
    response = api.delete(f"/subscriptions/{sub['id']}", json={"canceled_reason": "too expensive"})
    assert response.status_code == 200
    canceled = response.get_json()
    assert (canceled["status"], canceled["canceled_at"], canceled["canceled_reason"]) == (
        "canceled", EPOCH + 3 * DAY, "too expensive")
    assert canceled["period_end"] is None and canceled["renews_next"] is None
    clock.advance(days=60)
    assert len(invoices_of(api, sub["id"])) == 1
    assert api.delete(f"/subscriptions/{sub['id']}").status_code == 400
    assert api.patch(f"/subscriptions/{sub['id']}", json={"quantity": 2}).status_code == 400
    assert [s["id"] for s in api.get("/subscriptions?canceled=1").get_json()] == [sub["id"]]
    assert api.get("/events?type=subscription.deleted").get_json()[0]["data"]["object"]["status"] == "canceled"


def test_cancel_at_period_end(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter", cancel_at_period_end=True)
    clock.advance(days=45)
    shown = api.get(f"/subscriptions/{sub['id']}").get_json()
    assert (shown["status"], shown["canceled_at"]) == ("canceled", DEC_14)
    assert len(invoices_of(api, sub["id"])) == 1


def test_a_future_start_waits_then_bills(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter", start_date=EPOCH + 10 * DAY)
    assert sub["status"] == "not_started" and invoices_of(api, sub["id"]) == []
    clock.advance(days=10)
    assert api.get(f"/subscriptions/{sub['id']}").get_json()["status"] == "active"
    assert [i["date"] for i in invoices_of(api, sub["id"])] == [EPOCH + 10 * DAY]


def test_billing_in_arrears_invoices_each_period_at_its_end(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter", bill_in="arrears")
    assert invoices_of(api, sub["id"]) == []
    clock.advance(days=31)
    (invoice,) = invoices_of(api, sub["id"])
    assert invoice["date"] == DEC_14 and invoice["items"][0]["period_start"] == EPOCH


def test_pricing_with_quantity_addons_coupons_and_taxes(api: Api, acme: dict) -> None:
    api.create("/plans", id="seats", name="Extra seats", interval="month", amount=10)
    api.create("/plans", id="yearly", name="Yearly", interval="year", amount=100)
    api.create("/coupons", id="ten", name="10% off", value=10)
    api.create("/tax_rates", id="sales", name="Sales tax", value="8.25")
    wrong = api.post("/subscriptions", json={"customer": acme["id"], "plan": "starter", "addons": [{"plan": "yearly"}]})
    assert wrong.status_code == 400 and wrong.get_json()["param"] == "addons"
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter", quantity=2,
                     addons=[{"plan": "seats", "quantity": 1}], discounts=["ten"], taxes=["sales"])
    # 2 × 49 + 10 = 108.00; 10% off → 97.20; 8.25% tax on 97.20 = 8.019 → 8.02 (half-up)
    assert (sub["recurring_total"], sub["mrr"]) == (105.22, 97.2)
    assert sub["addons"][0]["object"] == "subscription_addon" and sub["addons"][0]["plan"] == "seats"
    assert [d["id"] for d in sub["discounts"]] == ["ten"] and sub["taxes"][0]["object"] == "tax_rate"
    (invoice,) = invoices_of(api, sub["id"])
    assert invoice["total"] == 105.22
    expanded = api.get(f"/subscriptions/{sub['id']}?expand=plan,customer,addons.plan").get_json()
    assert expanded["plan"]["amount"] == 49 and expanded["customer"]["name"] == "Acme"
    assert expanded["addons"][0]["plan"]["name"] == "Extra seats"


def test_calendar_billing_prorates_the_first_period(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter", snap_to_nth_day=1)
    dec_1 = int(datetime(2023, 12, 1, 22, 13, 20, tzinfo=timezone.utc).timestamp())
    assert sub["period_end"] == dec_1
    (first,) = invoices_of(api, sub["id"])
    assert first["items"][0]["prorated"] is True
    assert first["total"] == 27.77  # 49 × 17/30 days = 27.7666… → 27.77
    clock.advance(days=20)
    second = invoices_of(api, sub["id"])[1]
    assert second["date"] == dec_1 and second["total"] == 49


def test_unpaid_renewals_make_the_subscription_past_due(api: Api, clock: Clock) -> None:
    api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    customer = api.create("/customers", name="Slow payer", payment_terms="NET 7")
    sub = api.create("/subscriptions", customer=customer["id"], plan="starter")
    clock.advance(days=8)
    assert api.get(f"/subscriptions/{sub['id']}").get_json()["status"] == "past_due"


def test_autopay_customers_are_charged_on_renewal(api: Api, clock: Clock) -> None:
    api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    customer = api.create("/customers", name="Card on file", autopay=True)
    api.create(f"/customers/{customer['id']}/payment_sources", method="credit_card", invoiced_token="tok_visa",
               make_default=True)
    sub = api.create("/subscriptions", customer=customer["id"], plan="starter")
    clock.advance(days=31)
    invoices = invoices_of(api, sub["id"])
    assert [(i["status"], i["balance"]) for i in invoices] == [("paid", 0), ("paid", 0)]


def test_validation(api: Api, acme: dict) -> None:
    for body, param in (({"plan": "starter"}, "customer"), ({"customer": acme["id"]}, "plan"),
                        ({"customer": acme["id"], "plan": "nope"}, "plan"),
                        ({"customer": acme["id"], "plan": "starter", "bill_in": "sometime"}, "bill_in"),
                        ({"customer": acme["id"], "plan": "starter", "snap_to_nth_day": 40}, "snap_to_nth_day")):
        response = api.post("/subscriptions", json=body)
        assert response.status_code == 400 and response.get_json()["param"] == param, body
    assert api.get("/invoices").get_json() == [] and api.get("/subscriptions?all=1").get_json() == []


def test_preview_stores_nothing(api: Api, acme: dict) -> None:
    response = api.post("/subscriptions/preview", json={"plan": "starter", "quantity": 3})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["recurring_total"], body["mrr"]) == (147, 147)
    invoice = body["first_invoice"]
    assert (invoice["id"], invoice["number"], invoice["customer"], invoice["status"]) == (None, None, -1, "draft")
    assert invoice["total"] == 147
    assert api.get("/invoices").get_json() == [] and api.get("/customers").headers["X-Total-Count"] == "1"
    assert {e["type"] for e in api.get("/events").get_json()} == {"plan.created", "customer.created"}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 70), min_size=1, max_size=6))
def test_one_invoice_per_started_period_however_time_moves(steps: list[int]) -> None:
    clock = Clock(frozen_at=EPOCH)
    api = Api(InvoicedMock(clock=clock))
    api.create("/plans", id="p", name="P", interval="month", amount=5)
    customer = api.create("/customers", name="C")
    sub = api.create("/subscriptions", customer=customer["id"], plan="p")
    for days in steps:
        clock.advance(days=days)
    started = [k for k in range(0, 20) if anniversary(EPOCH, "month", 1, k) <= clock.now()]
    dates = [i["date"] for i in invoices_of(api, sub["id"])]
    assert dates == [anniversary(EPOCH, "month", 1, k) for k in started]


def test_through_the_official_client(client: invoiced.Client) -> None:
    client.Plan.create(id="starter", name="Starter", interval="month", amount=49)
    customer = client.Customer.create(name="Acme")
    preview = invoiced.Subscription(client).preview(plan="starter", customer=customer.id)
    assert preview["first_invoice"]["total"] == 49
    sub = client.Subscription.create(customer=customer.id, plan="starter")
    assert client.Subscription.retrieve(sub.id).status == "active"
    sub.quantity = 2
    assert sub.save() is True and sub.recurring_total == 98
    subs, metadata = client.Subscription.list()
    assert [s.id for s in subs] == [sub.id] and metadata.total_count == 1
    assert sub.cancel() is True
    assert client.Subscription.retrieve(sub.id).status == "canceled"


def test_mid_period_changes_are_prorated_onto_the_next_invoice(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter")
    clock.advance(days=15)  # half of the 30-day Nov 14 → Dec 14 period is left
    assert api.patch(f"/subscriptions/{sub['id']}", json={"quantity": 2}).get_json()["recurring_total"] == 98
    pending = api.get(f"/customers/{acme['id']}/line_items").get_json()
    assert [(p["name"], p["quantity"], p["unit_cost"], p["prorated"]) for p in pending] == [
        ("Unused time on Starter", 1, -24.5, True), ("Remaining time on Starter", 2, 24.5, True)]
    clock.advance(days=15)
    renewal = invoices_of(api, sub["id"])[1]
    assert renewal["total"] == 122.5  # 2 × 49 − 24.50 + 2 × 24.50
    assert api.get(f"/customers/{acme['id']}/line_items").get_json() == []


def test_changes_without_proration_leave_nothing_pending(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter")
    clock.advance(days=15)
    api.patch(f"/subscriptions/{sub['id']}", json={"quantity": 3, "prorate": False})
    assert api.get(f"/customers/{acme['id']}/line_items").get_json() == []


def test_metered_usage_rides_on_the_renewal(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter")
    api.create(f"/customers/{acme['id']}/line_items", name="API calls", quantity=1000, unit_cost="0.01")
    clock.advance(days=31)
    renewal = invoices_of(api, sub["id"])[1]
    assert [line["name"] for line in renewal["items"]] == ["Starter", "API calls"] and renewal["total"] == 59


def test_billing_days_in_advance(api: Api, acme: dict, clock: Clock) -> None:
    sub = api.create("/subscriptions", customer=acme["id"], plan="starter", bill_in_advance_days=3)
    clock.advance(days=27)  # Dec 11: three days before the Dec 14 anniversary
    renewal = invoices_of(api, sub["id"])[1]
    assert (renewal["date"], renewal["items"][0]["period_start"]) == (DEC_14 - 3 * DAY, DEC_14)
    huge = api.create("/subscriptions", customer=acme["id"], plan="starter", bill_in_advance_days=10**6)
    clock.advance(days=1)  # an absurd lead time bills one period ahead at most, never a runaway
    assert len(invoices_of(api, huge["id"])) == 2
