"""A seeded generator of hostile requests for every route of the OpenAPI document, and two ways to send them.

Each request is malformed, oversized, mistyped or mis-encoded somewhere (its method, path arguments,
query, headers or body) or, now and then, ordinary. The same seed gives the same requests, so a
failure replays. :func:`check_run` sends them and lists every broken promise: a 5xx, an error that is
not ``{type, message}`` JSON, an answer slower than the bound (or none), a rejected request that changed
the store, a server that no longer answers a normal request.
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from werkzeug.test import Client

from invoiced_mock import InvoicedMock
from invoiced_mock.http import limits
from invoiced_mock.store.business import Business

API_KEY = "sk_fuzz"
ANSWER_WITHIN = 10.0  # seconds: generous for a loaded machine; a hang used to be forever
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW")
NUMBERS = ("1e400000", "-1e400000", "1e5000", "9" * 5000, "-" + "9" * 4400, "NaN", "Infinity", "-Infinity",
           "1e308", "-0", "1e-400000", str(2**63), str(-(2**63) - 1), "1.5", "0", "-1", "1E+2", "12")
STRINGS = ("", " ", "١", "\u0000", "\ud800", "a" * 70_000, "%", "../..", "<b>x</b>", "😀" * 300, "\r\n",
           "null", "true", "1,2,3", "customer.parent_customer." * 20, "x" * 300, "NET 30", "usd", "12")
PATH_ARGS = ("1", "2", "%D9%A1", "9" * 5000, "-1", "%FF%FE", "..", "%2F", "a" * 300, "0x10", "1e3", "%20%31",
             "%00", "%C0%AF", "١", "😀", "1_0", "+1")
CONTENT_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b0und",
                 "text/plain", "application/json; charset=latin-1", "", "application/xml", "multipart/form-data")


class Raw(str):
    """A JSON literal written as is (``NaN``, ``1e400000``): json.dumps would refuse or rewrite it."""


@dataclass
class Hostile:
    """One request, ready for either transport: ``target`` is already percent-encoded (or raw, on purpose)."""

    method: str
    target: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    chunked: str = ""  # over a socket: "" (Content-Length), "chunked", or "broken" chunked encoding

    def __str__(self) -> str:
        return f"{self.method} {self.target[:160]} {self.headers!r:.200} {self.chunked} body={self.body[:160]!r}"


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    fields: tuple[str, ...]
    query: tuple[str, ...]


def routes(openapi: dict[str, Any]) -> list[Route]:
    """Every operation in the document, with the names of its body attributes and query parameters."""
    schemas = openapi.get("components", {}).get("schemas", {})
    found = []
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            if "$ref" in body:
                body = schemas.get(body["$ref"].rsplit("/", 1)[-1], {})
            query = tuple(p["name"] for p in operation.get("parameters", []) if p.get("in") == "query")
            found.append(Route(method.upper(), path, tuple(body.get("properties", {})), query))
    return found


class Generator:
    def __init__(self, openapi: dict[str, Any], seed: int) -> None:
        self.routes = routes(openapi)
        self.random = random.Random(seed)

    def __iter__(self) -> Iterator[Hostile]:
        while True:
            yield self.one()

    def one(self) -> Hostile:
        r = self.random
        route = r.choice(self.routes)
        method = route.method if r.random() < 0.85 else r.choice(METHODS)
        path = "/".join(self._path_part(part) for part in route.path.split("/"))
        query = self._query(route)
        target = path + ("?" + query if query else "")
        headers = self._headers()
        body = self._body(route, headers) if method not in ("GET", "HEAD") or r.random() < 0.2 else b""
        chunked = r.choice(("chunked", "broken")) if r.random() < 0.05 else ""
        return Hostile(method, target, headers, body, chunked)

    def _path_part(self, part: str) -> str:
        if not part.startswith("{"):
            return part
        return self.random.choice(PATH_ARGS) if self.random.random() < 0.5 else str(self.random.randint(1, 3))

    def _value(self, depth: int = 0) -> Any:
        r = self.random
        roll = r.random()
        if roll < 0.3:
            return Raw(r.choice(NUMBERS))
        if roll < 0.6:
            return r.choice(STRINGS)
        if roll < 0.7:
            return r.choice((True, False, None, [], {}))
        if roll < 0.8 and depth < 3:
            return {r.choice(("id", "name", "x", "0", "")): self._value(depth + 1) for _ in range(r.randint(1, 3))}
        if roll < 0.9 and depth < 3:
            return [self._value(depth + 1) for _ in range(r.randint(0, 3))]
        depth = r.choice((5, 33, 40, 900))  # written as text: building it would recurse as deep
        return Raw("[" * depth + "1" + "]" * depth if r.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth)

    def _query(self, route: Route) -> str:
        r = self.random
        pairs = []
        for _ in range(r.choice((0, 1, 2, 3, 5))):
            name = r.choice((*route.query, "filter[id]", "metadata[k]", "a" + "[]" * 40, "items[0][x]", "x"))
            pairs.append(_escape(name, "[]") + "=" + _escape(_text(self._value(2))))
        if r.random() < 0.02:
            pairs.extend(["a[]=x"] * (limits.MAX_URL // 6 + 1))
        return "&".join(pairs)

    def _headers(self) -> list[tuple[str, str]]:
        r = self.random
        headers = []
        roll = r.random()
        if roll < 0.85:
            headers.append(("Authorization", "Basic c2tfZnV6ejo="))  # sk_fuzz:
        elif roll < 0.9:
            headers.append(("Authorization", "Bearer " + r.choice(("", "sk_other", "٣" * 10))))
        elif roll < 0.95:
            headers.append(("Authorization", r.choice(("Basic !!!", "Basic ", "Digest x", "Basic OjE="))))
        headers.append(("Content-Type", r.choice(CONTENT_TYPES)))
        if r.random() < 0.1:
            headers.append(("Accept", r.choice(("application/pdf", "text/html", "*/*;q=x"))))
        if r.random() < 0.1:
            headers.append(("Idempotency-Key", "k" * r.choice((1, 6, 30, 65))))
        if r.random() < 0.02:
            headers.append(("X-Padding", "p" * (limits.MAX_HEADER + 10)))
        return headers

    def _body(self, route: Route, headers: list[tuple[str, str]]) -> bytes:
        r = self.random
        kind = dict(headers).get("Content-Type", "")
        names = route.fields or ("name",)
        params = {r.choice((*names, "metadata", "expand", "x")): self._value() for _ in range(r.randint(0, 4))}
        roll = r.random()
        if roll < 0.05:
            return r.choice((b"{", b"{'a': 1}", b"\xff\xfe\xfd", b"[" * 5000, b'{"a": 1,}', b"null", b"12"))
        if roll < 0.07:
            return b'{"notes": "' + b"n" * (limits.MAX_BODY + 1) + b'"}'
        if kind.startswith("multipart"):
            return _multipart(params, many=r.random() < 0.05)
        if kind.startswith("application/x-www-form-urlencoded"):
            return _form(params).encode()
        return _json(params).encode("utf-8", errors="surrogatepass")


def _text(value: Any) -> str:
    return _json(value) if isinstance(value, (dict, list)) else str(value)


def _json(value: Any) -> str:
    """JSON text, with :class:`Raw` literals left as they are."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(_json(v) for v in value) + "]"
    return json.dumps(value)


def _pairs(value: Any, prefix: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict) and not isinstance(value, Raw):
        for k, v in value.items():
            yield from _pairs(v, f"{prefix}[{k}]" if prefix else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _pairs(v, f"{prefix}[{i}]")
    else:
        yield prefix, "" if value is None else str(value)


def _form(params: dict[str, Any]) -> str:
    return "&".join(f"{_escape(k, '[]')}={_escape(v)}" for k, v in _pairs(params, ""))


def _escape(text: str, safe: str = "") -> str:
    return quote(text, safe=safe, errors="surrogatepass")


def _multipart(params: dict[str, Any], many: bool) -> bytes:
    pairs = list(_pairs(params, "")) + ([("p", "x")] * (limits.MAX_PARTS + 1) if many else [])
    parts = [f'--b0und\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in pairs]
    parts.append('--b0und\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n'
                 "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n")
    return ("".join(parts) + "--b0und--\r\n").encode("utf-8", errors="surrogatepass")


# --- sending ------------------------------------------------------------------------------------------

Response = tuple[int, str, bytes]  # status, content type, body


def in_process(app: InvoicedMock) -> Callable[[Hostile], Response]:
    http = Client(app)

    def send(request: Hostile) -> Response:
        path, _, query = request.target.partition("?")
        response = http.open(path, method=request.method, query_string=query, headers=request.headers,
                             data=request.body)
        return response.status_code, response.headers.get("Content-Type", ""), response.get_data()

    return send


def over_socket(host: str, port: int) -> Callable[[Hostile], Response]:
    def send(request: Hostile) -> Response:
        framing, body = f"Content-Length: {len(request.body)}", request.body
        if request.chunked:
            framing = "Transfer-Encoding: chunked"
            size = b"%x" % len(body) if request.chunked == "chunked" else b"zz"
            body = size + b"\r\n" + body + b"\r\n0\r\n\r\n"
        head = [f"{request.method} {request.target} HTTP/1.1", "Host: mock", framing,
                *(f"{k}: {v}" for k, v in request.headers)]
        data = "\r\n".join(head).encode("utf-8", errors="surrogatepass") + b"\r\n\r\n" + body
        with socket.create_connection((host, port), timeout=ANSWER_WITHIN) as sock:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                sock.sendall(data)  # the server may answer and close before reading all of an oversized body
            received = b""
            with contextlib.suppress(ConnectionResetError):
                received = read_answer(sock)
        head_bytes, _, body = received.partition(b"\r\n\r\n")
        lines = head_bytes.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        return int(lines[0].split()[1]), headers.get("Content-Type", ""), body

    return send


def read_answer(sock: socket.socket) -> bytes:
    """One HTTP answer: up to the end of its ``Content-Length`` body (the server keeps the connection alive),
    or whatever came before the server closed."""
    received = b""
    while True:
        head, found, body = received.partition(b"\r\n\r\n")
        if found:
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")[1:]
                           if line.lower().startswith(b"content-length:")), None)
            if length is not None and len(body) >= length:
                return received
        chunk = sock.recv(65536)
        if not chunk:
            return received
        received += chunk


def fingerprint(business: Business) -> tuple[Any, ...]:
    """What a write would change: the sequences and the records the tables hold, as they read. A table made
    empty on first use is no write."""
    tables = tuple((name, tuple(table.rows.items()))
                   for name, table in sorted(business.tables.items()) if name != "idempotency_key" and table.rows)
    return tuple(sorted((name, value) for name, value in business.sequences.items() if value)), tables


def check_run(app: InvoicedMock, send: Callable[[Hostile], Response], requests: Iterator[Hostile],
              count: int) -> tuple[int, list[str]]:
    """Send ``count`` requests; the number of 5xx answers and every broken promise, described."""
    business = app.business(API_KEY)
    problems: list[str] = []
    server_errors = 0
    for _, request in zip(range(count), requests, strict=False):
        before = fingerprint(business)
        started = time.monotonic()
        try:
            status, content_type, body = send(request)
        except (TimeoutError, OSError) as error:
            problems.append(f"no answer ({error!r}): {request}")
            continue
        took = time.monotonic() - started
        if status >= 500:
            server_errors += 1
            problems.append(f"{status}: {request} → {body[:200]!r}")
        elif status >= 400:
            problems.extend(_error_problems(status, content_type, body, request))
            if request.method != "HEAD" and fingerprint(business) != before:
                problems.append(f"{status} but the store changed: {request}")
        if took > ANSWER_WITHIN:
            problems.append(f"answered in {took:.1f} s: {request}")
    normal = send(Hostile("GET", "/customers", [("Authorization", "Basic c2tfZnV6ejo=")]))
    if normal[0] != 200:
        problems.append(f"a normal request afterwards got {normal[0]}")
    return server_errors, problems


def _error_problems(status: int, content_type: str, body: bytes, request: Hostile) -> list[str]:
    if request.method == "HEAD":
        return []
    if not content_type.startswith("application/json"):
        return [f"{status} answered as {content_type!r}: {request} → {body[:120]!r}"]
    try:
        error = json.loads(body)
    except ValueError:
        return [f"{status} with a body that is not JSON: {request}"]
    if not isinstance(error, dict) or not {"type", "message"} <= set(error):
        return [f"{status} without type and message: {request} → {body[:120]!r}"]
    return []
