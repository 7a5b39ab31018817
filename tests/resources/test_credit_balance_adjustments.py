"""Credit balance adjustments move the customer's credit balance, which never goes below zero."""

from __future__ import annotations

from typing import Any

import pytest

from invoiced_mock import Clock
from tests.conftest import EPOCH, Api


@pytest.fixture
def customer(api: Api) -> dict[str, Any]:
    return api.create("/customers", name="Acme", currency="eur")


def _available(api: Api, customer_id: int, currency: str | None = None) -> Any:
    query = {"currency": currency} if currency else {}
    return api.get(f"/customers/{customer_id}/balance", query_string=query).get_json()["available_credits"]


def test_create_update_delete_move_the_balance(api: Api, customer: dict[str, Any]) -> None:
    adjustment = api.create("/credit_balance_adjustments", customer=customer["id"], amount="25.50", notes="goodwill")
    assert (adjustment["object"], adjustment["currency"], adjustment["date"]) == \
        ("credit_balance_adjustment", "eur", EPOCH)
    taken = api.create("/credit_balance_adjustments", customer=customer["id"], amount="-5.25")
    assert _available(api, customer["id"]) == 20.25  # 25.50 − 5.25
    api.patch(f"/credit_balance_adjustments/{adjustment['id']}", json={"amount": "30"})
    assert _available(api, customer["id"]) == 24.75  # 30 − 5.25
    assert api.delete(f"/credit_balance_adjustments/{taken['id']}").status_code == 204
    assert _available(api, customer["id"]) == 30
    assert api.delete(f"/credit_balance_adjustments/{adjustment['id']}").status_code == 204
    assert _available(api, customer["id"]) == 0
    assert api.get("/credit_balance_adjustments").get_json() == []


def test_balance_cannot_go_negative(api: Api, customer: dict[str, Any]) -> None:
    first = api.create("/credit_balance_adjustments", customer=customer["id"], amount="10")
    refused = api.post("/credit_balance_adjustments", json={"customer": customer["id"], "amount": "-10.01"})
    assert refused.status_code == 400 and refused.get_json()["param"] == "amount"
    api.create("/credit_balance_adjustments", customer=customer["id"], amount="-4")
    # taking the 10 back would leave 0 − 4 = −4
    assert api.delete(f"/credit_balance_adjustments/{first['id']}").status_code == 400
    assert api.patch(f"/credit_balance_adjustments/{first['id']}", json={"amount": "3.99"}).status_code == 400
    assert _available(api, customer["id"]) == 6
    assert len(api.get("/credit_balance_adjustments").get_json()) == 2


def test_currencies_are_separate_ledgers(api: Api, customer: dict[str, Any]) -> None:
    api.create("/credit_balance_adjustments", customer=customer["id"], amount="7", currency="USD")
    assert _available(api, customer["id"]) == 0
    assert _available(api, customer["id"], "usd") == 7


def test_bad_input(api: Api, customer: dict[str, Any]) -> None:
    for body, param in (({"amount": "5"}, "customer"), ({"customer": 999, "amount": "5"}, "customer"),
                        ({"customer": customer["id"]}, "amount"), ({"customer": customer["id"], "amount": "x"},
                                                                   "amount"),
                        ({"customer": customer["id"], "amount": "0"}, "amount")):
        response = api.post("/credit_balance_adjustments", json=body)
        assert response.status_code == 400 and response.get_json()["param"] == param, body
    assert api.get("/credit_balance_adjustments").get_json() == []


def test_customer_balance_history_and_totals(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Owes", currency="usd", payment_terms="NET 30")
    api.create("/credit_balance_adjustments", customer=customer["id"], amount="15")
    clock.advance(hours=1)
    api.create("/credit_balance_adjustments", customer=customer["id"], amount="-5")
    first = api.create("/invoices", customer=customer["id"], items=[{"name": "a", "unit_cost": "100"}])
    api.create("/invoices", customer=customer["id"], items=[{"name": "b", "unit_cost": "40.40"}])
    api.create("/invoices", customer=customer["id"], draft=True, items=[{"name": "draft", "unit_cost": "9"}])
    api.create("/invoices", customer=customer["id"], currency="eur", items=[{"name": "eur", "unit_cost": "9"}])
    api.create("/payments", amount="30", applied_to=[{"type": "invoice", "invoice": first["id"], "amount": "30"}])
    balance = api.get(f"/customers/{customer['id']}/balance").get_json()
    # (100 − 30) + 40.40 = 110.40 outstanding in usd; the draft and the eur invoice do not count
    assert balance["total_outstanding"] == 110.4
    assert balance["due_now"] == 110.4
    assert balance["past_due"] is False
    assert balance["available_credits"] == 10
    assert balance["history"] == [{"timestamp": EPOCH, "currency": "usd", "balance": 15},
                                  {"timestamp": EPOCH + 3600, "currency": "usd", "balance": 10}]
    clock.advance(days=31)
    assert api.get(f"/customers/{customer['id']}/balance").get_json()["past_due"] is True
    assert api.get("/customers/999/balance").status_code == 404


def test_a_customer_with_credit_history_cannot_be_deleted(api: Api, customer: dict[str, Any]) -> None:
    api.create("/credit_balance_adjustments", customer=customer["id"], amount="1")
    assert api.delete(f"/customers/{customer['id']}").status_code == 400
    assert api.get(f"/customers/{customer['id']}").status_code == 200


def test_due_now_leaves_out_autopay_and_counts_due_installments(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Plans", payment_terms="NET 30")
    planned = api.create("/invoices", customer=customer["id"], items=[{"name": "a", "unit_cost": "100"}])
    plan = api.put(f"/invoices/{planned['id']}/payment_plan", json={"installments": [
        {"date": EPOCH, "amount": "40"}, {"date": EPOCH + 30 * 86_400, "amount": "60"}]})
    assert plan.status_code in (200, 201), plan.get_json()
    api.create("/invoices", customer=customer["id"], items=[{"name": "b", "unit_cost": "50"}])
    api.create("/invoices", customer=customer["id"], autopay=True, items=[{"name": "c", "unit_cost": "70"}])
    balance = api.get(f"/customers/{customer['id']}/balance").get_json()
    assert balance["total_outstanding"] == 220  # 100 + 50 + 70
    assert balance["due_now"] == 90  # 50, plus the 40 installment already due; AutoPay's 70 is not due
    api.create("/payments", amount="15", applied_to=[{"type": "invoice", "invoice": planned["id"], "amount": "15"}])
    assert api.get(f"/customers/{customer['id']}/balance").get_json()["due_now"] == 75  # 50 + (40 − 15)
