"""Notes through HTTP: top-level and nested under customers, owner rules, list headers, events."""

from __future__ import annotations

import invoiced

from tests.conftest import EPOCH, Api


def _customer(api: Api, **extra: object) -> dict:
    return api.create("/customers", name="Acme", **extra)


def test_create_on_a_customer_shows_both_spellings_of_the_owner(api: Api) -> None:
    customer = _customer(api)
    note = api.create("/notes", notes="Called, will pay Friday", customer_id=customer["id"])
    assert note["object"] == "note"
    assert note["customer"] == note["customer_id"] == customer["id"]
    assert note["invoice"] is None and note["invoice_id"] is None
    assert note["created_at"] == EPOCH


def test_notes_text_and_an_owner_are_required(api: Api) -> None:
    customer = _customer(api)
    missing_text = api.post("/notes", json={"customer_id": customer["id"]})
    assert missing_text.status_code == 400 and missing_text.get_json()["param"] == "notes"
    no_owner = api.post("/notes", json={"notes": "x"})
    assert no_owner.status_code == 400 and no_owner.get_json()["param"] == "customer_id"
    unknown = api.post("/notes", json={"notes": "x", "customer_id": 999})
    assert unknown.status_code == 400 and unknown.get_json()["param"] == "customer_id"
    assert api.get("/notes").headers["X-Total-Count"] == "0"


def test_nested_create_list_update_and_delete_under_a_customer(api: Api) -> None:
    first, second = _customer(api), _customer(api)
    note = api.create(f"/customers/{first['id']}/notes", notes="first")
    api.create(f"/customers/{second['id']}/notes", notes="other customer")
    listed = api.get(f"/customers/{first['id']}/notes")
    assert [n["notes"] for n in listed.get_json()] == ["first"]
    assert listed.headers["X-Total-Count"] == "1"
    assert 'rel="self"' in listed.headers["Link"]
    assert api.get(f"/customers/{second['id']}/notes/{note['id']}").status_code == 404
    patched = api.patch(f"/customers/{first['id']}/notes/{note['id']}", json={"notes": "edited"})
    assert patched.get_json()["notes"] == "edited"
    assert api.patch(f"/notes/{note['id']}", json={"customer": second["id"]}).status_code == 400
    assert api.delete(f"/notes/{note['id']}").status_code == 204
    assert api.get(f"/customers/{first['id']}/notes").get_json() == []
    types = [e["type"] for e in api.get("/events", query_string={"related_to": f"note,{note['id']}"}).get_json()]
    assert types == ["note.deleted", "note.updated", "note.created"]


def test_top_level_list_filters_by_customer(api: Api) -> None:
    first, second = _customer(api), _customer(api)
    api.create("/notes", notes="a", customer=first["id"])
    api.create("/notes", notes="b", customer_id=second["id"])
    everything = api.get("/notes").get_json()
    assert [n["notes"] for n in everything] == ["a", "b"]
    only = api.get("/notes", query_string={"filter[customer_id]": str(second["id"])}).get_json()
    assert [n["notes"] for n in only] == ["b"]


def test_notes_of_an_unknown_customer_are_404(api: Api) -> None:
    response = api.get("/customers/999/notes")
    assert response.status_code == 404 and response.get_json()["message"] == "Customer was not found: 999"


def test_invoice_notes_take_the_customer_from_the_invoice(api: Api) -> None:
    customer = _customer(api)
    invoice = api.create("/invoices", customer=customer["id"], items=[{"name": "x", "unit_cost": 1}])
    nested = api.create(f"/invoices/{invoice['id']}/notes", notes="Disputed line 1")
    assert (nested["invoice"], nested["invoice_id"], nested["customer"]) == (invoice["id"], invoice["id"],
                                                                              customer["id"])
    top = api.create("/notes", notes="Promised to pay", invoice_id=invoice["id"])
    assert top["customer_id"] == customer["id"]
    listed = api.get(f"/invoices/{invoice['id']}/notes")
    assert [n["id"] for n in listed.get_json()] == [nested["id"], top["id"]]
    assert listed.headers["X-Total-Count"] == "2"
    # the customer's own list holds customer-level notes only
    customer_level = api.create(f"/customers/{customer['id']}/notes", notes="VIP")
    assert [n["id"] for n in api.get(f"/customers/{customer['id']}/notes").get_json()] == [customer_level["id"]]
    assert api.get(f"/customers/{customer['id']}/notes/{nested['id']}").status_code == 404


def test_an_invoice_note_cannot_name_another_customer(api: Api) -> None:
    first, second = _customer(api), _customer(api)
    invoice = api.create("/invoices", customer=first["id"], items=[{"name": "x", "unit_cost": 1}])
    response = api.post("/notes", json={"notes": "x", "invoice_id": invoice["id"], "customer_id": second["id"]})
    assert response.status_code == 400 and response.get_json()["param"] == "customer_id"
    unknown = api.post("/notes", json={"notes": "x", "invoice_id": 404})
    assert unknown.status_code == 400 and unknown.get_json()["param"] == "invoice_id"


def test_notes_through_the_official_client(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme")
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "x", "unit_cost": 1}])
    on_customer = customer.list_notes().create(notes="Call back Monday")
    on_invoice = invoice.notes().create(notes="PO missing")
    assert isinstance(on_invoice, invoiced.Note) and on_invoice.customer == customer.id
    notes, metadata = invoice.notes().list()
    assert metadata.total_count == 1 and notes[0].notes == "PO missing"
    notes[0].notes = "PO received"
    assert notes[0].save() is True
    assert client.Note.list(**{"filter": {"invoice_id": invoice.id}})[0][0].notes == "PO received"
    [listed], _ = customer.list_notes().list()
    assert listed.id == on_customer.id
    assert listed.delete() is True
    assert customer.list_notes().list()[1].total_count == 0


def test_deleting_the_owner_deletes_its_notes(api: Api) -> None:
    customer = _customer(api)
    note = api.create(f"/customers/{customer['id']}/notes", notes="bye")
    invoice_owner = _customer(api)
    invoice = api.create("/invoices", customer=invoice_owner["id"], items=[{"name": "x", "unit_cost": 1}])
    invoice_note = api.create(f"/invoices/{invoice['id']}/notes", notes="gone with the invoice")
    kept = api.create(f"/customers/{invoice_owner['id']}/notes", notes="stays")
    assert api.delete(f"/customers/{customer['id']}").status_code == 204
    assert api.delete(f"/invoices/{invoice['id']}").status_code == 204
    assert [n["id"] for n in api.get("/notes").get_json()] == [kept["id"]]
    deleted = {e["data"]["object"]["id"] for e in api.get("/events", query_string={"type": "note.deleted"}).get_json()}
    assert deleted == {note["id"], invoice_note["id"]}


def test_expand_customer_on_a_note(api: Api) -> None:
    customer = _customer(api)
    note = api.create("/notes", notes="x", customer_id=customer["id"])
    shown = api.get(f"/notes/{note['id']}", query_string={"expand": "customer,user"})
    assert shown.status_code == 200
    assert shown.get_json()["customer"]["name"] == "Acme"


def test_a_note_written_with_an_api_key_has_no_user(api: Api) -> None:
    customer = _customer(api)
    note = api.create("/notes", notes="x", customer_id=customer["id"])
    assert "user" not in note and "user" not in api.get(f"/notes/{note['id']}").get_json()
    assert api.get(f"/notes/{note['id']}", query_string={"include": "user"}).get_json()["user"] is None
    saved = api.patch(f"/notes/{note['id']}", json={"notes": "y", "user": {"id": -2}})  # not shown: no echo
    assert saved.status_code == 400 and saved.get_json()["param"] == "user"
