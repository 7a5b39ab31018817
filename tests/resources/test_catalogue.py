"""The catalogue (items, plans, coupons, tax rates): string ids, CRUD, values, and how documents use them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api


@pytest.mark.parametrize(("path", "params"), [
    ("/items", {"name": "Widget", "unit_cost": 12}),
    ("/plans", {"name": "Gold", "amount": 99, "interval": "month"}),
    ("/coupons", {"name": "Ten", "value": 10}),
    ("/tax_rates", {"name": "VAT", "value": 20}),
])
def test_string_ids_chosen_or_generated_and_full_crud(api: Api, path: str, params: dict[str, Any]) -> None:
    chosen = api.create(path, id="my-id_1.x", **params)
    assert chosen["id"] == "my-id_1.x"
    generated = api.create(path, **params)
    assert isinstance(generated["id"], str) and generated["id"] != chosen["id"]
    taken = api.post(path, json={"id": "my-id_1.x", **params})
    assert (taken.status_code, taken.get_json()["param"]) == (400, "id")
    renamed = api.patch(f"{path}/my-id_1.x", json={"name": "Renamed", "metadata": {"k": "v"}}).get_json()
    assert (renamed["name"], renamed["metadata"]) == ("Renamed", {"k": "v"})
    listed = api.get(path, query_string={"filter[name]": "Renamed"})
    assert [row["id"] for row in listed.get_json()] == ["my-id_1.x"]
    assert listed.headers["X-Total-Count"] == "1"
    assert api.delete(f"{path}/my-id_1.x").status_code == 204
    assert api.get(f"{path}/my-id_1.x").status_code == 404


def test_rate_defaults_and_value_limits(api: Api) -> None:
    rate = api.create("/tax_rates", id="gst", name="GST", value=15)
    assert (rate["is_percent"], rate["inclusive"], rate["object"]) == (True, False, "tax_rate")
    coupon = api.create("/coupons", id="c", name="C", value=5, is_percent=False, currency="EUR")
    assert (coupon["is_percent"], coupon["currency"], coupon["object"]) == (False, "eur", "coupon")
    too_much = api.post("/tax_rates", json={"name": "Odd", "value": 101})
    assert (too_much.status_code, too_much.get_json()["param"]) == (400, "value")
    assert api.post("/coupons", json={"name": "Big", "value": 150, "is_percent": False}).status_code == 201
    fixed = api.patch("/tax_rates/gst", json={"value": 16})
    assert (fixed.status_code, fixed.get_json()["param"]) == (400, "value")


def test_item_taxes_are_shown_as_objects_and_must_exist(api: Api) -> None:
    api.create("/tax_rates", id="vat", name="VAT", value=20)
    item = api.create("/items", id="w", name="Widget", taxes=["vat"])
    assert item["taxes"][0]["id"] == "vat"
    assert item["taxes"][0]["value"] == 20
    missing = api.post("/items", json={"name": "Bad", "taxes": ["nope"]})
    assert (missing.status_code, missing.get_json()["param"]) == (400, "taxes")


def test_documents_keep_their_rates_when_the_catalogue_changes(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    api.create("/tax_rates", id="vat", name="VAT", value=20)
    body = api.create("/invoices", customer=customer["id"], items=[{"name": "x", "unit_cost": 10}], taxes=["vat"])
    api.patch("/tax_rates/vat", json={"name": "Old VAT"})
    assert api.delete("/tax_rates/vat").status_code == 204
    edited = api.patch(f"/invoices/{body['id']}", json={"notes": "still taxed"}).get_json()
    assert edited["taxes"][0]["tax_rate"]["name"] == "VAT"
    assert edited["total"] == 12


@pytest.mark.parametrize("path", ["/coupons", "/tax_rates"])
def test_rates_validate_their_value(api: Api, path: str) -> None:
    assert api.post(path, json={"name": "Too much", "value": 120}).get_json()["param"] == "value"
    assert api.post(path, json={"name": "Negative", "value": -1}).get_json()["param"] == "value"
    fixed = api.create(path, name="Fixed", value=150, is_percent=False)
    assert fixed["is_percent"] is False and fixed["value"] == 150
    renamed = api.patch(f"{path}/{fixed['id']}", json={"name": "Renamed", "metadata": {"a": "b"}})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Renamed"
    changed = api.patch(f"{path}/{fixed['id']}", json={"value": 5})
    assert changed.status_code == 400 and changed.get_json()["param"] == "value"


def test_plans_need_an_interval_and_a_price(api: Api) -> None:
    assert api.post("/plans", json={"name": "Starter", "amount": 49}).get_json()["param"] == "interval"
    assert api.post("/plans", json={"name": "Starter", "interval": "month"}).get_json()["param"] == "amount"
    assert api.post("/plans", json={"name": "S", "interval": "fortnight", "amount": 1}).get_json()["param"] \
        == "interval"
    plan = api.create("/plans", id="starter", name="Starter", interval="month", amount=49)
    assert (plan["interval_count"], plan["pricing_mode"], plan["currency"]) == (1, "per_unit", "usd")
    assert "num_subscriptions" not in plan
    assert api.get("/plans/starter?include=num_subscriptions").get_json()["num_subscriptions"] == 0
    tiered = api.post("/plans", json={"name": "T", "interval": "month", "pricing_mode": "tiered"})
    assert tiered.get_json()["param"] == "tiers"


def test_catalogue_lists_filter_and_sort(api: Api) -> None:
    for item_id, cost in (("b", 2), ("a", 3), ("c", 1)):
        api.create("/items", id=item_id, name=item_id.upper(), unit_cost=cost)
    assert [i["id"] for i in api.get("/items").get_json()] == ["a", "b", "c"]  # by id, as the API sorts
    assert [i["id"] for i in api.get("/items?sort=unit_cost asc").get_json()] == ["c", "b", "a"]
    assert [i["id"] for i in api.get("/items?filter[unit_cost]=3").get_json()] == ["a"]
    assert api.delete("/items/a").status_code == 204
    assert api.get("/items").headers["X-Total-Count"] == "2"
