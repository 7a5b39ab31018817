"""The links customers open: on the sandbox's own origin, under /portal/<business>/, each with an unguessable
client id that stays with its object."""

from __future__ import annotations

import re
from typing import Any

from invoiced_mock.store.business import public_id
from tests.conftest import API_KEY, Api

PORTAL = f"http://localhost/portal/{public_id(API_KEY)}"
CLIENT_ID = re.compile(r"[a-z2-7]{32}")


def _client_id(url: str, kind: str) -> str:
    match = re.fullmatch(rf"{re.escape(PORTAL)}/{kind}/([^/]+)(?:/.*)?", url)
    assert match is not None, url
    assert CLIENT_ID.fullmatch(match.group(1)), url
    return match.group(1)


def test_an_invoice_links_its_customer_pages_by_one_client_id(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "Work", "unit_cost": 10}])
    client_id = _client_id(invoice["url"], "invoices")
    assert invoice["url"] == f"{PORTAL}/invoices/{client_id}"
    assert invoice["payment_url"] == f"{PORTAL}/invoices/{client_id}/payment"
    assert invoice["pdf_url"] == f"{PORTAL}/invoices/{client_id}/pdf"
    assert invoice["csv_url"] == f"{PORTAL}/invoices/{client_id}/csv"
    changed = api.patch(f"/invoices/{invoice['id']}", json={"notes": "thanks"}).get_json()
    assert changed["url"] == invoice["url"]  # a link in a sent email keeps working after an edit
    other = api.create("/invoices", customer=customer["id"], items=[{"name": "More", "unit_cost": 10}])
    assert _client_id(other["url"], "invoices") != client_id


def test_estimates_credit_notes_customers_and_sign_up_pages_have_pages_too(api: Api) -> None:
    page = api.create("/sign_up_pages", name="Join")
    customer = api.create("/customers", name="Acme", sign_up_page=page["id"])
    assert customer["sign_up_url"] == f"{PORTAL}/sign_up/{_client_id(customer['statement_url'], 'statements')}"
    assert customer["statement_url"] == f"{PORTAL}/statements/{_client_id(customer['statement_url'], 'statements')}"
    assert api.create("/customers", name="No page")["sign_up_url"] is None
    assert page["url"] == f"{PORTAL}/pages/{_client_id(page['url'], 'pages')}"
    estimate = api.create("/estimates", customer=customer["id"], items=[{"name": "Work", "unit_cost": 10}])
    client_id = _client_id(estimate["url"], "estimates")
    assert (estimate["url"], estimate["pdf_url"]) == (f"{PORTAL}/estimates/{client_id}",
                                                      f"{PORTAL}/estimates/{client_id}/pdf")
    note = api.create("/credit_notes", customer=customer["id"], items=[{"name": "Refund", "unit_cost": 5}])
    assert note["pdf_url"] == f"{note['url']}/pdf" and _client_id(note["url"], "credit_notes")


def test_links_follow_the_origin_the_api_was_called_on(app: Any) -> None:
    from werkzeug.test import Client

    http = Client(app)
    auth = (API_KEY, "")
    customer = http.post("/customers", json={"name": "Acme"}, auth=auth,
                         base_url="http://127.0.0.1:8080").get_json()
    assert customer["statement_url"].startswith(f"http://127.0.0.1:8080/portal/{public_id(API_KEY)}/statements/")


def test_a_client_id_is_never_shown_as_an_attribute_nor_taken_from_a_request(api: Api) -> None:
    customer = api.create("/customers", name="Acme", client_id="chosen")
    assert "client_id" not in customer
    assert not customer["statement_url"].endswith("/chosen")


def test_a_link_still_opens_after_a_restart_and_an_import(tmp_path: Any) -> None:
    from werkzeug.test import Client

    from invoiced_mock import Clock, InvoicedMock
    from tests.conftest import EPOCH

    state = tmp_path / "sandbox.db"
    first_app = InvoicedMock(clock=Clock(frozen_at=EPOCH), state=state)
    first = Client(first_app)
    auth = (API_KEY, "")
    customer = first.post("/customers", json={"name": "Acme"}, auth=auth).get_json()
    invoice = first.post("/invoices", json={"customer": customer["id"], "items": [{"name": "W", "unit_cost": 5}]},
                         auth=auth).get_json()
    link = invoice["payment_url"].removeprefix("http://localhost")
    exported = first.get("/_mock/export", auth=auth).get_json()
    first_app.close()  # one server writes a file at a time
    second = Client(InvoicedMock(state=state))  # the links in sent emails keep working
    assert second.get(link).status_code == 200 and "Amount due: 5.00 USD" in second.get(link).get_data(as_text=True)
    other = Client(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    other.post("/_mock/import", json=exported, auth=("sk_elsewhere", ""))
    moved = other.get(f"/invoices/{invoice['id']}", auth=("sk_elsewhere", "")).get_json()
    assert moved["payment_url"] == invoice["payment_url"].replace(public_id(API_KEY), public_id("sk_elsewhere"))
    assert other.get(moved["payment_url"].removeprefix("http://localhost")).status_code == 200
