"""The OpenAPI 3.1 document: built from the routes, served without auth, valid, and honoured by the mock
(a bounded schemathesis run finds no 5xx and no answer the document does not allow)."""

from __future__ import annotations

import base64
import json

import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate as validate_openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.contract import violations
from invoiced_mock.contract.openapi import build
from invoiced_mock.contract.schemas import SCHEMA_DIR
from invoiced_mock.core.resource import REGISTRY
from tests.conftest import EPOCH, Api


def test_served_without_auth_and_identical_to_the_shipped_file(api: Api) -> None:
    response = api.http.get("/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == json.loads((SCHEMA_DIR / "openapi.json").read_text())
    assert api.http.get("/customers").status_code == 401  # the rest still needs a key


def test_passes_the_openapi_validator() -> None:
    validate_openapi(build())


def test_billing_routes_publish_typed_bodies() -> None:
    """Billing pending lines takes an invoice body, consolidation a cutoff date: each attribute says its type."""
    document = build()
    for path in ("/customers/{id}/invoices", "/customers/{id}/consolidate_invoices"):
        ref = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        body = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        assert body["additionalProperties"] is False
        assert all("type" in s or "anyOf" in s for s in body["properties"].values()), path
    assert violations({"cutoff_date": "yesterday"}, "customer_consolidate_invoices")
    assert violations({"payment_terms": 30, "tags": "usage"}, "customer_invoices")


def test_every_route_is_an_operation_with_its_schemas() -> None:
    doc = build()
    ops = {op["operationId"]: (path, method, op) for path, item in doc["paths"].items()
           for method, op in item.items()}
    path, method, create = ops["contact.create"]
    assert (path, method) == ("/customers/{parent_id}/contacts", "post")
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/contact_create"}
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/contact"}
    assert ops["customer.delete"][2]["responses"]["204"] == {"description": "Deleted"}
    listing = ops["customer.list"][2]
    assert {p["name"] for p in listing["parameters"]} >= {"page", "per_page", "filter", "open_balance", "expand"}
    assert set(listing["responses"]["200"]["headers"]) == {"X-Total-Count", "Link"}
    assert ops["openapi"][2]["security"] == []
    # every route once: CRUD at home and under each mount, actions, and all of it again at each alias
    routes = sum(len(r.operations) * (1 + len(r.mounts)) + len(r.actions)
                 + len(r.aliases) * (len(r.operations) + len(r.actions)) for r in REGISTRY.values())
    assert len(ops) == routes + 1
    assert ops["note.list.customer"][:2] == ("/customers/{parent_id}/notes", "get")
    assert ops["invoice.action.payment_plan.delete"][:2] == ("/invoices/{id}/payment_plan", "delete")
    assert ops["chasing_cadence.create.customer_chasing_cadences"][:2] == ("/customer_chasing_cadences", "post")
    assert "$ref" not in json.dumps(doc["components"]["schemas"]).replace('"$ref": "#/components/', "")


FUZZED = InvoicedMock(clock=Clock(frozen_at=EPOCH))
SCHEMA = schemathesis.openapi.from_wsgi("/openapi.json", FUZZED)
AUTH = {"Authorization": "Basic " + base64.b64encode(b"sk_schemathesis:").decode()}


@SCHEMA.parametrize()
@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_fuzzed_requests_get_no_5xx_and_documented_answers(case: schemathesis.Case) -> None:
    # ``exclude=`` leaves out what the caller names, required attributes included (``exclude=id``): such an
    # answer is held to its contract before the exclusion, by the app itself (strict mode, the suite's audit).
    excluding = bool((case.query or {}).get("exclude"))
    checks = [not_a_server_error, status_code_conformance, *([] if excluding else [response_schema_conformance])]
    case.call_and_validate(headers=AUTH, checks=checks)
