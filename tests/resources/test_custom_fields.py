"""Custom fields: the id is the metadata key (2 to 40 of a-z, 0-9, _ and -); enums need choices."""

from __future__ import annotations

import invoiced

from tests.conftest import Api


def test_ids_types_and_choices(api: Api) -> None:
    base = {"name": "Region", "object": "customer"}
    assert api.post("/custom_fields", json={**base, "id": "x" * 41}).get_json()["param"] == "id"
    assert api.post("/custom_fields", json={**base, "id": "bad key"}).get_json()["param"] == "id"
    assert api.post("/custom_fields", json={**base, "id": "r", "object": "vendor"}).get_json()["param"] == "id"
    assert api.post("/custom_fields", json={**base, "id": "region", "object": "vendor"}
                    ).get_json()["param"] == "object"
    assert api.post("/custom_fields", json={**base, "id": "region", "type": "text"}).get_json()["param"] == "type"
    enum = api.post("/custom_fields", json={**base, "id": "region", "type": "enum"})
    assert enum.status_code == 400 and enum.get_json()["param"] == "choices"
    field = api.create("/custom_fields", **base, id="region", type="enum", choices=["east", "west", "east"])
    assert field["choices"] == ["east", "west"] and field["object"] == "customer"
    moved = api.patch("/custom_fields/region", json={"id": "area"})
    assert moved.status_code == 200 and moved.get_json()["id"] == "region"  # the key never changes


def test_custom_fields_through_the_client(client: invoiced.Client) -> None:
    field = client.CustomField.create(id="po_required", name="PO required", type="boolean", object="invoice")
    field.name = "Purchase order required"
    assert field.save() is True
    assert client.CustomField.retrieve("po_required").name == "Purchase order required"
    assert field.delete() is True
