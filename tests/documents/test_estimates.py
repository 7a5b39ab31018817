"""Estimates: statuses (§3.8), approval and deposit, expiry on the clock, void, estimate → invoice."""

from __future__ import annotations

from typing import Any

from invoiced_mock import Clock
from invoiced_mock.rules.documents import mark_estimate_deposit_paid
from invoiced_mock.store.business import Business
from tests.conftest import EPOCH, Api

DAY = 86_400


def _estimate(api: Api, customer: dict[str, Any], **params: Any) -> dict[str, Any]:
    return api.create("/estimates", customer=customer["id"], items=[{"name": "Design", "unit_cost": 250}], **params)


def test_estimate_defaults_and_no_balance(api: Api, customer: dict[str, Any]) -> None:
    body = _estimate(api, customer, deposit=50)
    assert (body["number"], body["name"], body["status"], body["total"]) == ("EST-00001", "Estimate", "not_sent", 250)
    assert (body["deposit"], body["deposit_paid"], body["approved"], body["invoice"]) == (50, False, None, None)
    assert "balance" not in body


def test_expiry_follows_the_clock_and_sent(api: Api, clock: Clock, customer: dict[str, Any]) -> None:
    body = _estimate(api, customer, expiration_date=EPOCH + 7 * DAY)
    assert api.patch(f"/estimates/{body['id']}", json={"sent": True}).get_json()["status"] == "sent"
    clock.advance(days=8)
    assert api.get(f"/estimates/{body['id']}").get_json()["status"] == "expired"


def test_approval_closes_once_the_deposit_is_paid(api: Api, business: Business, customer: dict[str, Any]) -> None:
    body = _estimate(api, customer, deposit=50)
    approved = api.patch(f"/estimates/{body['id']}", json={"approved": "Jane Doe"}).get_json()
    assert (approved["status"], approved["closed"]) == ("approved", False)
    assert [e["data"]["object"]["id"] for e in api.get("/events", query_string={"type": "estimate.approved"})
            .get_json()] == [body["id"]]
    with business.transaction():
        mark_estimate_deposit_paid(business, body["id"], True)
    shown = api.get(f"/estimates/{body['id']}").get_json()
    assert (shown["deposit_paid"], shown["closed"], shown["status"]) == (True, True, "approved")
    assert api.post(f"/estimates/{body['id']}/void").status_code == 400  # deposit paid
    by_boolean = _estimate(api, customer, approved=True)  # how the Java client sends it
    assert (by_boolean["approved"], by_boolean["status"], by_boolean["closed"]) == ("true", "approved", True)
    declined = _estimate(api, customer)
    assert api.patch(f"/estimates/{declined['id']}", json={"closed": True}).get_json()["status"] == "declined"


def test_estimate_becomes_an_invoice(api: Api, customer: dict[str, Any]) -> None:
    api.create("/tax_rates", id="vat", name="VAT", value=10)
    api.create("/coupons", id="ten", name="Ten", value=10)
    body = api.create("/estimates", customer=customer["id"], payment_terms="NET 15", notes="Thanks",
                      metadata={"job": "42"}, discounts=["ten"], taxes=["vat"],
                      items=[{"name": "Design", "quantity": 2, "unit_cost": 100}])
    # 200 - 10% = 180; 10% tax on 180 = 18 → 198
    assert body["total"] == 198
    response = api.post(f"/estimates/{body['id']}/invoice")
    assert response.status_code == 201
    bill = response.get_json()
    assert (bill["object"], bill["number"], bill["name"], bill["customer"]) == (
        "invoice", "INV-00001", "Invoice", customer["id"])
    assert (bill["total"], bill["balance"], bill["payment_terms"], bill["due_date"]) == (
        198, 198, "NET 15", EPOCH + 15 * DAY)
    assert (bill["notes"], bill["metadata"]) == ("Thanks", {"job": "42"})
    assert bill["items"][0]["name"] == "Design"
    assert bill["items"][0]["id"] != body["items"][0]["id"]
    assert bill["discounts"][0]["coupon"]["id"] == "ten"
    shown = api.get(f"/estimates/{body['id']}").get_json()
    assert (shown["status"], shown["invoice"], shown["closed"]) == ("invoiced", bill["id"], True)
    again = api.post(f"/estimates/{body['id']}/invoice")
    assert again.status_code == 400
    assert api.get("/invoices").headers["X-Total-Count"] == "1"
    assert api.post(f"/estimates/{body['id']}/void").status_code == 400


def test_early_payment_terms_add_an_expiring_discount(api: Api, customer: dict[str, Any]) -> None:
    body = _estimate(api, customer, payment_terms="2% 10 NET 30")
    bill = api.post(f"/estimates/{body['id']}/invoice").get_json()
    early = bill["discounts"][-1]
    assert (early["amount"], early["expires"]) == (5, EPOCH + 10 * DAY)  # 2% of 250
    assert bill["total"] == 245


def test_void_estimate(api: Api, customer: dict[str, Any]) -> None:
    body = _estimate(api, customer)
    assert api.post(f"/estimates/{body['id']}/void").get_json()["status"] == "voided"
    assert api.post(f"/estimates/{body['id']}/invoice").status_code == 400
