"""A customer's statement: its open items and the balance the API gives, and one payment for several open
invoices at once."""

from __future__ import annotations

from typing import Any

from invoiced_mock.testing.customer_pages import CustomerPages
from tests.conftest import Api


def _invoices(api: Api, customer: dict[str, Any], *amounts: str, **options: Any) -> list[dict[str, Any]]:
    return [api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": a}], **options)
            for a in amounts]


def test_the_statement_shows_open_invoices_credit_notes_and_the_balance(api: Api, customer_side: CustomerPages,
                                                                        customer: dict[str, Any]) -> None:
    _first, _second, paid = _invoices(api, customer, "10", "20.50", "5")
    api.create("/payments", amount="5", applied_to=[{"type": "invoice", "invoice": paid["id"], "amount": "5"}])
    _invoices(api, customer, "99", draft=True)
    api.create("/credit_notes", customer=customer["id"], items=[{"name": "Refund", "unit_cost": 3}])
    page = customer_side.open(customer["statement_url"])
    assert page.status == 200
    balance = page.text("balance")
    assert balance is not None and "Total outstanding: 30.50 USD" in balance
    assert "Open credit notes: 3.00 USD" in balance
    rows = page.text("invoices")
    assert rows is not None and "INV-00001" in rows and "INV-00002" in rows and "20.50 USD" in rows
    assert "INV-00003" not in rows and "INV-00004" not in rows  # paid, and a draft
    assert "CN-00001" in page.html
    assert api.get(f"/customers/{customer['id']}/balance").get_json()["total_outstanding"] == 30.5


def test_several_open_invoices_are_paid_by_one_charge(api: Api, customer_side: CustomerPages,
                                                     customer: dict[str, Any]) -> None:
    first, second, third = _invoices(api, customer, "10", "20.50", "7")
    page = customer_side.pay_statement(customer, [first, third])
    assert page.paid and page.text("amount") == "17.00 USD"
    assert "Invoice INV-00001" in page.html and "Invoice INV-00003" in page.html
    [payment] = api.get("/payments", query_string={"include": "applied_to"}).get_json()
    assert [(s["invoice"], s["amount"]) for s in payment["applied_to"]] == [(first["id"], 10), (third["id"], 7)]
    assert len(api.get("/charges").get_json()) == 1
    statuses = [api.get(f"/invoices/{i['id']}").get_json()["status"] for i in (first, second, third)]
    assert statuses == ["paid", "not_sent", "paid"]
    assert customer_side.pay_statement(customer).paid  # every open one: the rest
    assert customer_side.open(customer["statement_url"]).text("nothing-due") == "No open invoices."


def test_a_payment_needs_chosen_invoices_of_one_currency(api: Api, customer_side: CustomerPages,
                                                        customer: dict[str, Any]) -> None:
    dollars = _invoices(api, customer, "10")[0]
    euros = _invoices(api, customer, "10", currency="eur")[0]
    assert customer_side.pay_statement(customer, []).errors == {"invoices": "Choose the invoices to pay."}
    mixed = customer_side.pay_statement(customer, [dollars, euros])
    assert mixed.status == 400 and "invoices" in mixed.errors
    declined = customer_side.pay_statement(customer, [euros], card="4000000000000002")
    assert declined.status == 402 and declined.failure == "Your card was declined."
    assert api.get("/payments").get_json() == []
    assert customer_side.pay_statement(customer, [euros]).text("amount") == "10.00 EUR"
