"""httpx transports (sync and async) that answer Invoiced API URLs from the app in process.

Imported only when asked for (``invoiced_mock.httpx_transport``), so httpx stays optional. Requests to
hosts outside ``base_urls`` go to a real httpx transport (or the ``fallback`` given).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import httpx

from .transport import DEFAULT_BASE_URLS, NetworkFault, base_for, call_app

if TYPE_CHECKING:
    from .app import InvoicedMock

RAISES = {"timeout": httpx.ReadTimeout, "connection_error": httpx.ConnectError}


def _answer(app: InvoicedMock, request: httpx.Request, base: str, body: bytes) -> httpx.Response:
    url = str(request.url)
    try:
        answer = call_app(app, request.method, url, base, request.headers, body)
    except NetworkFault as fault:
        raise RAISES[fault.kind](str(fault), request=request) from None
    return httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)


class HttpxTransport(httpx.BaseTransport):
    def __init__(self, app: InvoicedMock, base_urls: Sequence[str] = DEFAULT_BASE_URLS,
                 fallback: httpx.BaseTransport | None = None) -> None:
        self.app = app
        self.base_urls = tuple(base_urls)
        self.fallback = fallback

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        base = base_for(str(request.url), self.base_urls)
        if base is None:
            self.fallback = self.fallback or httpx.HTTPTransport()
            return self.fallback.handle_request(request)
        return _answer(self.app, request, base, request.read())

    def close(self) -> None:
        if self.fallback is not None:
            self.fallback.close()


class AsyncHttpxTransport(httpx.AsyncBaseTransport):
    """The async twin; the app runs inline (it is in memory), so a ``delay`` fault blocks the loop."""

    def __init__(self, app: InvoicedMock, base_urls: Sequence[str] = DEFAULT_BASE_URLS,
                 fallback: httpx.AsyncBaseTransport | None = None) -> None:
        self.app = app
        self.base_urls = tuple(base_urls)
        self.fallback = fallback

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        base = base_for(str(request.url), self.base_urls)
        if base is None:
            self.fallback = self.fallback or httpx.AsyncHTTPTransport()
            return await self.fallback.handle_async_request(request)
        return _answer(self.app, request, base, await request.aread())

    async def aclose(self) -> None:
        if self.fallback is not None:
            await self.fallback.aclose()
