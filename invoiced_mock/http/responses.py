"""Replies and errors onto the wire: JSON (or a PDF when asked), paged lists with their headers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from werkzeug import Request, Response

from ..core.presenter import View, present
from ..core.replies import Batch, Data, Empty, File, Many, One, Reply
from ..errors import ApiError
from ..json_bodies import encode
from . import pagination

if TYPE_CHECKING:
    from ..store import Business

HEADER_SAFE = "".join(chr(c) for c in range(0x20, 0x7F))  # printable ASCII stays as it is
JSON = "application/json"
PDF = "application/pdf"
# Official clients that read every send result as an array, even where the API answers one object (§4.5 item 3).
ARRAY_READERS = ("Invoiced Python/", "Invoiced Ruby/", "Invoiced PHP/")


def send(response: Response, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Start ``response`` and give its body, as ``response(environ, start_response)`` does, but with every header
    value sendable as HTTP/1.1 latin-1 (other characters percent-encoded: a header the server cannot encode
    would leave the connection open and unanswered), and without werkzeug's per-call header rewriting for the
    usual answer, a body of known length, which needs none."""
    for name, value in list(response.headers.items()):
        if not value.isascii():
            try:
                value.encode("latin-1")
            except UnicodeEncodeError:
                response.headers[name] = quote(value, safe=HEADER_SAFE)
    status = response.status_code
    if response.is_streamed or "Content-Length" not in response.headers or status < 200 or status in (204, 304):
        return response(environ, start_response)  # werkzeug's own way: it drops what such answers must not carry
    start_response(response.status, response.headers.to_wsgi_list())
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [response.get_data()]


def json_response(body: Any, status: int, request: Request | None = None) -> Response:
    pretty = request is not None and request.environ.get("HTTP_USER_AGENT", "").startswith("curl")
    return Response(encode(body, pretty), status=status, content_type=JSON)


def error_response(error: ApiError, request: Request | None = None) -> Response:
    response = json_response(error.body(), error.status, request)
    response.headers.update(error.headers())
    return response


def wants_pdf(request: Request) -> bool:
    if "pdf" not in request.environ.get("HTTP_ACCEPT", ""):  # the usual case, without parsing Accept
        return False
    return request.accept_mimetypes.best_match([JSON, PDF], default=JSON) == PDF and PDF in request.accept_mimetypes


def render(reply: Reply, request: Request, business: Business, params: dict[str, Any]) -> Response:
    """The response for ``reply``; shaping options (expand, include, exclude) come from ``params``."""
    view = View.from_params(params)
    if isinstance(reply, Empty):
        return Response(status=reply.status)
    if isinstance(reply, Data):
        return json_response(reply.body, reply.status, request)
    if isinstance(reply, File):
        response = Response(reply.body, status=reply.status, content_type=reply.content_type)
        if reply.filename:
            response.headers["Content-Disposition"] = f'inline; filename="{reply.filename}"'
        return response
    if isinstance(reply, One):
        if reply.resource.pdf and wants_pdf(request):
            from ..pdf import render_pdf

            document = present(business, reply.resource, reply.record, View(expand=("customer",)))
            return Response(render_pdf(reply.resource, document), status=200, content_type=PDF)
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
    response.headers["X-Total-Count"] = str(page.total)
    response.headers["Link"] = pagination.link_header(base, list(dict(request.args.items(multi=True)).items()), page)
    return response
