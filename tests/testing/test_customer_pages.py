"""The fixtures give a customer's links and act as the customer would, through the same pages, so API-level
suites drive the customer's side too: in process (the links on https://api.invoiced.com) and on the server."""

from __future__ import annotations

import invoiced
import pytest
import requests

from invoiced_mock.testing.harness import Harness
from invoiced_mock.testing.html_forms import read


def test_the_fixture_pays_an_invoice_as_its_customer_would(invoiced_mock: Harness) -> None:
    client = invoiced_mock.client
    customer = client.Customer.create(name="Acme", email="ap@acme.test")
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "Work", "unit_cost": 120}])
    pages = invoiced_mock.customer_pages
    assert pages.payment_url(invoice) == invoice.payment_url  # the link the API gave, for a browser
    assert invoice.payment_url.startswith("https://api.invoiced.com/portal/")
    assert requests.get(invoice.payment_url).status_code == 200  # requests reaches it in process as well
    declined = pages.pay(invoice, card="4000000000000002")
    assert (declined.paid, declined.failure) == (False, "Your card was declined.")
    assert client.Invoice.retrieve(invoice.id).status == "not_sent"
    paid = pages.pay(invoice)
    assert paid.paid
    assert client.Invoice.retrieve(invoice.id).status == "paid"
    assert client.Payment.retrieve(paid.payment).amount == 120
    [event] = [e for e in client.Event.list()[0] if e.type == "invoice.paid"]
    assert event.data["object"]["id"] == invoice.id


def test_the_fixture_approves_and_signs_up_too(invoiced_mock: Harness) -> None:
    client = invoiced_mock.client
    customer = client.Customer.create(name="Acme")
    estimate = client.Estimate.create(customer=customer.id, items=[{"name": "Work", "unit_cost": 10}])
    assert invoiced_mock.customer_pages.approve(estimate, initials="AC").text("approved")
    assert client.Estimate.retrieve(estimate.id).approved == "AC"
    client.Plan.create(id="basic", name="Basic", amount=9, interval="month")
    page = client.SignUpPage.create(name="Join", plans=["basic"])
    thanks = invoiced_mock.customer_pages.sign_up(page, email="new@example.test")
    assert thanks.text("thanks") == "You are signed up: your subscription is active."
    [subscription] = client.Subscription.list()[0]
    assert client.Customer.retrieve(subscription.customer).email == "new@example.test"


def test_the_server_fixtures_links_are_on_its_socket(invoiced_mock_server: Harness) -> None:
    base, auth = invoiced_mock_server.base_url, (invoiced_mock_server.api_key, "")
    customer = requests.post(f"{base}/customers", json={"name": "Acme"}, auth=auth).json()
    invoice = requests.post(f"{base}/invoices", json={"customer": customer["id"], "items": [
        {"name": "Work", "unit_cost": 5}]}, auth=auth).json()
    link = invoiced_mock_server.customer_pages.payment_url(invoice)
    assert link == invoice["payment_url"] and link.startswith(f"{base}/portal/")
    page = requests.get(link)  # over the socket, with no key: a browser gets the same
    assert page.status_code == 200 and [f.id for f in read(page.text).forms] == ["payment-form"]
    assert invoiced_mock_server.customer_pages.pay(invoice, bank_account="000123456789").paid
    assert requests.get(f"{base}/invoices/{invoice['id']}", auth=auth).json()["status"] == "paid"


def test_a_link_to_something_the_business_does_not_hold_says_so(invoiced_mock: Harness) -> None:
    with pytest.raises(LookupError, match="no invoice 404"):
        invoiced_mock.customer_pages.payment_url(404)
    customer = invoiced_mock.factories.customer(name="Acme")
    invoice = invoiced_mock.factories.invoice(customer=customer["id"], items=[{"name": "x", "unit_cost": 1}])
    page = invoiced_mock.customer_pages.open(invoiced_mock.customer_pages.payment_url(invoice))
    with pytest.raises(KeyError, match="has no field 'nickname'"):
        page.form("payment-form").fill({"nickname": "x"})


def test_the_client_objects_and_ids_name_the_same_invoice(invoiced_mock: Harness) -> None:
    invoice = invoiced.Client(invoiced_mock.api_key)
    invoice.api_url = invoiced_mock.base_url
    made = invoice.Invoice.create(customer=invoice.Customer.create(name="A").id, items=[{"name": "x", "unit_cost": 1}])
    pages = invoiced_mock.customer_pages
    assert pages.payment_url(made) == pages.payment_url(made.id) == pages.payment_url({"id": made.id})
    assert pages.url(made) == made.url and pages.pdf_url(made) == made.pdf_url
