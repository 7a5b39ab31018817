"""invoiced-mock: the Invoiced billing API, in memory, for tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .app import InvoicedMock
from .clock import Clock
from .errors import ApiError

__all__ = ["ApiError", "Clock", "Harness", "InvoicedMock", "httpx_transport"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``Harness`` on first use: it brings factories, snapshots and transports, which a plain import needs not."""
    if name == "Harness":
        from .harness import Harness

        return Harness
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def httpx_transport(app: InvoicedMock, *, asynchronous: bool = False,
                    base_urls: Sequence[str] | None = None) -> Any:
    """An httpx transport serving ``base_urls`` from ``app`` in process (``httpx.Client(transport=...)``);
    ``asynchronous=True`` gives one for ``httpx.AsyncClient``. Needs httpx installed."""
    from .transport import DEFAULT_BASE_URLS
    from .transport_httpx import AsyncHttpxTransport, HttpxTransport

    bases = tuple(base_urls) if base_urls is not None else DEFAULT_BASE_URLS
    return AsyncHttpxTransport(app, bases) if asynchronous else HttpxTransport(app, bases)
