"""What depends only on the declarations (URL map, OpenAPI document) is built once per process and follows
the registry: a resource declared later is served by the next app, and forgotten once removed."""

from __future__ import annotations

import importlib

import pytest
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.core.fields import Str
from invoiced_mock.core.resource import REGISTRY, Field, Resource, register
from invoiced_mock.resources import catalogue
from tests.conftest import Api


def test_every_app_shares_one_url_map_and_one_openapi_document() -> None:
    first, second = InvoicedMock(), InvoicedMock()
    assert first.router is second.router and first.openapi() is second.openapi()
    document = Client(second).get("/openapi.json").get_json()
    assert document == first.openapi() and "/customers/{id}" in document["paths"]


def test_a_resource_declared_later_is_served_by_the_next_app_and_gone_once_removed(clock: Clock) -> None:
    before = InvoicedMock(clock=clock)

    @register
    class Widgets(Resource):  # declared only here: removed from the registry below
        object = "widget_for_routing"
        path = "widgets_for_routing"
        label = "Widget"
        fields = (Field("colour", Str()),)

    try:
        api = Api(InvoicedMock(clock=clock))
        created = api.create("/widgets_for_routing", colour="red")
        assert api.get(f"/widgets_for_routing/{created['id']}").get_json()["colour"] == "red"
        assert "/widgets_for_routing" in api.get("/openapi.json").get_json()["paths"]
        assert Api(before).get("/widgets_for_routing").status_code == 404  # its map was built before
    finally:
        del REGISTRY["widget_for_routing"]
    after = Api(InvoicedMock(clock=clock))
    assert after.get("/widgets_for_routing").status_code == 404
    assert "/widgets_for_routing" not in after.get("/openapi.json").get_json()["paths"]


def test_loading_the_resources_again_imports_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue.load_all()

    def refuse(name: str, package: str | None = None) -> None:
        raise AssertionError(f"imported {name} again")

    monkeypatch.setattr(importlib, "import_module", refuse)
    catalogue.load_all()
    assert Api(InvoicedMock()).create("/customers", name="Acme")["name"] == "Acme"


def test_a_resource_declared_again_is_shown_with_its_new_attributes(clock: Clock) -> None:
    """What a view shows of a resource is kept per declaration, not per object name."""
    def declare(attribute: str) -> None:
        @register
        class Gadgets(Resource):  # declared twice under one object name, removed below
            object = "gadget_declared_twice"
            path = "gadgets_declared_twice"
            label = "Gadget"
            fields = (Field(attribute, Str()),)

    for attribute in ("colour", "shape"):
        declare(attribute)
        try:
            api = Api(InvoicedMock(clock=clock))
            created = api.create("/gadgets_declared_twice", **{attribute: "round"})
            shown = api.get(f"/gadgets_declared_twice/{created['id']}").get_json()
            assert shown == {"id": created["id"], "object": "gadget_declared_twice", attribute: "round"}
        finally:
            del REGISTRY["gadget_declared_twice"]
