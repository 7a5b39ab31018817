"""Pending line items through HTTP and the official client: CRUD under a customer, pricing, billing."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import invoiced
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Api


def test_crud_under_the_customer_with_amounts_priced_half_up(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    path = f"/customers/{customer['id']}/line_items"
    line = api.create(path, name="API calls", quantity=3, unit_cost="0.335")
    assert (line["object"], line["customer"], line["amount"]) == ("line_item", customer["id"], 1.01)  # 1.005 up
    listed = api.get(path)
    assert [x["id"] for x in listed.get_json()] == [line["id"]] and listed.headers["X-Total-Count"] == "1"
    patched = api.patch(f"{path}/{line['id']}", json={"quantity": 10}).get_json()
    assert patched["amount"] == 3.35 and patched["name"] == "API calls"
    assert api.delete(f"{path}/{line['id']}").status_code == 204
    assert api.get(f"{path}/{line['id']}").get_json()["message"] == f"Line Item was not found: {line['id']}"
    types = [e["type"] for e in api.get("/events", query_string={"type": "line_item.created"}).get_json()]
    assert types == ["line_item.created"]


def test_catalog_item_prefills_and_explicit_fields_win(api: Api) -> None:
    api.create("/tax_rates", id="vat", name="VAT", value=20, is_percent=True)
    api.create("/items", id="seat", name="Seat", unit_cost=12, taxes=["vat"])
    customer = api.create("/customers", name="Acme", currency="eur")
    path = f"/customers/{customer['id']}/line_items"
    line = api.create(path, catalog_item="seat", quantity=2)
    assert (line["name"], line["unit_cost"], line["amount"]) == ("Seat", 12, 24)
    assert [t["tax_rate"]["id"] for t in line["taxes"]] == ["vat"]
    cheaper = api.create(path, catalog_item="seat", unit_cost=10, name="Seat (promo)")
    assert (cheaper["name"], cheaper["amount"]) == ("Seat (promo)", 10)
    unknown = api.post(path, json={"catalog_item": "nope"})
    assert unknown.status_code == 400 and unknown.get_json()["param"] == "catalog_item"
    changed = api.patch(f"{path}/{line['id']}", json={"catalog_item": "other"})
    assert changed.status_code == 400 and changed.get_json()["param"] == "catalog_item"


def test_lines_belong_to_their_customer(api: Api) -> None:
    first, second = api.create("/customers", name="A"), api.create("/customers", name="B")
    line = api.create(f"/customers/{first['id']}/line_items", name="x", unit_cost=1)
    assert api.get(f"/customers/{second['id']}/line_items/{line['id']}").status_code == 404
    assert api.get(f"/customers/{second['id']}/line_items").get_json() == []


def test_billing_sweeps_every_pending_line_into_one_invoice(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    path = f"/customers/{customer['id']}/line_items"
    api.create(path, name="Setup", unit_cost=100)
    api.create(path, name="Usage", quantity=3, unit_cost="2.50", discounts=[{"amount": 1.5}])
    response = api.post(f"/customers/{customer['id']}/invoices")
    assert response.status_code == 201
    invoice = response.get_json()
    assert [(i["name"], i["amount"]) for i in invoice["items"]] == [("Setup", 100), ("Usage", 7.5)]
    assert (invoice["subtotal"], invoice["total"]) == (107.5, 106)  # 100 + 7.50 − 1.50 line discount
    assert api.get(path).get_json() == []
    again = api.post(f"/customers/{customer['id']}/invoices")
    assert again.status_code == 400
    assert again.get_json()["message"] == ("Unable to create an invoice because the customer does not have "
                                           "any pending line items.")


def test_billing_takes_invoice_options_and_refuses_bad_ones_whole(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    path = f"/customers/{customer['id']}/line_items"
    api.create(path, name="Setup", unit_cost=100)
    bad = api.post(f"/customers/{customer['id']}/invoices", json={"date": "yesterday"})
    assert bad.status_code == 400 and bad.get_json()["param"] == "date"
    assert len(api.get(path).get_json()) == 1  # nothing cleared
    invoice = api.post(f"/customers/{customer['id']}/invoices", json={"draft": True}).get_json()
    assert invoice["draft"] is True and invoice["status"] == "draft"


def test_pending_lines_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme")
    line = customer.line_items().create(name="Hours", quantity=4, unit_cost=25)
    assert isinstance(line, invoiced.LineItem) and line.amount == 100
    line.quantity = 5
    assert line.save() is True and line.amount == 125
    lines, metadata = customer.line_items().list()
    assert metadata.total_count == 1 and lines[0].id == line.id
    invoice = customer.invoice()
    assert isinstance(invoice, invoiced.Invoice) and invoice.total == 125
    assert customer.line_items().list()[1].total_count == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(quantity=st.decimals(min_value=0, max_value=1000, places=3),
       unit_cost=st.decimals(min_value=0, max_value=10_000, places=4),
       currency=st.sampled_from(["usd", "jpy", "kwd"]))
def test_a_pending_line_amount_is_quantity_times_unit_cost_half_up(api: Api, quantity: Decimal,
                                                                  unit_cost: Decimal, currency: str) -> None:
    customer = api.create("/customers", name="Prop", currency=currency)
    line = api.create(f"/customers/{customer['id']}/line_items", name="x", quantity=str(quantity),
                      unit_cost=str(unit_cost))
    places = {"usd": Decimal("0.01"), "jpy": Decimal(1), "kwd": Decimal("0.001")}[currency]
    assert Decimal(str(line["amount"])) == (quantity * unit_cost).quantize(places, rounding=ROUND_HALF_UP)


def test_negative_pending_lines_go_to_a_credit_note(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    path = f"/customers/{customer['id']}/line_items"
    api.create(path, name="Usage", quantity=4, unit_cost=25)
    refund = api.create(path, name="Outage credit", quantity=-2, unit_cost="7.50", discounts=[{"amount": -1}])
    assert refund["amount"] == -15
    invoice = api.post(f"/customers/{customer['id']}/invoices").get_json()
    assert invoice["object"] == "invoice" and invoice["total"] == 100
    [note] = api.get("/credit_notes").get_json()
    assert [(i["name"], i["quantity"], i["amount"]) for i in note["items"]] == [("Outage credit", 2, 15)]
    assert note["total"] == 14 and note["customer"] == customer["id"]  # 15 less the 1.00 line discount
    assert api.get(path).get_json() == []


def test_only_negative_lines_answer_with_the_credit_note(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    api.create(f"/customers/{customer['id']}/line_items", name="Goodwill", unit_cost=-20)
    response = api.post(f"/customers/{customer['id']}/invoices")
    assert response.status_code == 201
    assert (response.get_json()["object"], response.get_json()["total"]) == ("credit_note", 20)
    assert api.get("/invoices").get_json() == []
