"""The Java and .NET clients' ``save()`` of every object they model, replayed against the mock (strict mode):
each PATCHes the whole object back as it read it, less what the client knows the API refuses
(``client_saves.py``). The API takes that, so the mock must: the save succeeds and nothing moves."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.contract import assert_valid_response
from tests.conftest import EPOCH, Api

from .client_saves import JAVA_SAVES, NET_SAVES, java_body, net_body
from .operation_calls import build_world

World = tuple[Api, dict[str, str], Any]
SHIP_TO = {"name": "Globex", "attention_to": "AP", "address1": "1 Main St", "city": "Springfield", "state": "OR",
           "postal_code": "97477", "country": "US"}
RATES = {"discounts": [{"coupon": "welcome"}], "taxes": [{"tax_rate": "gst"}]}


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


@pytest.fixture(scope="module")
def world() -> World:
    """The every-operation world, its objects dressed with everything the clients model (rates, lines with
    rates, shipping, addons, tax rates on the customer), and the path of each object a client saves."""
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH), strict=True))
    w = build_world(api)
    customer = w["customer"]
    line = {"catalog_item": "consulting", "quantity": 2, "description": "Advice", "discounts": [{"amount": 1}],
            "taxes": [{"amount": 2}], "metadata": {"po": "7"}}
    for plural, key in (("invoices", "invoice"), ("credit_notes", "credit_note"), ("estimates", "estimate")):
        shipping = {} if key == "credit_note" else {"ship_to": SHIP_TO}
        _ok(api.patch(f"/{plural}/{w[key]}", json={**RATES, **shipping, "items": [line], "notes": "Thanks",
                                                    "purchase_order": "PO-1", "metadata": {"region": "west"}}))
    _ok(api.patch(f"/customers/{customer}", json={"taxes": ["gst"], "notes": "VIP", "metadata": {"tier": "gold"}}))
    _ok(api.patch(f"/subscriptions/{w['subscription']}", json={
        "addons": [{"plan": "seats", "quantity": 2}], "discounts": ["welcome"], "taxes": ["gst"], "ship_to": SHIP_TO,
        "metadata": {"seat": "12"}}))
    _ok(api.patch(f"/customers/{customer}/line_items/{w['line_item']}", json={**RATES, "description": "Metered"}))
    paths = {
        "Contact": f"/customers/{customer}/contacts/{w['contact']}", "Coupon": "/coupons/welcome",
        "CreditBalanceAdjustment": f"/credit_balance_adjustments/{w['credit_balance_adjustment']}",
        "CreditNote": f"/credit_notes/{w['credit_note']}", "Customer": f"/customers/{customer}",
        "Estimate": f"/estimates/{w['estimate']}", "Invoice": f"/invoices/{w['invoice']}", "Item": "/items/consulting",
        "Note": f"/notes/{w['note']}", "Payment": f"/payments/{w['payment']}",
        "PendingLineItem": f"/customers/{customer}/line_items/{w['line_item']}", "Plan": "/plans/pro",
        "Subscription": f"/subscriptions/{w['subscription']}", "Task": f"/tasks/{w['task']}",
        "TaxRate": "/tax_rates/gst",
    }
    return api, paths, api.app.business(api.api_key).snapshot()


@pytest.fixture
def strict(world: World) -> Iterator[tuple[Api, dict[str, str]]]:
    api, paths, memento = world
    yield api, paths
    api.app.business(api.api_key).restore(memento)


def _replay(api: Api, path: str, body_of: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    shown = _ok(api.get(path))
    saved = api.patch(path, json=body_of(shown))
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert_valid_response(saved)
    assert {k: v for k, v in saved.get_json().items() if k != "updated_at"} == {
        k: v for k, v in shown.items() if k != "updated_at"}


@pytest.mark.parametrize("entity", sorted(JAVA_SAVES))
def test_java_saves_every_object_it_models_back(strict: tuple[Api, dict[str, str]], entity: str) -> None:
    api, paths = strict
    _replay(api, paths[entity], lambda shown: java_body(entity, shown))


@pytest.mark.parametrize("entity", NET_SAVES)
def test_dotnet_saves_every_object_it_models_back(strict: tuple[Api, dict[str, str]], entity: str) -> None:
    api, paths = strict
    _replay(api, paths[entity], lambda shown: net_body(entity, shown))


def test_the_replayed_bodies_carry_what_the_clients_send(strict: tuple[Api, dict[str, str]]) -> None:
    """The models above are not vacuous: the bodies hold the shown values the clients really send back."""
    api, paths = strict
    invoice = _ok(api.get(paths["Invoice"]))
    java, net = java_body("Invoice", invoice), net_body("Invoice", invoice)
    assert java["customer"] == invoice["customer"] and "customer" not in net  # .NET sends it only on create
    assert java["items"][0]["id"] == invoice["items"][0]["id"] == net["items"][0]["id"]
    assert "object" not in java["items"][0] and net["items"][0]["object"] == "line_item"
    assert java["ship_to"] == {k: v for k, v in invoice["ship_to"].items() if k in SHIP_TO}
    assert "subtotal" not in java and "subtotal" in java_body("CreditNote", _ok(api.get(paths["CreditNote"])))
    assert "id" not in java_body("Customer", _ok(api.get(paths["Customer"])))["taxes"][0]  # filtered when nested
    assert java_body("PendingLineItem", _ok(api.get(paths["PendingLineItem"])))["amount"] == 3
