"""What a handler returns: the HTTP layer decides how each kind goes on the wire."""

from __future__ import annotations

from collections.abc import Sequence
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
    """A list endpoint's full, filtered and ordered result; the HTTP layer pages it (slicing reads only that page)."""

    resource: Resource
    records: Sequence[Record]


@dataclass
class Batch:
    """Several objects returned together, not paged (``POST /invoices/1/emails`` → array).

    ``lone``: the API documents one bare object here (``POST /invoices/1/letters``) but some official
    clients read an array; the HTTP edge picks the shape per client (see ``http/responses.py``).
    """

    resource: Resource
    records: list[Record]
    status: int = 200
    lone: bool = False


@dataclass
class Data:
    """A body that is not a stored object (``GET /customers/1/balance``); ``schema`` names its published shape."""

    body: Any
    status: int = 200
    schema: str | None = None


@dataclass
class Empty:
    status: int = 204


@dataclass
class File:
    """A body that is not JSON (a PDF, CSV or HTML page), sent as is with its content type."""

    body: bytes
    content_type: str
    status: int = 200
    filename: str | None = None


Reply = One | Many | Batch | Data | Empty | File
