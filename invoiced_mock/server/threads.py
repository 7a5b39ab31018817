"""A real threaded HTTP server around the app, for other processes and languages.

A bounded pool of connection threads, each running the keep-alive handler of ``server/connection.py``; an idle
timeout; a stop that waits for nothing (held connections let go, queued webhook deliveries abandoned).

Its middleware is the server's edge, doing what the in-process transports do (``intercept/exchange.py``): repeated
slashes in the path count as one, and scripted network faults are carried out on the real socket — a ``delay``
answers late, a ``connection_error`` drops the connection unanswered, a ``timeout`` (or ``connect_timeout``,
which a server cannot cause once the connection exists) holds it unanswered until the client gives up, the
hold bound passes or the server stops, then drops it.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any, cast

from werkzeug.serving import BaseWSGIServer

from invoiced_mock.delivery import outbound as delivery
from invoiced_mock.http.environ_keys import EDGE_WAITS
from invoiced_mock.http.paths import merge_slashes
from invoiced_mock.intercept.exchange import HOLD_SECONDS
from invoiced_mock.server.connection import KeepAliveHandler
from invoiced_mock.server.pacing import HEADER_TIMEOUT, MIN_RATE, Pacing
from invoiced_mock.server.wire import FinishingBodies, RequestHandler  # JSON errors, unread bodies read

# Werkzeug polls for shutdown this often; the default 0.5 s makes every stop cost half a second.
POLL_INTERVAL = 0.01


class WireFaults:
    """WSGI middleware: the app's network faults (its ``network_fault`` hook) carried out on the socket."""

    def __init__(self, app: Any, stopping: threading.Event | None = None) -> None:
        self.app = app
        self.stopping = stopping or threading.Event()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if "//" in path:
            environ["PATH_INFO"] = merge_slashes(path)
        hook = getattr(self.app, "network_fault", None)
        if hook is None or "werkzeug.socket" not in environ:
            return self.app(environ, start_response)  # type: ignore[no-any-return]
        environ[EDGE_WAITS] = True
        faults = getattr(self.app, "faults", None)
        if faults is not None and not len(faults):  # no rule at all: the hook's request parsing is skipped
            return self.app(environ, start_response)  # type: ignore[no-any-return]
        fault = hook(environ)
        if fault is None:
            return self.app(environ, start_response)  # type: ignore[no-any-return]
        if fault.kind == "delay":  # answered now, sent late: werkzeug writes the status line with the first chunk
            return self._late(self.app(environ, start_response), fault.delay)
        sock: socket.socket = environ["werkzeug.socket"]
        if fault.kind in ("timeout", "connect_timeout"):
            self._hold(sock, fault.delay or HOLD_SECONDS)
        sock.shutdown(socket.SHUT_RDWR)
        raise ConnectionAbortedError(f"invoiced-mock: simulated {fault.kind}")  # werkzeug drops it quietly

    def _late(self, chunks: Iterable[bytes], delay: float) -> Iterator[bytes]:
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        if self.app.faults.sleep is time.sleep:
            self.stopping.wait(delay)  # a stopping server sends it at once rather than keep stop() waiting
        else:
            self.app.faults.sleep(delay)
        yield body

    def _hold(self, sock: socket.socket, bound: float) -> None:
        """Leave the request unanswered until the client hangs up, ``bound`` seconds pass or the server stops."""
        deadline = time.monotonic() + bound
        while not self.stopping.is_set() and time.monotonic() < deadline:
            try:
                readable, _, _ = select.select([sock], [], [], 0.05)
                if readable and not sock.recv(1, socket.MSG_PEEK):
                    return  # the client closed its end: it gave up
            except OSError:
                return
            if readable:
                self.stopping.wait(0.05)  # the client sent more; do not spin on it


MAX_CONNECTIONS = 256  # connections served at once, one thread each; past the cap a new one gets 503 at once
EVICTED_WITHIN = 1.0  # seconds a new connection waits for the slot of one closed for it (it goes in milliseconds)


class PooledServer(BaseWSGIServer):
    """werkzeug's server speaking HTTP/1.1 keep-alive, with a bounded number of connection threads.

    Each open connection holds one daemon thread until the client closes it, sits silent for
    ``idle_timeout`` seconds, or sends too slowly (``header_timeout``, ``min_rate``: ``server/pacing.py``).
    At ``max_connections`` the connection that has waited longest for its client is closed to make room;
    when every one is busy in the app, a new connection is answered 503 (JSON, ``Retry-After``) and closed
    instead of queueing. Stopping never waits for a connection.
    """

    multithread = True

    def __init__(self, host: str, port: int, app: Any, *, max_connections: int = MAX_CONNECTIONS,
                 idle_timeout: float | None = None, header_timeout: float = HEADER_TIMEOUT,
                 min_rate: float = MIN_RATE, access_log: bool = False) -> None:
        silent = idle_timeout if idle_timeout is not None else RequestHandler.timeout  # 10 s by default
        handler = type("KeepAliveHandler", (KeepAliveHandler,), {"timeout": silent, "access_log": access_log})
        super().__init__(host, port, app, handler)
        self.max_connections = max_connections
        self.header_timeout = header_timeout
        self.min_rate = min_rate
        self.pacing = Pacing()
        self._slots = threading.BoundedSemaphore(max_connections)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False) and not (
                self.pacing.evict() and self._slots.acquire(timeout=EVICTED_WITHIN)):
            self._refuse(request)
            return
        threading.Thread(target=self._serve, args=(request, client_address), daemon=True,
                         name="invoiced-mock-connection").start()

    def _serve(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def _refuse(self, request: Any) -> None:
        body = (b'{"message":"Too many open connections (at most %d); close idle ones or try again",'
                b'"type":"api_error"}' % self.max_connections)
        head = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        try:
            request.sendall(head + body)
        except OSError:
            pass
        finally:
            self.shutdown_request(request)


class ServerThread:
    """The pooled keep-alive server on a background thread: ``start()`` returns once the socket listens."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, *, max_connections: int = MAX_CONNECTIONS,
                 idle_timeout: float | None = None, header_timeout: float = HEADER_TIMEOUT, min_rate: float = MIN_RATE,
                 access_log: bool = False) -> None:
        self.app = app
        self.stopping = threading.Event()
        self.server: BaseWSGIServer = PooledServer(host, port, FinishingBodies(WireFaults(app, self.stopping)),
                                                   max_connections=max_connections, idle_timeout=idle_timeout,
                                                   header_timeout=header_timeout, min_rate=min_rate,
                                                   access_log=access_log)
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL},
                                        name="invoiced-mock-server", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = cast("tuple[str, int]", self.server.server_address[:2])  # an IPv4/IPv6 socket's (host, port)
        return f"http://{host}:{port}"

    def start(self) -> ServerThread:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop at once: held connections let go, kept-alive ones left to their daemon threads, and webhook
        deliveries still queued abandoned (logged) rather than waited on."""
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()
        delivery.abandon()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
