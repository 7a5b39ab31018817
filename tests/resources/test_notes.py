"""Notes through HTTP: top-level and nested under customers, owner rules, list headers, events."""

from __future__ import annotations

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
