"""API keys: a key made through the API opens the same business, and stops opening it once deleted."""

from __future__ import annotations

import re
from typing import Any

import invoiced
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH, Api


def test_a_key_made_through_the_api_opens_the_same_business(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    made = api.create("/api_keys", description="CI")
    assert set(made) == {"id", "description", "secret", "last_used", "created_at", "updated_at"}
    assert re.fullmatch(r"[A-Za-z0-9]{32}", made["secret"]) and made["description"] == "CI"
    assert made["created_at"] == EPOCH and made["last_used"] is None

    second = Api(api.app, made["secret"])
    assert second.get(f"/customers/{customer['id']}").get_json()["name"] == "Acme"
    second.create("/customers", name="Made with the new key")
    assert api.get("/customers").headers["X-Total-Count"] == "2"  # one business, two keys


def test_a_deleted_key_gets_401_and_the_list_shows_only_issued_keys(api: Api) -> None:
    made = api.create("/api_keys")
    assert api.get("/api_keys").get_json() == [made]  # the business's own key is not an issued one
    second = Api(api.app, made["secret"])
    assert second.delete(f"/api_keys/{made['id']}").status_code == 204  # a key may delete itself

    refused = second.get("/customers")
    assert refused.status_code == 401
    error = refused.get_json()
    assert error["type"] == "invalid_request" and made["secret"] not in error["message"]  # masked, as the API does
    assert api.get("/api_keys").get_json() == []
    assert api.get("/customers").status_code == 200  # the business's own key still works
    assert api.delete(f"/api_keys/{made['id']}").status_code == 404


def test_a_key_is_refused_once_its_creation_is_rolled_back_or_its_business_reset(api: Api) -> None:
    made = api.create("/api_keys")
    api.app.reset(api.api_key)
    assert Api(api.app, made["secret"]).get("/customers").status_code == 401

    business = api.app.business(api.api_key)
    before = business.snapshot()
    later = api.create("/api_keys")
    business.restore(before)
    assert Api(api.app, later["secret"]).get("/customers").status_code == 401


def test_keys_restricted_mode_accepts_an_issued_key(clock: Clock) -> None:
    app = InvoicedMock(keys=["sk_only"], clock=clock)
    made = Api(app, "sk_only").create("/api_keys")
    assert Api(app, made["secret"]).get("/customers").status_code == 200
    assert Api(app, "sk_other").get("/customers").status_code == 401


def test_api_key_validation(api: Api) -> None:
    long = api.post("/api_keys", json={"description": "x" * 256})
    assert long.status_code == 400 and long.get_json()["param"] == "description"
    forced = api.post("/api_keys", json={"secret": "mine"})
    assert forced.status_code == 400 and forced.get_json()["param"] == "secret"
    assert api.get("/api_keys").get_json() == []  # nothing half-written
    assert api.get("/api_keys/1").status_code == 405
    assert api.patch("/api_keys/1", json={}).status_code == 405


def test_an_issued_key_survives_a_restart_of_a_durable_mock(tmp_path: pytest.TempPathFactory, clock: Clock) -> None:
    path = tmp_path / "state.db"  # type: ignore[operator]
    first = InvoicedMock(clock=clock, state=path)
    made = Api(first, "sk_owner").create("/api_keys")
    first.state.close()  # type: ignore[union-attr]
    again = InvoicedMock(clock=clock, state=path)
    assert Api(again, made["secret"]).get("/api_keys").get_json()[0]["id"] == made["id"]


def test_the_official_client_works_with_an_issued_key(live_server: ServerThread, client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Initech")
    made = Api(live_server.app, client.api_key).create("/api_keys", description="client")
    other = invoiced.Client(made["secret"])
    other.api_url = live_server.base_url
    assert other.Customer.retrieve(customer.id).name == "Initech"
    Api(live_server.app, client.api_key).delete(f"/api_keys/{made['id']}")
    with pytest.raises(invoiced.errors.AuthenticationError):
        other.Customer.retrieve(customer.id)


@settings(max_examples=40)
@given(steps=st.lists(st.tuples(st.booleans(), st.integers(0, 5)), max_size=12))
def test_a_key_opens_the_business_exactly_while_it_is_listed(steps: list[tuple[bool, int]]) -> None:
    """Any sequence of creates and deletes: each secret ever issued opens the business iff the list shows it."""
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    api = Api(app, "sk_owner")
    issued: list[dict[str, Any]] = []
    for create, pick in steps:
        if create or not issued:
            issued.append(api.create("/api_keys"))
        else:
            api.delete(f"/api_keys/{issued[pick % len(issued)]['id']}")
    listed = {key["secret"] for key in api.get("/api_keys", query_string={"per_page": 100}).get_json()}
    for key in issued:
        status = Api(app, key["secret"]).get("/customers").status_code
        assert status == (200 if key["secret"] in listed else 401)
