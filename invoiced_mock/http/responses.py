"""Replies and errors onto the wire: JSON (or a PDF when asked), paged lists with their headers.

An :class:`Answer` is what the app answers: a status, headers in the order sent, the body. The WSGI side
(:func:`send`) and the in-process transports (``exchange.py``) take it as :func:`finished` leaves it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from werkzeug.http import HTTP_STATUS_CODES

from ..core.presenter import View, present
from ..core.replies import Batch, Data, Empty, File, Many, One, Reply
from ..errors import ApiError
from ..json_bodies import encode
from . import pagination

if TYPE_CHECKING:
    from ..store import Business
    from .request import Request

HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7F))  # printable ASCII stays as it is
JSON = "application/json"
PDF = "application/pdf"
# Official clients that read every send result as an array, even where the API answers one object (§4.5 item 3).
ARRAY_READERS = ("Invoiced Python/", "Invoiced Ruby/", "Invoiced PHP/")


@dataclass(slots=True, eq=False)
class Answer:
    """What the app answers. ``headers`` are sent in their order; :func:`answer` adds the body's type and length."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes = b""

    @property
    def reason(self) -> str:
        return HTTP_STATUS_CODES.get(self.status, "unknown").upper()

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


def answer(status: int, body: bytes = b"", content_type: str | None = "text/plain; charset=utf-8",
           headers: Iterable[tuple[str, str]] = ()) -> Answer:
    """An answer carrying ``body`` of ``content_type``, then ``headers``."""
    typed = [("Content-Type", content_type)] if content_type else []
    return Answer(status, [*typed, ("Content-Length", str(len(body))), *headers], body)


def finished(response: Answer, method: str) -> Answer:
    """``response`` as it leaves: no body for HEAD (its length still said), none and no length for the statuses
    that carry none (1xx, 204, 304), every header value sendable as HTTP/1.1 latin-1 (other characters
    percent-encoded: a header the server cannot encode would leave the connection open and unanswered)."""
    status, headers, body = response.status, response.headers, response.body
    bodiless = status < 200 or status in (204, 304)
    if bodiless:
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    if not all(v.isascii() for _, v in headers):
        headers = [(k, v if _latin1(v) else quote(v, safe=HEADER_SAFE)) for k, v in headers]
    if bodiless or method == "HEAD":
        body = b""
    return response if (headers is response.headers and body is response.body) else Answer(status, headers, body)


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def send(response: Answer, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Start ``response`` as a WSGI app does and give its body."""
    response = finished(response, environ.get("REQUEST_METHOD", "GET"))
    start_response(response.status_line, response.headers)
    return [response.body] if response.body else []


def json_response(body: Any, status: int, request: Request | None = None) -> Answer:
    pretty = request is not None and request.environ.get("HTTP_USER_AGENT", "").startswith("curl")
    return answer(status, encode(body, pretty), JSON)


def error_response(error: ApiError, request: Request | None = None) -> Answer:
    response = json_response(error.body(), error.status, request)
    response.headers.extend(error.headers().items())
    return response


def wants_pdf(request: Request) -> bool:
    if "pdf" not in request.environ.get("HTTP_ACCEPT", ""):  # the usual case, without parsing Accept
        return False
    return request.accept_mimetypes.best_match([JSON, PDF], default=JSON) == PDF and PDF in request.accept_mimetypes


def render(reply: Reply, request: Request, business: Business, params: dict[str, Any]) -> Answer:
    """The response for ``reply``; shaping options (expand, include, exclude) come from ``params``."""
    view = View.from_params(params)
    if isinstance(reply, Empty):
        return Answer(reply.status, [])
    if isinstance(reply, Data):
        return json_response(reply.body, reply.status, request)
    if isinstance(reply, File):
        disposition = [("Content-Disposition", f'inline; filename="{reply.filename}"')] if reply.filename else []
        return answer(reply.status, reply.body, reply.content_type, disposition)
    if isinstance(reply, One):
        if reply.resource.pdf and wants_pdf(request):
            from ..pdf import render_pdf

            document = present(business, reply.resource, reply.record, View(expand=("customer",)))
            return answer(200, render_pdf(reply.resource, document), PDF)
        return json_response(present(business, reply.resource, reply.record, view), reply.status, request)
    if isinstance(reply, Batch):
        body = [present(business, reply.resource, r, view) for r in reply.records]
        if reply.lone and len(body) == 1 and not request.environ.get("HTTP_USER_AGENT", "").startswith(ARRAY_READERS):
            return json_response(body[0], reply.status, request)
        return json_response(body, reply.status, request)
    assert isinstance(reply, Many)
    page = pagination.page_of(params, len(reply.records))
    start, end = page.bounds
    body = [present(business, reply.resource, r, view) for r in reply.records[start:end]]
    response = json_response(body, 200, request)
    base = request.root_url.rstrip("/") + quote(request.path.rstrip("/") or "/")
    query = list(dict(request.args.items(multi=True)).items())
    response.headers += [("X-Total-Count", str(page.total)), ("Link", pagination.link_header(base, query, page))]
    return response
