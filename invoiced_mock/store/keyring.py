"""API keys a business issued itself (``POST /api_keys``): which business each one opens.

The truth is each business's own ``api_key`` table: its rows are created, deleted, rolled back, snapshotted,
restored and persisted with the rest of its state. The ring only remembers, for every secret ever issued,
the key of the business that issued it, so that a request made with the secret finds its business in one
dict read; the business then says whether it still holds the secret (``Business.holds_key``). A secret
whose row is gone opens nothing, even where unknown keys open a business of their own.
"""

from __future__ import annotations

from collections.abc import Iterable

TABLE = "api_key"  # the table of issued keys (the ``api_key`` resource's), looked up by ``SECRET``
SECRET = "secret"


class KeyRing:
    """Issued secret → the API key of the business that issued it. Never forgets: holding is the table's say."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def issue(self, secret: str, owner: str) -> None:
        self._owners[secret] = owner

    def learn(self, owner: str, secrets: Iterable[str]) -> None:
        """Remember secrets a business holds that the ring may not have seen issued (state loaded from disk)."""
        for secret in secrets:
            self._owners[secret] = owner

    def owner(self, secret: str) -> str | None:
        return self._owners.get(secret)
