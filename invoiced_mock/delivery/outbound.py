"""Webhook delivery over HTTP, off the request thread: check the target, sign, POST, report the status back.

Deliveries wait in one queue per destination (scheme, host and port); a few daemon worker threads take
them in turn, destination after destination, with at most one delivery in flight to any one destination.
So a receiver that never answers holds one worker for its timeout, never all of them: the others keep
serving every other receiver. The queues are bounded (``store/ceilings.py``: ``webhook_queue`` in all,
``webhook_queue_per_destination`` for one); past either, the oldest delivery waiting for that receiver (for
the whole queue: the receiver with the most waiting) is dropped, logged, and reported with ``done(None)``.
Requests never wait on a receiver, and a stopping process never waits on a delivery: :func:`abandon` drops
what is queued and the workers die with the process.

So that a key holder cannot turn the mock into a port scanner, targets are checked before each delivery is
queued (``resources/webhook_attempts.py`` records a refused one as a failed try) and again before each POST
(:func:`refusal`: ``http``/``https``, a valid port, a host the process-wide allow-list names: loopback by
default; ``invoiced-mock serve --webhook-allow HOST``), and at connect time on the addresses its name resolves
to (:meth:`AllowList.reaches`): the connection goes to an address that passed, never to one a second lookup
might give. ``localhost`` and ``*.localhost`` must resolve to loopback; a name the operator allowed may also
resolve to public addresses, never to private, link-local or loopback ones outside the allowed networks.
Redirects are reported, never followed; no proxies.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import http.client
import ipaddress
import logging
import socket
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from invoiced_mock.formats import json_bodies
from invoiced_mock.store.ceilings import Ceilings

USER_AGENT = "Invoiced/1.0"
TIMEOUT = 10.0  # seconds a receiver may take before the attempt counts as failed
LOCAL_NAMES = ("localhost", "*.localhost")  # names that must resolve to loopback (they are not vouched for)
LOOPBACK = (*LOCAL_NAMES, "127.0.0.0/8", "::1")
RESOLVE = socket.getaddrinfo  # how names become addresses (tests put a DNS server's answers here)
log = logging.getLogger(__name__)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Delivery:
    url: str
    body: bytes
    secret: str
    done: Callable[[int | None], None]


class AllowList:
    """Hosts webhooks may reach: names (``hooks.test``), wildcards (``*.test``), IP networks (``10.0.0.0/8``)
    or ``*`` for any host; :meth:`allows` checks a URL's host, :meth:`reaches` an address it resolved to."""

    def __init__(self, entries: Iterable[str] = LOOPBACK) -> None:
        self.entries = tuple(entries)
        self.any = "*" in self.entries
        names = [e.lower() for e in self.entries if _network(e) is None and e != "*"]
        self._names = {n for n in names if not n.startswith("*.")}
        self._suffixes = tuple(n[1:] for n in names if n.startswith("*."))
        vouched = [n for n in names if n not in LOCAL_NAMES]  # named by the operator: their DNS is trusted
        self._vouched_names = {n for n in vouched if not n.startswith("*.")}
        self._vouched_suffixes = tuple(n[1:] for n in vouched if n.startswith("*."))
        self._networks = [net for e in self.entries if (net := _network(e)) is not None]

    def allows(self, host: str) -> bool:
        """Whether a URL may name ``host`` (its addresses are checked when it is reached)."""
        host = host.lower().strip("[]")
        if self.any or host in self._names or host.endswith(self._suffixes):
            return True
        address = _address(host)
        return address is not None and self._in_networks(address)

    def reaches(self, host: str, address: Address) -> bool:
        """Whether a connection for ``host`` may go to ``address``: an allowed network, or a public address
        of a name the operator allowed."""
        if self.any or self._in_networks(address):
            return True
        host = host.lower().strip("[]")
        vouched = host in self._vouched_names or host.endswith(self._vouched_suffixes)
        return vouched and address.is_global

    def _in_networks(self, address: Address) -> bool:
        return any(address in network for network in self._networks)


def _network(entry: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return None


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.split("%")[0])
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
    """Queues per destination, served in turn by daemon workers started on first use (one delivery in flight
    per destination)."""

    def __init__(self, ceilings: Ceilings) -> None:
        self.ceilings = ceilings
        self._queues: dict[str, deque[Delivery]] = {}  # destination → deliveries waiting, oldest first
        self._turns: deque[str] = deque()  # destinations with a delivery waiting and none in flight, in turn
        self._sending: set[str] = set()  # destinations with a delivery in flight
        self._waiting = 0
        self._ready = threading.Condition()
        self._workers: list[threading.Thread] = []

    def put(self, delivery: Delivery) -> list[Delivery]:
        """Queue ``delivery``; the deliveries dropped to make room (the oldest of a full receiver's)."""
        destination = _destination(delivery.url)
        with self._ready:
            self._start_workers()
            queue = self._queues.setdefault(destination, deque())
            dropped = []
            if len(queue) >= self.ceilings.webhook_queue_per_destination:
                dropped.append(self._drop_oldest(destination))
            elif self._waiting >= self.ceilings.webhook_queue:
                dropped.append(self._drop_oldest(max(self._queues, key=lambda d: len(self._queues[d]))))
            queue.append(delivery)
            self._waiting += 1
            if destination not in self._sending and destination not in self._turns:
                self._turns.append(destination)
            self._ready.notify()
        return dropped

    def _drop_oldest(self, destination: str) -> Delivery:
        queue = self._queues[destination]
        oldest = queue.popleft()
        self._waiting -= 1
        if not queue and destination in self._turns:
            self._turns.remove(destination)
        return oldest

    def _start_workers(self) -> None:
        while len(self._workers) < self.ceilings.webhook_workers:
            worker = threading.Thread(target=self._work, name=f"invoiced-mock-webhook-{len(self._workers)}",
                                      daemon=True)
            self._workers.append(worker)
            worker.start()

    def _take(self) -> tuple[str, Delivery]:
        with self._ready:
            while not self._turns:
                self._ready.wait()
            destination = self._turns.popleft()
            delivery = self._queues[destination].popleft()
            self._waiting -= 1
            self._sending.add(destination)
            return destination, delivery

    def _done(self, destination: str) -> None:
        with self._ready:
            self._sending.discard(destination)
            if self._queues.get(destination):
                self._turns.append(destination)  # its next one waits for its turn behind the others
                self._ready.notify()
            else:
                self._queues.pop(destination, None)

    def _work(self) -> None:
        while True:
            destination, delivery = self._take()
            try:
                delivery.done(post(delivery))
            except Exception:  # a worker thread has no caller to report to
                log.exception("webhook delivery to %s failed", delivery.url)
            finally:
                self._done(destination)

    def drain(self) -> int:
        with self._ready:
            dropped = self._waiting
            for destination in list(self._queues):
                if destination not in self._sending:
                    del self._queues[destination]
                else:
                    self._queues[destination].clear()
            self._turns.clear()
            self._waiting = 0
            return dropped


def _destination(url: str) -> str:
    """Where a delivery goes, as its queue is keyed: scheme, host and port."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port or ''}"


_OUTBOX = _Outbox(Ceilings())


def configure(ceilings: Ceilings) -> None:
    """Set the queues' ceilings and the number of workers (the CLI's ``--limit``; process-wide)."""
    with _OUTBOX._ready:
        _OUTBOX.ceilings = ceilings


@contextmanager
def configured(ceilings: Ceilings) -> Iterator[None]:
    """The queues under ``ceilings`` while the block runs (tests); workers started meanwhile stay."""
    before = _OUTBOX.ceilings
    configure(ceilings)
    try:
        yield
    finally:
        configure(before)


def send(delivery: Delivery) -> None:
    """Queue ``delivery``; returns at once. A delivery dropped to make room gets ``done(None)`` and a log line."""
    for dropped in _OUTBOX.put(delivery):
        log.warning("webhook queue for %s full: its oldest waiting delivery dropped", _destination(dropped.url))
        dropped.done(None)


def abandon() -> int:
    """Drop every queued delivery (a stopping server must not wait on receivers); how many were dropped."""
    dropped = _OUTBOX.drain()
    if dropped:
        log.warning("abandoned %d pending webhook deliveries", dropped)
    return dropped


class Refused(OSError):
    """The destination's name resolved to no address the allow-list lets a delivery reach."""


def post(delivery: Delivery) -> int | None:
    """POST the body and return the receiver's status code, or None when nothing answered (or not allowed)."""
    why = refusal(delivery.url)
    if why is not None:
        log.warning("webhook to %s not sent: %s", delivery.url, why)
        return None
    parts = urlsplit(delivery.url)
    host, port = parts.hostname or "", parts.port
    kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    connection = kind(host, port, timeout=TIMEOUT)
    # http.client's own hook for opening the socket: here, to an address that passed the allow-list.
    connection._create_connection = _checked_connection  # type: ignore[attr-defined]
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    try:
        connection.request("POST", target, body=delivery.body, headers={
            "User-Agent": USER_AGENT,
            "Content-Type": "application/json",
            "X-Invoiced-Signature": sign(delivery.body, delivery.secret),
        })
        with contextlib.closing(connection.getresponse()) as response:
            return int(response.status)  # a redirect is reported as its 3xx, never followed
    except Refused as refused:
        log.warning("webhook to %s not sent: %s", delivery.url, refused)
        return None
    except (OSError, http.client.HTTPException):
        return None
    finally:
        connection.close()


def _checked_connection(address: tuple[str, int], timeout: Any = None, source_address: Any = None) -> socket.socket:
    """A socket connected to the first address ``host`` resolves to that the allow-list lets it reach."""
    host, port = address
    found = RESOLVE(host, port, type=socket.SOCK_STREAM)
    allowed = [info for info in found if (ip := _address(str(info[4][0]))) is not None and ALLOWED.reaches(host, ip)]
    if not allowed:
        seen = ", ".join(sorted({str(info[4][0]) for info in found})) or "nothing"
        raise Refused(f"{host} resolves to {seen}, which webhooks may not reach (allowed: "
                      f"{', '.join(ALLOWED.entries)}; start the sandbox with --webhook-allow to allow more)")
    error: OSError | None = None
    for family, kind, proto, _, sockaddr in allowed:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as failed:
            sock.close()
            error = failed
    raise error if error is not None else Refused(f"{host}: no address to connect to")
