"""Idempotency-Key: one write per key, the first answer replayed."""

from __future__ import annotations

from tests.conftest import Api


def test_same_key_replays_the_first_response_without_a_second_write(api: Api) -> None:
    headers = {"Idempotency-Key": "create-acme-1"}
    first = api.post("/customers", json={"name": "Acme"}, headers=headers)
    again = api.post("/customers", json={"name": "Acme"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.get_json() == again.get_json()
    assert api.get("/customers").headers["X-Total-Count"] == "1"
    assert len(api.get("/events").get_json()) == 1


def test_errors_are_replayed_too(api: Api) -> None:
    headers = {"Idempotency-Key": "bad-request-1"}
    assert api.post("/customers", json={}, headers=headers).status_code == 400
    assert api.post("/customers", json={}, headers=headers).get_json()["param"] == "name"


def test_key_reused_with_another_request_is_refused(api: Api) -> None:
    headers = {"Idempotency-Key": "reused-key"}
    api.post("/customers", json={"name": "Acme"}, headers=headers)
    response = api.post("/customers", json={"name": "Other"}, headers=headers)
    assert response.status_code == 400 and response.get_json()["param"] == "Idempotency-Key"


def test_key_length_and_method_are_checked(api: Api) -> None:
    for key in ("short", "k" * 65):
        response = api.post("/customers", json={"name": "Acme"}, headers={"Idempotency-Key": key})
        assert response.status_code == 400 and "between 6 and 64" in response.get_json()["message"]
    assert api.get("/customers", headers={"Idempotency-Key": "get-request"}).status_code == 400
    assert api.get("/customers").headers["X-Total-Count"] == "0"


def test_keys_are_scoped_per_business(api: Api) -> None:
    headers = {"Idempotency-Key": "shared-key"}
    api.post("/customers", json={"name": "Acme"}, headers=headers)
    other = Api(api.app, "sk_other")
    assert other.post("/customers", json={"name": "Acme"}, headers=headers).status_code == 201
    assert other.get("/customers").headers["X-Total-Count"] == "1"


def test_a_key_is_remembered_for_24_hours_of_mock_time(api: Api) -> None:
    headers = {"Idempotency-Key": "nightly-run-1"}
    first = api.post("/customers", json={"name": "Acme"}, headers=headers).get_json()
    api.app.clock.advance(hours=23)
    assert api.post("/customers", json={"name": "Acme"}, headers=headers).get_json() == first
    api.app.clock.advance(hours=1)
    second = api.post("/customers", json={"name": "Acme"}, headers=headers).get_json()
    assert second["id"] == first["id"] + 1
    assert api.get("/customers").headers["X-Total-Count"] == "2"


def test_old_keys_are_forgotten_as_new_ones_come(api: Api) -> None:
    for i in range(3):
        api.post("/customers", json={"name": f"C{i}"}, headers={"Idempotency-Key": f"key-number-{i}"})
    api.app.clock.advance(days=2)
    api.post("/customers", json={"name": "Late"}, headers={"Idempotency-Key": "key-number-late"})
    assert list(api.app.business(api.api_key).table("idempotency_key").rows) == ["key-number-late"]
