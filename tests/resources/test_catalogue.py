"""Items, plans, coupons and tax rates: caller-chosen string ids and limited updates."""

from __future__ import annotations

import pytest

from tests.conftest import Api


def test_string_ids_chosen_or_generated(api: Api) -> None:
    chosen = api.create("/items", id="delivery", name="Delivery", unit_cost=10)
    assert chosen["id"] == "delivery" and chosen["object"] == "item" and chosen["unit_cost"] == 10
    generated = api.create("/items", name="Paper")
    assert generated["id"] == "item-1"
    duplicate = api.post("/items", json={"id": "delivery", "name": "Again"})
    assert duplicate.status_code == 400 and duplicate.get_json()["param"] == "id"
    assert api.get("/items/delivery").get_json()["name"] == "Delivery"
    assert api.get("/items/nope").get_json()["message"] == "Item was not found: nope"


def test_items_show_their_tax_rates_as_objects(api: Api) -> None:
    api.create("/tax_rates", id="vat", name="VAT", value=20)
    item = api.create("/items", name="Paper", taxes=["vat"])
    assert [t["id"] for t in item["taxes"]] == ["vat"] and item["taxes"][0]["object"] == "tax_rate"
    again = api.create("/items", name="Ink", taxes=[{"id": "vat", "name": "VAT"}])  # Go/Java send objects
    assert again["taxes"][0]["value"] == 20


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
