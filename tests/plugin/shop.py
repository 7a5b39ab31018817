"""Code under test for the downstream-style suite: it knows only ``invoiced.Client``, as in production.

Nothing here mentions the mock; the tests point it at nothing either. The plugin catches its traffic.
"""

from __future__ import annotations

import os
from typing import Any

import invoiced

RETRYABLE = (invoiced.errors.RateLimitError, invoiced.errors.ApiConnectionError)


def client() -> invoiced.Client:
    return invoiced.Client(os.environ.get("SHOP_INVOICED_KEY", "sk_test_invoiced_mock"))


def sign_up(name: str, email: str) -> int:
    """Create the customer unless one with this email exists; its id."""
    found, _ = client().Customer.list(filter={"email": email})
    if found:
        return int(found[0].id)
    return int(client().Customer.create(name=name, email=email).id)


def rename_with_retry(customer_id: int, name: str, attempts: int = 3) -> int:
    """Rename, retrying rate limits and dropped connections; how many attempts it took."""
    for attempt in range(1, attempts + 1):
        try:
            customer = client().Customer.retrieve(customer_id)
            customer.name = name
            customer.save()
            return attempt
        except RETRYABLE:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


class CustomerCounter:
    """A webhook consumer that must count each new customer once, however often the event arrives."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.customers = 0

    def __call__(self, event: dict[str, Any]) -> None:
        if event["id"] in self.seen:
            return
        self.seen.add(event["id"])
        if event["type"] == "customer.created":
            self.customers += 1
