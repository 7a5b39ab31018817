"""What the HTTP edge refuses before doing any work: oversized URLs, headers and bodies.

The API states none of these sizes, so the mock states its own (the documentation's "Limits and ceilings" page
is written from these constants): they are far above
anything a client library sends and low enough that no single request can hold the CPU or memory
for more than a few milliseconds. Each refusal is an :class:`ApiError` in the API's dialect.
"""

from __future__ import annotations

from itertools import chain
from typing import Any, Protocol

from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge

from invoiced_mock.errors import ApiError, TooLarge
from invoiced_mock.http.environ_keys import UNREADABLE

MAX_URL = 8 * 1024  # bytes of path and query string → 414
MAX_HEADER = 8 * 1024  # bytes of one header (name and value) → 431
MAX_HEADERS = 32 * 1024  # bytes of all headers together → 431
MAX_HEADER_COUNT = 100  # headers in one request → 431
MAX_BODY = 1024 * 1024  # bytes of a JSON or urlencoded body → 413
MAX_UPLOAD = 10 * 1024 * 1024  # bytes of a multipart/form-data body (file uploads) → 413
MAX_PARTS = 1_000  # parts of a multipart body → 413
MAX_FIELD = 64 * 1024  # bytes of one multipart text field → 413
MAX_PARAMETERS = 1_000  # pairs in one query string or form body: PHP's max_input_vars, which the API runs under

MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"
FORM_TYPES = (URLENCODED, MULTIPART)  # bodies werkzeug's form parser reads


class Readable(Protocol):
    """What the limits read of a request (``http.request.Request``)."""

    environ: dict[str, Any]
    mimetype: str
    header_pairs: list[tuple[str, str]]
    content_length: int | None
    has_body: bool

    def get_data(self) -> bytes: ...


def body_limit(request: Any) -> int:
    """The most body bytes ``request`` (ours or werkzeug's) may carry."""
    return MAX_UPLOAD if request.mimetype == MULTIPART else MAX_BODY


def refusal(request: Readable) -> ApiError | None:
    """Why ``request`` is refused before any parsing (its URL, headers or declared size), or None."""
    environ = request.environ
    url = len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", ""))
    if url > MAX_URL:
        return ApiError(f"The request URL is longer than {MAX_URL:,} bytes", status=414)
    headers = request.header_pairs
    if len(headers) > MAX_HEADER_COUNT:
        return ApiError(f"The request has more than {MAX_HEADER_COUNT} headers", status=431)
    total = sum(map(len, chain.from_iterable(headers)))  # names and values, at C speed
    if total > MAX_HEADER and max(len(k) + len(v) for k, v in headers) > MAX_HEADER:
        return ApiError(f"A request header is longer than {MAX_HEADER:,} bytes", status=431)
    if total > MAX_HEADERS:
        return ApiError(f"The request headers are longer than {MAX_HEADERS:,} bytes", status=431)
    limit = body_limit(request)
    if (request.content_length or 0) > limit:
        return too_large(limit)
    # Counted on the raw bytes (C speed) before werkzeug builds a dict of 20,000 pairs only to refuse it.
    if environ.get("QUERY_STRING", "").count("&") >= MAX_PARAMETERS or (
            request.mimetype == URLENCODED and read_body(request).count(b"&") >= MAX_PARAMETERS):
        return too_many()
    return None


def too_many() -> TooLarge:
    return TooLarge(f"Too many parameters: at most {MAX_PARAMETERS:,} are accepted")


def too_large(limit: int) -> TooLarge:
    return TooLarge(f"The request body is larger than {limit:,} bytes", "request")


def read_body(request: Readable) -> bytes:
    """The raw body, never read past the limits and never an error: empty when over them or unreadable
    (a malformed chunk, a client gone mid-body; flagged, since a second read would wait on a broken stream)."""
    environ = request.environ
    if not request.has_body:
        return b""
    if environ.get(UNREADABLE) or (request.content_length or 0) > body_limit(request):
        return b""
    try:
        return request.get_data()
    except (RequestEntityTooLarge, ClientDisconnected, OSError):
        request.environ[UNREADABLE] = True
        return b""
