"""Delivery: the body is the event as JSON, the signature an HMAC-SHA256 of exactly those bytes; a destination
is checked on the addresses it resolves to, and one receiver's backlog is its own."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.delivery import outbound
from invoiced_mock.delivery.outbound import encode, sign
from invoiced_mock.server.threads import ServerThread
from invoiced_mock.store.ceilings import Ceilings
from tests.conftest import EPOCH, Api


def test_signature_is_hex_hmac_sha256_of_the_body() -> None:
    # Worked by hand with the standard library: HMAC-SHA256(key="secret", msg=b"{}").
    assert sign(b"{}", "secret") == hmac.new(b"secret", b"{}", hashlib.sha256).hexdigest()
    assert len(sign(b"{}", "secret")) == 64


def test_amounts_are_json_numbers() -> None:
    body = encode({"id": 1, "data": {"total": Decimal("10.50"), "count": Decimal("3")}})
    assert body == b'{"id":1,"data":{"total":10.5,"count":3}}'  # in the event's own order, as the API answers


@settings(max_examples=50, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=8), max_size=5),
       st.text(min_size=1, max_size=40))
def test_a_receiver_verifies_what_was_sent_and_nothing_else(event: dict[str, object], secret: str) -> None:
    body = encode(event)
    assert json.loads(body) == event
    signature = sign(body, secret)
    assert hmac.compare_digest(signature, hmac.new(secret.encode(), body, hashlib.sha256).hexdigest())
    assert sign(body + b" ", secret) != signature


# -- where a delivery may go, and how a stuck receiver is kept to its own share --------------------------------


class Hits:
    """A WSGI receiver that counts POSTs (and answers 204)."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.bodies.append(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
        start_response("204 No Content", [])
        return []


def _port(server: ServerThread) -> int:
    return int(server.base_url.rsplit(":", 1)[1])


def _resolving(monkeypatch: pytest.MonkeyPatch, names: dict[str, list[str]]) -> None:
    """Make these names resolve to these addresses (what a DNS server could answer)."""
    real = outbound.RESOLVE

    def resolve(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in names:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                     (a, int(port)) if ":" not in a else (a, int(port), 0, 0)) for a in names[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(outbound, "RESOLVE", resolve)


def _deliver(url: str) -> int | None:
    return outbound.post(outbound.Delivery(url, b"{}", "secret", lambda _status: None))


def test_a_name_is_checked_on_the_addresses_it_resolves_to_at_connect_time(monkeypatch: pytest.MonkeyPatch) -> None:
    hits = Hits()
    with ServerThread(hits) as receiver:
        port = _port(receiver)
        _resolving(monkeypatch, {"good.localhost": ["127.0.0.1"], "evil.localhost": ["10.255.0.1"],
                                 "both.localhost": ["10.255.0.1", "127.0.0.1"]})
        assert outbound.refusal(f"http://evil.localhost:{port}/") is None  # the name passes; its address will not
        started = time.monotonic()
        assert _deliver(f"http://evil.localhost:{port}/") is None
        assert time.monotonic() - started < 1  # refused before any connection, not timed out
        assert _deliver(f"http://good.localhost:{port}/") == 204
        assert _deliver(f"http://both.localhost:{port}/") == 204  # only the allowed address is tried
    assert len(hits.bodies) == 2


def test_an_allowed_name_may_reach_public_addresses_but_not_private_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    _resolving(monkeypatch, {"hooks.example.test": ["169.254.169.254"]})
    with outbound.allowing(["hooks.example.test"]):
        assert outbound.refusal("http://hooks.example.test/h") is None
        assert _deliver("http://hooks.example.test:9/h") is None
        assert not outbound.ALLOWED.reaches("hooks.example.test", ipaddress.ip_address("169.254.169.254"))
        assert outbound.ALLOWED.reaches("hooks.example.test", ipaddress.ip_address("93.184.216.34"))
    with outbound.allowing(["169.254.0.0/16"]):
        assert outbound.ALLOWED.reaches("anything.test", ipaddress.ip_address("169.254.169.254"))


def test_ipv6_loopback_is_a_destination() -> None:
    hits = Hits()
    with ServerThread(hits, host="::1") as receiver:
        url = f"http://[::1]:{_port(receiver)}/hook"
        assert outbound.refusal(url) is None
        assert _deliver(url) == 204
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
    assert api.post("/webhooks", json={"url": "http://[::1]:8080/hook"}).status_code == 201
    assert api.post("/webhooks", json={"url": "http://[::1/hook"}).status_code == 400


@pytest.fixture
def silent() -> Iterator[str]:
    """A receiver that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
    sock.close()


def test_a_receiver_that_never_answers_cannot_starve_the_others(silent: str) -> None:
    hits = Hits()
    with ServerThread(hits) as good:
        app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
        stuck, served = Api(app, "sk_stuck"), Api(app, "sk_served")
        stuck.create("/webhooks", url=silent, events=["customer.created"])
        served.create("/webhooks", url=f"{good.base_url}/hook", events=["customer.created"])
        for i in range(8):
            stuck.create("/customers", name=f"S{i}")
        served.create("/customers", name="Served")
        deadline = time.monotonic() + 3  # well inside the stuck receiver's 10 s timeout
        while not hits.bodies:
            assert time.monotonic() < deadline, "a stuck receiver held every worker"
            time.sleep(0.01)
    outbound.abandon()


def test_past_a_receivers_queue_its_oldest_waiting_delivery_is_dropped(silent: str) -> None:
    outcome: dict[int, int | None] = {}
    with outbound.configured(Ceilings(webhook_queue_per_destination=2, webhook_workers=1)):
        for n in range(5):
            outbound.send(outbound.Delivery(silent, b"{}", "s", lambda status, n=n: outcome.__setitem__(n, status)))
            if n == 0:
                time.sleep(0.2)  # a worker takes it (and waits on the silent receiver)
        assert outcome == {1: None, 2: None}  # 0 in flight, 3 and 4 wait: the oldest waiting gave way
        assert outbound.abandon() == 2
