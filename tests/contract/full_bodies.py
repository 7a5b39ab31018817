"""Request bodies carrying every writable attribute an operation publishes, each with a valid value.

The attributes come from the published request schema (``<object>_create``, ``<object>_update``, an action's
body such as ``customer_invoices``), the values from the attribute's declared type where it says more than the
schema (a timestamp, a reference to another object, a default) and else from the schema (first enum value, a
string within its length, a one-entry array). Only what no schema can state is written by hand: a realistic
value where a rule or stored state decides (``FIXED``), and the attributes that are alternatives to others in
the same request (``ALTERNATIVES``: a charge names its card one way, never three).
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.contract.schemas import build as build_schemas
from invoiced_mock.core.crud import SHAPING
from invoiced_mock.core.fields import Metadata, Ref, RefList, StrRef, Timestamp
from invoiced_mock.core.resource import Resource
from tests.conftest import EPOCH

DAY = 86_400

# Attributes whose format no schema states, by name wherever they appear (a loopback URL: nothing leaves the host).
BY_NAME: dict[str, Any] = {"currency": "usd", "country": "US", "language": "en"}
URL = "http://127.0.0.1:9/full"

# Attributes left out because the request already carries another way of saying the same thing.
ALTERNATIVES: dict[str, frozenset[str]] = {
    "charge": frozenset({"payment_source_type", "payment_source_id", "gateway_token", "payment_source"}),
    "payment_source": frozenset({"gateway_token"}),
    "note": frozenset({"customer", "invoice", "invoice_id"}),  # one owner, in the clients' spelling (customer_id)
    "file": frozenset({"file"}),  # an upload, or (here) a URL
}


# Query parameters by name, as the reference documents their values (booleans as the clients send them).
QUERY_VALUES: dict[str, str] = {
    "page": "1", "per_page": "10", "sort": "id desc", "updated_after": "1", "updated_before": str(EPOCH + 365 * DAY),
    "start_date": str(EPOCH - 365 * DAY), "end_date": str(EPOCH + 365 * DAY), "date_column": "date",
    "all": "1", "canceled": "0", "finished": "0", "open_balance": "0", "payment_source": "0", "currency": "usd",
    "canceled_reason": "Too dear", "include": "", "exclude": "",
    "term": "globex", "limit": "10", "status": "all", "format": "csv",
    "workflow_id": "1",
}


def full_query(parameters: list[dict[str, Any]], resource: Resource, world: dict[str, Any]) -> dict[str, str]:
    """Every query parameter an operation publishes (its OpenAPI ``parameters``), with a documented value,
    in the bracket form the clients send (``filter[id]=7``)."""
    query: dict[str, str] = {}
    own = str(world.get(resource.object, 1))
    for name in (p["name"] for p in parameters if p["in"] == "query"):
        if name == "filter":
            query["filter[id]"] = own
        elif name == "metadata":
            query["metadata[source]"] = "full body"
        elif name == "expand":
            query[name] = ",".join(sorted(resource.expandable)[:1])
        elif name == "related_to":
            query[name] = f"customer,{world['customer']}"
        elif name == "type":
            query[name] = "customer.created"
        else:
            query[name] = QUERY_VALUES[name]
    return query


def writable(schema_name: str) -> list[str]:
    """The attributes ``schema_name`` publishes that a client writes (not read-only, not answer shaping)."""
    schema = build_schemas()[schema_name]
    return [k for k, v in schema["properties"].items() if not v.get("readOnly") and k not in SHAPING]


def full_body(schema_name: str, resource: Resource, world: dict[str, Any], fixed: dict[str, Any],
              current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every writable attribute of ``schema_name`` with a valid value; ``fixed`` wins, and for an update the
    create-only attributes keep ``current``'s values (they may be sent back, never changed)."""
    schema = build_schemas()[schema_name]
    left_out = ALTERNATIVES.get(resource.object, frozenset())
    body: dict[str, Any] = {}
    for key in writable(schema_name):
        if key in left_out:
            continue
        f = resource.by_name.get(key)
        if key in fixed:
            body[key] = fixed[key]
        elif current is not None and f is not None and f.create_only:
            if key in current:  # a write-only one is not shown, so cannot be sent back unchanged
                body[key] = current[key]
        elif key in BY_NAME or key == "url" or key.endswith("_url"):
            body[key] = BY_NAME.get(key, URL)
        else:
            body[key] = _typed(f, world) if f is not None and _typed(f, world) is not None else (
                value_for(schema["properties"][key]))
    return body


def _typed(f: Any, world: dict[str, Any]) -> Any:
    """A value the declaration tells better than the schema does, or None."""
    kind = f.type
    if isinstance(kind, Timestamp):
        return EPOCH + 30 * DAY
    if isinstance(kind, (Ref, StrRef)) and kind.resource in world:
        return world[kind.resource]
    if isinstance(kind, RefList) and kind.resource in world:
        return [world[kind.resource]]
    if isinstance(kind, Metadata):
        return {"source": "full body"}
    if isinstance(f.default_value(), bool):
        return f.default_value()
    return None


def value_for(schema: dict[str, Any]) -> Any:
    """A plain valid value of ``schema`` (the JSON Schema subset the generator emits)."""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    if "anyOf" in schema:
        return value_for(schema["anyOf"][0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "string":
        if schema.get("format") == "email":
            return "full@example.test"
        return "Example"[:schema.get("maxLength", 7)]
    if kind == "boolean":
        return False
    if kind in ("integer", "number"):
        return max(schema.get("minimum", 1), 1)
    if kind == "array":
        return [value_for(schema["items"])] if "items" in schema else []
    if kind == "object":
        props = schema.get("properties", {})
        return {k: value_for(props[k]) for k in schema.get("required", ())}
    return "Example"
