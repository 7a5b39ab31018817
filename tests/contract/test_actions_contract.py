"""Actions in the contract: documented in OpenAPI with their bodies and answers, checked in strict mode.

A throwaway resource declares the actions here and leaves the registry as it found it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.contract import checks, validate
from invoiced_mock.contract.openapi import build
from invoiced_mock.contract.recorded import Exchange, check, schema_of
from invoiced_mock.contract.schemas import build as build_schemas
from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Number, Shape, Str
from invoiced_mock.core.resource import REGISTRY, Action, Data, Field, One, Resource, register
from tests.conftest import Api

TOTALS = Shape(name="gadget_totals", properties=(("count", Number()), ("any_red", Bool())),
               required=("count", "any_red"))
PAINT = Shape(properties=(("colour", Str(choices=("red", "blue"))),), required=("colour",))


def totals(business: Any, parent_id: Any, params: dict[str, Any]) -> Data:
    rows = REGISTRY["gadget"].table(business).all()
    body = {"count": len(rows), "any_red": any(r["colour"] == "red" for r in rows)}
    if params.get("broken"):
        body["count"] = "many"
    return Data(body, schema="gadget_totals")


def paint(business: Any, record: dict[str, Any], params: dict[str, Any]) -> One:
    colour = PAINT.coerce(params, "body")["colour"]
    changed = {**record, "colour": colour}
    return One(REGISTRY["gadget"], crud.save(business, REGISTRY["gadget"], changed, record))


@pytest.fixture
def gadgets(clock: Clock) -> Iterator[Api]:
    @register
    class Gadgets(Resource):
        object = "gadget"
        path = "gadgets"
        label = "Gadget"
        fields = (Field("colour", Str(choices=("red", "blue")), default="blue"),)
        actions = (
            Action("totals", "GET", totals, on="collection", returns=TOTALS, params=("broken",)),
            Action("paint", "POST", paint, body=PAINT, params=("colour",)),
        )

    try:
        yield Api(InvoicedMock(clock=clock, strict=True))
    finally:
        del REGISTRY["gadget"]


def test_actions_are_documented(gadgets: Api) -> None:
    paths = build()["paths"]
    assert paths["/gadgets/totals"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/gadget_totals"}
    paint_op = paths["/gadgets/{id}/paint"]["post"]
    assert paint_op["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/gadget_paint"}
    assert paint_op["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/gadget"}
    schemas = build_schemas()
    assert schemas["gadget_totals"]["required"] == ["count", "any_red"]
    assert schemas["gadget_paint"]["properties"]["colour"] == {"type": "string", "enum": ["red", "blue"]}


def test_action_answers_are_checked(gadgets: Api, contract_audit: checks.Audit) -> None:
    gadget = gadgets.create("/gadgets")
    painted = gadgets.post(f"/gadgets/{gadget['id']}/paint", json={"colour": "red"})
    assert (painted.status_code, painted.get_json()["colour"]) == (200, "red")
    summary = gadgets.get("/gadgets/totals")
    assert summary.get_json() == {"count": 1, "any_red": True}
    validate(summary.get_json(), "gadget_totals")
    broken = gadgets.get("/gadgets/totals", query_string={"broken": 1})
    assert broken.status_code == 500
    assert "gadget_totals: $.count: 'many' is not of type 'number', 'null'" in broken.get_json()["message"]
    assert len(contract_audit.take()) == 1


def test_declared_action_params_are_enforced(gadgets: Api) -> None:
    gadget = gadgets.create("/gadgets")
    refused = gadgets.post(f"/gadgets/{gadget['id']}/paint", json={"colour": "red", "gloss": True})
    assert (refused.status_code, refused.get_json()["param"]) == (400, "gloss")


def test_recorded_answers_of_a_new_declaration_find_its_routes(gadgets: Api) -> None:
    """Checking recorded responses routes them as the apps do (``routing.shared``), new declarations included."""
    recorded = Exchange({"count": "many", "any_red": False}, method="GET", path="/gadgets/totals")
    assert schema_of(recorded) == "gadget_totals"
    assert [v.path for v in check(recorded)] == ["$.count"]
