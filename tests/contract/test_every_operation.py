"""Every operation the OpenAPI document publishes answers, in strict mode, with a body its published schema
accepts — checked the way users check: through ``assert_valid_response``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.contract import assert_valid_response
from invoiced_mock.contract.openapi import build
from invoiced_mock.contract.routes import response_schema, success_status
from invoiced_mock.core.operations import accepted_params
from invoiced_mock.http.routing import Router
from tests.conftest import EPOCH, Api

from .operation_calls import build_world, call_for

DOCUMENT = build()
ROUTER = Router()
OPERATIONS = sorted((op["operationId"], path, method) for path, item in DOCUMENT["paths"].items()
                    for method, op in item.items() if path != "/openapi.json")


@pytest.fixture(scope="module")
def world_app() -> tuple[Api, dict[str, Any], dict[str, Any]]:
    """One strict app with one of everything, built once; each test gets the world back as it was."""
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH), strict=True))
    world = build_world(api)
    return api, world, api.app.business(api.api_key).snapshot()


@pytest.fixture
def strict(world_app: tuple[Api, dict[str, Any], dict[str, Any]]) -> Iterator[Api]:
    api, _, memento = world_app
    yield api
    api.app.business(api.api_key).restore(memento)


def _operation(path: str, method: str) -> Any:
    sample = path.replace("{id}", "1").replace("{parent_id}", "1")
    return ROUTER.match(method.upper(), sample)[0]


@pytest.mark.parametrize(("operation_id", "path", "method"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_every_operation_answers_what_it_publishes(strict: Api, world_app: tuple[Api, dict[str, Any], Any],
                                                   operation_id: str, path: str, method: str) -> None:
    world = world_app[1]
    op = _operation(path, method)
    call = call_for(op, path, method, world, strict)
    response = strict.request(call.method, call.path, json=call.json, query_string=call.query)

    assert response.status_code == success_status(op), response.get_data(as_text=True)
    assert_valid_response(response)
    published = DOCUMENT["paths"][path][method]["responses"][str(success_status(op))]
    schema = published.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    assert schema.rsplit("/", 1)[-1] == (response_schema(op) or "")


@pytest.mark.parametrize(("operation_id", "path", "method"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_published_parameters_are_what_strict_mode_accepts(operation_id: str, path: str, method: str) -> None:
    document = DOCUMENT
    op = _operation(path, method)
    published = document["paths"][path][method]
    names = {p["name"] for p in published["parameters"] if p["in"] == "query"}
    body = published.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    if body is not None:
        if "$ref" in body:
            body = document["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
        names |= set(body.get("properties", ()))
    assert names == set(accepted_params(op) or ())
