"""``GET /<customers|payments>/<id>/accounting_sync_status`` (the Go client): the mock syncs to no accounting system."""

from __future__ import annotations

import pytest

from tests.conftest import Api


@pytest.mark.parametrize("path", ["customers", "payments"])
def test_accounting_sync_status_is_routed_for_customers_and_payments(api: Api, path: str) -> None:
    customer = api.create("/customers", name="Acme")
    target = customer if path == "customers" else api.create("/payments", customer=customer["id"], amount=5)
    response = api.get(f"/{path}/{target['id']}/accounting_sync_status")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["synced"] is False
    assert api.get(f"/{path}/999/accounting_sync_status").status_code == 404
