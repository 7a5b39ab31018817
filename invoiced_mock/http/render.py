"""Replies and errors onto the wire: JSON (or a PDF when asked), paged lists with their headers, as
:class:`~.answer.Response` s; :func:`send` hands one to a WSGI server."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from invoiced_mock.core.presenter import View, present
from invoiced_mock.core.resource import Batch, Data, Empty, File, Many, One, Reply
from invoiced_mock.errors import ApiError
from invoiced_mock.formats.json_bodies import encode
from invoiced_mock.http import pagination
from invoiced_mock.http.response import Response, finished, respond

if TYPE_CHECKING:
    from invoiced_mock.http.request import Request
    from invoiced_mock.store.business import Business

JSON = "application/json"
PDF = "application/pdf"
# Official clients that read every send result as an array, even where the API answers one object (§4.5 item 3).
ARRAY_READERS = ("Invoiced Python/", "Invoiced Ruby/", "Invoiced PHP/")


def send(response: Response, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Start ``response`` as a WSGI app does and give its body."""
    response = finished(response, environ.get("REQUEST_METHOD", "GET"))
    start_response(response.status_line, response.headers)
    return [response.body] if response.body else []


def json_response(body: Any, status: int, request: Request | None = None) -> Response:
    pretty = request is not None and request.environ.get("HTTP_USER_AGENT", "").startswith("curl")
    return respond(status, encode(body, pretty), JSON)


def error_response(error: ApiError, request: Request | None = None) -> Response:
    response = json_response(error.body(), error.status, request)
    response.headers.extend(error.headers().items())
    return response


def wants_pdf(request: Request) -> bool:
    if "pdf" not in request.environ.get("HTTP_ACCEPT", ""):  # the usual case, without parsing Accept
        return False
    accept = request.accept_mimetypes
    # Accept.__contains__ takes a media type; mypy checks ``in`` against the list's (type, quality) items
    return accept.best_match([JSON, PDF], default=JSON) == PDF and PDF in accept  # type: ignore[comparison-overlap]


def render(reply: Reply, request: Request, business: Business, params: dict[str, Any],
           view: View | None = None) -> Response:
    """The response for ``reply``; shaping options (expand, include, exclude) come from ``params`` unless
    ``view`` gives them already parsed."""
    view = View.from_params(params) if view is None else view
    if isinstance(reply, Empty):
        return Response(reply.status, [])
    if isinstance(reply, Data):
        return json_response(reply.body, reply.status, request)
    if isinstance(reply, File):
        disposition = [("Content-Disposition", f'inline; filename="{reply.filename}"')] if reply.filename else []
        return respond(reply.status, reply.body, reply.content_type, disposition)
    if isinstance(reply, One):
        if reply.resource.pdf and wants_pdf(request):
            from invoiced_mock.formats.pdf import render_pdf

            document = present(business, reply.resource, reply.record, View(expand=("customer",)))
            return respond(200, render_pdf(reply.resource, document), PDF)
        return json_response(present(business, reply.resource, reply.record, view), reply.status, request)
    if isinstance(reply, Batch):
        body = [present(business, reply.resource, r, view) for r in reply.records]
        if reply.lone and len(body) == 1 and not request.environ.get("HTTP_USER_AGENT", "").startswith(ARRAY_READERS):
            return json_response(body[0], reply.status, request)
        return json_response(body, reply.status, request)
    assert isinstance(reply, Many)
    records = reply.records
    return paged(request, params, len(records),
                 lambda start, end: [present(business, reply.resource, r, view) for r in records[start:end]])


def paged(request: Request, params: dict[str, Any], total: int, items: Callable[[int, int], list[Any]],
          status: int = 200) -> Response:
    """One page of a list of ``total`` items (``items(start, end)`` gives the page's), as the API answers a list:
    ``page``/``per_page`` from ``params``, with ``X-Total-Count`` and a ``Link`` header echoing the query."""
    page = pagination.page_of(params, total)
    response = json_response(items(*page.bounds), status, request)
    base = request.root_url.rstrip("/") + quote(request.path.rstrip("/") or "/")
    query = list(dict(request.args.items(multi=True)).items())
    response.headers += [("X-Total-Count", str(page.total)), ("Link", pagination.link_header(base, query, page))]
    return response
