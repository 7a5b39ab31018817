"""Scripted faults answer in Invoiced's error dialect, counted and scoped."""

from __future__ import annotations

import pytest

from invoiced_mock import InvoicedMock
from invoiced_mock.faults import Fault
from tests.conftest import Api


def test_next_n_matching_requests_fail_then_normal_service_resumes(app: InvoicedMock, api: Api) -> None:
    app.faults.add("POST", "/customers", status=429, times=2)
    for _ in range(2):
        response = api.post("/customers", json={"name": "Acme"})
        assert response.status_code == 429
        assert response.get_json()["type"] == "rate_limit_error"
    assert api.post("/customers", json={"name": "Acme"}).status_code == 201
    assert api.get("/customers").headers["X-Total-Count"] == "1"


def test_patterns_match_one_segment_per_star(app: InvoicedMock, api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    app.faults.add("GET", "/customers/*", status=500, message="database on fire", times=None)
    broken = api.get(f"/customers/{customer['id']}")
    assert broken.status_code == 500
    assert broken.get_json() == {"type": "api_error", "message": "database on fire"}
    assert api.get("/customers").status_code == 200  # /customers has no second segment
    assert api.get(f"/customers/{customer['id']}/contacts").status_code == 200


def test_faults_can_be_scoped_to_one_api_key(app: InvoicedMock, api: Api) -> None:
    app.faults.add("*", "/**", status=403, message="You do not have permission to do that", api_key="sk_other")
    assert api.get("/customers").status_code == 200
    denied = Api(app, "sk_other").get("/customers")
    assert denied.status_code == 403 and denied.get_json()["type"] == "invalid_request"


def test_fault_kinds_are_checked() -> None:
    with pytest.raises(ValueError):
        Fault("GET", "/x", kind="explode")
