"""The customer's pages are reached by the links the API returns, with no API key; any other path under
/portal/ is a plain 404 page, and the API's own routes are untouched."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import Client

from invoiced_mock import InvoicedMock
from invoiced_mock.store.business import public_id
from tests.conftest import API_KEY, Api
from tests.customer_pages.conftest import path


def test_each_link_opens_its_page_without_a_key(api: Api, browser: Client, customer: dict[str, Any],
                                                 invoice: dict[str, Any]) -> None:
    estimate = api.create("/estimates", customer=customer["id"], items=[{"name": "Plan", "unit_cost": 5}])
    note = api.create("/credit_notes", customer=customer["id"], items=[{"name": "Refund", "unit_cost": 5}])
    page = api.create("/sign_up_pages", name="Join")
    subscriber = api.patch(f"/customers/{customer['id']}", json={"sign_up_page": page["id"]}).get_json()
    links = [invoice["url"], invoice["payment_url"], estimate["url"], note["url"], subscriber["statement_url"],
             subscriber["sign_up_url"], page["url"]]
    for link in links:
        response = browser.get(path(link))
        assert (response.status_code, response.mimetype) == (200, "text/html"), link
    for link, kind in ((invoice["pdf_url"], "application/pdf"), (invoice["csv_url"], "text/csv")):
        assert browser.get(path(link)).mimetype == kind


@pytest.mark.parametrize("wrong", [
    "/portal/{public}/invoices/{client_id}x",  # one character more
    "/portal/{public}/invoices/{upper}",  # the client id in another case
    "/portal/{public}/credit_notes/{client_id}",  # an invoice's client id under another kind
    "/portal/0000000000/invoices/{client_id}",  # another business
    "/portal/{public}/invoices/{client_id}/nothing",
    "/portal/{public}/invoices/{client_id}/receipts",
    "/portal/{public}/invoices/{client_id}/payment/more/still",
    "/portal/{public}/invoices",
    "/portal/{public}/invoices/%E2%9C%93",
    "/portal/",
])
def test_a_wrong_link_is_a_plain_404_page(browser: Client, invoice: dict[str, Any], wrong: str) -> None:
    client_id = invoice["url"].rsplit("/", 1)[1]
    url = wrong.format(public=public_id(API_KEY), client_id=client_id, upper=client_id.upper())
    response = browser.get(url)
    assert (response.status_code, response.mimetype) == (404, "text/html")
    assert "Page not found" in response.get_data(as_text=True)
    assert "Invoice" not in response.get_data(as_text=True)


def test_a_method_a_page_does_not_take_is_a_405_naming_those_it_does(browser: Client,
                                                                     invoice: dict[str, Any]) -> None:
    response = browser.delete(path(invoice["payment_url"]))
    assert response.status_code == 405 and response.headers["Allow"] == "GET, HEAD, POST"
    assert browser.head(path(invoice["url"])).status_code == 200


def test_the_apis_own_routes_still_need_a_key(api: Api, browser: Client, invoice: dict[str, Any]) -> None:
    assert browser.get(f"/invoices/{invoice['id']}").status_code == 401
    assert api.get(f"/invoices/{invoice['id']}/view").status_code == 200  # the API's own view stays


def test_faults_and_stubs_script_the_api_not_the_customers_pages(app: InvoicedMock, browser: Client,
                                                                 invoice: dict[str, Any]) -> None:
    app.faults.add("*", "**", status=503, times=None)
    app.stubs.add("GET", "**", json={"stubbed": True}, api_key=API_KEY)
    assert browser.get(path(invoice["url"])).status_code == 200
    assert app.network_fault({"REQUEST_METHOD": "GET", "PATH_INFO": path(invoice["url"])}) is None


def test_a_page_sees_what_time_made_due(api: Api, browser: Client, customer: dict[str, Any]) -> None:
    due = api.create("/invoices", customer=customer["id"], payment_terms="NET 7",
                     items=[{"name": "Work", "unit_cost": 10}])
    api.app.clock.advance(days=8)
    assert "past_due" in browser.get(path(due["url"])).get_data(as_text=True)


def test_pages_are_not_journaled_as_api_calls(app: InvoicedMock, browser: Client, invoice: dict[str, Any]) -> None:
    before = len(app.journal.calls(API_KEY))
    browser.get(path(invoice["url"]))
    assert len(app.journal.calls(API_KEY)) == before
