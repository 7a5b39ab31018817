"""HTTP/1.1 on one kept-alive connection: each request read into a WSGI environ, each answer written whole.

The server (``server/threads.py``) gives every connection a thread running :class:`KeepAliveHandler`. This is what
that thread does per request, so it is kept to the least: no e-mail parsing of headers, no access log unless
asked, one write per answer.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from email.utils import formatdate
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from werkzeug.http import parse_set_header
from werkzeug.serving import DechunkedInput

from invoiced_mock.http.environ_keys import UNREADABLE
from invoiced_mock.http.response import header_value
from invoiced_mock.server.pacing import HEADER_TIMEOUT, MIN_RATE, Pace, PacedReader
from invoiced_mock.server.wire import RequestHandler

MAX_LINE = 65536  # bytes in the request line or in one header line (http.server's bound): past it 414 / 431
MAX_HEADERS = 100  # header lines in one request (http.server's bound): past it 431
FRAMING = frozenset({"content-length", "connection", "transfer-encoding"})  # set here, never taken from the app


@lru_cache(maxsize=4)
def http_date(second: int) -> str:
    """The ``Date`` header for a whole second: formatted once per second, not once per answer."""
    return formatdate(second, usegmt=True)


@lru_cache(maxsize=8)
def _version(word: str) -> tuple[int, int] | None:
    """``HTTP/1.1`` as ``(1, 1)``; None for anything that is not ``HTTP/<digits>.<digits>``."""
    major, dot, minor = word.removeprefix("HTTP/").partition(".")
    if not word.startswith("HTTP/") or not dot:
        return None
    if not all(part.isascii() and part.isdigit() and len(part) <= 10 for part in (major, minor)):
        return None
    return int(major), int(minor)


class KeepAliveHandler(RequestHandler):
    """HTTP/1.1 with keep-alive, one request after another on a connection, at the least cost per request.

    werkzeug's own handler always answers ``Connection: close`` (it cannot find where one request's body
    ends), so here the app's answer is buffered and sent with its length, headers and body in one write,
    and the connection stays open unless the client asked to close it. The unread rest of a request body
    is drained by ``FinishingBodies`` before the answer goes out, so the next request line starts clean.

    http.server's request parsing goes through the e-mail package and werkzeug builds the environ from
    scratch and logs every request; here the request line and headers are read straight into the environ,
    its per-connection part is built once, and the access log is written only when the server asks for it.
    The bounds and answers stay http.server's: 414 for a request line over 64 KiB, 431 for a header line
    over 64 KiB or more than 100 headers, 400 for a malformed request line, 505 for HTTP/2 and later.
    """

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # the answer leaves at once, not after the client's delayed ACK
    access_log = False  # a line per request on werkzeug's logger (``serve`` turns it on)
    rfile: io.BufferedReader  # what StreamRequestHandler makes (rbufsize -1): a buffered reader, with peek

    def setup(self) -> None:
        super().setup()
        # Every read goes through the connection's pace (``server/pacing.py``): a header deadline and a
        # minimum body rate on top of the idle timeout, and the pool can see who is only waiting.
        self.pace = Pace(self.connection, getattr(self.server, "header_timeout", HEADER_TIMEOUT),
                         getattr(self.server, "min_rate", MIN_RATE))
        self.rfile.close()
        self.rfile = io.BufferedReader(PacedReader(self.pace), 65536)
        pacing = getattr(self.server, "pacing", None)
        if pacing is not None:
            pacing.opened(self.pace)
        host, port = self.server.server_address[:2]
        self.connection_environ: dict[str, Any] = {
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
            "werkzeug.socket": self.connection, "SERVER_SOFTWARE": self.server_version, "SCRIPT_NAME": "",
            "REMOTE_ADDR": self.client_address[0], "REMOTE_PORT": self.client_address[1],
            "SERVER_NAME": host, "SERVER_PORT": str(port),
        }
        self.server_header = f"Server: {self.version_string()}\r\n"

    def finish(self) -> None:
        pacing = getattr(self.server, "pacing", None)
        if pacing is not None:
            pacing.closed(self.pace)
        super().finish()

    def handle_one_request(self) -> None:
        self.pace.idle()
        try:
            self.raw_requestline = self.rfile.readline(MAX_LINE + 1)
            if not self.raw_requestline:
                self.close_connection = True  # the client hung up between requests
            elif len(self.raw_requestline) > MAX_LINE:
                self.requestline = self.request_version = self.command = ""
                self.send_error(414)
            elif self.parse_request():
                self.run_wsgi()
        except TimeoutError as error:  # silent past the idle timeout, or too slow (``server/pacing.py``)
            self.log_error("Request timed out: %r", error)
            self.close_connection = True
            if self.pace.phase == "head":  # a request begun and never finished: say why before closing
                self.requestline = self.request_version = self.command = ""
                with contextlib.suppress(OSError):
                    self.send_error(408, "The request line and headers took too long to arrive")

    def parse_request(self) -> bool:
        """The request line and headers, read into ``self.request_environ``; False once an error was sent."""
        self.command = None  # type: ignore[assignment]  # send_error looks at it
        self.request_version = self.default_request_version  # HTTP/0.9 until the line says otherwise
        self.close_connection = True
        self.requestline = line = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = line.split()
        if len(words) == 3:
            version = _version(words[2])
            if version is None:
                self.send_error(400, f"Bad request version ({words[2]!r})")
                return False
            if version >= (2, 0):
                self.send_error(505, f"Invalid HTTP version ({words[2]})")
                return False
            self.request_version = words[2]
            self.close_connection = version < (1, 1)
        elif len(words) != 2 or words[0] != "GET":  # two words: an HTTP/0.9 GET, answered as 1.1
            if words:
                self.send_error(400, f"Bad request syntax ({line!r})")
            return False
        self.command, target = words[0], words[1]
        self.path = "/" + target.lstrip("/") if target.startswith("//") else target  # never a host: http.server's rule
        headers = self._read_headers()
        if headers is None:
            return False
        self.request_environ = headers
        self.pace.body()
        connection = headers.get("HTTP_CONNECTION", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive":
            self.close_connection = False
        if (headers.get("HTTP_EXPECT", "").lower().strip(" \t") == "100-continue"
                and self.request_version >= "HTTP/1.1"):
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    def _read_headers(self) -> dict[str, str] | None:
        """Header lines as CGI environ keys (see ``_cgi_key``), repeats joined with commas, folded lines unfolded."""
        lines = self._header_lines()
        if lines is None:
            return None
        found: dict[str, str] = {}
        key: str | None = None
        for text in lines:
            if text[:1] in (" ", "\t"):  # a folded line continues the header before it
                if key is not None:
                    found[key] += text
                continue
            name, colon, value = text.partition(":")
            key = _cgi_key(name) if colon else None
            if key is None:
                continue
            value = value.lstrip(" \t")
            found[key] = f"{found[key]},{value}" if key in found else value
        return found

    def _header_lines(self) -> list[str] | None:
        """The lines up to the blank one, without their ends; None once a 431 was sent. Usually the whole
        block has arrived with the request line and is taken from the read buffer at once."""
        buffered = self.rfile.peek()
        if buffered.startswith(b"\r\n"):
            self.rfile.read(2)
            return []
        end = buffered.find(b"\r\n\r\n")
        block = buffered[:end]
        if end > 0 and block.count(b"\r\n") == block.count(b"\n") == block.count(b"\r"):  # no bare CR or LF
            lines = block.decode("iso-8859-1").split("\r\n")
            if len(lines) <= MAX_HEADERS:  # (the buffer is far shorter than a line may be)
                self.rfile.read(end + 4)
                return lines
        lines = []
        for _ in range(MAX_HEADERS + 1):
            raw = self.rfile.readline(MAX_LINE + 1)
            if len(raw) > MAX_LINE:
                self.send_error(431, "Line too long")
                return None
            if raw in (b"\r\n", b"\n", b""):
                return lines
            lines.append(raw.decode("iso-8859-1").rstrip("\r\n"))
        self.send_error(431, "Too many headers")
        return None

    def make_environ(self) -> dict[str, Any]:
        """werkzeug's environ for this request: the connection's part, the request line's, the headers."""
        url = urlsplit(self.path)
        path = f"/{url.netloc}{url.path}" if not url.scheme and url.netloc else url.path
        environ = {
            **self.connection_environ, **self.request_environ,
            "wsgi.input": self.rfile, "REQUEST_METHOD": self.command, "SERVER_PROTOCOL": self.request_version,
            "PATH_INFO": _wsgi_text(unquote(path)), "QUERY_STRING": _wsgi_text(url.query),
            "REQUEST_URI": _wsgi_text(self.path), "RAW_URI": _wsgi_text(self.path),
        }
        encoding = environ.get("HTTP_TRANSFER_ENCODING")
        if encoding and "chunked" in parse_set_header(encoding):
            environ["wsgi.input_terminated"] = True
            environ["wsgi.input"] = DechunkedInput(self.rfile)
        if url.scheme and url.netloc:  # an absolute URL names the host itself
            environ["HTTP_HOST"] = url.netloc
        return environ

    def run_wsgi(self) -> None:
        self.environ = environ = self.make_environ()
        started: list[Any] = []
        chunks: list[bytes] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started[:] = [status, headers]  # nothing is sent before the app is done, so a later call wins
            return chunks.append

        result = self.server.app(environ, start_response)
        try:
            chunks.extend(result)
        finally:
            getattr(result, "close", lambda: None)()
        status, headers = started
        if environ.get("wsgi.input_terminated") or environ.get(UNREADABLE):
            self.close_connection = True  # a chunked or broken body: where the next request starts is unknown
        body = b"".join(chunks)
        self.answer(status, headers, body)

    def answer(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        """Status line, headers and body in one write: a kept-alive client reads them as one packet."""
        code, _, reason = status.partition(" ")
        lines = [f"HTTP/1.1 {int(code)} {reason}\r\n", self.server_header, f"Date: {http_date(int(time.time()))}\r\n",
                 *(f"{name}: {value}\r\n" for name, value in headers if name.lower() not in FRAMING),
                 f"Content-Length: {len(body)}\r\n"]
        if self.close_connection:
            lines.append("Connection: close\r\n")
        elif self.request_version == "HTTP/1.0":  # a 1.0 client keeps the connection only when told so
            lines.append("Connection: keep-alive\r\n")
        lines.append("\r\n")
        head = "".join(lines)
        try:
            data = head.encode("iso-8859-1")
        except UnicodeEncodeError:  # a value the app left outside latin-1: percent-encoded, never a broken answer
            data = "".join(line if line.isascii() else _latin1_line(line) for line in lines).encode("iso-8859-1")
        self.wfile.write(data if self.command == "HEAD" else data + body)
        if self.access_log:
            self.log_request(code, len(body))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.access_log:
            super().log_request(code, size)


@lru_cache(maxsize=256)
def _cgi_key(name: str) -> str | None:
    """``X-Name`` as ``HTTP_X_NAME`` (``Content-Type`` and ``Content-Length`` without the prefix); None for a
    name werkzeug would not pass on: empty, padded, or with ``_`` (which could pose as a dashed name)."""
    if not name or "_" in name or name != name.strip():
        return None
    key = name.upper().replace("-", "_")
    return key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key


def _wsgi_text(text: str) -> str:
    """A request-line string as WSGI carries it: its UTF-8 bytes, one latin-1 character each."""
    return text.encode().decode("latin-1")


def _latin1_line(line: str) -> str:
    """A ``Name: value\\r\\n`` header line whose value is percent-encoded where it is not latin-1."""
    name, _, value = line.removesuffix("\r\n").partition(": ")
    value = header_value(value)
    return f"{name}: {value}\r\n"
