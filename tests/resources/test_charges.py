"""Charges answer with a payment, refunds stay within the charge, and invoices pay themselves with AutoPay."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api


@pytest.fixture
def customer(api: Api) -> dict[str, Any]:
    return api.create("/customers", name="Acme", email="ap@acme.test")


@pytest.fixture
def card(api: Api, customer: dict[str, Any]) -> dict[str, Any]:
    return api.create(f"/customers/{customer['id']}/payment_sources", method="credit_card", invoiced_token="tok_1")


def _invoice(api: Api, customer: dict[str, Any], unit_cost: str) -> dict[str, Any]:
    return api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": unit_cost}])


def _charge(api: Api, customer: dict[str, Any], card: dict[str, Any], amount: str, **extra: Any) -> Any:
    body = {"customer": customer["id"], "method": "credit_card", "amount": amount,
            "payment_source_type": "card", "payment_source_id": card["id"], **extra}
    return api.post("/charges", json=body)


def test_charge_returns_the_payment_with_the_charge_embedded(api: Api, customer: dict[str, Any],
                                                             card: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "75.50")
    response = _charge(api, customer, card, "75.50",
                       applied_to=[{"type": "invoice", "invoice": invoice["id"], "amount": "75.50"}])
    assert response.status_code == 200
    payment = response.get_json()
    assert (payment["object"], payment["method"], payment["source"], payment["balance"]) == \
        ("payment", "credit_card", "api", 0)
    charge = payment["charge"]
    assert (charge["object"], charge["amount"], charge["status"], charge["refunded"]) == \
        ("charge", 75.5, "succeeded", False)
    assert charge["payment_source"]["id"] == card["id"] and charge["payment_source"]["object"] == "card"
    assert payment["reference"] == charge["gateway_id"]
    assert charge["receipt_email"] == "ap@acme.test"
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "paid"
    assert api.get(f"/charges/{charge['id']}").get_json()["payment"] == payment["id"]
    types = [e["type"] for e in api.get("/events").get_json()]
    assert "charge.succeeded" in types and "payment.created" in types


def test_charge_with_a_token_vaults_the_source(api: Api, customer: dict[str, Any]) -> None:
    response = api.post("/charges", json={"customer": customer["id"], "method": "ach", "amount": "10",
                                          "gateway_token": "btok_9", "applied_to": [{"type": "credit",
                                                                                    "amount": "10"}]})
    assert response.status_code == 200
    assert response.get_json()["charge"]["payment_source"]["object"] == "bank_account"
    assert response.get_json()["method"] == "ach"
    sources = api.get(f"/customers/{customer['id']}/payment_sources").get_json()
    assert [s["object"] for s in sources] == ["bank_account"]
    assert api.get(f"/customers/{customer['id']}/balance").get_json()["available_credits"] == 10


def test_a_charge_told_not_to_vault_keeps_no_payment_source(api: Api, customer: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "20")
    response = api.post("/charges", json={
        "customer": customer["id"], "method": "credit_card", "amount": "20", "invoiced_token": "4242424242424242",
        "vault_method": False, "applied_to": [{"type": "invoice", "invoice": invoice["id"], "amount": "20"}]})
    assert response.status_code == 200
    source = response.get_json()["charge"]["payment_source"]
    assert (source["object"], source["last4"], source["customer"]) == ("card", "4242", customer["id"])
    assert api.get(f"/customers/{customer['id']}/payment_sources").get_json() == []
    assert api.get(f"/customers/{customer['id']}").get_json()["payment_source"] is None
    assert api.get(f"/customers/{customer['id']}/cards/{source['id']}").status_code == 404
    assert "payment_source.created" not in [e["type"] for e in api.get("/events").get_json()]
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "paid"


def test_the_same_card_declines_first_n_times_saved_or_not(api: Api, customer: dict[str, Any]) -> None:
    body = {"customer": customer["id"], "method": "credit_card", "amount": "5", "invoiced_token": "tok_decline_first_1",
            "vault_method": False, "applied_to": [{"type": "credit", "amount": "5"}]}
    assert api.post("/charges", json=body).status_code == 400
    assert api.post("/charges", json=body).status_code == 200  # the same card, the second time
    assert [c["status"] for c in api.get("/charges").get_json()] == ["failed", "succeeded"]


@pytest.mark.parametrize(("change", "param"), [
    ({"customer": None}, "customer"),
    ({"customer": 999}, "customer"),
    ({"method": "cash"}, "method"),
    ({"amount": "0"}, "amount"),
    ({"applied_to": None}, "applied_to"),
    ({"applied_to": [{"type": "convenience_fee", "amount": "5"}]}, "applied_to"),
    ({"applied_to": [{"type": "credit", "amount": "5.01"}]}, "applied_to"),
    ({"payment_source_id": 999}, "payment_source_id"),
    ({"payment_source_type": "bank_account"}, "payment_source_id"),
    ({"invoiced_token": "tok_2"}, "payment_source_id"),
    ({"payment_source_type": "wallet"}, "payment_source_type"),
])
def test_bad_charges_are_refused_without_a_write(api: Api, customer: dict[str, Any], card: dict[str, Any],
                                                 change: dict[str, Any], param: str) -> None:
    body = {"customer": customer["id"], "method": "credit_card", "amount": "5", "payment_source_type": "card",
            "payment_source_id": card["id"], "applied_to": [{"type": "credit", "amount": "5"}], **change}
    response = api.post("/charges", json={k: v for k, v in body.items() if v is not None})
    assert response.status_code == 400
    assert response.get_json()["param"] == param
    assert api.get("/payments").get_json() == [] and api.get("/charges").get_json() == []


def test_a_card_of_another_customer_cannot_be_charged(api: Api, customer: dict[str, Any]) -> None:
    other = api.create("/customers", name="Other")
    foreign = api.create(f"/customers/{other['id']}/payment_sources", method="credit_card", invoiced_token="t")
    response = _charge(api, customer, foreign, "5", applied_to=[{"type": "credit", "amount": "5"}])
    assert response.status_code == 400 and response.get_json()["param"] == "payment_source_id"


def test_refunds_add_up_to_at_most_the_charge(api: Api, customer: dict[str, Any], card: dict[str, Any]) -> None:
    charge = _charge(api, customer, card, "100", applied_to=[{"type": "credit", "amount": "100"}]) \
        .get_json()["charge"]
    first = api.post(f"/charges/{charge['id']}/refunds", json={"amount": "30.10"})
    assert first.status_code == 201
    refund = first.get_json()
    assert (refund["object"], refund["charge"], refund["amount"], refund["status"]) == \
        ("refund", charge["id"], 30.1, "succeeded")
    # 100 − 30.10 = 69.90 left: 69.91 is one cent too many
    too_much = api.post(f"/charges/{charge['id']}/refunds", json={"amount": "69.91"})
    assert too_much.status_code == 400 and too_much.get_json()["param"] == "amount"
    assert api.post(f"/charges/{charge['id']}/refunds", json={"amount": "69.90"}).status_code == 201
    shown = api.get(f"/charges/{charge['id']}").get_json()
    assert (shown["amount_refunded"], shown["refunded"], len(shown["refunds"])) == (100, True, 2)
    assert api.post(f"/charges/{charge['id']}/refunds", json={"amount": "0.01"}).status_code == 400
    assert api.post(f"/charges/{charge['id']}/refunds", json={}).get_json()["param"] == "amount"
    assert api.get(f"/refunds/{refund['id']}").get_json()["amount"] == 30.1
    assert api.post("/charges/999/refunds", json={"amount": "1"}).status_code == 404


def test_pay_needs_autopay_and_a_source(api: Api, customer: dict[str, Any]) -> None:
    invoice = _invoice(api, customer, "20")
    refused = api.post(f"/invoices/{invoice['id']}/pay", json={})
    assert refused.status_code == 400  # no AutoPay
    api.patch(f"/customers/{customer['id']}", json={"autopay": True})
    assert api.post(f"/invoices/{invoice['id']}/pay", json={}).status_code == 400  # no payment source
    assert api.get("/payments").get_json() == []


def test_pay_charges_the_default_source_for_the_balance(api: Api) -> None:
    customer = api.create("/customers", name="Auto", autopay=True)
    api.create(f"/customers/{customer['id']}/payment_sources", method="ach", invoiced_token="btok")
    invoice = _invoice(api, customer, "64.99")
    api.create("/payments", amount="14.99", applied_to=[
        {"type": "invoice", "invoice": invoice["id"], "amount": "14.99"}])
    response = api.post(f"/invoices/{invoice['id']}/pay", json={})
    assert response.status_code == 200
    paid = response.get_json()
    assert (paid["object"], paid["id"], paid["balance"], paid["paid"], paid["status"]) == \
        ("invoice", invoice["id"], 0, True, "paid")
    payments = api.get("/payments").get_json()
    # 64.99 − 14.99 already paid = 50 charged to the bank account
    assert [(p["amount"], p["method"]) for p in payments] == [(14.99, "other"), (50, "ach")]
    assert payments[1]["charge"]["amount"] == 50
    assert api.post(f"/invoices/{invoice['id']}/pay", json={}).status_code == 400  # nothing left to pay


def test_refund_body_as_the_dotnet_client_sends_it(api: Api, customer: dict[str, Any], card: dict[str, Any]) -> None:
    charge = _charge(api, customer, card, "8", applied_to=[{"type": "credit", "amount": "8"}]).get_json()["charge"]
    response = api.post(f"/charges/{charge['id']}/refunds", data="{'amount':2.5}",
                        content_type="application/json")
    assert response.status_code == 201 and response.get_json()["amount"] == 2.5
    assert api.get(f"/charges/{charge['id']}").get_json()["amount_refunded"] == 2.5
