"""In-process transport for urllib3 and ``requests``: traffic to the Invoiced API answered by the WSGI app, no socket.

Interception sits below the caller's ``requests`` adapter, at urllib3's connections. While :func:`intercept`
(or the guard) is active, a connection pool for a routed origin (scheme, host, port; see ``intercept/origins.py``) makes
:class:`MemoryConnection`\\ s: ``request()`` hands the bytes to the app, ``getresponse()`` returns a urllib3
``HTTPResponse``. Everything above is the caller's own and runs as on the wire: the session's mounted
``HTTPAdapter``, its urllib3 ``Retry`` (status retries, ``Retry-After``, backoff, ``raise_on_status``), its
timeouts, hooks and cookies. Network faults surface as the socket-level errors urllib3 knows (a read timeout, a
dropped connection, a connect timeout), so it classifies, retries and wraps them exactly as it would a real one.

Libraries that replace ``HTTPAdapter.send`` (``responses``) never reach urllib3; for URLs an interception
answers, ``Session.get_adapter`` hands out the session's adapter with the original ``send``, so ``responses``
keeps answering other hosts while the mock answers Invoiced's. httpx is patched at its transports by
``intercept/httpx_transport.py`` when (and if) httpx is imported.
"""

from __future__ import annotations

import http.client
import io
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPHeaderDict
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError
from urllib3.poolmanager import PoolManager
from urllib3.response import HTTPResponse
from urllib3.util.retry import Retry
from urllib3.util.timeout import Timeout

from invoiced_mock.defaults import DEFAULT_BASE_URLS
from invoiced_mock.intercept.after_import import AfterImport
from invoiced_mock.intercept.exchange import ConnectFailed, Pending, begin, finish
from invoiced_mock.intercept.origins import DEFAULT_PORTS, ROUTES, Group, Origin, RealApiBlocked
from invoiced_mock.intercept.tls import TLS_CHECKS

if TYPE_CHECKING:
    from invoiced_mock.app import InvoicedMock

__all__ = ["DEFAULT_BASE_URLS", "ROUTES", "MemoryConnection", "intercept"]
ORIGINAL_SEND = HTTPAdapter.send


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):
        return _body_bytes(body.read())
    return b"".join(_body_bytes(chunk) for chunk in body)  # an iterable of chunks


class MemoryConnection:
    """Stands in for urllib3's ``HTTP(S)Connection`` to a routed origin; looks its route up on every request,
    so a pooled connection outliving an interception goes to the network (or the guard) like a fresh one."""

    proxy = None
    proxy_is_verified = None
    has_connected_to_proxy = False
    is_closed = False  # no socket to open: urllib3 then skips connecting and sets the read timeout on us
    is_connected = True  # never dropped by the pool: the route is looked up again on each request

    def __init__(self, pool: HTTPConnectionPool, origin: Origin, real: Any) -> None:
        self.host = pool.host
        self.port = pool.port
        self.timeout: Any = pool.timeout.connect_timeout
        self.is_verified = getattr(pool, "cert_reqs", None) != "CERT_NONE"
        self._origin = origin
        self._real_factory = real  # makes the connection a real pool would make, for paths no base covers
        self._real: Any = None
        self._pending: Pending | None = None
        self._request: tuple[str, str, bool, bool, bool] | None = None

    def connect(self) -> None:
        pass

    def set_tunnel(self, *args: Any, **kwargs: Any) -> None:
        pass

    def request(self, method: str, url: str, body: Any = None, headers: Any = None, *, chunked: bool = False,
                preload_content: bool = True, decode_content: bool = True,
                enforce_content_length: bool = True) -> None:
        target = url.split("://", 1)[1].partition("/")[2] if "://" in url else url
        target = "/" + target if not target.startswith("/") else target
        found = ROUTES.find(self._origin, target.partition("?")[0])
        if found is None:  # a path under a routed origin that no base covers: the real connection
            self._real = self._real or self._real_factory()
            self._real.timeout = self.timeout
            self._pending = None
            self._real.request(method, url, body=body, headers=headers, chunked=chunked,
                               preload_content=preload_content, decode_content=decode_content,
                               enforce_content_length=enforce_content_length)
            return
        base, app = found
        scheme, host, port = self._origin
        full_url = f"{scheme}://{host}{'' if port == DEFAULT_PORTS[scheme] else f':{port}'}{target}"
        if app is None:
            raise RealApiBlocked(method, full_url)
        pairs = list((headers or {}).items())
        try:
            self._pending = begin(app, base, method, target, pairs, _body_bytes(body), full_url)
        except ConnectFailed as failed:
            raise ConnectTimeoutError(self, f"{failed} (connect timeout={self.timeout})") from None
        self._request = (method, full_url, preload_content, decode_content, enforce_content_length)

    def getresponse(self) -> HTTPResponse:
        pending, self._pending = self._pending, None
        if pending is None:
            return self._real.getresponse()  # type: ignore[no-any-return]
        read_timeout = self.timeout if isinstance(self.timeout, (int, float)) else None  # None: waits for ever
        outcome = finish(pending, read_timeout)
        pending.sleep(outcome.wait)
        if outcome.failure == "read_timeout":
            raise TimeoutError(outcome.message)  # urllib3 makes it its ReadTimeoutError, as from a socket
        if outcome.failure == "dropped":
            raise http.client.RemoteDisconnected(outcome.message)  # urllib3: ProtocolError, "Connection aborted."
        assert outcome.answer is not None and self._request is not None
        method, url, preload, decode, enforce = self._request
        answer = outcome.answer
        return HTTPResponse(
            body=io.BytesIO(answer.body), headers=HTTPHeaderDict(answer.headers), status=answer.status,
            reason=answer.reason, version=11, version_string="HTTP/1.1", preload_content=preload,
            decode_content=decode, request_method=method, request_url=url, enforce_content_length=enforce,
            connection=self)  # type: ignore[arg-type]  # a stand-in for urllib3's HTTPConnection (duck-typed)

    def close(self) -> None:
        if self._real is not None:
            self._real.close()
            self._real = None


if TYPE_CHECKING:  # what _MemoryPool stands in for: mixed in ahead of urllib3's pools, it overrides theirs
    _PoolBase = HTTPConnectionPool
else:
    _PoolBase = object


class _MemoryPool(_PoolBase):
    """A connection pool for a routed origin, as cheap to make as the official client's new-Session-per-call
    needs: the attributes urllib3's ``urlopen`` and requests read, connections made on demand, nothing to
    queue or finalise. ``urlopen`` (retries, timeouts, redirects) is urllib3's own, inherited."""

    answered_in_memory = True  # requests' TLS file checks for it are run once per interception (transport_tls)
    _tunnel_host = None  # type: ignore[assignment]  # no proxy, so no tunnel (urllib3 declares a str)
    timeout = Timeout()
    retries = Retry.DEFAULT
    headers: dict[str, str] = {}  # noqa: RUF012 (read, copied by urlopen, never written)
    block = False
    proxy = proxy_config = None
    proxy_headers: dict[str, str] = {}  # noqa: RUF012
    num_connections = num_requests = 0
    cert_reqs: int | str | None = None
    ca_certs: str | None = None
    ca_cert_dir: str | None = None
    cert_file: str | None = None
    key_file: str | None = None

    def __init__(self, origin: Origin, real: Any) -> None:
        self.scheme, self.host, self.port = origin
        self._proxy_host = self.host
        self.conn_kw: dict[str, Any] = {}
        self._origin = origin
        self._real_factory = real
        self._real_pool: Any = None

    def _real_connection(self) -> Any:
        """The connection a real pool would make (for a path no base covers), with the TLS settings given us."""
        if self._real_pool is None:
            self._real_pool = self._real_factory()
            for name in ("cert_reqs", "ca_certs", "ca_cert_dir", "cert_file", "key_file"):
                if getattr(self, name) is not None:
                    setattr(self._real_pool, name, getattr(self, name))
        return self._real_pool._new_conn()

    def _get_conn(self, timeout: float | None = None) -> MemoryConnection:  # type: ignore[override]  # duck-typed
        self.num_connections += 1
        return MemoryConnection(self, self._origin, self._real_connection)

    def _put_conn(self, conn: Any) -> None:
        pass

    def close(self) -> None:
        if self._real_pool is not None:
            self._real_pool.close()


class _MemoryHTTPPool(_MemoryPool, HTTPConnectionPool):
    pass


class _MemoryHTTPSPool(_MemoryPool, HTTPSConnectionPool):
    pass


MEMORY_POOLS = {"http": _MemoryHTTPPool, "https": _MemoryHTTPSPool}


def _routed_new_pool(original: Any) -> Any:
    def _new_pool(manager: PoolManager, scheme: str, host: str, port: int, request_context: Any = None) -> Any:
        origin = (scheme, host.lower(), port or DEFAULT_PORTS.get(scheme, 0))
        if origin not in ROUTES.origins:
            return original(manager, scheme, host, port, request_context)
        context = dict(request_context) if request_context is not None else None
        return MEMORY_POOLS[scheme](origin, lambda: original(manager, scheme, host, port, context))

    return _new_pool


def _routed_new_conn(original: Any) -> Any:
    """For pools made without a pool manager (``HTTPSConnectionPool(host)``): in-memory connections to routed
    origins."""

    def _new_conn(pool: HTTPConnectionPool) -> Any:
        origin = (pool.scheme, (pool.host or "").lower(), pool.port or DEFAULT_PORTS.get(pool.scheme, 0))
        if origin not in ROUTES.origins:
            return original(pool)
        pool.num_connections += 1
        return MemoryConnection(pool, origin, lambda: original(pool))

    return _new_conn


class _OriginalSend(BaseAdapter):
    """The session's own adapter, sending through ``HTTPAdapter``'s real ``send`` (not a mock library's)."""

    def __init__(self, adapter: HTTPAdapter) -> None:
        super().__init__()
        self.adapter = adapter

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        return ORIGINAL_SEND(self.adapter, request, *args, **kwargs)

    def close(self) -> None:
        self.adapter.close()


class _Hooks:
    """Installs the patches while any route is active and removes them with the last one."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.count = 0
        self.saved: dict[Any, Any] = {}

    def acquire(self) -> None:
        with self.lock:
            self.count += 1
            if self.count > 1:
                return
            for pool in (HTTPConnectionPool, HTTPSConnectionPool):
                self.saved[pool] = pool.__dict__["_new_conn"]
                pool._new_conn = _routed_new_conn(self.saved[pool])  # type: ignore[method-assign]
            self.saved[PoolManager] = PoolManager._new_pool
            PoolManager._new_pool = _routed_new_pool(self.saved[PoolManager])  # type: ignore[method-assign]
            self.saved[requests.Session] = requests.Session.get_adapter
            requests.Session.get_adapter = _get_adapter  # type: ignore[method-assign]
            TLS_CHECKS.install()
            _HTTPX_WHEN_IMPORTED.arm()

    def release(self) -> None:
        with self.lock:
            self.count -= 1
            if self.count:
                return
            for pool in (HTTPConnectionPool, HTTPSConnectionPool):
                pool._new_conn = self.saved.pop(pool)  # type: ignore[method-assign]
            PoolManager._new_pool = self.saved.pop(PoolManager)  # type: ignore[method-assign]
            original = self.saved.pop(requests.Session)
            if requests.Session.get_adapter is _get_adapter:  # unless someone wrapped on top of us meanwhile
                requests.Session.get_adapter = original  # type: ignore[method-assign]
            TLS_CHECKS.uninstall()
            _HTTPX_WHEN_IMPORTED.disarm()

    def original_get_adapter(self, session: requests.Session, url: str) -> BaseAdapter:
        original = self.saved.get(requests.Session) or requests.Session.__dict__["get_adapter"]
        return original(session, url)  # type: ignore[no-any-return]


HOOKS = _Hooks()


def _get_adapter(self: requests.Session, url: str) -> BaseAdapter:
    adapter = HOOKS.original_get_adapter(self, url)
    if HTTPAdapter.send is ORIGINAL_SEND or type(adapter).send is not HTTPAdapter.send:
        return adapter  # nobody replaced send (the usual case), or the adapter has its own
    found = ROUTES.find_url(url)
    if found is None or found[1] is None:
        return adapter  # not answered by a mock: whoever replaced send answers it
    return _OriginalSend(adapter)  # type: ignore[arg-type]


class _HttpxPatch:
    """Patches httpx's transports at once if httpx is loaded, else right after it is first imported."""

    def __init__(self) -> None:
        self.waiting = AfterImport(("httpx",), lambda name: self._patch())

    def arm(self) -> None:
        if "httpx" in sys.modules:
            self._patch()
        else:
            self.waiting.arm()

    def disarm(self) -> None:
        self.waiting.disarm()
        if "invoiced_mock.intercept.httpx_transport" in sys.modules:
            sys.modules["invoiced_mock.intercept.httpx_transport"].unpatch()

    def _patch(self) -> None:
        from invoiced_mock.intercept import httpx_transport as transport_httpx

        transport_httpx.patch()


_HTTPX_WHEN_IMPORTED = _HttpxPatch()


@contextmanager
def routed(group: Group) -> Iterator[Group]:
    """While active, the transports answer ``group``'s base URLs (from its app, or with the guard's error)."""
    ROUTES.add(group)
    HOOKS.acquire()
    try:
        yield group
    finally:
        ROUTES.remove(group)
        TLS_CHECKS.forget()  # a file removed since is seen by the next interception's first call
        HOOKS.release()


@contextmanager
def intercept(app: InvoicedMock, base_urls: Sequence[str] = DEFAULT_BASE_URLS) -> Iterator[Group]:
    """While active, every ``requests``, urllib3 and httpx call under ``base_urls`` is answered by ``app`` in
    process (the most recent interception wins where two overlap)."""
    with routed(Group.of(list(base_urls), app)) as group:
        yield group
