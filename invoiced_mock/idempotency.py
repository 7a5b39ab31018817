"""``Idempotency-Key``: a POST or PATCH repeated with the same key gets the first answer, not a second write."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .errors import InvalidRequest
from .store import Business

MIN_LENGTH, MAX_LENGTH = 6, 64
METHODS = ("POST", "PATCH")


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
    if row is None:
        return None
    stored: Stored = row["stored"]
    if stored.fingerprint != print_:
        raise InvalidRequest("This idempotency key was already used with a different request", "Idempotency-Key")
    return stored


def remember(business: Business, key: str, stored: Stored) -> None:
    business.table("idempotency_key").put({"id": key, "stored": stored})
