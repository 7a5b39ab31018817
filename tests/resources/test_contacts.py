"""Contacts live under their customer and nowhere else."""

from __future__ import annotations

from tests.conftest import Api


def test_contacts_crud_under_their_customer(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    base = f"/customers/{customer['id']}/contacts"
    contact = api.create(base, name="Jane", email="jane@acme.test")
    assert contact["object"] == "contact" and contact["customer"] == customer["id"]
    assert contact["primary"] is True and contact["sms_enabled"] is None
    assert api.patch(f"{base}/{contact['id']}", json={"title": "CFO"}).get_json()["title"] == "CFO"
    listed = api.get(base)
    assert [c["name"] for c in listed.get_json()] == ["Jane"] and listed.headers["X-Total-Count"] == "1"
    assert api.delete(f"{base}/{contact['id']}").status_code == 204
    assert api.get(base).get_json() == []


def test_a_contact_is_not_reachable_through_another_customer(api: Api) -> None:
    owner = api.create("/customers", name="Owner")
    stranger = api.create("/customers", name="Stranger")
    contact = api.create(f"/customers/{owner['id']}/contacts", name="Jane")
    for method in ("GET", "PATCH", "DELETE"):
        response = api.request(method, f"/customers/{stranger['id']}/contacts/{contact['id']}", json={})
        assert response.status_code == 404
        assert response.get_json()["message"] == f"Contact was not found: {contact['id']}"
    assert api.get(f"/customers/{stranger['id']}/contacts").get_json() == []


def test_contacts_of_a_missing_customer_are_404(api: Api) -> None:
    assert api.get("/customers/42/contacts").status_code == 404
    response = api.post("/customers/42/contacts", json={"name": "Jane"})
    assert response.status_code == 404 and response.get_json()["message"] == "Customer was not found: 42"


def test_contact_name_is_required(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    response = api.post(f"/customers/{customer['id']}/contacts", json={"email": "x@y.test"})
    assert response.status_code == 400 and response.get_json()["param"] == "name"
