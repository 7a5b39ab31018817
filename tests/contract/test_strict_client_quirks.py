"""Strict mode accepts what the official clients really send (api-surface §4): Go's JSON ``null`` bodies and
null attributes, PHP's ``[]`` for an empty body, Java's empty-bodied POSTs and the identity attributes it
sends back on save."""

from __future__ import annotations

from typing import Any

import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.contract import assert_valid_response
from tests.conftest import EPOCH, Api


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
