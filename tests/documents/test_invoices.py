"""Invoices: terms and due dates, inheritance, statuses on the clock, locks, void, settle, lists."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from invoiced_mock import Clock
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.documents import settle_invoice
from invoiced_mock.store.business import Business
from tests.conftest import EPOCH, Api
from tests.documents.helpers import invoice

DAY = 86_400
ITEMS = [{"name": "Work", "unit_cost": 100}]


def _get(api: Api, invoice_id: int, include: str = "") -> dict[str, Any]:
    return api.get(f"/invoices/{invoice_id}", query_string={"include": include}).get_json()


@pytest.mark.parametrize(("terms", "due"), [
    ("NET 30", EPOCH + 30 * DAY),
    ("net-15", EPOCH + 15 * DAY),
    ("Due on Receipt", EPOCH),
    ("2% 10 NET 30", EPOCH + 30 * DAY),
    ("Whenever", None),
])
def test_terms_give_the_due_date(api: Api, customer: dict[str, Any], terms: str, due: int | None) -> None:
    body = invoice(api, customer, items=ITEMS, payment_terms=terms)
    assert body["due_date"] == due
    assert body["date"] == EPOCH


def test_terms_currency_and_autopay_are_inherited_from_the_customer(api: Api) -> None:
    customer = api.create("/customers", name="Euro", payment_terms="NET 14", currency="eur")
    body = invoice(api, customer, items=ITEMS)
    assert (body["payment_terms"], body["due_date"], body["currency"], body["autopay"]) == (
        "NET 14", EPOCH + 14 * DAY, "eur", False)
    autopay = api.create("/customers", name="Auto", autopay=True, payment_terms="NET 30")
    body = invoice(api, autopay, items=ITEMS)
    assert (body["autopay"], body["payment_terms"], body["due_date"]) == (True, "AutoPay", None)


def test_patching_date_or_terms_moves_the_due_date(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS, payment_terms="NET 30")
    moved = api.patch(f"/invoices/{body['id']}", json={"date": EPOCH + DAY}).get_json()
    assert moved["due_date"] == EPOCH + 31 * DAY
    moved = api.patch(f"/invoices/{body['id']}", json={"payment_terms": "NET 7"}).get_json()
    assert moved["due_date"] == EPOCH + 8 * DAY
    pinned = api.patch(f"/invoices/{body['id']}", json={"payment_terms": "NET 60", "due_date": EPOCH}).get_json()
    assert pinned["due_date"] == EPOCH


def test_status_follows_the_clock(api: Api, clock: Clock, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS, payment_terms="NET 30")
    assert body["status"] == "not_sent"
    clock.advance(days=29)
    assert _get(api, body["id"])["status"] == "not_sent"
    clock.advance(days=2)
    assert _get(api, body["id"])["status"] == "past_due"
    assert [i["id"] for i in api.get("/invoices", query_string={"filter[status]": "past_due"}).get_json()] == [
        body["id"]]


def test_draft_sent_and_one_way_issue(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS, draft=True)
    assert body["status"] == "draft"
    issued = api.patch(f"/invoices/{body['id']}", json={"draft": False}).get_json()
    assert issued["status"] == "not_sent"
    assert api.patch(f"/invoices/{body['id']}", json={"sent": True}).get_json()["status"] == "sent"
    again = api.patch(f"/invoices/{body['id']}", json={"draft": True})
    assert again.status_code == 400
    assert again.get_json()["param"] == "draft"


def test_computed_fields_cannot_be_mass_assigned_and_customer_is_fixed(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS)
    response = api.patch(f"/invoices/{body['id']}", json={"balance": 0})
    assert (response.status_code, response.get_json()["param"]) == (400, "balance")
    other = api.create("/customers", name="Other")
    response = api.patch(f"/invoices/{body['id']}", json={"customer": other["id"]})
    assert (response.status_code, response.get_json()["param"]) == (400, "customer")
    assert api.patch(f"/invoices/{body['id']}", json={"customer": customer["id"]}).status_code == 200


def test_settle_partial_then_full_payment(api: Api, business: Business, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS, draft=True)
    with business.transaction():
        settle_invoice(business, body["id"], paid=Decimal("30.50"))
    state = _get(api, body["id"], "amount_paid,amount_credited,date_paid")
    assert (state["balance"], state["amount_paid"], state["paid"], state["draft"], state["status"]) == (
        69.5, 30.5, False, False, "not_sent")  # applying money issues a draft
    with business.transaction():
        settle_invoice(business, body["id"], credited=Decimal("69.50"))
    state = _get(api, body["id"], "amount_paid,amount_credited,date_paid")
    assert (state["balance"], state["amount_credited"], state["paid"], state["closed"], state["status"]) == (
        0, 69.5, True, True, "paid")
    assert state["date_paid"] == EPOCH
    types = [e["type"] for e in api.get("/events", query_string={"related_to": f"invoice,{body['id']}"}).get_json()]
    assert types.count("invoice.paid") == 1
    assert types.count("invoice.updated") == 2


def test_settle_negative_reopens_and_limits(api: Api, business: Business, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS)
    with business.transaction():
        settle_invoice(business, body["id"], paid=100)
        settle_invoice(business, body["id"], paid=-40)
    state = _get(api, body["id"], "amount_paid,date_paid")
    assert (state["balance"], state["paid"], state["closed"], state["date_paid"]) == (40, False, False, None)
    with pytest.raises(InvalidRequest), business.transaction():
        settle_invoice(business, body["id"], paid=Decimal("40.01"))
    with pytest.raises(InvalidRequest), business.transaction():
        settle_invoice(business, body["id"], paid=-61)
    assert _get(api, body["id"], "amount_paid")["amount_paid"] == 60


def test_void_unwinds_balance_and_locks(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS)
    voided = api.post(f"/invoices/{body['id']}/void").get_json()
    assert (voided["status"], voided["balance"]) == ("voided", 0)
    assert _get(api, body["id"], "voided,date_voided")["date_voided"] == EPOCH
    edit = api.patch(f"/invoices/{body['id']}", json={"notes": "late"})
    assert (edit.status_code, edit.get_json()["param"]) == (400, "voided")
    assert api.post(f"/invoices/{body['id']}/void").status_code == 400
    assert api.get("/events", query_string={"type": "invoice.voided"}).get_json()[0]["data"]["previous"][
        "status"] == "not_sent"


def test_void_and_delete_refused_once_money_is_applied(api: Api, business: Business,
                                                      customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS)
    with business.transaction():
        settle_invoice(business, body["id"], paid=10)
    assert api.post(f"/invoices/{body['id']}/void").status_code == 400
    assert api.delete(f"/invoices/{body['id']}").status_code == 400
    with pytest.raises(InvalidRequest), business.transaction():
        fresh = invoice(api, customer, items=ITEMS)
        api.post(f"/invoices/{fresh['id']}/void")
        settle_invoice(business, fresh["id"], paid=1)
    unpaid = invoice(api, customer, items=ITEMS)
    assert api.delete(f"/invoices/{unpaid['id']}").status_code == 204


def test_closed_invoice_rejects_edits_unless_reopened(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS, closed=True)
    refused = api.patch(f"/invoices/{body['id']}", json={"notes": "x"})
    assert (refused.status_code, refused.get_json()["param"]) == (400, "closed")
    reopened = api.patch(f"/invoices/{body['id']}", json={"closed": False, "notes": "x"})
    assert reopened.status_code == 200
    assert reopened.get_json()["notes"] == "x"


def test_numbering_is_sequential_and_unique(api: Api, customer: dict[str, Any]) -> None:
    assert invoice(api, customer)["number"] == "INV-00001"
    assert invoice(api, customer, number="CUSTOM-1")["number"] == "CUSTOM-1"
    assert invoice(api, customer)["number"] == "INV-00002"
    taken = api.post("/invoices", json={"customer": customer["id"], "number": "custom-1"})
    assert (taken.status_code, taken.get_json()["param"]) == (400, "number")


def test_include_and_expand(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS)
    assert "amount_paid" not in body
    shown = api.get(f"/invoices/{body['id']}", query_string={
        "include": "amount_paid,amount_credited,voided,sent,viewed,date_paid", "expand": "customer"}).get_json()
    assert (shown["amount_paid"], shown["amount_credited"], shown["voided"], shown["sent"]) == (0, 0, False, False)
    assert shown["customer"]["name"] == "Acme Inc"


def test_list_by_date_range_column_metadata_and_updated_after(api: Api, clock: Clock,
                                                              customer: dict[str, Any]) -> None:
    early = invoice(api, customer, items=ITEMS, date=EPOCH - 10 * DAY, payment_terms="NET 30", metadata={"po": "7"})
    late = invoice(api, customer, items=ITEMS, date=EPOCH + 10 * DAY, payment_terms="NET 5")

    def ids(**query: Any) -> list[int]:
        return [i["id"] for i in api.get("/invoices", query_string=query).get_json()]

    assert ids(start_date=EPOCH) == [late["id"]]
    assert ids(end_date=EPOCH) == [early["id"]]
    # due dates: early EPOCH+20 days, late EPOCH+15 days
    assert ids(start_date=EPOCH + 16 * DAY, date_column="due_date") == [early["id"]]
    assert ids(**{"metadata[po]": "7"}) == [early["id"]]
    assert ids(**{"filter[customer]": customer["id"]}) == [early["id"], late["id"]]
    clock.advance(seconds=5)
    api.patch(f"/invoices/{late['id']}", json={"notes": "touched"})
    assert ids(updated_after=EPOCH + 1) == [late["id"]]
    assert api.get("/invoices", query_string={"date_column": "nope"}).status_code == 400


def test_update_event_names_only_what_changed(api: Api, customer: dict[str, Any]) -> None:
    api.create("/tax_rates", id="vat", name="VAT", value=10)
    body = invoice(api, customer, items=[{"name": "x", "unit_cost": 10, "taxes": ["vat"]}], discounts=[{"amount": 1}])
    api.patch(f"/invoices/{body['id']}", json={"notes": "hello"})
    event = api.get("/events", query_string={"type": "invoice.updated"}).get_json()[0]
    assert event["data"]["previous"] == {"notes": None}
    assert event["data"]["object"]["notes"] == "hello"
    repriced = api.patch(f"/invoices/{body['id']}", json={"items": [
        {"id": body["items"][0]["id"], "unit_cost": 20}]}).get_json()
    assert repriced["total"] == 21  # 20 + 2 tax - 1
    previous = api.get("/events", query_string={"type": "invoice.updated"}).get_json()[0]["data"]["previous"]
    assert set(previous) == {"items", "subtotal", "total", "balance"}


def test_accounting_sync_status_says_not_synced(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS)
    status = api.get(f"/invoices/{body['id']}/accounting_sync_status")
    assert status.status_code == 200
    assert status.get_json() == {"synced": False, "error": "", "accounting_system": "", "accounting_id": "",
                                 "source": "", "first_synced": 0, "last_synced": 0}
    assert api.get("/invoices/999/accounting_sync_status").status_code == 404


def test_java_client_save_sends_the_whole_object_back(api: Api, customer: dict[str, Any]) -> None:
    api.create("/items", id="delivery", name="Delivery", unit_cost=10, type="service")
    body = invoice(api, customer, name="July Paper Delivery", payment_terms="NET 14", items=[
        {"type": "product", "name": "Copy Paper, Case", "unit_cost": 45}, {"catalog_item": "delivery"}],
        taxes=[{"amount": "3.85"}])
    first, second = body["items"]
    java_body = (  # the shape of the Java client's PATCH (its own WireMock fixture), with our ids
        f'{{"customer":{customer["id"]},"name":"July Paper Delivery","number":"{body["number"]}","autopay": false,'
        f'"currency":"usd","draft":false,"closed":false,"date":{body["date"]},"due_date":{body["due_date"]},'
        f'"payment_terms":"NET 14","items":[{{"id":{first["id"]},"type":"product","name":"Copy Paper, Case",'
        f'"quantity":1.0,"unit_cost":45.0,"amount":45.0,"discountable":true,"taxable":true}},'
        f'{{"id":{second["id"]},"catalog_item":"delivery","type":"service","name":"Delivery","quantity":1.0,'
        f'"unit_cost":10.0,"amount":10.0,"discountable":true,"taxable":true}}],'
        '"notes":"The order was delivered on Jul 20, 2015",'
        f'"taxes":[{{"id":{body["taxes"][0]["id"]},"amount":3.85}}]}}')
    response = api.request("PATCH", f"/invoices/{body['id']}", data=java_body, content_type="application/json")
    assert response.status_code == 200, response.get_json()
    saved = response.get_json()
    assert saved["notes"] == "The order was delivered on Jul 20, 2015"
    assert [line["id"] for line in saved["items"]] == [first["id"], second["id"]]
    assert (saved["subtotal"], saved["total"], saved["taxes"][0]["id"]) == (55, 58.85, body["taxes"][0]["id"])


def test_payment_plan_freezes_the_total_not_the_lines(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=ITEMS)
    plan = {"installments": [{"date": EPOCH + 10 * DAY, "amount": 60}, {"date": EPOCH + 40 * DAY, "amount": 40}]}
    assert api.put(f"/invoices/{body['id']}/payment_plan", json=plan).status_code == 200
    same_total = api.patch(f"/invoices/{body['id']}", json={"items": [{"name": "Split", "quantity": 2,
                                                                        "unit_cost": 50}]})
    assert same_total.status_code == 200
    moved = api.patch(f"/invoices/{body['id']}", json={"discounts": [{"amount": 1}]})
    assert (moved.status_code, moved.get_json()["param"]) == (400, "total")


def test_listing_by_customer_starts_from_the_index(api: Api, business: Business, customer: dict[str, Any],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    other = api.create("/customers", name="Other")
    mine = [invoice(api, customer, items=ITEMS)["id"] for _ in range(3)]
    invoice(api, other, items=ITEMS)
    assert api.get("/invoices", query_string={"filter[customer]": "x"}).status_code == 400
    table = business.tables["invoice"]

    def whole_table() -> list[Any]:
        raise AssertionError("listed the whole table")

    monkeypatch.setattr(table, "all", whole_table)
    listed = api.get("/invoices", query_string={"filter[customer]": customer["id"], "sort": "id desc"})
    assert [i["id"] for i in listed.get_json()] == mine[::-1]
    assert listed.headers["X-Total-Count"] == "3"


def test_an_invoice_paid_at_birth_is_created_then_paid(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=[{"name": "Free sample", "unit_cost": 0}])
    assert (body["paid"], body["closed"], body["status"]) == (True, True, "paid")
    events = api.get("/events", query_string={"related_to": f"invoice,{body['id']}"}).get_json()
    assert [e["type"] for e in events] == ["invoice.paid", "invoice.created"]  # newest first
    draft = invoice(api, customer, draft=True)
    assert (draft["paid"], draft["status"]) == (False, "draft")
