"""invoiced-mock: the Invoiced billing API, in memory, for tests.

``import invoiced_mock`` is light: the names below are imported on first use (PEP 562), so the pytest
plugin, which every pytest run loads, costs nothing until a test asks for a fixture. Contract checks and
PDFs need extras (``invoiced-mock[contract]``, ``[pdf]``; see :mod:`invoiced_mock.extras`).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import InvoicedMock
    from .clock import Clock
    from .errors import ApiError
    from .harness import Harness
    from .testcase import InvoicedMockTestCase

__all__ = ["ApiError", "Clock", "Harness", "InvoicedMock", "InvoicedMockTestCase", "httpx_transport"]
__version__ = "0.1.0"

# Public name → the module that defines it, imported when the name is first read.
_LAZY = {
    "ApiError": ".errors",
    "Clock": ".clock",
    "Harness": ".harness",
    "InvoicedMock": ".app",
    "InvoicedMockTestCase": ".testcase",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value  # later reads skip this hook
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def httpx_transport(app: InvoicedMock, *, asynchronous: bool = False,
                    base_urls: Sequence[str] | None = None) -> Any:
    """An httpx transport serving ``base_urls`` from ``app`` in process (``httpx.Client(transport=...)``);
    ``asynchronous=True`` gives one for ``httpx.AsyncClient``. Needs httpx installed."""
    from .defaults import DEFAULT_BASE_URLS
    from .transport_httpx import AsyncHttpxTransport, HttpxTransport

    bases = tuple(base_urls) if base_urls is not None else DEFAULT_BASE_URLS
    return AsyncHttpxTransport(app, bases) if asynchronous else HttpxTransport(app, bases)
