"""Every mutation leaves an event; events list newest first and filter by type and relation."""

from __future__ import annotations

import json

from invoiced_mock import Clock
from tests.conftest import EPOCH, Api


def test_crud_records_events_with_previous_values(api: Api, clock: Clock) -> None:
    customer = api.create("/customers", name="Acme")
    clock.advance(seconds=5)
    api.patch(f"/customers/{customer['id']}", json={"name": "Acme Inc", "email": "a@acme.test"})
    api.delete(f"/customers/{customer['id']}")
    events = api.get("/events").get_json()
    assert [e["type"] for e in events] == ["customer.deleted", "customer.updated", "customer.created"]
    updated = events[1]
    assert updated["object"] == "event" and updated["timestamp"] == EPOCH + 5
    assert updated["data"]["object"]["name"] == "Acme Inc"
    assert updated["data"]["previous"] == {"name": "Acme", "email": None}
    assert api.get(f"/events/{updated['id']}").get_json() == updated


def test_refused_writes_leave_no_event(api: Api) -> None:
    api.post("/customers", json={"metadata": {"k": "v"}})  # no name
    assert api.get("/events").get_json() == []


def test_events_filter_by_type_relation_and_dates(api: Api, clock: Clock) -> None:
    acme = api.create("/customers", name="Acme")
    clock.advance(seconds=100)
    other = api.create("/customers", name="Other")
    api.create(f"/customers/{acme['id']}/contacts", name="Jane")
    assert [e["type"] for e in api.get("/events?type=contact.created").get_json()] == ["contact.created"]
    related = api.get(f"/events?related_to=customer,{acme['id']}").get_json()
    assert [e["type"] for e in related] == ["contact.created", "customer.created"]
    assert [e["data"]["object"]["id"] for e in api.get(f"/events?related_to=customer%2C{other['id']}").get_json()] \
        == [other["id"]]
    assert len(api.get(f"/events?start_date={EPOCH + 50}").get_json()) == 2
    assert len(api.get(f"/events?end_date={EPOCH + 50}").get_json()) == 1
    assert api.get("/events?related_to=customer").status_code == 400
    assert api.post("/events", json={}).status_code == 405


def test_subscribers_see_only_committed_events(app, api: Api) -> None:
    seen: list[str] = []
    app.tenants.subscribers.append(lambda event: seen.append(event["type"]))
    api.post("/customers", json={})  # refused
    api.create("/customers", name="Acme")
    assert seen == ["customer.created"]


def test_an_event_shows_the_object_exactly_as_it_was_answered_then(api: Api, clock: Clock) -> None:
    """Events share the stored record instead of copying it; what they answer must not change for that."""
    created = api.post("/customers", json={"name": "Acme", "metadata": {"tier": "gold"}, "taxes": []})
    clock.advance(seconds=5)
    api.patch("/customers/1", json={"name": "Renamed", "metadata": {"tier": "silver"}})
    api.post("/customers/1/contacts", json={"name": "Ann"})
    first = api.get("/events?type=customer.created").get_data(as_text=True)
    body = created.get_data(as_text=True)
    # Same keys in the same order, same values (the object as answered at creation, not as it is now).
    assert json.loads(first)[0]["data"]["object"] == json.loads(body)
    assert list(json.loads(first)[0]["data"]["object"]) == list(json.loads(body))
    updated = api.get("/events?type=customer.updated").get_json()[0]["data"]
    assert updated["object"]["name"] == "Renamed" and updated["object"]["metadata"] == {"tier": "silver"}
    assert updated["previous"] == {"name": "Acme", "metadata": {"tier": "gold"}}
    answered = api.get("/events").get_json()
    answered[-1]["data"]["object"]["metadata"]["tier"] = "changed by the caller"  # a copy: the store is untouched
    assert api.get("/events?type=customer.created").get_json()[0]["data"]["object"]["metadata"] == {"tier": "gold"}


def test_an_event_shows_its_user_only_when_asked(api: Api) -> None:
    """As the API: ``include=user`` adds the acting user (the Go client asks for it); a plain read has none."""
    api.create("/customers", name="Acme")
    (event,) = api.get("/events").get_json()
    assert "user" not in event and "user" not in api.get(f"/events/{event['id']}").get_json()
    (shown,) = api.get("/events", query_string={"include": "user"}).get_json()
    assert shown["user"]["id"] == -2  # written with an API key: the API's own user
