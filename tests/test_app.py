"""The pipeline end to end: auth, tenants, errors, status codes, content types, routing edge cases."""

from __future__ import annotations

import base64

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import EPOCH, Api


def test_missing_key_is_a_json_401(api: Api) -> None:
    for auth in (None, ("", "")):
        response = api.get("/customers", auth=auth) if auth else api.http.get("/customers")
        assert response.status_code == 401
        assert response.content_type == "application/json"
        assert response.get_json()["type"] == "invalid_request"
        assert "API key" in response.get_json()["message"]


def test_bearer_tokens_and_basic_keys_reach_the_same_business(api: Api) -> None:
    created = api.create("/customers", name="Acme")
    bearer = api.http.get(f"/customers/{created['id']}", headers={"Authorization": f"Bearer {api.api_key}"})
    assert bearer.status_code == 200 and bearer.get_json()["name"] == "Acme"


def test_each_key_is_an_isolated_business(api: Api) -> None:
    mine = api.create("/customers", name="Mine")
    other = Api(api.app, "sk_other")
    assert other.get("/customers").get_json() == []
    assert other.get(f"/customers/{mine['id']}").status_code == 404
    theirs = other.create("/customers", name="Theirs")
    assert theirs["id"] == 1 and theirs["number"] == "CUST-00001"  # sequences are per business too


def test_keys_restricts_the_accepted_api_keys() -> None:
    app = InvoicedMock(keys=["sk_live_one"], clock=Clock(frozen_at=EPOCH))
    ok = Api(app, "sk_live_one").get("/customers")
    assert ok.status_code == 200
    denied = Api(app, "sk_unknown_key").get("/customers")
    assert denied.status_code == 401
    assert denied.get_json()["message"] == "We could not authenticate you with the API Key: sk_********key"


def test_status_codes_and_bodies_of_crud(api: Api) -> None:
    created = api.post("/customers", json={"name": "Acme"})
    assert created.status_code == 201 and created.content_type == "application/json"
    path = f"/customers/{created.get_json()['id']}"
    assert api.get(path).status_code == 200
    updated = api.patch(path, json={"email": "billing@acme.test"})
    assert updated.status_code == 200 and updated.get_json()["email"] == "billing@acme.test"
    assert updated.get_json()["name"] == "Acme"  # the full object, not the changes
    deleted = api.delete(path)
    assert deleted.status_code == 204 and deleted.get_data() == b""
    gone = api.get(path)
    assert gone.status_code == 404
    assert gone.get_json() == {"type": "invalid_request", "message": f"Customer was not found: {path.split('/')[-1]}"}


def test_unknown_routes_and_methods_answer_json_never_html(api: Api) -> None:
    unknown = api.get("/nothing/here")
    assert unknown.status_code == 404
    assert unknown.get_json()["message"] == "Request was not recognized: GET /nothing/here"
    wrong = api.request("PUT", "/customers")
    assert wrong.status_code == 405 and wrong.content_type == "application/json"
    assert wrong.get_json()["message"] == "Method not allowed: PUT /customers"


def test_trailing_slash_is_tolerated_not_redirected(api: Api) -> None:
    created = api.post("/customers/", json={"name": "Slash"})
    assert created.status_code == 201
    fetched = api.get(f"/customers/{created.get_json()['id']}/")
    assert fetched.status_code == 200


def test_ids_are_integers_from_one(api: Api) -> None:
    ids = [api.create("/customers", name=f"c{i}")["id"] for i in range(3)]
    assert ids == [1, 2, 3]


def test_a_bug_in_the_mock_is_a_json_500(api: Api, monkeypatch) -> None:
    from invoiced_mock.resources.customers import Customers

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Customers, "apply_rules", broken)
    response = api.post("/customers", json={"name": "Acme"})
    assert response.status_code == 500
    assert response.get_json()["type"] == "api_error"
    assert api.get("/customers").headers["X-Total-Count"] == "0"  # and nothing was written


def test_curl_gets_pretty_json(app: InvoicedMock) -> None:
    http = Client(app)
    token = base64.b64encode(b"k:").decode()
    response = http.get("/customers/1", headers={"Authorization": f"Basic {token}", "User-Agent": "curl/8.5"})
    assert response.get_data(as_text=True).startswith("{\n")


def test_the_journal_records_every_answer(app: InvoicedMock, api: Api) -> None:
    api.post("/customers", json={"name": "Acme"})
    api.get("/nope")
    calls = app.journal.calls()
    assert [(c.method, c.path, c.status) for c in calls] == [("POST", "/customers", 201), ("GET", "/nope", 404)]
    assert calls[0].json == {"name": "Acme"} and calls[0].response["name"] == "Acme"
    assert calls[0].api_key == api.api_key and calls[0].operation == "customer.create"


def test_a_write_with_bad_shaping_options_is_refused_before_its_handler_runs(app: InvoicedMock, api: Api) -> None:
    """The fuzzer's find: a DELETE whose body asked for too deep an ``expand`` was deleted, then refused while
    being shown, and the rollback put the row back at the end of its table."""
    customer = api.create("/customers", name="Acme")
    for _ in range(2):
        api.create("/payment_links", customer=customer["id"], items=[{"name": "Fee", "unit_cost": 5}])
    rows = app.business(api.api_key).tables["payment_link"].rows
    before = [(key, id(record)) for key, record in rows.items()]
    too_deep = ".".join(["customer", *["parent_customer"] * 5])
    refused = api.delete("/payment_links/1", data={"expand": too_deep})
    assert (refused.status_code, refused.get_json()["param"]) == (400, "expand")
    assert [(key, id(record)) for key, record in rows.items()] == before
    assert api.get("/payment_links/1").get_json()["status"] == "active"
    assert [e["type"] for e in api.get("/events").get_json()].count("payment_link.deleted") == 0
