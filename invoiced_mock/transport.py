"""In-process transport: ``requests`` traffic to the Invoiced API answered by the WSGI app, no socket.

:class:`WSGIAdapter` is a ``requests`` transport adapter that calls the app directly. :func:`intercept`
routes every ``requests`` session (including the ones the official client makes for itself through
``requests.request``) to it for the given base URLs, by wrapping ``requests.Session.get_adapter``
once for the process; other hosts fall through to whatever adapter they had, so the ``responses``
library (which patches ``HTTPAdapter.send``) keeps working beside it. :func:`call_app` is the part the
httpx transports share.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from werkzeug.test import EnvironBuilder, run_wsgi_app

from .defaults import DEFAULT_BASE_URLS

if TYPE_CHECKING:
    from .app import InvoicedMock

RAISES = {"timeout": requests.ReadTimeout, "connection_error": requests.ConnectionError}


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: list[tuple[str, str]]
    body: bytes


class NetworkFault(Exception):
    """A scripted ``connection_error`` or ``timeout``: each transport raises its own library's exception."""

    def __init__(self, kind: str, method: str, url: str) -> None:
        super().__init__(f"invoiced-mock: simulated {kind.replace('_', ' ')} on {method} {url}")
        self.kind = kind


def base_for(url: str, base_urls: Sequence[str]) -> str | None:
    """The longest of ``base_urls`` that ``url`` lives under (scheme and host compared case-insensitively)."""
    lowered = url.lower()
    under = [base.rstrip("/") for base in base_urls
             if lowered.startswith(base.rstrip("/").lower())
             and lowered[len(base.rstrip("/")):len(base.rstrip("/")) + 1] in ("", "/", "?", "#")]
    return max(under, key=len, default=None)


def call_app(app: InvoicedMock, method: str, url: str, base_url: str, headers: Mapping[str, str],
             body: bytes | None) -> Answer:
    """One request through the app, as a WSGI server would make it; raises :class:`NetworkFault`."""
    rest = url[len(base_url):] or "/"
    builder = EnvironBuilder(path=rest, base_url=base_url, method=method, headers=list(headers.items()),
                             data=body or b"")
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    fault = app.network_fault(environ)
    if fault is not None:
        raise NetworkFault(fault.kind, method, url)
    chunks, status, response_headers = run_wsgi_app(app, environ)
    try:
        content = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    code, _, reason = status.partition(" ")
    return Answer(int(code), reason, list(response_headers.items()), content)


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray)):
        return bytes(body)
    if hasattr(body, "read"):
        return _body_bytes(body.read())
    return b"".join(_body_bytes(chunk) for chunk in body)  # a generator of chunks


class WSGIAdapter(BaseAdapter):
    """A ``requests`` adapter that answers from ``app`` in process."""

    def __init__(self, app: InvoicedMock, base_urls: Sequence[str] = DEFAULT_BASE_URLS) -> None:
        super().__init__()
        self.app = app
        self.base_urls = tuple(base_urls)

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        url = request.url or ""
        base = base_for(url, self.base_urls)
        if base is None:
            raise requests.ConnectionError(f"invoiced-mock does not serve {url}", request=request)
        try:
            answer = call_app(self.app, request.method or "GET", url, base, request.headers,
                              _body_bytes(request.body))
        except NetworkFault as fault:
            raise RAISES[fault.kind](str(fault), request=request) from None
        response = requests.Response()
        response.status_code = answer.status
        response.reason = answer.reason
        response.headers = CaseInsensitiveDict(answer.headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = io.BytesIO(answer.body)
        response._content = answer.body
        response.url = url
        response.request = request
        response.connection = self
        return response

    def close(self) -> None:
        pass


class _Routes:
    """The process-wide table of intercepted base URLs; ``requests.Session.get_adapter`` consults it."""

    def __init__(self) -> None:
        self.active: list[tuple[str, WSGIAdapter]] = []
        self.lock = threading.Lock()
        self.original: Any = None

    def adapter_for(self, url: str) -> WSGIAdapter | None:
        for base, adapter in reversed(list(self.active)):  # the most recent interception wins
            if base_for(url, (base,)) is not None:
                return adapter
        return None

    def install(self, entries: list[tuple[str, WSGIAdapter]]) -> None:
        with self.lock:
            if not self.active:
                self.original = requests.Session.get_adapter
                requests.Session.get_adapter = _get_adapter  # type: ignore[method-assign]
            self.active.extend(entries)

    def remove(self, entries: list[tuple[str, WSGIAdapter]]) -> None:
        with self.lock:
            for entry in entries:
                self.active.remove(entry)
            # Only unwrap if nobody wrapped on top of us meanwhile; otherwise stay as a pass-through.
            if not self.active and requests.Session.get_adapter is _get_adapter:
                requests.Session.get_adapter = self.original  # type: ignore[method-assign]


ROUTES = _Routes()


def _get_adapter(self: requests.Session, url: str) -> BaseAdapter:
    adapter = ROUTES.adapter_for(url)
    if adapter is not None:
        return adapter
    return ROUTES.original(self, url)


@contextmanager
def intercept(app: InvoicedMock, base_urls: Sequence[str] = DEFAULT_BASE_URLS) -> Iterator[WSGIAdapter]:
    """While active, every ``requests`` call under ``base_urls`` is answered by ``app`` in process."""
    adapter = WSGIAdapter(app, base_urls)
    entries = [(base.rstrip("/"), adapter) for base in base_urls]
    ROUTES.install(entries)
    try:
        yield adapter
    finally:
        ROUTES.remove(entries)
