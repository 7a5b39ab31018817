"""invoiced-mock: the Invoiced billing API, in memory, for tests.

``import invoiced_mock`` is light: the names below are imported on first use (PEP 562), so the pytest
plugin, which every pytest run loads, costs nothing until a test asks for a fixture. Contract checks and
PDFs need extras (``invoiced-mock[contract]``, ``[pdf]``; see :mod:`invoiced_mock.extras`).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from invoiced_mock import moved
from invoiced_mock.defaults import VERSION

if TYPE_CHECKING:
    from invoiced_mock.app import InvoicedMock
    from invoiced_mock.clock import Clock
    from invoiced_mock.control.journal import Journal
    from invoiced_mock.errors import ApiError
    from invoiced_mock.intercept.origins import RealApiBlocked
    from invoiced_mock.testing.harness import Harness
    from invoiced_mock.testing.testcase import InvoicedMockTestCase
    from invoiced_mock.testing.webhooks import HandlerError

__all__ = ["ApiError", "Clock", "HandlerError", "Harness", "InvoicedMock", "InvoicedMockTestCase", "Journal",
           "RealApiBlocked", "httpx_transport"]
__version__ = VERSION

# Public name → the module that defines it, imported when the name is first read.
_LAZY = {
    "ApiError": "invoiced_mock.errors",
    "Clock": "invoiced_mock.clock",
    "HandlerError": "invoiced_mock.testing.webhooks",
    "Harness": "invoiced_mock.testing.harness",
    "InvoicedMock": "invoiced_mock.app",
    "InvoicedMockTestCase": "invoiced_mock.testing.testcase",
    "Journal": "invoiced_mock.control.journal",
    "RealApiBlocked": "invoiced_mock.intercept.origins",
}
moved.install()


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value  # later reads skip this hook
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def httpx_transport(app: InvoicedMock, *, asynchronous: bool = False, base_urls: Sequence[str] | None = None) -> Any:
    """An httpx transport serving ``base_urls`` from ``app`` in process (``httpx.Client(transport=...)``);
    ``asynchronous=True`` gives one for ``httpx.AsyncClient``. Needs httpx installed; loads it only when called."""
    from invoiced_mock.intercept import httpx_transport as transports

    return transports.httpx_transport(app, asynchronous=asynchronous, base_urls=base_urls)
