"""What the app answers: a status, its headers in the order sent, the body; and what the wire requires of an
answer before it leaves. The WSGI side (``responses.send``) and the in-process transports (``intercept/exchange.py``)
both send an answer as :func:`finished` leaves it. Imports nothing heavy: the transports load it with the
test guard, before any test runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from operator import itemgetter
from urllib.parse import quote

HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7F))  # printable ASCII stays as it is
_VALUE = itemgetter(1)


class Response:
    """What the app answers. ``headers`` are sent in their order; :func:`answer` adds the body's type and length.
    A plain class, not a dataclass: the guard loads this module at every pytest start."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes = b"") -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def __repr__(self) -> str:
        return f"Response({self.status}, {self.headers!r}, {len(self.body)} bytes)"

    @property
    def reason(self) -> str:
        return _reason(self.status)

    @property
    def status_line(self) -> str:
        return f"{self.status} {self.reason}"

    @property
    def mimetype(self) -> str:
        return (self.header("Content-Type") or "").partition(";")[0].strip().lower()

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)

    def set_header(self, name: str, value: str) -> None:
        """Replace every header called ``name`` (whatever its case) by one, where the first one stood."""
        lowered = name.lower()
        at = next((i for i, (k, _) in enumerate(self.headers) if k.lower() == lowered), len(self.headers))
        self.headers[at:at] = [(name, value)]
        self.headers[at + 1:] = [(k, v) for k, v in self.headers[at + 1:] if k.lower() != lowered]


def respond(status: int, body: bytes = b"", content_type: str | None = "text/plain; charset=utf-8",
           headers: Iterable[tuple[str, str]] = ()) -> Response:
    """An answer carrying ``body`` of ``content_type``, then ``headers``."""
    typed = [("Content-Type", content_type)] if content_type else []
    return Response(status, [*typed, ("Content-Length", str(len(body))), *headers], body)


def finished(response: Response, method: str) -> Response:
    """``response`` as it leaves: no body for HEAD (its length still said), none and no length for the statuses
    that carry none (1xx, 204, 304), every header value sendable as HTTP/1.1 latin-1 (other characters
    percent-encoded: a header the server cannot encode would leave the connection open and unanswered)."""
    status, headers, body = response.status, response.headers, response.body
    bodiless = status < 200 or status in (204, 304)
    if bodiless:
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    if not "".join(map(_VALUE, headers)).isascii():  # all at C speed: every answer passes here
        headers = [(k, header_value(v)) for k, v in headers]
    if bodiless or method == "HEAD":
        body = b""
    return response if (headers is response.headers and body is response.body) else Response(status, headers, body)


def header_value(value: str) -> str:
    """``value`` as an HTTP/1.1 header carries it: latin-1 as it is, anything else percent-encoded (the one
    rule for the app's answers, the server's own answers and the connection's last check)."""
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return quote(value, safe=HEADER_SAFE)
    return value


@lru_cache(maxsize=1024)  # statuses: a handful in practice, any integer a stub names at most
def _reason(status: int) -> str:
    """werkzeug's reason phrase, upper case as in werkzeug's status line."""
    from werkzeug.http import HTTP_STATUS_CODES  # loaded by the app by now; not by the guard, which imports us

    return HTTP_STATUS_CODES.get(status, "unknown").upper()
