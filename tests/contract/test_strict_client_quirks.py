"""Strict mode accepts what the official clients really send (api-surface §4): Go's JSON ``null`` bodies and
null attributes, PHP's ``[]`` for an empty body, Java's empty-bodied POSTs and the identity attributes it
sends back on save — on every operation with a body, walked over the world of ``operation_calls``."""

from __future__ import annotations

from typing import Any

import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.contract import assert_valid_response
from invoiced_mock.core.crud import ECHOED
from tests.conftest import EPOCH, Api

from .conftest import World
from .full_bodies import writable
from .operation_calls import (
    ACTION_CHOSEN,
    BODY_OPERATIONS,
    RESOURCE_ACTION_CHOSEN,
    call_for,
    operation,
    published_body,
)


@pytest.fixture
def strict() -> Api:
    return Api(InvoicedMock(clock=Clock(frozen_at=EPOCH), strict=True))


def _raw(api: Api, method: str, path: str, data: str) -> Any:
    response = api.request(method, path, data=data, content_type="application/json")
    assert response.status_code < 300, response.get_data(as_text=True)
    assert_valid_response(response)
    return response


def _customer(api: Api) -> dict[str, Any]:
    customer = api.create("/customers", name="Acme", email="ap@acme.test", autopay=True, consolidated=True,
                          address1="1 Main St", city="Austin", state="TX", postal_code="78735", country="US")
    api.create(f"/customers/{customer['id']}/payment_sources", method="credit_card", invoiced_token="tok_visa")
    return customer


def test_go_sends_null_bodies_and_null_attributes(strict: Api) -> None:
    customer = _customer(strict)
    invoice = strict.create("/invoices", customer=customer["id"], items=[{"name": "Design", "unit_cost": 30}])
    strict.create(f"/customers/{customer['id']}/line_items", name="Usage", unit_cost=3)

    _raw(strict, "POST", f"/customers/{customer['id']}/invoices", "null")          # TriggerInvoice
    _raw(strict, "POST", f"/invoices/{invoice['id']}/letters", "null")             # SendLetter
    _raw(strict, "POST", f"/invoices/{invoice['id']}/pay", "null")                 # Pay
    _raw(strict, "POST", f"/customers/{customer['id']}/consolidate_invoices", "null")
    contact = _raw(strict, "POST", f"/customers/{customer['id']}/contacts",
                   '{"name": "Jan", "primary": null, "sms_enabled": null, "phone": null}')
    assert contact.get_json()["name"] == "Jan"


def test_php_sends_an_empty_array_for_an_empty_body(strict: Api) -> None:
    customer = _customer(strict)
    invoice = strict.create("/invoices", customer=customer["id"], items=[{"name": "Design", "unit_cost": 30}])
    _raw(strict, "POST", f"/invoices/{invoice['id']}/emails", "[]")
    _raw(strict, "POST", f"/invoices/{invoice['id']}/void", "[]")
    _raw(strict, "GET", f"/customers/{customer['id']}/balance", "[]")


def test_java_lists_attachments_by_post_and_sends_identity_back(strict: Api) -> None:
    customer = _customer(strict)
    invoice = strict.create("/invoices", customer=customer["id"], items=[{"name": "Design", "unit_cost": 30}])
    assert _raw(strict, "POST", f"/invoices/{invoice['id']}/attachments", "").get_json() == []
    shown = strict.get(f"/customers/{customer['id']}").get_json()
    echoed = {key: shown[key] for key in ("id", "object", "created_at", "updated_at", "email", "autopay")}
    saved = strict.patch(f"/customers/{customer['id']}", json={**echoed, "name": "Acme Ltd"})
    assert saved.status_code == 200, saved.get_data(as_text=True)
    assert saved.get_json()["name"] == "Acme Ltd"


def _answered(api: Api, method: str, path: str, **request: Any) -> Any:
    response = api.request(method, path, **request)
    assert response.status_code < 300, response.get_data(as_text=True)
    assert_valid_response(response)
    return response


def _needs_nothing(path: str, method: str) -> bool:
    """Whether a client may call ``method path`` with nothing in its body: an update, or an action that
    requires no parameter (its published body requires none, and ``operation_calls.ACTION_CHOSEN`` names
    none that a rule asks for)."""
    op = operation(path, method)
    if op.kind == "update":
        return True
    required = (published_body(path, method) or {}).get("required")
    return (op.action is not None and not required and op.action.name not in ACTION_CHOSEN
            and (op.resource.object, op.action.name) not in RESOURCE_ACTION_CHOSEN)


EMPTY_ALLOWED = [o for o in BODY_OPERATIONS if _needs_nothing(o[1], o[2])]


@pytest.mark.parametrize(("operation_id", "path", "method"), EMPTY_ALLOWED, ids=[o[0] for o in EMPTY_ALLOWED])
@pytest.mark.parametrize("empty", ["null", "[]", ""], ids=["go", "php", "java"])
def test_every_operation_takes_each_clients_empty_body(world_api: Api, world_app: World, operation_id: str,
                                                       path: str, method: str, empty: str) -> None:
    """Go marshals a nil request as ``null``, PHP's Guzzle an empty one as ``[]``, and Java's
    ``PostWithoutData`` sends no body at all: each is an empty body, on every operation that may have one."""
    call = call_for(operation(path, method), path, method, world_app[1], world_api)
    _answered(world_api, call.method, call.path, data=empty, content_type="application/json")


UPDATES = [o for o in BODY_OPERATIONS if operation(o[1], o[2]).kind == "update"]


@pytest.mark.parametrize(("operation_id", "path", "method"), UPDATES, ids=[o[0] for o in UPDATES])
def test_java_saves_the_whole_object_back(world_api: Api, world_app: World, operation_id: str, path: str,
                                          method: str) -> None:
    """Java's ``save()`` PATCHes the object as it was shown, less the attributes the API blocks (its
    ``getSaveExclusions``): the identity and every writable attribute, unchanged. Nothing moves."""
    call = call_for(operation(path, method), path, method, world_app[1], world_api)
    shown = world_api.get(call.path).get_json()
    sendable = set(writable(f"{operation(path, method).resource.object}_update")) | ECHOED
    saved = _answered(world_api, call.method, call.path, json={k: v for k, v in shown.items() if k in sendable})
    assert {k: v for k, v in saved.get_json().items() if k != "updated_at"} == {
        k: v for k, v in shown.items() if k != "updated_at"}
