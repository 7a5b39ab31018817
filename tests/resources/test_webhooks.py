"""Webhooks: CRUD, and signed delivery of committed events to a loopback receiver, filtered by ``events``."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import invoiced
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug import Request, Response

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.delivery import outbound as delivery
from invoiced_mock.server.threads import ServerThread
from invoiced_mock.store.ceilings import Ceilings
from tests.conftest import EPOCH, Api

WAIT = 5.0  # seconds: an upper bound on a loopback delivery, never a sleep


@dataclass
class Receiver:
    """A WSGI app that records every POST and answers with ``status`` (after ``gate`` opens)."""

    status: int = 200
    calls: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    gate: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.gate.set()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.gate.wait(WAIT)
        self.calls.append((dict(request.headers.items()), request.get_data()))
        return Response("ok", status=self.status)(environ, start_response)


@pytest.fixture
def receiver() -> Iterator[tuple[Receiver, str]]:
    app = Receiver()
    with ServerThread(app) as server:
        yield app, f"{server.base_url}/hooks"


def wait_until(check: Callable[[], Any]) -> Any:
    """Poll ``check`` until it returns something truthy; fail after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.005)
    raise AssertionError("timed out waiting for a webhook delivery")


def attempts(api: Api) -> list[dict[str, Any]]:
    return api.get("/webhook_attempts").get_json()


def tried(api: Api, times: int) -> Callable[[], list[dict[str, Any]]]:
    return lambda: [a for a in attempts(api) if len(a["attempts"]) >= times]


def test_webhook_crud_and_validation(api: Api) -> None:
    missing = api.post("/webhooks", json={})
    assert missing.status_code == 400 and missing.get_json()["param"] == "url"
    bad = api.post("/webhooks", json={"url": "example.com/hook"})  # no scheme: the API refuses it too
    assert bad.status_code == 400 and bad.get_json()["param"] == "url"
    hook = api.create("/webhooks", url="https://127.0.0.1/hook")
    assert hook["enabled"] is True and hook["events"] == ["*"] and hook["created_at"] == EPOCH
    assert len(hook["secret"]) == 32 and int(hook["secret"], 16) >= 0 and "object" not in hook
    assert api.get(f"/webhooks/{hook['id']}").get_json() == hook
    changed = api.patch(f"/webhooks/{hook['id']}", json={"events": ["invoice.paid"], "enabled": False}).get_json()
    assert changed["events"] == ["invoice.paid"] and changed["enabled"] is False
    assert changed["secret"] == hook["secret"]
    assert api.patch(f"/webhooks/{hook['id']}", json={"secret": "mine"}).get_json()["param"] == "secret"
    listed = api.get("/webhooks")
    assert listed.headers["X-Total-Count"] == "1" and 'rel="self"' in listed.headers["Link"]
    assert api.delete(f"/webhooks/{hook['id']}").status_code == 204
    assert api.get(f"/webhooks/{hook['id']}").status_code == 404


def test_committed_events_are_delivered_signed_and_filtered(api: Api, receiver: tuple[Receiver, str]) -> None:
    app, url = receiver
    hook = api.create("/webhooks", url=url, events=["customer.created"])
    customer = api.create("/customers", name="Acme")
    api.patch(f"/customers/{customer['id']}", json={"name": "Acme Inc"})  # customer.updated: not subscribed
    (attempt,) = wait_until(tried(api, 1))
    ((headers, body),) = app.calls
    assert headers["User-Agent"] == "Invoiced/1.0" and headers["Content-Type"] == "application/json"
    expected = hmac.new(hook["secret"].encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Invoiced-Signature"] == expected
    event = json.loads(body)
    assert event["type"] == "customer.created" and event["data"]["object"]["name"] == "Acme"
    assert body == api.get(f"/events/{event['id']}").get_data()  # byte for byte: one encoder, declared order
    assert attempt["attempts"] == [{"status_code": 200, "timestamp": EPOCH}]
    assert attempt["event_id"] == event["id"] and attempt["url"] == url and attempt["next_attempt"] is None
    assert "payload" not in attempt and "object" not in attempt
    shown = api.get(f"/webhook_attempts?include=payload&filter[event_id]={event['id']}").get_json()
    assert shown[0]["payload"] == event  # the Go client decodes it as raw JSON


def test_disabled_hooks_and_rolled_back_requests_deliver_nothing(api: Api, receiver: tuple[Receiver, str]) -> None:
    app, url = receiver
    off = api.create("/webhooks", url=url, enabled=False)
    api.create("/customers", name="Quiet")
    refused = api.post("/customers", json={"name": "Bad", "type": "alien"})
    assert refused.status_code == 400
    assert attempts(api) == [] and app.calls == []
    api.patch(f"/webhooks/{off['id']}", json={"enabled": True})
    api.create("/customers", name="Loud")
    (_attempt,) = wait_until(tried(api, 1))
    assert json.loads(app.calls[0][1])["data"]["object"]["name"] == "Loud"


def test_a_slow_receiver_never_holds_up_the_request(api: Api, receiver: tuple[Receiver, str]) -> None:
    app, url = receiver
    app.gate.clear()
    api.create("/webhooks", url=url)
    api.create("/customers", name="Acme")  # returns while the receiver is still blocked
    (pending,) = attempts(api)
    assert pending["attempts"] == [] and app.calls == []
    app.gate.set()
    wait_until(tried(api, 1))


def test_failures_are_retried_at_once_when_asked(api: Api, receiver: tuple[Receiver, str]) -> None:
    app, url = receiver
    app.status = 500
    api.create("/webhooks", url=url, events=["customer.created"])
    api.create("/customers", name="Acme")
    (failed,) = wait_until(tried(api, 1))
    assert failed["attempts"] == [{"status_code": 500, "timestamp": EPOCH}]
    assert failed["next_attempt"] == EPOCH + 60  # and, unless asked sooner, on the clock
    app.status = 204
    retry = api.post(f"/webhook_attempts/{failed['id']}/retries")
    assert retry.status_code == 204 and retry.get_data() == b""
    (done,) = wait_until(tried(api, 2))
    assert [a["status_code"] for a in done["attempts"]] == [500, 204]
    assert len(app.calls) == 2 and app.calls[0][1] == app.calls[1][1]
    assert app.calls[0][0]["X-Invoiced-Signature"] == app.calls[1][0]["X-Invoiced-Signature"]
    assert api.post("/webhook_attempts/999/retries").status_code == 404


def test_an_unreachable_url_is_an_attempt_without_a_status(api: Api) -> None:
    with ServerThread(Receiver()) as closed:
        url = f"{closed.base_url}/gone"
    api.create("/webhooks", url=url)
    api.create("/customers", name="Acme")
    (attempt,) = wait_until(tried(api, 1))
    assert attempt["attempts"] == [{"status_code": None, "timestamp": EPOCH}]


def test_failed_deliveries_are_retried_on_the_clock_with_backoff_then_given_up(
        api: Api, receiver: tuple[Receiver, str]) -> None:
    app, url = receiver
    app.status = 503
    api.create("/webhooks", url=url, events=["customer.created"])
    api.create("/customers", name="Acme")
    (first,) = wait_until(tried(api, 1))
    assert first["next_attempt"] == EPOCH + 60
    api.app.clock.advance(seconds=59)
    api.get("/customers")
    assert len(attempts(api)[0]["attempts"]) == 1  # not yet due
    api.app.clock.advance(seconds=1)
    (attempt,) = wait_until(tried(api, 2))
    for tries, pause in enumerate((300, 1_800, 7_200, 43_200), start=3):
        api.app.clock.advance(seconds=pause)
        (attempt,) = wait_until(tried(api, tries))
        assert len(attempt["attempts"]) == tries
    assert attempt["next_attempt"] is None  # six tries, five retries: given up
    assert [a["status_code"] for a in attempt["attempts"]] == [503] * 6
    api.app.clock.advance(days=30)
    assert len(attempts(api)[0]["attempts"]) == 6 and len(app.calls) == 6


def test_a_retry_that_succeeds_ends_the_schedule(api: Api, receiver: tuple[Receiver, str]) -> None:
    app, url = receiver
    app.status = 500
    api.create("/webhooks", url=url)
    api.create("/customers", name="Acme")
    wait_until(tried(api, 1))
    app.status = 200
    api.app.clock.advance(minutes=1)
    (attempt,) = wait_until(tried(api, 2))
    assert [a["status_code"] for a in attempt["attempts"]] == [500, 200]
    assert attempt["next_attempt"] is None
    assert [a["timestamp"] for a in attempt["attempts"]] == [EPOCH, EPOCH + 60]


def test_webhook_urls_are_refused_only_where_the_apis_url_check_refuses_them(api: Api) -> None:
    for url in ("http://127.0.0.1:99999/h", "https://exa mple.com/h", "example.com/h", "https://-bad-.com/h"):
        refused = api.post("/webhooks", json={"url": url})
        assert refused.status_code == 400 and refused.get_json()["param"] == "url", url
    taken = [api.create("/webhooks", url=url)["url"] for url in (
        "http://127.0.0.1:0/h", "file:///etc/passwd", "gopher://127.0.0.1/x", "ftp://files.example.com/in")]
    assert len(taken) == 4 and len(api.get("/webhooks").get_json()) == 4


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Any name look-up or connection beyond 127.0.0.1 this test's process tries is recorded and fails."""
    tried: list[tuple[Any, ...]] = []

    def loopback_only(real: Any, host: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            if host(args) == "127.0.0.1":
                return real(*args, **kwargs)
            tried.append(args)
            raise OSError("this test allows no network beyond 127.0.0.1")
        return call

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only(socket.getaddrinfo, lambda args: args[0]))
    monkeypatch.setattr(socket, "create_connection", loopback_only(socket.create_connection, lambda args: args[0][0]))
    return tried


def test_a_public_url_is_registered_and_its_deliveries_are_refused_saying_how_to_allow_it(
        api: Api, no_network: list[tuple[Any, ...]]) -> None:
    hook = api.create("/webhooks", url="https://hooks.example.com/invoiced", events=["customer.created"])
    assert hook["url"] == "https://hooks.example.com/invoiced" and hook["enabled"] is True
    api.create("/customers", name="Acme")

    (attempt,) = attempts(api)  # recorded at once: nothing was queued, nothing left the machine
    (tried,) = attempt["attempts"]
    assert tried["status_code"] is None and tried["timestamp"] == EPOCH
    assert "hooks.example.com is not one" in tried["error"] and "--webhook-allow hooks.example.com" in tried["error"]
    assert attempt["next_attempt"] == EPOCH + 60  # a failed try like any other: retried on the clock
    api.app.clock.advance(minutes=1)
    (attempt,) = attempts(api)
    assert [t["status_code"] for t in attempt["attempts"]] == [None, None]
    assert no_network == []

    (created,) = [c for c in api.app.journal.calls() if c.path == "/customers"]
    assert created.extra["webhooks"] == [{"webhook": hook["id"], "url": hook["url"], "attempt": attempt["id"],
                                          "event": attempt["event_id"], "refused": tried["error"]}]
    assert "webhook refused" in str(created)
    page = api.http.get(f"/_mock/ui/business/{api.api_key}/objects/webhook_attempt").get_data(as_text=True)
    assert "--webhook-allow hooks.example.com" in page
    journal = api.http.get(f"/_mock/ui/business/{api.api_key}/requests").get_data(as_text=True)
    assert "--webhook-allow hooks.example.com" in journal


def test_a_url_no_receiver_can_have_is_a_refused_delivery_too(api: Api, no_network: list[tuple[Any, ...]]) -> None:
    api.create("/webhooks", url="file:///etc/passwd")
    api.create("/webhooks", url="http://127.0.0.1:0/h")
    api.create("/customers", name="Acme")
    errors = sorted(a["attempts"][0]["error"] for a in attempts(api))
    assert errors == ["The port in http://127.0.0.1:0/h is not valid (1 to 65535)",
                      "Webhook URLs must be absolute http or https URLs"]
    assert no_network == []


def test_once_its_host_is_allowed_a_refused_delivery_goes_through_on_retry(
        api: Api, receiver: tuple[Receiver, str], monkeypatch: pytest.MonkeyPatch) -> None:
    app, url = receiver
    monkeypatch.setattr(delivery, "ALLOWED", delivery.AllowList(["localhost"]))  # 127.0.0.1 is not allowed
    api.create("/webhooks", url=url)
    api.create("/customers", name="Acme")
    (refused,) = attempts(api)
    assert "--webhook-allow 127.0.0.1" in refused["attempts"][0]["error"] and app.calls == []
    with delivery.allowing(["127.0.0.1"]):
        assert api.post(f"/webhook_attempts/{refused['id']}/retries").status_code == 204
        (done,) = wait_until(tried(api, 2))
    assert [t["status_code"] for t in done["attempts"]] == [None, 200] and len(app.calls) == 1


def test_redirects_are_reported_never_followed(api: Api) -> None:
    target = Receiver()
    with ServerThread(target) as elsewhere:
        def redirect(environ: dict[str, Any], start_response: Any) -> Any:
            return Response("", status=302, headers={"Location": f"{elsewhere.base_url}/stolen"})(
                environ, start_response)
        with ServerThread(redirect) as bouncer:
            api.create("/webhooks", url=f"{bouncer.base_url}/hook")
            api.create("/customers", name="Acme")
            (attempt,) = wait_until(tried(api, 1))
    assert attempt["attempts"][0]["status_code"] == 302
    assert target.calls == []


def test_the_queue_is_bounded_and_a_stop_abandons_it(api: Api, receiver: tuple[Receiver, str]) -> None:
    app, url = receiver
    app.gate.clear()  # the receiver holds every delivery
    api.create("/webhooks", url=url, events=["customer.created"])
    with delivery.configured(Ceilings(webhook_queue_per_destination=3)):
        for i in range(10):
            api.create("/customers", name=f"C{i}")
    dropped = [a for a in attempts(api) if a["attempts"] and a["attempts"][0]["status_code"] is None]
    assert len(dropped) >= 10 - 3 - 1  # past the queue and the one delivery in flight: dropped at once
    started = time.monotonic()
    assert delivery.abandon() <= 3
    assert time.monotonic() - started < 0.1
    app.gate.set()


def test_attempts_filter_by_event_and_retry_needs_the_webhook(api: Api, receiver: tuple[Receiver, str]) -> None:
    _app, url = receiver
    hook = api.create("/webhooks", url=url)
    first, second = api.create("/customers", name="A"), api.create("/customers", name="B")
    wait_until(lambda: len(tried(api, 1)()) == 2)
    events = {e["data"]["object"]["id"]: e["id"] for e in api.get("/events").get_json()}
    only = api.get(f"/webhook_attempts?filter[event_id]={events[second['id']]}")
    assert only.headers["X-Total-Count"] == "1" and only.get_json()[0]["event_id"] == events[second["id"]]
    assert events[first["id"]] != events[second["id"]]
    api.delete(f"/webhooks/{hook['id']}")
    orphan = api.post(f"/webhook_attempts/{only.get_json()[0]['id']}/retries")
    assert orphan.status_code == 400 and "no longer exists" in orphan.get_json()["message"]


def test_webhooks_through_the_client(client: invoiced.Client, receiver: tuple[Receiver, str]) -> None:
    app, url = receiver
    hook = client.Webhook.create(url=url, events=["customer.created"])
    assert hook.enabled is True and len(hook.secret) == 32
    assert [h.id for h in client.Webhook.list()[0]] == [hook.id]
    assert client.Webhook.retrieve(hook.id).url == url
    client.Customer.create(name="Acme")
    wait_until(lambda: app.calls)
    hook.enabled = False
    assert hook.save() is True and hook.enabled is False
    assert hook.delete() is True


def test_the_client_registers_a_production_webhook_url_over_the_server(
        client: invoiced.Client, no_network: list[tuple[Any, ...]]) -> None:
    hook = client.Webhook.create(url="https://api.acme.example/invoiced/webhooks")  # what start-up code registers
    assert client.Webhook.retrieve(hook.id).url == "https://api.acme.example/invoiced/webhooks"
    client.Customer.create(name="Acme")
    (attempt,) = client.request("GET", "/webhook_attempts")["body"]
    assert attempt["attempts"][0]["status_code"] is None and "--webhook-allow api.acme.example" in (
        attempt["attempts"][0]["error"])
    assert no_network == []


event_filters = st.lists(st.sampled_from(["*", "customer.created", "customer.updated", "invoice.paid"]),
                         min_size=1, max_size=3, unique=True)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(event_filters, st.booleans()), min_size=1, max_size=4))
def test_each_event_reaches_exactly_the_enabled_hooks_that_subscribe(hooks: list[tuple[list[str], bool]]) -> None:
    app = Receiver()
    with ServerThread(app) as server:
        api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
        for i, (events, enabled) in enumerate(hooks):
            api.create("/webhooks", url=f"{server.base_url}/{i}", events=events, enabled=enabled)
        customer = api.create("/customers", name="Acme")
        api.patch(f"/customers/{customer['id']}", json={"name": "Acme Inc"})
        expected = sorted((f"{server.base_url}/{i}", kind) for i, (events, enabled) in enumerate(hooks)
                          for kind in ("customer.created", "customer.updated")
                          if enabled and ("*" in events or kind in events))
        wait_until(lambda: len(tried(api, 1)()) == len(expected))
        events_by_id = {e["id"]: e["type"] for e in api.get("/events").get_json()}
        assert sorted((a["url"], events_by_id[a["event_id"]]) for a in attempts(api)) == expected
        assert len(app.calls) == len(expected)
