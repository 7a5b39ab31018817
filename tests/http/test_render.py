"""http/responses.py: JSON bodies in declared order and UTF-8, whatever orjson refuses still answered, and answers
sent without werkzeug's per-call rewriting keep what HEAD and 204 require."""

from __future__ import annotations

import json

from invoiced_mock.core.resource import REGISTRY
from tests.conftest import Api


def test_attributes_come_in_the_order_the_resource_declares_them(api: Api) -> None:
    api.create("/customers", name="Acme", metadata={"b": "2", "a": "1"})
    raw = api.get("/customers/1").get_data()
    keys = list(json.loads(raw))
    declared = [f.name for f in REGISTRY["customer"].fields if not f.write_only and not f.hidden]
    assert keys[:3] == ["id", "object", "name"]
    assert keys == [name for name in declared if name in keys]
    assert list(json.loads(raw)["metadata"]) == ["b", "a"]  # as sent, not sorted


def test_text_goes_out_as_utf8_not_escapes(api: Api) -> None:
    api.create("/customers", name="Café Ünïcode ☕")
    raw = api.get("/customers/1").get_data()
    assert "Café Ünïcode ☕".encode() in raw and b"\\u" not in raw


def test_what_orjson_refuses_is_still_answered_as_json(api: Api) -> None:
    lone = api.http.post("/customers", data=b'{"name": "\\ud800x"}', content_type="application/json",
                         auth=(api.api_key, ""))
    assert lone.status_code == 201
    assert json.loads(lone.get_data())["name"] == "\ud800x"  # a lone surrogate, escaped by the standard library
    api.app.stubs.add("GET", "/invoices/9", json={"id": 9, "big": 10**30})  # a Python stub: any int goes
    answered = api.get("/invoices/9")
    assert answered.status_code == 200 and json.loads(answered.get_data())["big"] == 10**30  # past 64 bits
    api.app.stubs.add("GET", "/invoices/8", json={"id": 8, "buckets": {30: 1, "60": 2}})  # keys that are not text
    assert api.get("/invoices/8").get_json()["buckets"] == {"30": 1, "60": 2}


def test_head_keeps_the_length_without_a_body_and_204_carries_neither(api: Api) -> None:
    api.create("/customers", name="Acme")
    length = len(api.get("/customers/1").get_data())
    head = api.http.head("/customers/1", auth=(api.api_key, ""))
    assert head.status_code == 200 and head.headers["Content-Length"] == str(length) and head.get_data() == b""
    deleted = api.http.delete("/customers/1", auth=(api.api_key, ""))
    assert deleted.status_code == 204 and "Content-Length" not in deleted.headers and deleted.get_data() == b""


def test_in_process_answers_leave_as_the_wire_sends_them() -> None:
    """The transports take ``app.answer`` through ``finished``: what WSGI servers do (HEAD, 204, latin-1 headers)."""
    import requests

    from invoiced_mock import InvoicedMock
    from invoiced_mock.intercept.urllib3_transport import intercept

    app = InvoicedMock()
    app.stubs.add("GET", "/invoices/7", json={"id": 7}, headers={"X-Note": "naïve ☕"})
    with intercept(app), requests.Session() as session:
        session.auth = ("sk_test", "")
        created = session.post("https://api.invoiced.com/customers", json={"name": "Acme"})
        head = session.head(f"https://api.invoiced.com/customers/{created.json()['id']}")
        deleted = session.delete(f"https://api.invoiced.com/customers/{created.json()['id']}")
        noted = session.get("https://api.invoiced.com/invoices/7")
    assert (head.status_code, head.content, head.headers["Content-Length"]) == (200, b"", str(len(created.content)))
    assert (deleted.status_code, deleted.content, "Content-Length" in deleted.headers) == (204, b"", False)
    assert noted.headers["X-Note"] == "na%C3%AFve %E2%98%95" and noted.json() == {"id": 7}
