"""One request through the app as a client library meets it: the WSGI environ a server would build, the network
fault scripted for it, and what the client sees — an answer (perhaps late) or a failure.

Both in-process transports (urllib3/requests in ``intercept/urllib3_transport.py``, httpx in
``intercept/httpx_transport.py``) call :func:`begin` when the request is sent and :func:`finish` when the client
reads; each turns the :class:`Outcome` into its own library's objects and exceptions. The loopback server
(``server/threads.py``) carries out the same faults on a real socket, so a fault means the same on every route:

* ``delay``: the app answers at once (its writes are done); the answer reaches the client ``delay`` seconds
  late. A client whose read timeout is shorter gives up after that timeout: a read timeout.
* ``connection_error``: the request arrives and the connection is dropped unanswered; the app never sees it.
* ``timeout``: the request arrives and is never answered; the server holds the connection until the client
  gives up or the hold bound passes (the fault's ``delay``, else :data:`HOLD_SECONDS`), then drops it. So a
  client whose read timeout is within the bound gets its read timeout, and one with no timeout (or a
  longer one) sees the connection dropped instead of hanging for ever. In process the outcome is known at
  once, so nothing waits.
* ``connect_timeout``: the connection is never made: the client's connect timeout, raised at once.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote_to_bytes

from invoiced_mock.control.faults import Fault
from invoiced_mock.http.environ_keys import EDGE_WAITS, HEADER_PAIRS
from invoiced_mock.http.paths import merge_slashes
from invoiced_mock.http.response import Response, finished
from invoiced_mock.intercept.origins import DEFAULT_PORTS, Base

if TYPE_CHECKING:
    from invoiced_mock.app import InvoicedMock

HOLD_SECONDS = 75.0  # longer than the official client's 60 s read timeout, so it sees its own timeout


class Outcome(NamedTuple):  # tuples, not dataclasses: the guard loads this module at every pytest start
    """What the client sees: after ``wait`` seconds, ``answer``, or ``failure`` (``read_timeout``, ``dropped``)."""

    answer: Response | None
    wait: float = 0.0
    failure: str | None = None
    message: str = ""


class ConnectFailed(Exception):
    """A scripted ``connect_timeout``: each transport raises its library's connect-timeout exception."""


class Pending:
    """A request sent to the app and not yet read: the fault (if any) is already taken."""

    __slots__ = ("app", "environ", "fault", "label")

    def __init__(self, app: InvoicedMock, environ: dict[str, Any], fault: Fault | None, label: str) -> None:
        self.app = app
        self.environ = environ
        self.fault = fault
        self.label = label

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.app.faults.sleep(seconds)


def environ(base: Base, method: str, target: str, headers: Iterable[tuple[str, str]], body: bytes) -> dict[str, Any]:
    """The WSGI environ a server at ``base`` would build for ``method target`` (target: path and query)."""
    path, _, query = target.partition("?")
    path = merge_slashes(path) if "//" in path else path
    scheme, host, port = base.origin
    fields, pairs = _header_fields(host if port == DEFAULT_PORTS[scheme] else f"{host}:{port}", tuple(headers),
                                   len(body))
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": base.prefix,
        "PATH_INFO": _path_info(path[len(base.prefix):] or "/"),
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        EDGE_WAITS: True,
        HEADER_PAIRS: list(pairs),
    }
    env.update(fields)
    return env


@lru_cache(maxsize=256)  # a client sends the same headers call after call
def _header_fields(host: str, headers: tuple[tuple[str, str], ...], body_length: int) -> tuple[
        tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The headers as the environ keys them (a repeated one joined by commas, Host replacing the server's
    name), and the same without empty values: the pairs the app reads (``HEADER_PAIRS``), so that it need not
    pick them out of the environ."""
    fields = {"HTTP_HOST": host}
    for name, value in headers:
        key = _environ_key(name)
        fields[key] = f"{fields[key]},{value}" if key in fields and key != "HTTP_HOST" else value
    if body_length and "CONTENT_LENGTH" not in fields:
        fields["CONTENT_LENGTH"] = str(body_length)
    return tuple(fields.items()), tuple((k, v) for k, v in fields.items() if v != "")


def _path_info(path: str) -> str:
    """The path as WSGI carries it: percent-escapes decoded, the bytes as latin-1 characters."""
    return unquote_to_bytes(path).decode("latin-1") if "%" in path or not path.isascii() else path


@lru_cache(maxsize=1024)  # clients send the same few header names on every call
def _environ_key(name: str) -> str:
    """A header name as the environ keys it: ``X-Request-Id`` → ``HTTP_X_REQUEST_ID``."""
    key = name.upper().replace("-", "_")
    return key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key


def begin(app: InvoicedMock, base: Base, method: str, target: str, headers: Iterable[tuple[str, str]],
          body: bytes, url: str) -> Pending:
    """Send the request: build the environ and take its network fault; raises :class:`ConnectFailed`."""
    env = environ(base, method, target, headers, body)
    fault = app.network_fault(env) if len(app.faults) else None
    label = f"invoiced-mock: simulated {{}} on {method} {url}"
    if fault is not None and fault.kind == "connect_timeout":
        raise ConnectFailed(label.format("connect timeout"))
    return Pending(app, env, fault, label)


def finish(pending: Pending, read_timeout: float | None) -> Outcome:
    """Read the answer: what the client sees, given its read timeout (None: it waits for ever)."""
    fault = pending.fault
    if fault is None or fault.kind == "delay":
        answer = run(pending.app, pending.environ)
        delay = fault.delay if fault is not None else 0.0
        if read_timeout is not None and delay > read_timeout:
            return Outcome(None, read_timeout, "read_timeout", pending.label.format(f"{delay:g} s latency"))
        return Outcome(answer, delay)
    if fault.kind == "timeout":
        hold = fault.delay or HOLD_SECONDS
        if read_timeout is not None and read_timeout <= hold:
            return Outcome(None, 0.0, "read_timeout", pending.label.format("timeout"))
        return Outcome(None, 0.0, "dropped", pending.label.format(
            f"timeout (no answer; the connection was dropped after the {hold:g} s hold, as the client's "
            f"read timeout is {'not set' if read_timeout is None else f'{read_timeout:g} s'})"))
    return Outcome(None, 0.0, "dropped", pending.label.format("connection error"))


def run(app: InvoicedMock, env: dict[str, Any]) -> Response:
    """The app's answer to ``env`` as it reaches the client."""
    return finished(app.respond_to(env), env["REQUEST_METHOD"])
