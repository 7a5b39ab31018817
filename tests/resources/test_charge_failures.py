"""Failed payments you can script (rules/gateway.py): declined charges are kept and answered as 400s; AutoPay
collects every AutoPay invoice on its schedule and retries after a failure; an ACH debit can come back."""

from __future__ import annotations

from typing import Any

from invoiced_mock import Clock
from invoiced_mock.clock import SECONDS_PER_DAY as DAY
from invoiced_mock.rules import autopay, gateway
from tests.conftest import EPOCH, Api


def customer_with(api: Api, token: str, method: str = "credit_card", **options: Any) -> dict[str, Any]:
    customer = api.create("/customers", name="Acme", email="ap@acme.test", **options)
    api.create(f"/customers/{customer['id']}/payment_sources", method=method, invoiced_token=token)
    return api.get(f"/customers/{customer['id']}").get_json()


def invoice_for(api: Api, customer: dict[str, Any], amount: int = 100) -> dict[str, Any]:
    return api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": amount}])


def event_types(api: Api) -> list[str]:
    return [e["type"] for e in reversed(api.get("/events", query_string={"per_page": 100}).get_json())]


def test_a_declined_charge_is_a_400_and_a_failed_charge_kept(api: Api) -> None:
    customer = customer_with(api, "4000000000000002")
    source = customer["payment_source"]
    assert source["last4"] == "0002"
    invoice = invoice_for(api, customer)
    response = api.post("/charges", json={
        "customer": customer["id"], "method": "credit_card", "amount": 100, "payment_source_type": "card",
        "payment_source_id": source["id"],
        "applied_to": [{"type": "invoice", "invoice": invoice["id"], "amount": 100}]})
    assert response.status_code == 400
    assert response.get_json() == {"type": "invalid_request", "message": gateway.DECLINED}
    [charge] = api.get("/charges").get_json()
    assert (charge["status"], charge["failure_message"], charge["payment"], charge["amount"]) == (
        "failed", gateway.DECLINED, None, 100)
    assert api.get("/payments").get_json() == [] and api.get(f"/invoices/{invoice['id']}").get_json()["balance"] == 100
    assert event_types(api)[-1] == "charge.failed"


def test_bad_splits_are_refused_as_such_even_on_a_declined_card(api: Api) -> None:
    customer = customer_with(api, "tok_chargeDeclined")
    response = api.post("/charges", json={
        "customer": customer["id"], "method": "credit_card", "amount": 10, "payment_source_type": "card",
        "payment_source_id": customer["payment_source"]["id"], "applied_to": [{"type": "invoice", "invoice": 999,
                                                                               "amount": 10}]})
    assert response.status_code == 400 and response.get_json()["message"] != gateway.DECLINED
    assert api.get("/charges").get_json() == []


def test_an_expired_card_shows_its_past_expiry_and_is_declined(api: Api) -> None:
    customer = customer_with(api, "tok_chargeDeclinedExpiredCard", autopay=True)
    assert customer["payment_source"]["exp_year"] < 2023
    invoice = invoice_for(api, customer)
    response = api.post(f"/invoices/{invoice['id']}/pay", json={})
    assert response.status_code == 400 and response.get_json()["message"] == gateway.EXPIRED
    shown = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (shown["attempt_count"], shown["status"]) == (1, "past_due")  # no due date, AutoPay attempted (§3.3)
    assert shown["next_payment_attempt"] == EPOCH + autopay.RETRY_DAYS[0] * DAY


def test_autopay_collects_an_invoice_an_hour_after_issue(api: Api, clock: Clock) -> None:
    customer = customer_with(api, "tok_visa", autopay=True)
    invoice = invoice_for(api, customer)
    assert (invoice["next_payment_attempt"], invoice["attempt_count"]) == (EPOCH + 3600, 0)
    draft = api.create("/invoices", customer=customer["id"], draft=True, items=[{"unit_cost": 5}])
    assert draft["next_payment_attempt"] is None
    clock.advance(minutes=59)
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "not_sent"
    clock.advance(hours=2)
    paid = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (paid["status"], paid["attempt_count"], paid["next_payment_attempt"]) == ("paid", 1, None)
    assert paid["updated_at"] == EPOCH + 3600
    [payment] = api.get("/payments").get_json()
    assert (payment["amount"], payment["charge"]["status"], payment["created_at"]) == (100, "succeeded", EPOCH + 3600)
    assert event_types(api)[-5:] == ["invoice.updated", "invoice.paid", "invoice.updated", "payment.created",
                                     "charge.succeeded"]  # the attempt counted, then the payment it made


def test_a_failed_attempt_is_retried_on_schedule_until_it_succeeds(api: Api, clock: Clock) -> None:
    customer = customer_with(api, "tok_decline_first_2", autopay=True)
    invoice = invoice_for(api, customer)
    clock.advance(hours=1)
    first = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (first["attempt_count"], first["next_payment_attempt"], first["status"]) == (
        1, EPOCH + 3600 + 3 * DAY, "past_due")
    clock.advance(days=3)
    second = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (second["attempt_count"], second["next_payment_attempt"]) == (2, EPOCH + 3600 + 8 * DAY)
    clock.advance(days=30)
    third = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (third["attempt_count"], third["status"], third["updated_at"]) == (3, "paid", EPOCH + 3600 + 8 * DAY)
    assert [c["status"] for c in api.get("/charges").get_json()] == ["failed", "failed", "succeeded"]
    assert event_types(api).count("charge.failed") == 2


def test_autopay_gives_up_after_its_last_retry(api: Api, clock: Clock) -> None:
    customer = customer_with(api, "tok_chargeDeclinedInsufficientFunds", autopay=True)
    invoice = invoice_for(api, customer)
    clock.advance(days=60)
    shown = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (shown["attempt_count"], shown["next_payment_attempt"]) == (1 + len(autopay.RETRY_DAYS), None)
    assert len(api.get("/charges").get_json()) == 1 + len(autopay.RETRY_DAYS)


def test_an_ach_debit_returned_days_later_voids_its_payment(api: Api, clock: Clock) -> None:
    customer = customer_with(api, "btok_return_after_4", method="ach", autopay=True)
    invoice = invoice_for(api, customer)
    clock.advance(hours=2)
    assert api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "paid"
    clock.advance(days=5)
    reopened = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (reopened["paid"], reopened["balance"]) == (False, 100)
    [charge] = api.get("/charges").get_json()
    assert (charge["status"], charge["failure_message"], charge["updated_at"]) == (
        "failed", gateway.ACH_RETURN, EPOCH + 3600 + 4 * DAY)
    assert api.get("/payments").get_json()[0]["voided"] is True
    assert "charge.failed" in event_types(api) and "payment.deleted" in event_types(api)


def test_subscription_renewals_are_collected_by_autopay_and_can_fail(api: Api, clock: Clock) -> None:
    api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    customer = customer_with(api, "tok_chargeDeclined", autopay=True)
    sub = api.create("/subscriptions", customer=customer["id"], plan="starter")
    clock.advance(hours=2)
    assert api.get(f"/subscriptions/{sub['id']}").get_json()["status"] == "past_due"
    [charge] = api.get("/charges").get_json()
    assert charge["status"] == "failed"
