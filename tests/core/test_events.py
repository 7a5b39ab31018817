"""core/events.py: an event shows the object exactly as the request that made it answered it, key order
included, although it keeps the stored record rather than a copy of it."""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import HealthCheck, given, settings

from invoiced_mock import InvoicedMock, strategies
from invoiced_mock.core.events import Presented
from tests.conftest import Api

_keys = itertools.count()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=strategies.create_payload("customer"))
def test_the_created_event_answers_the_created_object_byte_for_byte(app: InvoicedMock, payload: dict[str, Any]) -> None:
    api = Api(app, f"sk_events_{next(_keys)}")
    created = api.post("/customers", json=payload)
    assert created.status_code == 201, created.get_data(as_text=True)
    api.patch(f"/customers/{created.get_json()['id']}", json={"name": "Changed afterwards", "metadata": {"k": "v"}})
    (listed,) = api.get("/events?type=customer.created").get_json()
    retrieved = api.get(f"/events/{listed['id']}").get_json()
    for event in (listed, retrieved):  # dumps tells key order, 1 from 1.0 from true: the same JSON
        assert json.dumps(event["data"]["object"]) == json.dumps(created.get_json())


def test_an_event_keeps_only_what_presenting_changed(app: InvoicedMock) -> None:
    api = Api(app)
    api.create("/customers", name="Acme", metadata={"tier": "gold"})
    stored = app.business(api.api_key).tables["event"].get(1)["data"]["object"]
    assert isinstance(stored, Presented)
    customer = app.business(api.api_key).tables["customer"].get(1)
    assert stored["metadata"] is customer["metadata"] and stored["name"] is customer["name"]  # shared, not copied
