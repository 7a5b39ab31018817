"""Sign-up pages: the page shows its plans and addons; the form makes the customer, its payment source and the
subscription as the API would (and pays the first invoice), then goes on to the page's thanks URL."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from invoiced_mock.clock import SECONDS_PER_DAY
from invoiced_mock.testing.customer_pages import CustomerPages
from tests.conftest import EPOCH, Api
from tests.customer_pages.conftest import event_types, path


@pytest.fixture
def plans(api: Api) -> list[dict[str, Any]]:
    return [api.create("/plans", id="pro", name="Pro", amount=100, interval="month"),
            api.create("/plans", id="team", name="Team", amount=250, interval="month")]


def _nothing_made(api: Api) -> None:
    for name in ("customers", "subscriptions", "invoices", "payments", "charges"):
        assert api.get(f"/{name}").get_json() == [], name


def test_signing_up_makes_the_customer_its_card_and_subscription_and_pays_the_first_invoice(
        api: Api, browser: Client, customer_side: CustomerPages, plans: list[dict[str, Any]]) -> None:
    page = api.create("/sign_up_pages", name="Join", plans=["pro", "team"], thanks_url="https://shop.test/thanks")
    shown = browser.get(path(page["url"]))
    assert "form-action 'self' https://shop.test;" in shown.headers["Content-Security-Policy"]
    text = shown.get_data(as_text=True)
    assert "Pro: 100.00 USD every month" in text and "Team: 250.00 USD every month" in text
    done = customer_side.sign_up(page, plan="team", name="Globex", email="billing@globex.test")
    assert (done.status, done.location) == (303, "https://shop.test/thanks")
    [customer] = api.get("/customers").get_json()
    assert (customer["name"], customer["email"], customer["sign_up_page"], customer["autopay"]) == (
        "Globex", "billing@globex.test", page["id"], True)
    assert customer["payment_source"]["object"] == "card" and customer["payment_source"]["last4"] == "4242"
    [subscription] = api.get("/subscriptions").get_json()
    assert (subscription["customer"], subscription["plan"], subscription["status"]) == (customer["id"], "team",
                                                                                         "active")
    [invoice] = api.get("/invoices").get_json()
    assert (invoice["subscription"], invoice["total"], invoice["status"]) == (subscription["id"], 250, "paid")
    assert {"customer.created", "payment_source.created", "subscription.created", "invoice.paid"} <= set(
        event_types(api))


def test_without_a_thanks_url_the_mock_thanks_the_customer(api: Api, customer_side: CustomerPages,
                                                           plans: list[dict[str, Any]]) -> None:
    page = api.create("/sign_up_pages", name="Join", plans=["pro"])
    done = customer_side.sign_up(page, bank_account="000123456789")
    assert (done.status, done.text("thanks")) == (200, "You are signed up: your subscription is active.")
    assert api.get("/customers").get_json()[0]["payment_source"]["object"] == "bank_account"


def test_a_declined_first_payment_undoes_the_whole_sign_up(api: Api, customer_side: CustomerPages,
                                                          plans: list[dict[str, Any]]) -> None:
    page = api.create("/sign_up_pages", name="Join", plans=["pro"])
    done = customer_side.sign_up(page, card="4000000000000002")
    assert (done.status, done.failure) == (402, "Your card was declined.")
    _nothing_made(api)
    assert done.form("sign-up-form")  # the form again, to try another card


def test_mistakes_are_shown_and_nothing_is_made(api: Api, customer_side: CustomerPages,
                                               plans: list[dict[str, Any]]) -> None:
    page = api.create("/sign_up_pages", name="Join", plans=["pro", "team"], tos_url="https://shop.test/tos")
    done = customer_side.sign_up(page, name="", email="not an email", fields={"tos": False})
    assert done.status == 400
    assert set(done.errors) == {"name", "email", "tos", "card_name"}  # the helper names the card holder as the customer
    opened = customer_side.open(page["url"])
    unpicked = customer_side._submit(opened, opened.form("sign-up-form"), {
        "name": "A", "email": "a@b.test", "tos": True, "card_name": "A", "card_number": "4242424242424242",
        "card_expiry": "12/30", "card_cvc": "123"})
    assert unpicked.errors == {"plan": "Choose a plan."}
    _nothing_made(api)


def test_a_trial_starts_the_subscription_later_and_bills_nothing_now(api: Api, customer_side: CustomerPages,
                                                                      plans: list[dict[str, Any]]) -> None:
    api.create("/items", id="setup", name="Setup", unit_cost=50)
    page = api.create("/sign_up_pages", name="Try", plans=["pro"], trial_period_days=14, setup_fee="setup")
    assert customer_side.sign_up(page).status == 200
    [subscription] = api.get("/subscriptions").get_json()
    assert (subscription["status"], subscription["start_date"]) == ("not_started", EPOCH + 14 * SECONDS_PER_DAY)
    assert api.get("/invoices").get_json() == []
    customer = api.get("/customers").get_json()[0]
    [fee] = api.get(f"/customers/{customer['id']}/line_items").get_json()
    assert (fee["catalog_item"], fee["amount"]) == ("setup", 50)  # waits for the first invoice
    api.app.clock.advance(days=14, hours=2)
    [invoice] = api.get("/invoices").get_json()
    assert (invoice["total"], invoice["status"]) == (150, "paid")  # the plan and the fee, collected by AutoPay


def test_quantity_addons_coupon_taxes_and_setup_fee_go_where_the_api_puts_them(
        api: Api, customer_side: CustomerPages, plans: list[dict[str, Any]]) -> None:
    api.create("/plans", id="seats", name="Extra seats", amount=10, interval="month")
    api.create("/items", id="setup", name="Setup", unit_cost=50)
    api.create("/items", id="kit", name="Welcome kit", unit_cost=20)
    api.create("/coupons", id="HALF", name="Half", value=50)
    api.create("/tax_rates", id="vat", name="VAT", value=10)
    page = api.create("/sign_up_pages", name="Join", plans=["pro"], has_quantity=True, has_coupon_code=True,
                      taxes=["vat"], setup_fee="setup", shipping_address=True, billing_address=True)
    seats = api.create("/sign_up_page_addons", sign_up_page=page["id"], type="quantity", plan="seats", order=1)
    kit = api.create("/sign_up_page_addons", sign_up_page=page["id"], type="boolean", catalog_item="kit", order=2)
    skipped = api.create("/sign_up_page_addons", sign_up_page=page["id"], type="boolean", catalog_item="setup")
    shown = customer_side.open(page["url"])
    assert "Extra seats (quantity)" in shown.html and "Welcome kit" in shown.html
    done = customer_side.sign_up(page, fields={
        "quantity": "2", f"addon_{seats['id']}": "3", f"addon_{kit['id']}": True,
        f"addon_{skipped['id']}": False, "coupon": "HALF", "city": "Springfield", "ship_to[city]": "Shelbyville"})
    assert done.status == 200, done.errors
    [subscription] = api.get("/subscriptions").get_json()
    assert (subscription["quantity"], [c["id"] for c in subscription["discounts"]],
            [t["id"] for t in subscription["taxes"]]) == (2, ["HALF"], ["vat"])
    assert [(a["plan"], a["quantity"]) for a in subscription["addons"]] == [("seats", 3)]
    assert subscription["ship_to"]["city"] == "Shelbyville"
    assert api.get("/customers").get_json()[0]["city"] == "Springfield"
    [invoice] = api.get("/invoices").get_json()
    assert sorted(line["name"] for line in invoice["items"]) == ["Extra seats", "Pro", "Setup", "Welcome kit"]
    assert invoice["status"] == "paid"


def test_an_unknown_coupon_is_the_coupon_fields_mistake(api: Api, customer_side: CustomerPages,
                                                        plans: list[dict[str, Any]]) -> None:
    page = api.create("/sign_up_pages", name="Join", plans=["pro"], has_coupon_code=True)
    done = customer_side.sign_up(page, fields={"coupon": "NOPE"})
    assert done.status == 400 and done.errors == {"coupon": "No such coupon: NOPE"}
    _nothing_made(api)


def test_an_autopay_page_enrols_the_customer_without_a_subscription(api: Api, customer_side: CustomerPages) -> None:
    page = api.create("/sign_up_pages", name="AutoPay", type="autopay")
    done = customer_side.sign_up(page)
    assert done.text("thanks") == "You are signed up for AutoPay."
    [customer] = api.get("/customers").get_json()
    assert customer["autopay"] is True and customer["payment_source"] is not None
    assert api.get("/subscriptions").get_json() == []


def test_a_customers_sign_up_url_signs_that_customer_up(api: Api, customer_side: CustomerPages,
                                                        plans: list[dict[str, Any]]) -> None:
    page = api.create("/sign_up_pages", name="Join", plans=["pro"], custom_fields=[
        api.create("/custom_fields", id="source", name="Heard of us", object="customer")["id"]])
    customer = api.create("/customers", name="Initech", sign_up_page=page["id"])
    shown = customer_side.open(customer["sign_up_url"])
    assert shown.text("signing-up-as") == "Signing up as Initech." and "Heard of us" not in shown.html
    assert customer_side.sign_up(customer).status == 200
    [subscription] = api.get("/subscriptions").get_json()
    assert subscription["customer"] == customer["id"] and len(api.get("/customers").get_json()) == 1
    again = customer_side.sign_up(customer)
    assert again.status == 400 and again.errors == {"form": "You already have a subscription."}
    stranger = api.create("/customers", name="No page")
    assert stranger["sign_up_url"] is None


def test_custom_fields_of_a_new_customer_are_its_metadata(api: Api, customer_side: CustomerPages,
                                                          plans: list[dict[str, Any]]) -> None:
    field = api.create("/custom_fields", id="size", name="Company size", object="customer", type="enum",
                       choices=["small", "large"])
    page = api.create("/sign_up_pages", name="Join", plans=["pro"], custom_fields=[field["id"]])
    assert customer_side.sign_up(page, fields={"custom_size": "large"}).status == 200
    assert api.get("/customers").get_json()[0]["metadata"] == {"size": "large"}
