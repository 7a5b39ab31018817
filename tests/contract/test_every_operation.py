"""Every operation the OpenAPI document publishes answers, in strict mode, with a body its published schema
accepts — checked the way users check: through ``assert_valid_response``."""

from __future__ import annotations

from typing import Any

import pytest
from werkzeug.test import EnvironBuilder

from invoiced_mock.contract import assert_valid_response
from invoiced_mock.contract.route_schemas import response_schema, success_status
from invoiced_mock.core.crud import SHAPING
from invoiced_mock.core.operations import accepted_params, perform
from invoiced_mock.http.params import parse_query
from invoiced_mock.http.routing import shared
from tests.conftest import Api

from .full_bodies import ALTERNATIVES
from .operation_calls import BODY_OPERATIONS, DOCUMENT, OPERATIONS, call_for, operation, published_body
from .reads import Reads


@pytest.mark.parametrize(("operation_id", "path", "method"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_every_operation_answers_what_it_publishes(world_api: Api, world_app: tuple[Api, dict[str, Any], Any],
                                                   operation_id: str, path: str, method: str) -> None:
    world = world_app[1]
    op = operation(path, method)
    call = call_for(op, path, method, world, world_api)
    response = world_api.request(call.method, call.path, json=call.json, query_string=call.query)

    assert response.status_code == success_status(op), response.get_data(as_text=True)
    assert_valid_response(response)
    if op.kind == "list":  # the full query filters the world away: its objects are checked listed bare
        bare = world_api.get(call.path)
        assert bare.get_json(), f"{call.path} lists nothing: the world lacks one"
        assert_valid_response(bare)
    published = DOCUMENT["paths"][path][method]["responses"][str(success_status(op))]
    schema = published.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    assert schema.rsplit("/", 1)[-1] == (response_schema(op) or "")


def _published_names(path: str, method: str) -> set[str]:
    """The query parameters and body attributes the OpenAPI document publishes for ``method path``."""
    names = {p["name"] for p in DOCUMENT["paths"][path][method]["parameters"] if p["in"] == "query"}
    return names | set((published_body(path, method) or {}).get("properties", ()))


@pytest.mark.parametrize(("operation_id", "path", "method"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_published_parameters_are_what_strict_mode_accepts(operation_id: str, path: str, method: str) -> None:
    op = operation(path, method)
    accepted = accepted_params(op)
    assert accepted is not None, f"{operation_id} declares no parameters: strict mode would let anything through"
    assert _published_names(path, method) == set(accepted)
    body = published_body(path, method)
    if body is not None:  # a closed set: what is not published is refused
        assert body.get("additionalProperties") is False, f"{operation_id} publishes an open body"


@pytest.mark.parametrize(("operation_id", "path", "method"), OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_handlers_read_only_what_is_published(world_api: Api, world_app: tuple[Api, dict[str, Any], Any],
                                              operation_id: str, path: str, method: str) -> None:
    """The third side: each parameter the handler looks up is published, and a handler that takes the whole
    body (forwarding it, as billing forwards to an invoice create) publishes the parameters it takes."""
    op = operation(path, method)
    call = call_for(op, path, method, world_app[1], world_api)
    query = parse_query(EnvironBuilder(call.path, query_string=call.query).get_request())
    params = Reads({**query, **(call.json if isinstance(call.json, dict) else {})})
    business = world_api.app.business(world_api.api_key)
    with business.transaction():
        perform(business, op, shared().match(call.method, call.path)[1], params)
    published = _published_names(path, method)
    assert params.looked_up <= published, f"read but not published: {sorted(params.looked_up - published)}"
    if params.took_all:
        assert published - SHAPING, f"{operation_id} takes its whole body but publishes no parameter"


@pytest.mark.parametrize(("operation_id", "path", "method"), BODY_OPERATIONS, ids=[o[0] for o in BODY_OPERATIONS])
def test_every_operation_is_called_with_every_documented_parameter(
        world_api: Api, world_app: tuple[Api, dict[str, Any], Any], operation_id: str, path: str, method: str) -> None:
    """The walk above proves the full bodies: each create, update and action body carries every writable
    attribute its request schema publishes (bar the alternatives to one it carries: ``ALTERNATIVES``)."""
    op = operation(path, method)
    call = call_for(op, path, method, world_app[1], world_api)
    body = published_body(path, method) or {}
    documented = {k for k, v in body.get("properties", {}).items() if not v.get("readOnly")} - SHAPING
    documented -= ALTERNATIVES.get(op.resource.object, frozenset())
    if op.kind == "update":  # a create-only attribute the object does not show cannot be sent back unchanged
        shown = world_api.get(call.path).get_json()
        documented -= {f.name for f in op.resource.fields if f.create_only and f.name not in shown}
    assert documented - set(call.json or {}) == set()
