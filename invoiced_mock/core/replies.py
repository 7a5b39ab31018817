"""What a handler returns: the HTTP layer decides how each kind goes on the wire."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store import Record
    from .resource import Resource


@dataclass
class One:
    """A single object (200, or 201 on create)."""

    resource: Resource
    record: Record
    status: int = 200


@dataclass
class Many:
    """A list endpoint's full, filtered and ordered result; the HTTP layer pages it."""

    resource: Resource
    records: list[Record]


@dataclass
class Batch:
    """Several objects returned together, not paged (``POST /invoices/1/emails`` → array)."""

    resource: Resource
    records: list[Record]
    status: int = 200


@dataclass
class Data:
    """A body that is not a stored object (``GET /customers/1/balance``)."""

    body: Any
    status: int = 200


@dataclass
class Empty:
    status: int = 204


@dataclass
class Raw:
    """A body that is not JSON (a CSV download): its text and media type."""

    body: str
    content_type: str
    status: int = 200


Reply = One | Many | Batch | Data | Empty | Raw
