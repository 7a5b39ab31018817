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
from invoiced_mock.core.crud import SHAPING
from invoiced_mock.core.operations import accepted_params, perform
from invoiced_mock.http.routing import Router
from tests.conftest import EPOCH, Api

from .full_bodies import ALTERNATIVES
from .operation_calls import build_world, call_for
from .reads import Reads

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


def _published_body(path: str, method: str) -> dict[str, Any] | None:
    body = DOCUMENT["paths"][path][method].get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = body.get("schema")
    if schema is not None and "$ref" in schema:
        return dict(DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]])
    return schema


def _published_names(path: str, method: str) -> set[str]:
    """The query parameters and body attributes the OpenAPI document publishes for ``method path``."""
    names = {p["name"] for p in DOCUMENT["paths"][path][method]["parameters"] if p["in"] == "query"}
    return names | set((_published_body(path, method) or {}).get("properties", ()))


@pytest.mark.parametrize(("operation_id", "path", "method"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_published_parameters_are_what_strict_mode_accepts(operation_id: str, path: str, method: str) -> None:
    op = _operation(path, method)
    accepted = accepted_params(op)
    assert accepted is not None, f"{operation_id} declares no parameters: strict mode would let anything through"
    assert _published_names(path, method) == set(accepted)
    body = _published_body(path, method)
    if body is not None:  # a closed set: what is not published is refused
        assert body.get("additionalProperties") is False, f"{operation_id} publishes an open body"


@pytest.mark.parametrize(("operation_id", "path", "method"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_handlers_read_only_what_is_published(strict: Api, world_app: tuple[Api, dict[str, Any], Any],
                                              operation_id: str, path: str, method: str) -> None:
    """The third side: each parameter the handler looks up is published, and a handler that takes the whole
    body (forwarding it, as billing forwards to an invoice create) publishes the parameters it takes."""
    op = _operation(path, method)
    call = call_for(op, path, method, world_app[1], strict)
    params = Reads({**call.query, **(call.json if isinstance(call.json, dict) else {})})
    business = strict.app.business(strict.api_key)
    with business.transaction():
        perform(business, op, ROUTER.match(call.method, call.path)[1], params)
    published = _published_names(path, method)
    assert params.looked_up <= published, f"read but not published: {sorted(params.looked_up - published)}"
    if params.took_all:
        assert published - SHAPING, f"{operation_id} takes its whole body but publishes no parameter"


BODY_OPERATIONS = [o for o in OPERATIONS if _operation(o[1], o[2]).method_has_body]


@pytest.mark.parametrize(("operation_id", "path", "method"), BODY_OPERATIONS, ids=[o[0] for o in BODY_OPERATIONS])
def test_every_operation_is_called_with_every_documented_parameter(
        strict: Api, world_app: tuple[Api, dict[str, Any], Any], operation_id: str, path: str, method: str) -> None:
    """The walk above proves the full bodies: each create, update and action body carries every writable
    attribute its request schema publishes (bar the alternatives to one it carries: ``ALTERNATIVES``)."""
    op = _operation(path, method)
    call = call_for(op, path, method, world_app[1], strict)
    body = _published_body(path, method) or {}
    documented = {k for k, v in body.get("properties", {}).items() if not v.get("readOnly")} - SHAPING
    documented -= ALTERNATIVES.get(op.resource.object, frozenset())
    if op.kind == "update":  # a create-only attribute the object does not show cannot be sent back unchanged
        shown = strict.get(call.path).get_json()
        documented -= {f.name for f in op.resource.fields if f.create_only and f.name not in shown}
    assert documented - set(call.json or {}) == set()
