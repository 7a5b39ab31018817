"""Webhook delivery over HTTP, off the request thread: check the target, sign, POST, report the status back.

A few daemon worker threads take deliveries from a bounded queue; the caller's ``done`` callback receives
the receiver's status code (``None`` when nothing answered or the delivery was dropped). Requests never wait
on a receiver, and a stopping process never waits on a delivery: :func:`abandon` drops what is queued and
the workers die with the process.

So that a key holder cannot turn the mock into a port scanner, targets are checked before each delivery is
queued (``resources/webhook_attempts.py`` records a refused one as a failed try) and again before each POST:
only ``http``/``https`` URLs with a valid port, on a host the process-wide allow-list names (loopback by
default; ``invoiced-mock serve --webhook-allow HOST``); redirects are reported, never followed; no proxies.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import queue
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from invoiced_mock.formats import json_bodies

USER_AGENT = "Invoiced/1.0"
TIMEOUT = 10.0  # seconds a receiver may take before the attempt counts as failed
WORKERS = 4
MAX_PENDING = 1_000  # deliveries waiting for a worker; past this a delivery is dropped (and logged)
LOOPBACK = ("localhost", "*.localhost", "127.0.0.0/8", "::1")
log = logging.getLogger(__name__)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx status, which is what we report


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


@dataclass(frozen=True)
class Delivery:
    url: str
    body: bytes
    secret: str
    done: Callable[[int | None], None]


class AllowList:
    """Hosts webhooks may reach: names (``hooks.test``), wildcards (``*.test``), IP networks (``10.0.0.0/8``)
    or ``*`` for any host."""

    def __init__(self, entries: Iterable[str] = LOOPBACK) -> None:
        self.entries = tuple(entries)
        self._names = {e.lower() for e in self.entries if not _network(e) and not e.startswith("*.")}
        self._suffixes = tuple(e[1:].lower() for e in self.entries if e.startswith("*."))
        self._networks = [net for e in self.entries if (net := _network(e)) is not None]

    def allows(self, host: str) -> bool:
        host = host.lower().strip("[]")
        if "*" in self.entries or host in self._names or host.endswith(self._suffixes):
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self._networks)


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return None


ALLOWED = AllowList()


def allow(entries: Iterable[str]) -> None:
    """Set the process-wide allow-list (the CLI's ``--webhook-allow``; loopback is always kept)."""
    global ALLOWED
    ALLOWED = AllowList((*LOOPBACK, *entries))


@contextmanager
def allowing(entries: Iterable[str]) -> Iterator[None]:
    """The allow-list extended with ``entries`` while the block runs (tests)."""
    global ALLOWED
    before = ALLOWED
    ALLOWED = AllowList((*before.entries, *entries))
    try:
        yield
    finally:
        ALLOWED = before


def refusal(url: str) -> str | None:
    """Why ``url`` may not receive webhooks, or None when it may."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Webhook URLs must be absolute http or https URLs"
    try:
        parts.port  # noqa: B018 - raises ValueError when out of range
    except ValueError:
        return f"The port in {url} is not valid (1 to 65535)"
    if parts.port == 0:
        return f"The port in {url} is not valid (1 to 65535)"
    if not ALLOWED.allows(parts.hostname):
        return (f"invoiced-mock delivers webhooks only to allowed hosts and {parts.hostname} is not one "
                f"(allowed: {', '.join(ALLOWED.entries)}); start the sandbox with --webhook-allow {parts.hostname} "
                "to allow it")
    return None


def encode(event: dict[str, Any]) -> bytes:
    """The JSON body of a delivery: the event byte for byte as the API answers it."""
    return json_bodies.encode(event)


def sign(body: bytes, secret: str) -> str:
    """``X-Invoiced-Signature``: hex HMAC-SHA256 of the exact body bytes, keyed by the webhook secret."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class _Outbox:
    """The bounded queue and its daemon workers, started on first use."""

    def __init__(self) -> None:
        self.pending: queue.Queue[Delivery] = queue.Queue(maxsize=MAX_PENDING)
        self._lock = threading.Lock()
        self._workers: list[threading.Thread] = []

    def put(self, delivery: Delivery) -> bool:
        with self._lock:
            if not self._workers:
                self._workers = [threading.Thread(target=self._work, name=f"invoiced-mock-webhook-{i}", daemon=True)
                                 for i in range(WORKERS)]
                for worker in self._workers:
                    worker.start()
        try:
            self.pending.put_nowait(delivery)
        except queue.Full:
            return False
        return True

    def _work(self) -> None:
        while True:
            delivery = self.pending.get()
            try:
                delivery.done(post(delivery))
            except Exception:  # a worker thread has no caller to report to
                log.exception("webhook delivery to %s failed", delivery.url)

    def drain(self) -> int:
        dropped = 0
        while True:
            try:
                self.pending.get_nowait()
            except queue.Empty:
                return dropped
            dropped += 1


_OUTBOX = _Outbox()


def send(delivery: Delivery) -> None:
    """Queue ``delivery``; returns at once. A full queue drops it: ``done(None)``, and a log line says so."""
    if not _OUTBOX.put(delivery):
        log.warning("webhook queue full (%d pending): delivery to %s dropped", MAX_PENDING, delivery.url)
        delivery.done(None)


def abandon() -> int:
    """Drop every queued delivery (a stopping server must not wait on receivers); how many were dropped."""
    dropped = _OUTBOX.drain()
    if dropped:
        log.warning("abandoned %d pending webhook deliveries", dropped)
    return dropped


def post(delivery: Delivery) -> int | None:
    """POST the body and return the receiver's status code, or None when nothing answered (or not allowed)."""
    why = refusal(delivery.url)
    if why is not None:
        log.warning("webhook to %s not sent: %s", delivery.url, why)
        return None
    request = urllib.request.Request(delivery.url, data=delivery.body, method="POST", headers={
        "User-Agent": USER_AGENT,
        "Content-Type": "application/json",
        "X-Invoiced-Signature": sign(delivery.body, delivery.secret),
    })
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, OSError):
        return None
