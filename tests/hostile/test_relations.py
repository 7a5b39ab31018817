"""Relations cannot loop: parent chains refuse cycles at write time, and expand has a depth limit."""

from __future__ import annotations

from werkzeug.test import Client

from invoiced_mock import InvoicedMock
from invoiced_mock.core.hierarchy import MAX_DEPTH
from invoiced_mock.core.presenter import MAX_EXPAND_DEPTH
from tests.conftest import Api


def test_two_customers_cannot_be_each_others_parent(api: Api) -> None:
    one = api.create("/customers", name="One")
    two = api.create("/customers", name="Two", parent_customer=one["id"])
    response = api.patch(f"/customers/{one['id']}", json={"parent_customer": two["id"]})
    assert response.status_code == 400
    assert response.get_json()["param"] == "parent_customer"
    assert api.get(f"/customers/{one['id']}").get_json()["parent_customer"] is None


def test_a_customer_cannot_be_its_own_parent(api: Api) -> None:
    one = api.create("/customers", name="One")
    response = api.patch(f"/customers/{one['id']}", json={"parent_customer": one["id"]})
    assert (response.status_code, response.get_json()["param"]) == (400, "parent_customer")


def test_gl_account_parents_cannot_loop(api: Api) -> None:
    a = api.create("/gl_accounts", name="Sales", code="4000")
    b = api.create("/gl_accounts", name="Online", code="4010", parent_id=a["id"])
    c = api.create("/gl_accounts", name="Shop", code="4011", parent_id=b["id"])
    response = api.patch(f"/gl_accounts/{a['id']}", json={"parent_id": c["id"]})
    assert (response.status_code, response.get_json()["param"]) == (400, "parent_id")


def test_a_chain_longer_than_the_limit_is_refused(api: Api) -> None:
    parent = None
    for i in range(MAX_DEPTH + 1):
        parent = api.create("/customers", name=f"C{i}", parent_customer=parent and parent["id"])
    response = api.post("/customers", json={"name": "Too deep", "parent_customer": parent["id"]})
    assert (response.status_code, response.get_json()["param"]) == (400, "parent_customer")


def test_expand_has_a_depth_limit(api: Api) -> None:
    one = api.create("/customers", name="One")
    api.create("/customers", name="Two", parent_customer=one["id"])
    deep = ".".join(["parent_customer"] * 400)
    response = api.get("/customers/2", query_string={"expand": deep})
    assert (response.status_code, response.get_json()["param"]) == (400, "expand")
    within = ".".join(["parent_customer"] * MAX_EXPAND_DEPTH)
    assert api.get("/customers/2", query_string={"expand": within}).status_code == 200


def test_strict_mode_takes_exclude_id_as_the_callers_choice() -> None:
    http = Client(InvoicedMock(strict=True))
    auth = ("sk_strict", "")
    http.post("/customers", json={"name": "Acme"}, auth=auth)
    one = http.get("/customers/1?exclude=id,name", auth=auth)
    assert one.status_code == 200 and "id" not in one.get_json()
    listed = http.get("/customers?exclude=id", auth=auth)
    assert listed.status_code == 200 and "id" not in listed.get_json()[0]
