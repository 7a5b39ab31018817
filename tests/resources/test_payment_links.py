"""Payment links: a hosted page that takes a payment; its sessions are the payments completed through it."""

from __future__ import annotations

from typing import Any

from tests.conftest import EPOCH, Api


def link(api: Api, **fields: Any) -> dict[str, Any]:
    return api.create("/payment_links", **fields)


def test_a_payment_link_and_its_items(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    made = link(api, name="Deposit", customer=customer["id"], items=[{"description": "Deposit", "amount": 250}])
    assert {k: made[k] for k in ("object", "name", "customer", "currency", "reusable", "status",
                                 "collect_billing_address", "collect_shipping_address", "collect_phone_number",
                                 "terms_of_service_url", "after_completion_url", "created_at")} == {
        "object": "payment_link", "name": "Deposit", "customer": customer["id"], "currency": "usd",
        "reusable": False, "status": "active", "collect_billing_address": False, "collect_shipping_address": False,
        "collect_phone_number": False, "terms_of_service_url": None, "after_completion_url": None,
        "created_at": EPOCH}
    assert made["url"] == f"http://localhost/payment_links/{made['id']}/pay"
    assert "items" not in made  # as the backend: only asked for
    shown = api.get(f"/payment_links/{made['id']}", query_string={"include": "items,fields"}).get_json()
    (item,) = shown["items"]
    assert (item["description"], item["amount"], shown["fields"]) == ("Deposit", 250, [])

    edited = api.patch(f"/payment_links/{made['id']}", json={
        "name": "Deposit 2", "items": [{"id": item["id"], "amount": 300}, {"description": "Fee", "amount": 5}]})
    assert edited.status_code == 200
    items = api.get(f"/payment_links/{made['id']}", query_string={"include": "items"}).get_json()["items"]
    assert [(i["id"] == item["id"], i["description"], i["amount"]) for i in items] == [
        (True, "Deposit", 300), (False, "Fee", 5)]
    api.patch(f"/payment_links/{made['id']}", json={"items": []})
    assert api.get(f"/payment_links/{made['id']}", query_string={"include": "items"}).get_json()["items"] == []
    listed = api.get("/payment_links", query_string={"filter[customer]": customer["id"]}).get_json()
    assert [one["id"] for one in listed] == [made["id"]]


def test_a_link_defaults_to_the_companys_currency_and_takes_custom_fields(api: Api) -> None:
    api.patch("/companies/1", json={"currency": "eur"})
    api.create("/custom_fields", id="po_number", name="PO", object="invoice")
    made = link(api, fields=[{"object_type": "invoice", "custom_field_id": "po_number", "required": True}])
    assert made["name"] == "Payment Link" and made["currency"] == "eur"
    (field,) = api.get(f"/payment_links/{made['id']}", query_string={"include": "fields"}).get_json()["fields"]
    assert {k: field[k] for k in ("object_type", "custom_field_id", "required")} == {
        "object_type": "invoice", "custom_field_id": "po_number", "required": True}


def test_payment_link_validation(api: Api) -> None:
    for body, param in (({"name": "ab"}, "name"), ({"currency": "dollars"}, "currency"),
                        ({"customer": 99}, "customer"), ({"items": [{"amount": -1}]}, "items[0][amount]"),
                        ({"items": "x"}, "items"), ({"fields": [{"custom_field_id": "nope"}]}, "fields"),
                        ({"fields": [{"object_type": "planet", "custom_field_id": "x"}]}, "fields[0][object_type]")):
        refused = api.post("/payment_links", json=body)
        assert refused.status_code == 400 and refused.get_json()["param"] == param, body
    assert api.get("/payment_links").get_json() == []


def test_paying_through_a_link_records_a_session_an_invoice_and_a_payment(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    made = link(api, customer=customer["id"], items=[{"description": "Deposit", "amount": 250}])
    assert api.get(f"/payment_links/{made['id']}/sessions").get_json() == []
    page = api.get(f"/payment_links/{made['id']}/pay")
    assert page.status_code == 200 and page.mimetype == "text/html" and b"Deposit" in page.get_data()

    paid = api.post(f"/payment_links/{made['id']}/pay", json={})
    assert paid.status_code == 201
    session = paid.get_json()
    assert (session["completed_at"], session["customer"]) == (EPOCH, customer["id"])
    invoice = api.get(f"/invoices/{session['invoice']}").get_json()
    assert (invoice["total"], invoice["status"], invoice["customer"]) == (250, "paid", customer["id"])
    payment = api.get(f"/payments/{session['payment']}").get_json()
    assert (payment["amount"], payment["method"]) == (250, "credit_card")
    assert api.get(f"/payment_links/{made['id']}/sessions").get_json() == [session]

    done = api.get(f"/payment_links/{made['id']}").get_json()
    assert (done["status"], done["url"]) == ("completed", None)  # not reusable: used up
    events = [e["type"] for e in api.get("/events").get_json() if e["type"].startswith("payment_link.")]
    assert events[0] == "payment_link.completed"
    assert api.post(f"/payment_links/{made['id']}/pay", json={}).status_code == 400
    assert api.patch(f"/payment_links/{made['id']}", json={"name": "Again"}).get_json()["message"] == (
        "Unable to edit a payment link that is not active")
    assert api.delete(f"/payment_links/{made['id']}").get_json()["message"] == "This link cannot be deleted"


def test_a_reusable_link_without_items_takes_the_amount_and_a_new_customer(api: Api) -> None:
    made = link(api, reusable=True)
    for amount in (10, 20):
        paid = api.post(f"/payment_links/{made['id']}/pay", json={"amount": amount, "name": "Walk-in",
                                                                   "email": "walk@in.test"})
        assert paid.status_code == 201, paid.get_data(as_text=True)
    sessions = api.get(f"/payment_links/{made['id']}/sessions").get_json()
    assert [api.get(f"/invoices/{s['invoice']}").get_json()["total"] for s in sessions] == [10, 20]
    assert api.get(f"/customers/{sessions[0]['customer']}").get_json()["email"] == "walk@in.test"
    assert api.get(f"/payment_links/{made['id']}").get_json()["status"] == "active"
    assert api.post(f"/payment_links/{made['id']}/pay", json={}).get_json()["param"] == "amount"
    assert api.post(f"/payment_links/{made['id']}/pay", json={"amount": 5}).get_json()["param"] == "name"


def test_deleting_a_link(api: Api) -> None:
    made = link(api)
    deleted = api.delete(f"/payment_links/{made['id']}")
    assert deleted.status_code == 200
    assert (deleted.get_json()["status"], deleted.get_json()["url"]) == ("deleted", None)
    assert api.get(f"/payment_links/{made['id']}").status_code == 404
    assert api.get("/payment_links").get_json() == []
    assert api.get(f"/payment_links/{made['id']}/sessions").status_code == 404


def test_item_attributes_the_backend_does_not_keep_are_dropped_as_it_drops_them(api: Api) -> None:
    made = link(api, items=[{"name": "Deposit", "quantity": 2, "unit_cost": 50, "description": "Deposit",
                             "amount": 100}])  # the MCP client's spelling beside the backend's
    (item,) = api.get(f"/payment_links/{made['id']}", query_string={"include": "items"}).get_json()["items"]
    assert set(item) == {"id", "description", "amount"} and item["amount"] == 100
