"""Roles: caller-chosen ids, every permission off by default; every business has ``administrator``."""

from __future__ import annotations

import invoiced

from invoiced_mock.resources.roles import PERMISSIONS
from tests.conftest import Api


def test_administrator_exists_with_every_permission(api: Api) -> None:
    listed = api.get("/roles")
    assert listed.headers["X-Total-Count"] == "1"
    (admin,) = listed.get_json()
    assert admin["id"] == "administrator" and admin["name"] == "Administrator"
    assert all(admin[p] is True for p in PERMISSIONS) and len(PERMISSIONS) == 54


def test_role_ids_are_chosen_and_unique(api: Api) -> None:
    generated = api.create("/roles", name="Anonymous")
    assert generated["id"] and api.get(f"/roles/{generated['id']}").get_json()["name"] == "Anonymous"
    assert api.post("/roles", json={"id": "a", "name": "x"}).get_json()["param"] == "id"  # two characters at least
    assert api.post("/roles", json={"id": "no spaces", "name": "x"}).get_json()["param"] == "id"
    clerk = api.create("/roles", id="clerk", name="Clerk", invoices_create=True)
    assert clerk["invoices_create"] is True and clerk["invoices_void"] is False
    taken = api.post("/roles", json={"id": "clerk", "name": "Other"})
    assert taken.status_code == 400 and taken.get_json()["param"] == "id"
    renamed = api.patch("/roles/clerk", json={"id": "clerk", "name": "Senior Clerk"}).get_json()
    assert (renamed["id"], renamed["name"]) == ("clerk", "Senior Clerk")


def test_roles_through_the_client(client: invoiced.Client) -> None:
    role = client.Role.create(id="viewer", name="Viewer", reports_create=True)
    assert role.reports_create is True and role.customers_delete is False
    assert sorted(r.id for r in client.Role.list()[0]) == ["administrator", "viewer"]
    assert client.Role.retrieve("viewer").name == "Viewer"
    assert role.delete() is True
