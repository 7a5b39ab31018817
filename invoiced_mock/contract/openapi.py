"""The OpenAPI 3.1 document: the routes of ``http/routing.py`` and the schemas of ``schemas.py``.

Nothing is described twice: each route's operation (CRUD kind or declared ``Action``) says which
schema its body and answer use, and the accepted query parameters come from the same table strict
mode enforces (``core.operations.accepted_params``). Served at ``GET /openapi.json`` and shipped as
``schemas/openapi.json``.
"""

from __future__ import annotations

import re
from typing import Any

from invoiced_mock.contract.route_schemas import response_schema, success_status
from invoiced_mock.contract.schemas import SHAPING_SCHEMA, action_body_name
from invoiced_mock.contract.schemas import build as build_schemas
from invoiced_mock.core.crud import SHAPING
from invoiced_mock.core.operations import Operation, accepted_params
from invoiced_mock.core.resource import REGISTRY, Resource
from invoiced_mock.defaults import VERSION
from invoiced_mock.http.routing import Router, shared
from invoiced_mock.resources.catalogue import per_registry

Document = dict[str, Any]
_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
_REF = re.compile(r"^([a-z0-9_]+)\.json$")
_QUERY: dict[str, Any] = {
    "page": {"type": "integer", "minimum": 1},
    "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
    "updated_after": {"type": "integer", "minimum": 0},
    "updated_before": {"type": "integer", "minimum": 0},
    "filter": {"type": "object", "additionalProperties": {"type": "string"}},
    "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
}
_ERROR = {"$ref": "#/components/responses/Error"}


@per_registry
def document() -> Document:
    """The document of every registered resource, built once per set of declarations (shared: do not mutate)."""
    return build()


def build(router: Router | None = None) -> Document:
    """The whole document for ``router`` (default: every registered resource), built afresh."""
    from invoiced_mock.resources import catalogue

    catalogue.load_all()
    router = router or shared()
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(router.map.iter_rules(), key=lambda r: r.rule):
        path = _ARGUMENT.sub(r"{\1}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            endpoint = rule.endpoint
            op = {**_operation(endpoint, rule.arguments), "operationId": _operation_id(endpoint, path, method)}
            paths.setdefault(path, {})[method.lower()] = op
    paths["/openapi.json"] = {"get": {
        "operationId": "openapi", "summary": "This document", "security": [],
        "responses": {"200": {"description": "OpenAPI 3.1 document",
                              "content": {"application/json": {"schema": {"type": "object"}}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Invoiced API (invoiced-mock)", "version": _version(),
                 "description": "The Invoiced billing API as invoiced-mock serves it, built from its declarations."},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "security": [{"basicAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"basicAuth": {"type": "http", "scheme": "basic",
                                              "description": "The API key as user name, empty password."}},
            "responses": {"Error": {"description": "An error in Invoiced's dialect",
                                    "content": {"application/json": {"schema": _schema_ref("error")}}}},
            "schemas": {name: _local(schema) for name, schema in build_schemas().items()},
        },
    }


def _operation(op: Operation, arguments: set[str]) -> dict[str, Any]:
    resource = op.resource
    out: dict[str, Any] = {"operationId": op.name, "tags": [resource.object],
                           "parameters": [*_path_params(resource, arguments), *_query_params(op)]}
    body = _request_body(op)
    if body is not None:
        out["requestBody"] = {"required": op.kind == "create",
                              "content": {"application/json": {"schema": body}}}
    out["responses"] = {**_success(op), "default": _ERROR}
    return out


def _operation_id(op: Operation, path: str, method: str) -> str:
    """``op.name``, qualified where one name serves several routes, so every operationId is unique: an
    action with several methods (``invoice.action.payment_plan.get``), a mount (``note.list.customer``)
    and an alias (``chasing_cadence.list.customer_chasing_cadences``)."""
    resource, name = op.resource, op.name
    if op.action is not None and sum(a.name == op.action.name and a.on == op.action.on
                                     for a in resource.actions) > 1:
        name += f".{method.lower()}"
    if op.mount is not None:
        name += f".{op.mount.parent}"
    alias = path.split("/")[1]
    if alias in resource.aliases:
        name += f".{alias}"
    return name


def _path_params(resource: Resource, arguments: set[str]) -> list[dict[str, Any]]:
    params = []
    for name in sorted(arguments):
        owner = REGISTRY[resource.parent] if name == "parent_id" and resource.parent else resource
        kind = "string" if owner.string_ids else "integer"
        params.append({"name": name, "in": "path", "required": True, "schema": {"type": kind}})
    return params


def _query_params(op: Operation) -> list[dict[str, Any]]:
    """What strict mode accepts in the query string: everything an operation without a body takes, and
    the answer-shaping parameters (``expand``...) of one with a body."""
    accepted = accepted_params(op) or frozenset()
    out = []
    for name in sorted(accepted if not op.method_has_body else accepted & SHAPING):
        schema = _QUERY.get(name, {"type": "string"})
        param: dict[str, Any] = {"name": name, "in": "query", "required": False, "schema": schema}
        if schema["type"] == "object":
            param.update(style="deepObject", explode=True)
        out.append(param)
    return out


def _request_body(op: Operation) -> dict[str, Any] | None:
    resource = op.resource
    if op.kind in ("create", "update"):
        return _schema_ref(f"{resource.object}_{op.kind}")
    if op.kind == "action" and op.action is not None and op.method_has_body:
        if op.action.body is not None:
            return _schema_ref(action_body_name(resource, op.action))
        if op.action.params is None:  # not declared: anything goes
            return {"type": "object"}
        accepted = sorted(accepted_params(op) or ())
        return {"type": "object", "additionalProperties": False,
                "properties": {name: SHAPING_SCHEMA if name in SHAPING else {} for name in accepted}}
    return None


def _success(op: Operation) -> dict[str, Any]:
    name, status = response_schema(op), str(success_status(op))
    if op.kind == "list" and name:
        return {status: {
            "description": f"A page of {op.resource.label} objects",
            "headers": {"X-Total-Count": {"schema": {"type": "integer"}},
                        "Link": {"schema": {"type": "string"}}},
            "content": {"application/json": {"schema": _schema_ref(name)}}}}
    if name:
        return {status: _object(name)}
    return {status: {"description": "Deleted" if op.kind == "delete" else "No content"}}


def _object(name: str) -> dict[str, Any]:
    return {"description": name.replace("_", " "), "content": {"application/json": {"schema": _schema_ref(name)}}}


def _schema_ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _local(value: Any) -> Any:
    """A published schema as a component: ``customer.json`` references become ``#/components/schemas/customer``."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("$id", "$schema"):
                continue
            match = _REF.match(item) if key == "$ref" and isinstance(item, str) else None
            out[key] = _schema_ref(match.group(1))["$ref"] if match else _local(item)
        return out
    if isinstance(value, list):
        return [_local(item) for item in value]
    return value


def _version() -> str:
    return VERSION
