"""Webhook delivery over HTTP, off the request thread: sign, POST, report the status code back.

A small thread pool sends each delivery; the caller's ``done`` callback receives the receiver's status
code (``None`` when nothing answered). Requests never wait on a receiver. No proxies: the mock talks
to the URL it was given, usually a loopback receiver in a test.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

USER_AGENT = "Invoiced/1.0"
TIMEOUT = 10.0  # seconds a receiver may take before the attempt counts as failed
WORKERS = 4
log = logging.getLogger(__name__)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


@dataclass(frozen=True)
class Delivery:
    url: str
    body: bytes
    secret: str
    done: Callable[[int | None], None]


def encode(event: dict[str, Any]) -> bytes:
    """The JSON body of a delivery (Decimal amounts as JSON numbers)."""
    def number(value: Any) -> Any:
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return json.dumps(event, default=number, separators=(",", ":"), sort_keys=True).encode()


def sign(body: bytes, secret: str) -> str:
    """``X-Invoiced-Signature``: hex HMAC-SHA256 of the exact body bytes, keyed by the webhook secret."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def send(delivery: Delivery) -> None:
    """Queue ``delivery``; returns at once."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="invoiced-mock-webhook")
        pool = _pool
    pool.submit(_deliver, delivery)


def _deliver(delivery: Delivery) -> None:
    try:
        delivery.done(post(delivery))
    except Exception:  # a worker thread has no caller to report to
        log.exception("webhook delivery to %s failed", delivery.url)


def post(delivery: Delivery) -> int | None:
    """POST the body and return the receiver's status code, or None when nothing answered."""
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
