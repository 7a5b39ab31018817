"""The published JSON Schemas (draft 2020-12), generated from the resource declarations.

The declarations are the one source of truth: every registered :class:`Resource` gets an object
schema (``customer.json``), a list schema (``customer_list.json``) and request-body schemas for the
operations it has (``customer_create.json``, ``customer_update.json``); every named
:class:`~invoiced_mock.core.fields.Shape` gets an object schema of its own (``line_item.json``); and
there is one ``error.json``. Response schemas reject attributes they do not declare, so drift shows.
``publish.write()`` puts them in ``invoiced_mock/schemas/`` (package data; ``schemas/`` at the repository
root links there); ``make schemas`` (``invoiced-mock schemas``) runs it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from invoiced_mock.core.crud import ECHOED, SHAPING
from invoiced_mock.core.fields import (
    Array,
    Either,
    Embedded,
    Int,
    Ref,
    Schema,
    SchemaContext,
    Shape,
    discriminated,
    expandable,
    nested_shapes,
    nullable,
)
from invoiced_mock.core.resource import REGISTRY, Action, Resource, registry_key
from invoiced_mock.errors import ERROR_TYPES

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://invoiced-mock.invalid/schemas/"
CHOSEN_ID = "^[A-Za-z0-9_.-]{1,255}$"
# ``expand=customer,plan``, ``include=applied_to``, ``exclude=items``: what shapes an answer.
SHAPING_SCHEMA: Schema = {"type": "string"}  # ids a caller may choose for catalogue objects (core/crud.py)
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"

ERROR: Schema = {
    "title": "Error",
    "description": "Every 4xx/5xx body. type: invalid_request (4xx), rate_limit_error (429), api_error (5xx).",
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": list(ERROR_TYPES)},
        "message": {"type": "string"},
        "param": {"type": "string"},
    },
    "required": ["type", "message"],
    "additionalProperties": False,
}


def build() -> dict[str, Schema]:
    """Every published schema by name (``customer``, ``customer_list``, ``customer_create``, ``error``...)."""
    from invoiced_mock.resources import catalogue

    catalogue.load_all()
    return _build(registry_key())


def generation() -> tuple[int, tuple[str, ...]]:
    """The key of the current set of schemas (validators compiled for an older one are not reused)."""
    from invoiced_mock.resources import catalogue

    catalogue.load_all()
    return registry_key()


@lru_cache(maxsize=4)
def _build(key: tuple[int, tuple[str, ...]]) -> dict[str, Schema]:
    names = key[1]
    shapes = {s.name: s for r in REGISTRY.values() for s in nested_shapes(f.type for f in r.fields)
              if s.name and s.name not in REGISTRY}
    for r in REGISTRY.values():
        shapes.update({s.name: s for a in r.actions for s in nested_shapes([a.body, a.returns]) if s.name})
    unsaved = {t.schema_name: t.resource for s in shapes.values() for _, t in s.properties
               if isinstance(t, Embedded) and t.unsaved}
    unsaved.update({f"{name}_unsaved": name for r in list(unsaved.values()) for name in _unsaved_parts(REGISTRY[r])})
    eithers = {a.returns.name for r in REGISTRY.values() for a in r.actions if isinstance(a.returns, Either)}
    known = frozenset(names) | frozenset(shapes) | frozenset(unsaved) | frozenset(eithers)
    response, request = SchemaContext(request=False, known=known), SchemaContext(request=True, known=known)
    out: dict[str, Schema] = {"error": _document("error", ERROR)}
    for either in {a.returns for r in REGISTRY.values() for a in r.actions if isinstance(a.returns, Either)}:
        out[either.name] = _document(either.name, {"title": _title(either.name), **discriminated(either.objects)})
    for name, shape in sorted(shapes.items()):
        out[name] = _document(name, {"title": _title(name), **shape.body(response)})
    for name, resource in sorted(unsaved.items()):
        out[name] = _document(name, unsaved_schema(REGISTRY[resource], response))
    for name in names:
        r = REGISTRY[name]
        out[name] = _document(name, object_schema(r, response))
        out[f"{name}_list"] = _document(f"{name}_list", {
            "title": f"List of {_title(name)}", "type": "array", "items": {"$ref": f"{name}.json"}})
        for kind in ("create", "update"):
            if kind in r.operations:
                out[f"{name}_{kind}"] = _document(f"{name}_{kind}", request_schema(r, request, kind))
        for action in r.actions:
            if action.body is not None:
                body = action.body.schema(request)
                if "properties" in body:
                    body["properties"] = {**body["properties"], **{n: SHAPING_SCHEMA for n in sorted(SHAPING)}}
                out[action_body_name(r, action)] = _document(action_body_name(r, action), {
                    "title": f"{_title(name)} {action.name} request", **body})
    return out


def action_body_name(resource: Resource, action: Action) -> str:
    return f"{resource.object}_{action.name}"


def object_schema(resource: Resource, ctx: SchemaContext) -> Schema:
    """The object as responses show it: every attribute may be null except ``id`` and ``object``."""
    if resource.shown_as:
        return {"title": _title(resource.object), **discriminated(resource.shown_as)}
    props: dict[str, Any] = {}
    for f in resource.fields:
        if f.write_only:
            continue
        if f.name == "object" and resource.has_object_key:  # else an attribute of its own (a custom field's)
            props[f.name] = {"const": resource.object}
        elif f.name == "id":
            props[f.name] = f.type.schema(ctx)
        else:
            props[f.name] = nullable(f.type.schema(ctx))
    required = [f.name for f in resource.fields
                if f.name in ("id", "object") or (f.required and not f.hidden and not f.write_only)]
    out: Schema = {"title": _title(resource.object), "type": "object", "properties": props,
                   "required": required, "additionalProperties": False}
    if resource.shown_rules():
        out["allOf"] = list(resource.shown_rules())
    return out


def unsaved_schema(resource: Resource, ctx: SchemaContext) -> Schema:
    """The object as a preview shows it before storing it: no id yet, and references to objects that do not
    exist either are placeholders (a preview's invoice for no customer shows ``customer: -1``)."""
    schema = object_schema(resource, ctx)
    props = schema["properties"]
    props["id"] = nullable(props["id"])
    for f in resource.fields:
        if isinstance(f.type, Ref) and f.name in props:
            props[f.name] = nullable(expandable(Int().schema(ctx), f.type.resource, ctx))
    for name in _unsaved_parts(resource):
        field = next(f.name for f in resource.fields if isinstance(f.type, Array) and f.type.of is not None
                     and getattr(f.type.of, "name", "") == name)
        props[field] = nullable({"type": "array", "items": ctx.ref(f"{name}_unsaved") or {}})
    return {**schema, "title": f"Unsaved {schema['title']}"}


def _unsaved_parts(resource: Resource) -> list[str]:
    """The objects of their own (a document's line items) listed in ``resource``, unsaved along with it."""
    return [f.type.of.name for f in resource.fields if isinstance(f.type, Array) and isinstance(f.type.of, Shape)
            and f.type.of.name in REGISTRY]


def request_schema(resource: Resource, ctx: SchemaContext, kind: str) -> Schema:
    """A create or update body: the writable attributes (an update may carry unchanged create-only ones), the
    server's own attributes a client may send back unchanged (``readOnly``: ignored), and the parameters that
    shape the answer: exactly what strict mode accepts (``core.operations.accepted_params``)."""
    props: dict[str, Any] = {}
    for f in resource.fields:
        if f.name == "id" and resource.string_ids and kind == "create":
            props[f.name] = {"type": "string", "pattern": CHOSEN_ID}
        elif not f.read_only:
            props[f.name] = f.type.schema(ctx)
    for name in sorted((ECHOED | {f.name for f in resource.fields if f.read_only}) - set(props)):
        props[name] = {"readOnly": True}
    props.update({name: SHAPING_SCHEMA for name in sorted(SHAPING)})
    out: Schema = {"title": f"{_title(resource.object)} {kind} request", "type": "object", "properties": props,
                   "additionalProperties": False}
    required = [f.name for f in resource.fields if kind == "create" and f.required and not f.read_only]
    for name in required:  # a required attribute sent empty "is missing"
        if props[name].get("type") == "string":
            props[name] = {**props[name], "minLength": 1}
    if required:
        out["required"] = required
    if kind == "create" and resource.request_rules:
        out["allOf"] = list(resource.request_rules)
    return out


def _document(name: str, schema: Schema) -> Schema:
    return {"$schema": DIALECT, "$id": f"{BASE}{name}.json", **schema}


def _title(name: str) -> str:
    return name.replace("_", " ").title()
