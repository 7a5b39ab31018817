"""Small helpers shared by the document tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api


def invoice(api: Api, customer: dict[str, Any], **params: Any) -> dict[str, Any]:
    """Create an invoice for ``customer`` and insist on 201."""
    return api.create("/invoices", customer=customer["id"], **params)
