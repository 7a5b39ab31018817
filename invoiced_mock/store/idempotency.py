"""``Idempotency-Key``: a POST or PATCH repeated with the same key gets the first answer, not a second write.

As in the API, a key is remembered for 24 hours (of mock time: ``clock.advance(days=1)`` forgets it);
a business keeps at most ``business.ceilings.idempotency_keys`` of them (``store/ceilings.py``), the oldest
forgotten first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from invoiced_mock.errors import InvalidRequest
from invoiced_mock.store.business import Business

MIN_LENGTH, MAX_LENGTH = 6, 64
METHODS = ("POST", "PATCH")
WINDOW = 24 * 3600  # seconds a key is remembered


@dataclass(frozen=True)
class Stored:
    fingerprint: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def check_key(key: str, method: str) -> None:
    if method not in METHODS and method != "PUT":
        raise InvalidRequest(f"Unsupported method for idempotent requests: {method}", "Idempotency-Key")
    if not MIN_LENGTH <= len(key) <= MAX_LENGTH:
        raise InvalidRequest(
            f"Idempotency keys must be between {MIN_LENGTH} and {MAX_LENGTH} characters", "Idempotency-Key")


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"%s %s\n%s" % (method.encode(), path.encode(), body)).hexdigest()


def lookup(business: Business, key: str, print_: str) -> Stored | None:
    row = business.table("idempotency_key").get(key)
    if row is None or _expired(business, row):
        return None
    stored: Stored = row["stored"]
    if stored.fingerprint != print_:
        raise InvalidRequest("This idempotency key was already used with a different request", "Idempotency-Key")
    return stored


def remember(business: Business, key: str, stored: Stored) -> None:
    table = business.table("idempotency_key")
    table.remove(key)  # a key used again after it expired goes to the back: rows stay in time order
    table.put({"id": key, "stored": stored, "at": business.clock.now()})
    while table.rows:  # forget the oldest while they are too many or too old: amortised O(1) a request
        oldest = next(iter(table.rows.values()))
        if len(table) <= business.ceilings.idempotency_keys and not _expired(business, oldest):
            break
        table.remove(oldest["id"])


def _expired(business: Business, row: dict[str, object]) -> bool:
    at = row.get("at")
    return isinstance(at, int) and business.clock.now() - at >= WINDOW
