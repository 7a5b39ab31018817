"""Who may drive the control plane: a key reaches only its own business; global routes need the admin token;
nothing the journal exposes carries a secret."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import EPOCH

TOKEN = "admin-secret-token"
SCOPED = [("GET", "/_mock/requests"), ("DELETE", "/_mock/requests"), ("GET", "/_mock/faults"),
          ("POST", "/_mock/faults"), ("DELETE", "/_mock/faults"), ("POST", "/_mock/reset")]
GLOBAL_ONLY = [("POST", "/_mock/clock")]


def basic(user: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:".encode()).decode()}


@pytest.fixture
def locked() -> Client:
    return Client(InvoicedMock(clock=Clock(frozen_at=EPOCH), admin_token=TOKEN))


@pytest.mark.parametrize("method, path", SCOPED + GLOBAL_ONLY)
def test_anonymous_calls_are_refused_once_an_admin_token_is_set(locked: Client, method: str, path: str) -> None:
    answer = locked.open(path, method=method, json={"path": "/x"} if path.endswith("faults") else {})
    assert answer.status_code == 401
    assert answer.get_json()["type"] == "invalid_request"
    assert "admin token" in answer.get_json()["message"]


@pytest.mark.parametrize("credentials", [{"Authorization": f"Bearer {TOKEN}"}, basic(TOKEN)])
def test_the_admin_token_works_as_bearer_or_as_basic_user(locked: Client, credentials: dict[str, str]) -> None:
    locked.post("/customers", json={"name": "A"}, headers=basic("sk_a"))
    locked.post("/customers", json={"name": "B"}, headers=basic("sk_b"))
    seen = locked.get("/_mock/requests", headers=credentials).get_json()
    assert sorted(call["path"] for call in seen) == ["/customers", "/customers"]
    moved = locked.post("/_mock/clock", json={"advance": 60}, headers=credentials)
    assert moved.get_json()["now"] == EPOCH + 60
    assert locked.post("/_mock/reset", headers=credentials).get_json() == {"reset": "all"}
    assert locked.get("/customers", headers=basic("sk_a")).get_json() == []


def test_a_key_may_not_move_the_shared_clock_when_an_admin_token_is_set(locked: Client) -> None:
    locked.get("/customers", headers=basic("sk_a"))  # a key the server holds (a new one is a 401 here)
    refused = locked.post("/_mock/clock", json={"advance": 60}, headers=basic("sk_a"))
    assert refused.status_code == 403 and "admin token" in refused.get_json()["message"]
    assert locked.get("/_mock/clock", headers=basic("sk_a")).get_json() == {"now": EPOCH, "frozen": True}


@pytest.mark.parametrize("admin_token", [None, TOKEN])
def test_key_a_can_never_read_fault_or_reset_key_b(admin_token: str | None) -> None:
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH), admin_token=admin_token)
    app.business("sk_a")  # a key the server holds (a new one is a 401 once a token is set)
    http = Client(app)
    a, b = basic("sk_a"), basic("sk_b")
    http.post("/customers", json={"name": "B's customer"}, headers=b)
    http.post("/_mock/faults", json={"method": "GET", "path": "/items", "status": 500, "times": None}, headers=b)

    assert http.get("/_mock/requests", headers=a).get_json() == []
    assert http.get("/_mock/faults", headers=a).get_json() == []
    http.post("/_mock/faults", json={"method": "POST", "path": "/customers", "status": 429}, headers=a)
    http.delete("/_mock/faults", headers=a)
    http.delete("/_mock/requests", headers=a)
    http.post("/_mock/reset", headers=a)

    assert http.post("/customers", json={"name": "still fine"}, headers=b).status_code == 201
    assert [c["name"] for c in http.get("/customers", headers=b).get_json()] == ["B's customer", "still fine"]
    assert len(http.get("/_mock/faults", headers=b).get_json()) == 1
    assert http.get("/items", headers=b).status_code == 500
    journal = http.get("/_mock/requests", headers=b).get_json()
    assert [(c["method"], c["path"]) for c in journal] == [
        ("POST", "/customers"), ("POST", "/customers"), ("GET", "/customers"), ("GET", "/items")]


def test_a_restricted_server_refuses_unknown_keys_on_the_control_plane() -> None:
    http = Client(InvoicedMock(keys=["sk_one"], clock=Clock(frozen_at=EPOCH)))
    refused = http.get("/_mock/requests", headers=basic("sk_other"))
    assert refused.status_code == 401
    assert http.get("/_mock/requests", headers=basic("sk_one")).status_code == 200


def test_the_journal_never_exposes_secrets() -> None:
    http = Client(InvoicedMock(clock=Clock(frozen_at=EPOCH)), use_cookies=False)
    key = basic("sk_a")
    hook = http.post("/webhooks", json={"url": "http://127.0.0.1:9/h"}, headers=key).get_json()
    customer = http.post("/customers", json={"name": "A"}, headers={**key, "Cookie": "session=abc123"}).get_json()
    http.post(f"/customers/{customer['id']}/payment_sources", headers=key,
              json={"method": "credit_card", "invoiced_token": "tok_visa_4242424242424242"})
    http.post("/customers", json={"name": "B", "metadata": {"card": "4111 1111 1111 1111"}}, headers=key)
    exposed = http.get("/_mock/requests", headers=key).get_data(as_text=True)
    for secret in (hook["secret"], "abc123", "tok_visa_4242424242424242", "4111 1111 1111 1111", "sk_a:"):
        assert secret not in exposed
    calls = json.loads(exposed)
    assert calls[1]["headers"]["Cookie"] == "[redacted]"
    assert calls[0]["response"]["secret"] == "[redacted]"
    assert calls[2]["json"]["invoiced_token"] == "[redacted]"


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_a_form_token_is_the_callers_own(one: str, other: str) -> None:
    from invoiced_mock.control.admin import Caller, check_form_token, form_token
    from invoiced_mock.errors import PermissionDenied

    mine, admin = Caller(admin=False, api_key=one), Caller(admin=True, api_key=None)
    check_form_token(mine, form_token(mine))
    for who, token in ((mine, form_token(admin)), (mine, ""), (mine, None), (admin, form_token(mine)),
                       (mine, form_token(mine)[:-1])):
        with pytest.raises(PermissionDenied):
            check_form_token(who, token)
    assert (form_token(Caller(admin=False, api_key=other)) == form_token(mine)) == (one == other)


@pytest.mark.parametrize("admin_token", [None, TOKEN])
@pytest.mark.parametrize("credentials", [{"Authorization": "Bearer adm_\u00e9"},
                                         {"Authorization": "Basic " + base64.b64encode("k\u00e9y:".encode()).decode()},
                                         {"Authorization": "Bearer sk_\x7f"}])
def test_a_credential_that_is_not_printable_ascii_gets_a_401_everywhere(admin_token: str | None,
                                                                        credentials: dict[str, str]) -> None:
    http = Client(InvoicedMock(clock=Clock(frozen_at=EPOCH), admin_token=admin_token))
    for method, path in [*SCOPED, ("GET", "/_mock/clock"), ("GET", "/_mock/ui"), ("GET", "/customers"),
                         ("POST", "/customers")]:
        answer = http.open(path, method=method, headers=credentials, json={"name": "x"})
        assert answer.status_code == 401, (method, path, answer.get_data(as_text=True))
        if path.startswith("/_mock/ui"):  # a person's browser: the error as a page
            assert "ASCII" in answer.get_data(as_text=True)
            continue
        assert answer.get_json()["type"] == "invalid_request" and "ASCII" in answer.get_json()["message"]


def test_a_non_ascii_admin_token_never_breaks_a_call() -> None:
    http = Client(InvoicedMock(clock=Clock(frozen_at=EPOCH), admin_token="t\u00f6ken"))
    http.post("/customers", json={"name": "A"}, headers=basic("sk_a"))
    assert http.get("/_mock/requests", headers=basic("sk_a")).status_code == 200
    assert http.get("/_mock/requests", headers={"Authorization": "Bearer token"}).status_code == 401


@pytest.mark.parametrize("method, path", [("POST", "/_mock/reset"), ("GET", "/_mock/requests"),
                                          ("POST", "/_mock/faults"), ("GET", "/_mock/export"),
                                          ("POST", "/_mock/clock"), ("GET", "/_mock/ui")])
@pytest.mark.parametrize("credentials", [{"Authorization": f"Bearer {TOKEN}x"}, basic(TOKEN[:-1])])
def test_a_mistyped_admin_token_gets_a_401_not_a_fresh_business(locked: Client, method: str, path: str,
                                                                 credentials: dict[str, str]) -> None:
    locked.post("/customers", json={"name": "A"}, headers=basic("sk_a"))
    answer = locked.open(path, method=method, headers=credentials,
                         json={"path": "/x"} if path.endswith("faults") else {"advance": 60})
    assert answer.status_code == 401, answer.get_data(as_text=True)
    assert "admin token" in answer.get_data(as_text=True)  # JSON, or a page for the inspector
    admin = {"Authorization": f"Bearer {TOKEN}"}
    assert [c["path"] for c in locked.get("/_mock/requests", headers=admin).get_json()] == ["/customers"]
    assert locked.get("/_mock/clock", headers=admin).get_json()["now"] == EPOCH
    assert "sk_a" in locked.get("/_mock/ui", headers=admin).get_data(as_text=True)
    assert TOKEN[:-1] not in locked.get("/_mock/ui", headers=admin).get_data(as_text=True)


def test_a_key_known_to_the_server_still_drives_its_own_business_once_a_token_is_set(locked: Client) -> None:
    locked.post("/customers", json={"name": "A"}, headers=basic("sk_a"))
    assert locked.post("/_mock/reset", headers=basic("sk_a")).get_json() == {"reset": "key"}
    assert locked.get("/customers", headers=basic("sk_a")).get_json() == []
