"""core/events.py: an event shows the object exactly as the request that made it answered it, key order
included, although it keeps the stored record rather than a copy of it."""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import HealthCheck, given, settings

from invoiced_mock import Clock, InvoicedMock, strategies
from invoiced_mock.core import events
from invoiced_mock.core.events import Presented
from invoiced_mock.core.fields import Array, Str
from invoiced_mock.core.resource import REGISTRY, Field, Resource, register
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
    business = app.business(api.api_key)
    kept = events.emit(business, "customer.updated", REGISTRY["customer"], business.tables["customer"].get(1))
    assert isinstance(kept["data"]["object"], Presented)  # a view on the stored record until it is stored itself
    stored = business.tables["event"].get(kept["id"])["data"]["object"]
    customer = business.tables["customer"].get(1)
    assert stored["metadata"] == customer["metadata"] == {"tier": "gold"}
    assert stored["name"] is customer["name"] and stored["number"] is customer["number"]  # shared, not copied


def test_an_object_stored_before_an_attribute_was_declared_shows_its_default_in_events(clock: Clock) -> None:
    """The kept object reads a missing attribute's default when shown, as the answer to the request did."""
    def declare(*extra: Field) -> None:
        @register
        class Gizmos(Resource):  # declared twice under one object name, removed below
            object = "gizmo_for_events"
            path = "gizmos_for_events"
            label = "Gizmo"
            fields = (Field("colour", Str()), *extra)

    try:
        declare()
        before = Api(InvoicedMock(clock=clock))
        created = before.create("/gizmos_for_events", colour="red")
        declare(Field("size", Str(), default="M"), Field("tags", Array(of=Str()), default=list))
        after = Api(InvoicedMock(clock=clock), before.api_key)
        after.app.business(after.api_key).copy_from(before.app.business(before.api_key))
        updated = after.patch(f"/gizmos_for_events/{created['id']}", json={"colour": "blue"}).get_json()
        assert updated["size"] == "M" and updated["tags"] == []
        (event,) = after.get("/events?type=gizmo_for_events.updated").get_json()
        assert json.dumps(event["data"]["object"]) == json.dumps(updated)
        assert json.dumps(after.get(f"/events/{event['id']}").get_json()["data"]["object"]) == json.dumps(updated)
    finally:
        del REGISTRY["gizmo_for_events"]
