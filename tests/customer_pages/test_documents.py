"""Documents as their customer sees them: the page (lines, totals, balance, PDF link, payment history; opening it
marks the document viewed) and an estimate approved with the customer's initials, as the API records approvals."""

from __future__ import annotations

from typing import Any

from werkzeug.test import Client

from invoiced_mock.testing.customer_pages import USER_AGENT, CustomerPages
from tests.conftest import EPOCH, Api
from tests.customer_pages.conftest import event_types, path


def test_an_invoice_page_shows_lines_totals_balance_its_pdf_and_payments(api: Api, customer_side: CustomerPages,
                                                                         invoice: dict[str, Any]) -> None:
    api.create("/payments", amount="7.50", applied_to=[{"type": "invoice", "invoice": invoice["id"],
                                                         "amount": "7.50"}])
    page = customer_side.open(invoice["url"])
    assert page.status == 200
    text = page.text("totals")
    assert text is not None and "Total: 47.50 USD" in text and "Balance: 40.00 USD" in text
    assert "Copy paper" in page.html and "37.50 USD" in page.html and "Acme Inc" in page.html
    assert f'href="{path(invoice["pdf_url"])}"' in page.html and f'href="{path(invoice["payment_url"])}"' in page.html
    payments = page.text("payments")
    assert payments is not None and "2023-11-14 other" in payments and "7.50 USD" in payments


def test_opening_it_marks_it_viewed_once_as_the_api_does(api: Api, customer_side: CustomerPages,
                                                         invoice: dict[str, Any]) -> None:
    assert customer_side.open(invoice["url"]).text("status") == "viewed"
    customer_side.open(invoice["url"])
    shown = api.get(f"/invoices/{invoice['id']}", query_string={"include": "viewed"}).get_json()
    assert (shown["viewed"], shown["status"]) == (True, "viewed")
    assert event_types(api).count("invoice.viewed") == 1
    customer_side.open(invoice["payment_url"])  # the payment page is not the document: nothing more
    assert event_types(api).count("invoice.viewed") == 1


def test_a_paid_invoice_offers_nothing_to_pay(api: Api, customer_side: CustomerPages,
                                              invoice: dict[str, Any]) -> None:
    api.create("/payments", amount="47.50", applied_to=[{"type": "invoice", "invoice": invoice["id"],
                                                          "amount": "47.50"}])
    page = customer_side.open(invoice["url"])
    assert page.text("status") == "paid" and page.text("pay") is None
    assert customer_side.open(invoice["payment_url"]).text("nothing-due") == "There is nothing to pay on this invoice."


def test_a_credit_note_has_a_page_and_a_pdf_but_nothing_to_pay(api: Api, customer_side: CustomerPages,
                                                              customer: dict[str, Any]) -> None:
    note = api.create("/credit_notes", customer=customer["id"], items=[{"name": "Refund", "unit_cost": 5}])
    page = customer_side.open(note["url"])
    assert page.status == 200 and page.text("status") == "open" and page.text("pay") is None
    assert customer_side.open(note["pdf_url"]).body.startswith(b"%PDF-")
    assert customer_side.open(f"{note['url']}/csv").status == 404


def test_an_estimate_is_approved_with_initials_as_the_api_records_it(api: Api, browser: Client,
                                                                     customer: dict[str, Any]) -> None:
    estimate = api.create("/estimates", customer=customer["id"], items=[{"name": "Plan", "unit_cost": 500}])
    customer_side = CustomerPages(api.app, api.api_key, "http://localhost")
    page = customer_side.approve(estimate, initials="J.D.")
    assert (page.status, page.url) == (200, estimate["url"])  # back on the estimate's page
    assert page.text("approved") == "Approved by J.D. on 2023-11-14 22:13 UTC."
    assert "approve-form" not in page.html  # no approval form any more
    shown = api.get(f"/estimates/{estimate['id']}").get_json()
    assert (shown["approved"], shown["status"], shown["closed"]) == ("J.D.", "approved", True)
    approval = shown["approval"]
    assert (approval["timestamp"], approval["ip"], approval["user_agent"]) == (EPOCH, "127.0.0.1", USER_AGENT)
    assert isinstance(approval["id"], int)
    assert event_types(api)[-2:] == ["estimate.approved", "estimate.updated"]  # as a PATCH of approved emits them


def test_approval_needs_initials_and_an_estimate_still_waiting(api: Api, customer_side: CustomerPages,
                                                              customer: dict[str, Any]) -> None:
    estimate = api.create("/estimates", customer=customer["id"], items=[{"name": "Plan", "unit_cost": 5}])
    blank = customer_side.approve(estimate, initials="  ")
    assert blank.status == 400 and blank.failure == "Enter your initials to approve this estimate."
    assert customer_side.approve(estimate, initials="x" * 256).status == 400
    assert api.get(f"/estimates/{estimate['id']}").get_json()["approved"] is None
    assert customer_side.approve(estimate, initials="AB").status == 200
    voided = api.create("/estimates", customer=customer["id"], items=[{"name": "Plan", "unit_cost": 5}])
    page = customer_side.open(voided["url"])
    api.post(f"/estimates/{voided['id']}/void")
    late = customer_side._submit(page, page.form("approve-form"), {"initials": "AB"})  # the form was still open
    assert late.status == 409 and late.failure == "This estimate can no longer be approved."
    assert api.get(f"/estimates/{voided['id']}").get_json()["approved"] is None
    draft = api.create("/estimates", customer=customer["id"], draft=True, items=[{"name": "Plan", "unit_cost": 5}])
    assert "approve-form" not in customer_side.open(draft["url"]).html


def test_an_estimate_with_a_deposit_takes_it_after_approval_then_closes(api: Api, customer_side: CustomerPages,
                                                                       customer: dict[str, Any]) -> None:
    estimate = api.create("/estimates", customer=customer["id"], deposit=100,
                          items=[{"name": "Plan", "unit_cost": 500}])
    assert customer_side.open(estimate["url"]).text("pay") is None  # not before it is approved
    customer_side.approve(estimate)
    assert api.get(f"/estimates/{estimate['id']}").get_json()["closed"] is False  # the deposit is still due
    paid = customer_side.pay_deposit(estimate)
    assert paid.paid
    shown = api.get(f"/estimates/{estimate['id']}").get_json()
    assert (shown["deposit_paid"], shown["closed"]) == (True, True)
    payment = api.get(f"/payments/{paid.payment}", query_string={"include": "applied_to"}).get_json()
    assert [(s["type"], s["estimate"], s["amount"]) for s in payment["applied_to"]] == [
        ("estimate", estimate["id"], 100)]
