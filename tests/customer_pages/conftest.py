"""What the customer-page tests share: a browser-less customer (no API key) and objects to open pages of."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.test import Client

from invoiced_mock import InvoicedMock
from invoiced_mock.server.threads import ServerThread
from invoiced_mock.testing.customer_pages import CustomerPages
from tests.conftest import API_KEY, Api
from tests.resources.test_webhooks import Receiver, wait_until

ORIGIN = "http://localhost"


@pytest.fixture
def customer_side(app: InvoicedMock) -> CustomerPages:
    """The customer's steps through the pages (``testing/customer_pages.py``), on the API's origin."""
    return CustomerPages(app, API_KEY, ORIGIN)


@pytest.fixture
def browser(app: InvoicedMock) -> Client:
    """Plain HTTP without a key, as a customer's browser sends it."""
    return Client(app)


@pytest.fixture
def customer(api: Api) -> dict[str, Any]:
    return api.create("/customers", name="Acme Inc", email="ap@acme.test")


@pytest.fixture
def invoice(api: Api, customer: dict[str, Any]) -> dict[str, Any]:
    return api.create("/invoices", customer=customer["id"], items=[
        {"name": "Copy paper", "quantity": 3, "unit_cost": "12.50"}, {"name": "Delivery", "unit_cost": 10}])


def path(url: str) -> str:
    """A link's path (the tests' client is on the same origin)."""
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def event_types(api: Api) -> list[str]:
    """Every event's type, oldest first."""
    return [e["type"] for e in reversed(api.get("/events", query_string={"per_page": 100}).get_json())]


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    """A local webhook receiver on a loopback server, and its URL."""
    app = Receiver()
    with ServerThread(app) as server:
        yield app, f"{server.base_url}/hooks"


def delivered(receiver: Receiver, event_type: str) -> list[dict[str, Any]]:
    """The events of ``event_type`` the receiver got, once at least one has arrived."""
    def arrived() -> list[dict[str, Any]]:
        return [e for e in (json.loads(body) for _, body in receiver.calls) if e["type"] == event_type]

    found: list[dict[str, Any]] = wait_until(arrived)
    return found
