"""httpx, sync and async: Invoiced API URLs answered from the app in process.

Two ways in. :func:`patch` (applied by ``intercept/urllib3_transport.py`` while any interception or the guard is
active, as soon as httpx is imported) makes httpx's own ``HTTPTransport``/``AsyncHTTPTransport`` answer routed
URLs, so clients the code under test builds without a transport reach the mock; other hosts go to the network
untouched. And :class:`HttpxTransport`/:class:`AsyncHttpxTransport` serve one app whatever is routed, for
``httpx.Client(transport=...)``. Both carry out faults as ``intercept/exchange.py`` describes, with httpx's
exceptions; the read timeout is the request's own (``request.extensions["timeout"]``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import anyio
import httpx

from invoiced_mock.defaults import DEFAULT_BASE_URLS
from invoiced_mock.http.paths import merge_slashes
from invoiced_mock.intercept.exchange import ConnectFailed, Outcome, Pending, begin, finish
from invoiced_mock.intercept.origins import DEFAULT_PORTS, ROUTES, Base, Group, RealApiBlocked

if TYPE_CHECKING:
    from invoiced_mock.app import InvoicedMock

# Each transport's own handler (an unbound method: the transport, then the request), put back by unpatch()
ORIGINALS: dict[type[httpx.BaseTransport | httpx.AsyncBaseTransport], Callable[..., Any]] = {
    httpx.HTTPTransport: httpx.HTTPTransport.handle_request,
    httpx.AsyncHTTPTransport: httpx.AsyncHTTPTransport.handle_async_request}


def _begin(app: InvoicedMock, base: Base, request: httpx.Request, body: bytes) -> Pending:
    url = str(request.url)
    target = request.url.raw_path.decode("ascii")
    try:
        return begin(app, base, request.method, target, request.headers.multi_items(), body, url)
    except ConnectFailed as failed:
        raise httpx.ConnectTimeout(str(failed), request=request) from None


def _read_timeout(request: httpx.Request) -> float | None:
    timeout: float | None = request.extensions.get("timeout", {}).get("read")
    return timeout


def _response(outcome: Outcome, request: httpx.Request) -> httpx.Response:
    if outcome.failure == "read_timeout":
        raise httpx.ReadTimeout(outcome.message, request=request)
    if outcome.failure == "dropped":  # what httpcore raises when a server hangs up without answering
        raise httpx.RemoteProtocolError(f"Server disconnected without sending a response. ({outcome.message})",
                                        request=request)
    assert outcome.answer is not None
    answer = outcome.answer
    return httpx.Response(answer.status, headers=answer.headers, content=answer.body, request=request)


def answer(app: InvoicedMock, base: Base, request: httpx.Request) -> httpx.Response:
    pending = _begin(app, base, request, request.read())
    outcome = finish(pending, _read_timeout(request))
    pending.sleep(outcome.wait)
    return _response(outcome, request)


async def answer_async(app: InvoicedMock, base: Base, request: httpx.Request) -> httpx.Response:
    """The async twin: the app runs inline (it is in memory); waits do not block the event loop."""
    pending = _begin(app, base, request, await request.aread())
    outcome = finish(pending, _read_timeout(request))
    if outcome.wait > 0:
        if app.faults.sleep is time.sleep:
            await anyio.sleep(outcome.wait)
        else:
            app.faults.sleep(outcome.wait)  # a test's stand-in for real time
    return _response(outcome, request)


def _routed(request: httpx.Request) -> tuple[InvoicedMock, Base] | None:
    found = ROUTES.find_url(str(request.url))
    if found is None:
        return None
    base, app = found
    if app is None:
        raise RealApiBlocked(request.method, str(request.url))
    return app, base


def _handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
    routed = _routed(request)
    if routed is None:
        response: httpx.Response = ORIGINALS[httpx.HTTPTransport](self, request)
        return response
    return answer(*routed, request)


async def _handle_async_request(self: httpx.AsyncHTTPTransport, request: httpx.Request) -> httpx.Response:
    routed = _routed(request)
    if routed is None:
        response: httpx.Response = await ORIGINALS[httpx.AsyncHTTPTransport](self, request)
        return response
    return await answer_async(*routed, request)


def patch() -> None:
    """Route httpx's default transports through the routing table (idempotent)."""
    httpx.HTTPTransport.handle_request = _handle_request  # type: ignore[method-assign]
    httpx.AsyncHTTPTransport.handle_async_request = _handle_async_request  # type: ignore[method-assign]


def unpatch() -> None:
    if httpx.HTTPTransport.handle_request is _handle_request:
        httpx.HTTPTransport.handle_request = ORIGINALS[httpx.HTTPTransport]  # type: ignore[method-assign]
    if httpx.AsyncHTTPTransport.handle_async_request is _handle_async_request:
        httpx.AsyncHTTPTransport.handle_async_request = ORIGINALS[httpx.AsyncHTTPTransport]  # type: ignore[method-assign]


def _base_for(group: Group, request: httpx.Request) -> Base | None:
    url = request.url
    origin = (url.scheme, url.host.lower(), url.port or DEFAULT_PORTS.get(url.scheme, 0))
    path = merge_slashes(url.path)
    return next((b for b in group.bases if b.origin == origin and b.holds(path)), None)


class HttpxTransport(httpx.BaseTransport):
    """Serves ``base_urls`` from ``app``; other URLs go to ``fallback`` (a real ``httpx.HTTPTransport`` if None)."""

    def __init__(self, app: InvoicedMock, base_urls: Sequence[str] = DEFAULT_BASE_URLS,
                 fallback: httpx.BaseTransport | None = None) -> None:
        self.app = app
        self.group = Group.of(list(base_urls), app)
        self.fallback = fallback

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        base = _base_for(self.group, request)
        if base is None:
            self.fallback = self.fallback or httpx.HTTPTransport()
            return self.fallback.handle_request(request)
        return answer(self.app, base, request)

    def close(self) -> None:
        if self.fallback is not None:
            self.fallback.close()


class AsyncHttpxTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`HttpxTransport`."""

    def __init__(self, app: InvoicedMock, base_urls: Sequence[str] = DEFAULT_BASE_URLS,
                 fallback: httpx.AsyncBaseTransport | None = None) -> None:
        self.app = app
        self.group = Group.of(list(base_urls), app)
        self.fallback = fallback

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        base = _base_for(self.group, request)
        if base is None:
            self.fallback = self.fallback or httpx.AsyncHTTPTransport()
            return await self.fallback.handle_async_request(request)
        return await answer_async(self.app, base, request)

    async def aclose(self) -> None:
        if self.fallback is not None:
            await self.fallback.aclose()


def httpx_transport(app: InvoicedMock, *, asynchronous: bool = False,
                    base_urls: Sequence[str] | None = None) -> Any:
    """An httpx transport serving ``base_urls`` from ``app`` in process (``httpx.Client(transport=...)``);
    ``asynchronous=True`` gives one for ``httpx.AsyncClient``. Needs httpx installed."""
    bases = tuple(base_urls) if base_urls is not None else DEFAULT_BASE_URLS
    return AsyncHttpxTransport(app, bases) if asynchronous else HttpxTransport(app, bases)
