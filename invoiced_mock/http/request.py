"""The request every step of the pipeline reads, taken from the WSGI environ once.

What every call needs (method, path, content type, headers, declared length) is read straight from the
environ. werkzeug's request, held to the mock's limits (``BoundedRequest``), is built only when a step
needs what werkzeug does well: reading and parsing a body (forms, multipart uploads, chunked streams), the
query string as a ``MultiDict``, ``Accept`` negotiation, ``Authorization`` parsing, URLs. A GET that carries
no body never builds one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from werkzeug.datastructures import Authorization, FileStorage, Headers, MIMEAccept, MultiDict
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.sansio.utils import get_content_length, get_current_url, get_host
from werkzeug.utils import cached_property
from werkzeug.wrappers import Request as WerkzeugRequest

from invoiced_mock.http.environ_keys import HEADER_PAIRS
from invoiced_mock.http.limits import FORM_TYPES, MAX_FIELD, MAX_PARTS, body_limit

HEADER_KEYS = ("CONTENT_TYPE", "CONTENT_LENGTH")  # the two headers the environ keeps without ``HTTP_``


class BoundedRequest(WerkzeugRequest):
    """werkzeug's request with its readers held to the mock's limits (they raise past them)."""

    max_form_memory_size = MAX_FIELD
    max_form_parts = MAX_PARTS

    def __init__(self, environ: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(environ, *args, **kwargs)
        self.max_content_length = body_limit(self)


class Request:
    """One request as the pipeline reads it. ``environ`` is the WSGI environ; steps may leave notes in it."""

    def __init__(self, environ: dict[str, Any]) -> None:
        self.environ = environ
        self.method: str = environ.get("REQUEST_METHOD", "GET").upper()
        self.path: str = "/" + _decoded(environ.get("PATH_INFO") or "").lstrip("/")
        # werkzeug's ``mimetype``: the type without its parameters, lower case
        self.mimetype: str = environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower()
        # the headers as the environ holds them, empty values left out (given by the in-process transports)
        pairs = environ.get(HEADER_PAIRS)
        self.header_pairs: list[tuple[str, str]] = pairs if pairs is not None else [
            (k, v) for k, v in environ.items() if (k[:5] == "HTTP_" or k in HEADER_KEYS) and v != ""]
        # the declared body length; None for a chunked body or none declared (read by several steps: kept)
        declared = environ.get("CONTENT_LENGTH")
        self.content_length: int | None = None if declared is None else get_content_length(
            declared, environ.get("HTTP_TRANSFER_ENCODING"))
        # a body to read: a declared length or a chunked stream (werkzeug reads nothing otherwise: a GET, an
        # empty POST)
        self.has_body: bool = bool(environ.get("CONTENT_LENGTH")) or bool(environ.get("wsgi.input_terminated"))
        self._body: bytes | None = None

    @cached_property
    def werkzeug(self) -> BoundedRequest:
        """werkzeug's request over the same environ, for what is read through it (the body above all)."""
        return BoundedRequest(self.environ)

    def get_data(self) -> bytes:
        """The whole body, read once and kept. Past the limits it raises werkzeug's ``RequestEntityTooLarge``,
        and ``ClientDisconnected`` when the stream ends before the declared length."""
        if self._body is None:
            self._body = self._read_declared() if self._plain_body else self.werkzeug.get_data(cache=True)
        return self._body

    @property
    def _plain_body(self) -> bool:
        """A body of declared length that no werkzeug parser reads (JSON, text): read here, without a stream
        wrapper. Forms, multipart uploads and chunked streams go through werkzeug's readers."""
        return self.content_length is not None and self.mimetype not in FORM_TYPES

    def _read_declared(self) -> bytes:
        length = self.content_length or 0
        if length > body_limit(self):
            raise RequestEntityTooLarge()
        data: bytes = self.environ["wsgi.input"].read(length) if length else b""
        if len(data) < length:
            raise ClientDisconnected()
        return data

    @property
    def form(self) -> MultiDict[str, str]:
        return self.werkzeug.form

    @property
    def files(self) -> MultiDict[str, FileStorage]:
        return self.werkzeug.files

    @property
    def args(self) -> MultiDict[str, str]:
        return self.werkzeug.args

    @property
    def headers(self) -> Headers:
        return self.werkzeug.headers  # an EnvironHeaders (read-only), which werkzeug declares as Headers

    @property
    def authorization(self) -> Authorization | None:
        return self.werkzeug.authorization

    @property
    def accept_mimetypes(self) -> MIMEAccept:
        return self.werkzeug.accept_mimetypes

    @property
    def root_url(self) -> str:
        """werkzeug's ``root_url``, remembered per the environ values it is built from: werkzeug builds it
        through IRI decoding on every read, and every API call reads it."""
        environ = self.environ
        return _root_url(environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST"),
                         environ.get("SERVER_NAME"), environ.get("SERVER_PORT"), environ.get("SCRIPT_NAME") or "")

    @property
    def url(self) -> str:
        return self.werkzeug.url

    @property
    def host(self) -> str:
        return self.werkzeug.host


def _decoded(path: str) -> str:
    """PATH_INFO as text: WSGI carries its UTF-8 bytes as latin-1 characters (werkzeug's reading)."""
    return path if path.isascii() else path.encode("latin-1").decode(errors="replace")


@lru_cache(maxsize=256)
def _root_url(scheme: str, host_header: str | None, server_name: str | None, server_port: str | None,
              script_name: str) -> str:
    """The root URL from the environ values werkzeug's request builds it from, by werkzeug's own functions."""
    try:
        port: int | None = int(server_port)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        port = None
    server = (server_name, port) if server_name is not None else None
    return get_current_url(scheme, get_host(scheme, host_header, server), _decoded(script_name).rstrip("/"))
