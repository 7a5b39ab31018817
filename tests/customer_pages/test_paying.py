"""Paying on the customer's pages is the API's POST /charges: test numbers behave as the gateway rules say, a
success records the same charge, payment, applications, events and webhooks, a decline keeps the failed charge
and shows the gateway's message, and saving the method is what creates a payment source."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.rules import gateway
from invoiced_mock.testing.customer_pages import CustomerPages
from tests.conftest import API_KEY, EPOCH, Api
from tests.customer_pages.conftest import Receiver, delivered, event_types

UNSTABLE = {"id", "reference", "gateway_id", "url", "pdf_url", "payment_url", "csv_url", "statement_url",
            "payment", "charge", "invoice", "customer", "event_id"}


def _stable(value: Any) -> Any:
    """``value`` without what differs between two businesses doing the same thing (ids, gateway ids, links)."""
    if isinstance(value, dict):
        return {k: "…" if k in UNSTABLE and not isinstance(v, (dict, list)) else _stable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _world(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    customer = api.create("/customers", name="Acme Inc", email="ap@acme.test")
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": "47.50"}])
    return customer, invoice


def _after(api: Api) -> dict[str, Any]:
    """What the business holds after a payment, as the API shows it."""
    return {name: api.get(f"/{name}", query_string={"include": "applied_to"}).get_json()
            for name in ("payments", "charges", "invoices", "customers")} | {"events": event_types(api)}


@pytest.mark.parametrize(("card", "save"), [("4242424242424242", False), ("4000000000000002", False),
                                            ("4242424242424242", True), ("000123456789", False)])
def test_a_page_payment_is_exactly_what_post_charges_makes(app: InvoicedMock, card: str, save: bool) -> None:
    paid_on_page, by_api = Api(app, "sk_page"), Api(app, "sk_api")
    customer, invoice = _world(paid_on_page)
    ach = card.startswith("000")
    CustomerPages(app, "sk_page", "http://localhost").pay(
        invoice, card=None if ach else card, bank_account=card if ach else None, save=save)
    customer, invoice = _world(by_api)
    by_api.post("/charges", json={
        "customer": customer["id"], "method": "ach" if ach else "credit_card", "amount": "47.50", "currency": "usd",
        "invoiced_token": card, "vault_method": save, **({"make_default": True} if save else {}),
        "applied_to": [{"type": "invoice", "invoice": invoice["id"], "amount": "47.50"}]})
    if save:
        by_api.patch(f"/customers/{customer['id']}", json={"autopay": True})
    assert _stable(_after(paid_on_page)) == _stable(_after(by_api))


def test_a_good_card_pays_the_invoice_and_its_webhook_is_delivered(api: Api, customer_side: CustomerPages,
                                                                   receiver: tuple[Receiver, str]) -> None:
    hooks, url = receiver
    api.create("/webhooks", url=url, events=["invoice.paid"])
    _customer, invoice = _world(api)
    page = customer_side.pay(invoice, card="4242 4242 4242 4242")
    assert page.paid and page.text("amount") == "47.50 USD" and "Visa ending in 4242" in page.html
    shown = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (shown["status"], shown["balance"], shown["paid"]) == ("paid", 0, True)
    [payment] = api.get("/payments").get_json()
    assert (payment["id"], payment["amount"], payment["method"], payment["source"]) == (
        page.payment, 47.5, "credit_card", "api")
    assert payment["charge"]["status"] == "succeeded" and payment["charge"]["payment_source"]["last4"] == "4242"
    assert {"charge.succeeded", "payment.created", "invoice.paid"} <= set(event_types(api))
    [event] = delivered(hooks, "invoice.paid")
    assert event["data"]["object"]["id"] == invoice["id"] and event["data"]["object"]["status"] == "paid"


@pytest.mark.parametrize(("card", "message"), [
    ("4000000000000002", gateway.DECLINED), ("4000000000009995", gateway.INSUFFICIENT_FUNDS),
    ("4000000000000069", gateway.EXPIRED), ("tok_chargeDeclined", gateway.DECLINED)])
def test_a_declined_card_shows_the_gateways_message_and_keeps_the_failed_charge(
        api: Api, customer_side: CustomerPages, card: str, message: str) -> None:
    _customer, invoice = _world(api)
    page = customer_side.pay(invoice, card=card)
    assert (page.status, page.failure, page.paid) == (402, message, False)
    assert page.form("payment-form")  # the form again, to try another card
    [charge] = api.get("/charges").get_json()
    assert (charge["status"], charge["failure_message"], charge["amount"]) == ("failed", message, 47.5)
    assert api.get("/payments").get_json() == []
    assert api.get(f"/invoices/{invoice['id']}").get_json()["balance"] == 47.5
    assert event_types(api)[-1] == "charge.failed"


def test_decline_first_n_declines_then_the_same_card_goes_through(api: Api, customer_side: CustomerPages) -> None:
    _customer, invoice = _world(api)
    assert customer_side.pay(invoice, card="tok_decline_first_2").failure == gateway.DECLINED
    assert customer_side.pay(invoice, card="tok_decline_first_2").failure == gateway.DECLINED
    assert customer_side.pay(invoice, card="tok_decline_first_2").paid


def test_a_bank_account_pays_then_comes_back_after_n_days(api: Api, customer_side: CustomerPages) -> None:
    _customer, invoice = _world(api)
    page = customer_side.pay(invoice, bank_account="btok_return_after_2")
    assert page.paid and api.get(f"/invoices/{invoice['id']}").get_json()["status"] == "paid"
    api.app.clock.advance(days=2)
    [charge] = api.get("/charges").get_json()
    assert (charge["status"], charge["failure_message"]) == ("failed", gateway.ACH_RETURN)
    assert api.get(f"/payments/{page.payment}").get_json()["voided"] is True
    assert api.get(f"/invoices/{invoice['id']}").get_json()["balance"] == 47.5
    returned = customer_side.pay(invoice, bank_account="000222222227")  # Stripe's number for the same return
    assert returned.paid
    api.app.clock.advance(days=3)
    assert api.get(f"/payments/{returned.payment}").get_json()["voided"] is True
    assert customer_side.pay(invoice, bank_account="000111111116").failure == gateway.INVALID_ACCOUNT


def test_only_saving_the_method_creates_a_payment_source_and_turns_autopay_on(
        api: Api, customer_side: CustomerPages) -> None:
    customer, invoice = _world(api)
    customer_side.pay(invoice, amount="10")
    assert api.get(f"/customers/{customer['id']}/payment_sources").get_json() == []
    customer_side.pay(invoice, amount="10", save=True)
    [card] = api.get(f"/customers/{customer['id']}/payment_sources").get_json()
    shown = api.get(f"/customers/{customer['id']}").get_json()
    assert (shown["autopay"], shown["payment_source"]["id"], card["last4"]) == (True, card["id"], "4242")
    assert "payment_source.created" in event_types(api)
    later = api.create("/invoices", customer=customer["id"], items=[{"name": "More", "unit_cost": 5}])
    assert later["autopay"] is True  # AutoPay collects the next invoices with the saved card
    api.app.clock.advance(hours=2)
    assert api.get(f"/invoices/{later['id']}").get_json()["status"] == "paid"


def test_part_of_the_balance_may_be_paid_and_never_more(api: Api, customer_side: CustomerPages) -> None:
    _customer, invoice = _world(api)
    too_much = customer_side.pay(invoice, amount="47.51")
    assert too_much.status == 400 and too_much.errors == {
        "amount": "The amount cannot be more than what is owed (47.50)."}
    for amount in ("0", "-1", "ten", "NaN", "1e999"):
        assert "amount" in customer_side.pay(invoice, amount=amount).errors
    assert api.get("/charges").get_json() == []
    assert customer_side.pay(invoice, amount="20.005").paid  # half-up to the cent: 20.01
    shown = api.get(f"/invoices/{invoice['id']}").get_json()
    assert (shown["balance"], shown["status"]) == (27.49, "not_sent")
    assert customer_side.open(invoice["payment_url"]).text("due") == "Amount due: 27.49 USD"


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"card_number": "4242424242424241"}, "card_number", "Your card number is incorrect."),
    ({"card_number": ""}, "card_number", "Enter the card number."),
    ({"card_expiry": "13/30"}, "card_expiry", "Enter the expiry date as MM/YY."),
    ({"card_expiry": "10/23"}, "card_expiry", "Your card's expiry date is in the past."),  # the clock is in 11/2023
    ({"card_cvc": "1"}, "card_cvc", "Enter the 3 or 4 digit security code."),
    ({"card_name": ""}, "card_name", "Enter the name on the card."),
    ({"method": "ach", "account_holder": "A", "routing_number": "12", "account_number": "000123456789"},
     "routing_number", "A routing number has 9 digits."),
    ({"method": "ach", "account_holder": "A", "routing_number": "110000000", "account_number": "12"},
     "account_number", "An account number has 4 to 17 digits."),
])
def test_a_mistake_in_the_form_is_shown_beside_its_field_and_charges_nothing(
        api: Api, customer_side: CustomerPages, fields: dict[str, str], field: str, message: str) -> None:
    _customer, invoice = _world(api)
    page = customer_side.open(invoice["payment_url"])
    values = {"card_name": "Ann", "card_number": "4242424242424242", "card_expiry": "12/30", "card_cvc": "123"}
    answered = customer_side._submit(page, page.form("payment-form"), {**values, **fields})
    assert answered.status == 400 and answered.errors == {field: message}
    assert answered.text(f"{field}-error") == message
    assert 'aria-invalid="true"' in answered.html
    assert "4242424242424242" not in answered.html  # a card number is never shown back
    assert api.get("/charges").get_json() == []


def test_nothing_is_charged_on_an_invoice_with_nothing_to_pay(api: Api, customer_side: CustomerPages) -> None:
    customer, invoice = _world(api)
    form = customer_side.open(invoice["payment_url"])
    assert customer_side.pay(invoice).paid
    again = customer_side._submit(form, form.form("payment-form"), {
        "card_name": "Ann", "card_number": "4242424242424242", "card_expiry": "12/30", "card_cvc": "123"})
    assert again.status == 409 and again.text("nothing-due")
    draft = api.create("/invoices", customer=customer["id"], draft=True, items=[{"name": "x", "unit_cost": 1}])
    assert customer_side.open(draft["payment_url"]).text("nothing-due")
    assert len(api.get("/charges").get_json()) == 1


def test_a_receipt_is_shown_only_from_the_pages_of_what_it_paid(api: Api, customer_side: CustomerPages) -> None:
    customer, invoice = _world(api)
    page = customer_side.pay(invoice)
    other = api.create("/invoices", customer=customer["id"], items=[{"name": "Other", "unit_cost": 1}])
    assert customer_side.open(f"{invoice['url']}/receipts/{page.payment}").paid
    assert customer_side.open(f"{other['url']}/receipts/{page.payment}").status == 404
    assert customer_side.open(f"{customer['statement_url']}/receipts/{page.payment}").paid
    stranger = api.create("/customers", name="Stranger")
    assert customer_side.open(f"{stranger['statement_url']}/receipts/{page.payment}").status == 404
    assert customer_side.open(f"{invoice['url']}/receipts/99999999999999999999999").status == 404


@settings(max_examples=25)
@given(cents=st.integers(min_value=1, max_value=100_000), paid=st.integers(min_value=1, max_value=100_000))
def test_whatever_is_paid_the_balance_is_the_total_less_it_and_never_negative(cents: int, paid: int) -> None:
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)), API_KEY)
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "x", "unit_cost": cents / 100}])
    page = CustomerPages(api.app, API_KEY, "http://localhost").pay(invoice, amount=f"{paid / 100:.2f}")
    balance = Decimal(str(api.get(f"/invoices/{invoice['id']}").get_json()["balance"])) * 100
    if paid <= cents:
        assert page.paid and balance == cents - paid
    else:
        assert page.status == 400 and balance == cents and api.get("/charges").get_json() == []

