"""Customers through HTTP: defaults, numbering, validation, metadata limits, list parameters, delete."""

from __future__ import annotations

import pytest

from invoiced_mock import Clock
from tests.conftest import EPOCH, Api


def test_defaults_of_a_new_customer(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    assert customer["object"] == "customer"
    assert customer["number"] == "CUST-00001"
    assert customer["type"] == "company"
    assert (customer["autopay"], customer["chase"], customer["taxable"], customer["credit_hold"]) == (
        False, True, True, False)
    assert customer["metadata"] == {} and customer["taxes"] == [] and customer["payment_source"] is None
    assert customer["created_at"] == customer["updated_at"] == EPOCH
    assert "disabled_payment_methods" not in customer  # write-only


def test_name_is_required(api: Api) -> None:
    response = api.post("/customers", json={"email": "a@b.test"})
    assert response.status_code == 400
    assert response.get_json() == {"type": "invalid_request", "message": "Name is missing", "param": "name"}


@pytest.mark.parametrize(("params", "param"), [
    ({"email": "not-an-email"}, "email"),
    ({"type": "alien"}, "type"),
    ({"autopay": "perhaps"}, "autopay"),
    ({"credit_limit": "lots"}, "credit_limit"),
    ({"name": "x" * 256}, "name"),
    ({"parent_customer": 999}, "parent_customer"),
    ({"taxes": ["no-such-rate"]}, "taxes"),
    ({"payment_source": {"id": 1}}, "payment_source"),
])
def test_bad_attributes_name_their_param_and_write_nothing(api: Api, params: dict, param: str) -> None:
    response = api.post("/customers", json={"name": "Acme", **params})
    assert response.status_code == 400
    assert response.get_json()["param"] == param
    assert api.get("/customers").headers["X-Total-Count"] == "0"


def test_numbers_are_unique_per_business_case_insensitively(api: Api) -> None:
    api.create("/customers", name="A", number="ACME-1")
    duplicate = api.post("/customers", json={"name": "B", "number": " acme-1 "})
    assert duplicate.status_code == 400 and duplicate.get_json()["param"] == "number"
    assert "already been taken" in duplicate.get_json()["message"]
    auto = api.create("/customers", name="C")
    assert auto["number"] == "CUST-00001"
    api.create("/customers", name="D", number="CUST-00002")
    assert api.create("/customers", name="E")["number"] == "CUST-00003"  # skips a number taken by hand
    second = api.create("/customers", name="F")
    renumber = api.patch(f"/customers/{second['id']}", json={"number": "ACME-1"})
    assert renumber.status_code == 400 and renumber.get_json()["param"] == "number"


@pytest.mark.parametrize(("metadata", "fragment"), [
    ({f"k{i}": "v" for i in range(11)}, "10 metadata values"),
    ({"k" * 41: "v"}, "40 characters"),
    ({"key": "v" * 256}, "255 characters"),
    ({"key": ["x" * 130, "y" * 130]}, "255 characters"),  # arrays are JSON-encoded before the check
    ("not an object", "must be an object"),
])
def test_metadata_limits(api: Api, metadata: object, fragment: str) -> None:
    customer = api.create("/customers", name="Acme", metadata={"kept": "yes"})
    for response in (api.post("/customers", json={"name": "B", "metadata": metadata}),
                     api.patch(f"/customers/{customer['id']}", json={"name": "Changed", "metadata": metadata})):
        assert response.status_code == 400
        assert response.get_json()["param"] == "metadata" and fragment in response.get_json()["message"]
    stored = api.get(f"/customers/{customer['id']}").get_json()
    assert stored["name"] == "Acme" and stored["metadata"] == {"kept": "yes"}
    assert api.get("/customers").headers["X-Total-Count"] == "1"


def test_metadata_at_the_limits_is_accepted(api: Api) -> None:
    metadata = {f"{i}".rjust(40, "k"): "v" * 255 for i in range(10)}
    assert api.create("/customers", name="Acme", metadata=metadata)["metadata"] == metadata


def test_read_only_attributes_cannot_be_assigned(api: Api) -> None:
    response = api.post("/customers", json={"name": "Acme", "statement_pdf_url": "x"})
    assert response.status_code == 400 and response.get_json()["param"] == "statement_pdf_url"
    echoed = api.post("/customers", json={"name": "Acme", "id": 99, "object": "customer", "created_at": 1})
    assert echoed.status_code == 201 and echoed.get_json()["id"] == 1


def test_filters_are_exact_typed_and_anded(api: Api) -> None:
    a = api.create("/customers", name="Acme", autopay=True, type="person", credit_limit=100)
    api.create("/customers", name="acme", autopay=True)
    api.create("/customers", name="Beta", autopay=False, type="person")

    def ids(query: str) -> list[int]:
        response = api.get(f"/customers?{query}")
        assert response.status_code == 200, response.get_json()
        return [c["id"] for c in response.get_json()]

    assert ids("filter[name]=Acme") == [a["id"]]  # case-sensitive
    assert ids("filter[autopay]=True&filter[type]=person") == [a["id"]]
    assert ids("filter[autopay]=1") == ids("filter[autopay]=true") == [1, 2]
    assert ids("filter[credit_limit]=100.00") == [a["id"]]
    assert ids("filter[email]=null") == [1, 2, 3]
    assert ids("filter[id]=3") == [3]
    bad = api.get("/customers?filter[favourite_colour]=red")
    assert bad.status_code == 400
    assert bad.get_json()["message"] == "Invalid filter parameter: favourite_colour"


def test_metadata_filter_leaves_out_objects_without_the_key(api: Api) -> None:
    api.create("/customers", name="A", metadata={"tier": "gold", "n": 5})
    api.create("/customers", name="B", metadata={"tier": "silver"})
    api.create("/customers", name="C")
    assert [c["name"] for c in api.get("/customers?metadata[tier]=gold").get_json()] == ["A"]
    assert [c["name"] for c in api.get("/customers?metadata[n]=5").get_json()] == ["A"]
    assert api.get("/customers?metadata[missing]=x").get_json() == []


def test_sort_with_id_tie_break(api: Api) -> None:
    for name, country in (("b", "US"), ("a", "US"), ("c", "CA"), ("a", "CA")):
        api.create("/customers", name=name, country=country)
    by_name = api.get("/customers?sort=name asc,country desc").get_json()
    assert [(c["name"], c["country"]) for c in by_name] == [("a", "US"), ("a", "CA"), ("b", "US"), ("c", "CA")]
    desc = api.get("/customers?sort=name DESC").get_json()
    assert [c["id"] for c in desc] == [3, 1, 2, 4]  # equal names keep id order
    assert api.get("/customers?sort=name sideways").status_code == 400


def test_updated_after_and_before(api: Api, clock: Clock) -> None:
    first = api.create("/customers", name="First")
    clock.advance(seconds=10)
    second = api.create("/customers", name="Second")
    clock.advance(seconds=10)
    api.patch(f"/customers/{first['id']}", json={"name": "First again"})
    assert [c["id"] for c in api.get(f"/customers?updated_after={EPOCH + 5}").get_json()] == [1, 2]
    assert [c["id"] for c in api.get(f"/customers?updated_after={EPOCH + 10}").get_json()] == [1]
    assert [c["id"] for c in api.get(f"/customers?updated_before={EPOCH + 15}").get_json()] == [second["id"]]


def test_payment_source_and_open_balance_list_parameters(api: Api) -> None:
    api.create("/customers", name="No source")
    assert [c["name"] for c in api.get("/customers?payment_source=0").get_json()] == ["No source"]
    assert api.get("/customers?payment_source=1").get_json() == []
    assert len(api.get("/customers?open_balance=False").get_json()) == 1
    assert api.get("/customers?open_balance=maybe").status_code == 400


def test_expand_replaces_ids_with_objects(api: Api) -> None:
    parent = api.create("/customers", name="Parent")
    child = api.create("/customers", name="Child", parent_customer=parent["id"])
    expanded = api.get(f"/customers/{child['id']}?expand=parent_customer").get_json()
    assert expanded["parent_customer"]["name"] == "Parent"
    listed = api.get("/customers?expand=parent_customer&filter[name]=Child").get_json()
    assert listed[0]["parent_customer"]["id"] == parent["id"]
    assert api.get(f"/customers/{child['id']}").get_json()["parent_customer"] == parent["id"]


def test_exclude_drops_properties(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    shown = api.get(f"/customers/{customer['id']}?exclude=metadata,taxes").get_json()
    assert "metadata" not in shown and "taxes" not in shown and shown["name"] == "Acme"


def test_delete_cascades_to_contacts(api: Api, app) -> None:
    customer = api.create("/customers", name="Acme")
    api.create(f"/customers/{customer['id']}/contacts", name="Jane")
    assert api.delete(f"/customers/{customer['id']}").status_code == 204
    assert app.business(api.api_key).tables["contact"].rows == {}
