"""Credit notes: numbering, totals, statuses (§3.7), the legacy ``invoice`` link, settle, void."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.documents import settle_credit_note
from invoiced_mock.store.business import Business
from tests.conftest import Api
from tests.documents.helpers import invoice


def _note(api: Api, **params: Any) -> dict[str, Any]:
    return api.create("/credit_notes", **params)


def _include(api: Api, path: str) -> dict[str, Any]:
    return api.get(path, query_string={"include": "amount_applied_to_invoice,amount_credited,amount_refunded,"
                                                  "amount_paid,voided"}).get_json()


def test_credit_note_totals_number_and_open_status(api: Api, customer: dict[str, Any]) -> None:
    api.create("/tax_rates", id="vat", name="VAT", value=20)
    body = _note(api, customer=customer["id"], items=[{"name": "Refund", "quantity": 2, "unit_cost": "12.50"}],
                 taxes=["vat"])
    assert (body["number"], body["name"], body["object"]) == ("CN-00001", "Credit Note", "credit_note")
    assert (body["subtotal"], body["total"], body["balance"]) == (25, 30, 30)
    assert (body["status"], body["paid"], body["closed"]) == ("open", False, False)
    assert body["pdf_url"] == f"{body['url']}/pdf" and "/portal/" in body["url"]  # the customer's page


def test_customer_is_required_without_an_invoice(api: Api) -> None:
    response = api.post("/credit_notes", json={"items": [{"name": "x", "unit_cost": 1}]})
    assert (response.status_code, response.get_json()["param"]) == (400, "customer")


def test_legacy_invoice_field_applies_the_note_to_that_invoice(api: Api, customer: dict[str, Any]) -> None:
    bill = invoice(api, customer, currency="eur", items=[{"name": "Work", "unit_cost": 100}])
    note = _note(api, invoice=bill["id"], items=[{"name": "Goodwill", "unit_cost": 30}])
    assert (note["customer"], note["currency"], note["status"], note["balance"]) == (customer["id"], "eur", "paid", 0)
    assert _include(api, f"/credit_notes/{note['id']}")["amount_applied_to_invoice"] == 30
    shown = _include(api, f"/invoices/{bill['id']}")
    assert (shown["balance"], shown["amount_credited"], shown["status"]) == (70, 30, "not_sent")


def test_note_larger_than_the_invoice_applies_only_the_balance(api: Api, customer: dict[str, Any]) -> None:
    bill = invoice(api, customer, items=[{"name": "Work", "unit_cost": 40}])
    note = _note(api, invoice=bill["id"], items=[{"name": "Big", "unit_cost": 50}])
    assert (note["balance"], note["status"]) == (10, "open")
    shown = _include(api, f"/invoices/{bill['id']}")
    assert (shown["balance"], shown["paid"], shown["status"]) == (0, True, "paid")


def test_draft_note_applies_when_issued(api: Api, customer: dict[str, Any]) -> None:
    bill = invoice(api, customer, items=[{"name": "Work", "unit_cost": 40}])
    note = _note(api, invoice=bill["id"], draft=True, items=[{"name": "x", "unit_cost": 15}])
    assert api.get(f"/invoices/{bill['id']}").get_json()["balance"] == 40
    assert note["status"] == "draft"
    issued = api.patch(f"/credit_notes/{note['id']}", json={"draft": False}).get_json()
    assert (issued["balance"], issued["status"]) == (0, "paid")
    assert api.get(f"/invoices/{bill['id']}").get_json()["balance"] == 25


def test_invoice_of_another_customer_is_refused(api: Api, customer: dict[str, Any]) -> None:
    other = api.create("/customers", name="Other")
    bill = invoice(api, other, items=[{"name": "Work", "unit_cost": 40}])
    response = api.post("/credit_notes", json={"customer": customer["id"], "invoice": bill["id"]})
    assert (response.status_code, response.get_json()["param"]) == (400, "invoice")
    assert api.get(f"/invoices/{bill['id']}").get_json()["balance"] == 40


def test_settle_credit_note_credit_and_refund(api: Api, business: Business, customer: dict[str, Any]) -> None:
    note = _note(api, customer=customer["id"], items=[{"name": "x", "unit_cost": 100}])
    with business.transaction():
        settle_credit_note(business, note["id"], credited=Decimal("60"), refunded=Decimal("15.25"))
    shown = _include(api, f"/credit_notes/{note['id']}")
    assert (shown["balance"], shown["amount_credited"], shown["amount_refunded"], shown["status"]) == (
        24.75, 60, 15.25, "open")
    with pytest.raises(InvalidRequest), business.transaction():
        settle_credit_note(business, note["id"], applied=Decimal("24.76"))
    with business.transaction():
        settle_credit_note(business, note["id"], applied=Decimal("24.75"))
    shown = _include(api, f"/credit_notes/{note['id']}")
    assert (shown["balance"], shown["paid"], shown["closed"], shown["status"]) == (0, True, True, "paid")


def test_void_and_its_refusal_once_applied(api: Api, business: Business, customer: dict[str, Any]) -> None:
    note = _note(api, customer=customer["id"], items=[{"name": "x", "unit_cost": 10}])
    voided = api.post(f"/credit_notes/{note['id']}/void").get_json()
    assert (voided["status"], voided["balance"]) == ("voided", 0)
    event = api.get("/events", query_string={"type": "credit_note.voided"}).get_json()
    assert [e["data"]["object"]["id"] for e in event] == [note["id"]]
    edit = api.patch(f"/credit_notes/{note['id']}", json={"notes": "x"})
    assert (edit.status_code, edit.get_json()["param"]) == (400, "voided")
    used = _note(api, customer=customer["id"], items=[{"name": "x", "unit_cost": 10}])
    with business.transaction():
        settle_credit_note(business, used["id"], credited=1)
    assert api.post(f"/credit_notes/{used['id']}/void").status_code == 400
    assert api.delete(f"/credit_notes/{used['id']}").status_code == 400
    with pytest.raises(InvalidRequest), business.transaction():
        settle_credit_note(business, note["id"], credited=1)


def test_settling_a_draft_linked_note_does_not_apply_it_twice(api: Api, business: Business,
                                                               customer: dict[str, Any]) -> None:
    bill = invoice(api, customer, items=[{"name": "Work", "unit_cost": 100}])
    note = _note(api, invoice=bill["id"], draft=True, items=[{"name": "x", "unit_cost": 30}])
    with business.transaction():
        settle_credit_note(business, note["id"], credited=Decimal(30))  # to the credit balance instead
    shown = _include(api, f"/credit_notes/{note['id']}")
    assert (shown["draft"], shown["amount_credited"], shown["amount_applied_to_invoice"]) == (False, 30, 0)
    assert api.get(f"/invoices/{bill['id']}").get_json()["balance"] == 100
