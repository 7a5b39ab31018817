"""The real server's HTTP/1.1 side: what it answers before (and around) the app, in the API's dialect.

``http.server`` refuses some requests itself — a request line over 64 KiB (414), a header line over
64 KiB or more than 100 headers (431), a malformed request line (400) — with an HTML page. Here those
answers are ``{type, message}`` JSON like every other error. A header value the app somehow left
outside latin-1 is percent-encoded rather than left to fail mid-response, which used to leave the
connection open with nothing sent. And a body the app did not read (a 413, a 401) is read and thrown
away before answering: werkzeug's own clean-up would otherwise wait for the client to close.
"""

from __future__ import annotations

import io
import socket
from collections.abc import Iterable
from typing import Any

from werkzeug.serving import WSGIRequestHandler

from invoiced_mock.errors import ApiError
from invoiced_mock.formats.json_bodies import dumps
from invoiced_mock.http.environ_keys import UNREADABLE
from invoiced_mock.http.render import JSON
from invoiced_mock.http.response import header_value


class RequestHandler(WSGIRequestHandler):
    timeout = 10  # seconds a connection may sit silent (mid-request line, headers or body) before it is dropped

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        short = self.responses.get(code, ("Error",))[0]
        body = dumps(ApiError(message or short, status=code).body()).encode()
        self.log_error("code %d, message %s", code, message)
        self.close_connection = True
        self.send_response(code, short)
        self.send_header("Content-Type", JSON)
        self.send_header("Connection", "close")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(body)

    def send_header(self, keyword: str, value: str) -> None:
        super().send_header(keyword, header_value(str(value)))

    def send_response(self, code: int, message: str | None = None) -> None:
        if self.request_version == "HTTP/0.9":  # an unreadable request line: still answer with a status line
            self.request_version = self.protocol_version
        super().send_response(code, message)


DISCARD_AT_MOST = 64 * 1024 * 1024  # bytes of an unread body thrown away; past that the socket stops reading
_CHUNK = 64 * 1024
DISCARD_WAIT = 1.0  # seconds to wait for more of a body nobody will read


class _Counted(io.RawIOBase):
    """``wsgi.input`` counting what the app read of it."""

    def __init__(self, stream: Any) -> None:
        self.raw = stream
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        buffer[:len(data)] = data
        self.consumed += len(data)
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        line: bytes = self.raw.readline(size)
        self.consumed += len(line)
        return line


class FinishingBodies:
    """WSGI middleware: after the app answers, whatever of the declared body it left unread is read and
    dropped (up to :data:`DISCARD_AT_MOST`; beyond, the socket's reading side is shut)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __getattr__(self, name: str) -> Any:  # the app's hooks and handles (faults, network_fault) show through
        return getattr(self.app, name)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        counted = environ["wsgi.input"] = _Counted(environ["wsgi.input"])
        result: Iterable[bytes] = self.app(environ, start_response)
        self._finish(environ, counted)
        return result

    def _finish(self, environ: dict[str, Any], counted: _Counted) -> None:
        sock = environ.get("werkzeug.socket")
        if environ.get("wsgi.input_terminated", False):  # chunked: the dechunker knows where the body ends
            left = DISCARD_AT_MOST
        else:
            try:
                left = int(environ.get("CONTENT_LENGTH") or 0) - counted.consumed
            except ValueError:
                return
        if left <= 0 or sock is None:
            return
        if left > DISCARD_AT_MOST or environ.get(UNREADABLE):
            sock.shutdown(socket.SHUT_RD)
            return
        sock.settimeout(DISCARD_WAIT)  # a client that stops sending mid-body is not waited for
        try:
            while left > 0 and (data := counted.raw.read(min(_CHUNK, left))):
                left -= len(data)
        except OSError:  # a malformed chunk, a timeout: stop reading, still answer
            sock.shutdown(socket.SHUT_RD)
