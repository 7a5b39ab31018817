"""The request journal: every request the mock answered, in order, for assertions and debugging.

A :class:`Call` keeps the body twice: ``json``, its parameters (a JSON body as sent, a form body nested as
the API reads it: ``items[0][name]=Paper`` → ``{"items": [{"name": "Paper"}]}``), and ``body``, the raw text.
:class:`Requests` is the view tests use: ``assert_called("POST", "/invoices/*/pay", times=1, json={...})``
fails with the closest recorded calls (near misses) and what kept each one from matching. Expected
``json``/``query`` may be written nested or with the bracket keys seen on the wire (``{"filter[status]":
"past_due"}``); ``headers`` match by name whatever its case.
"""

from __future__ import annotations

import heapq
import json
import math
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from invoiced_mock.control.faults import compile_pattern
from invoiced_mock.errors import ApiError
from invoiced_mock.http.params import nest

NEAR_MISSES = 5


class Call:
    """One request the mock answered. Built from the wire (:meth:`from_wire`), it keeps the bytes sent and
    answered and decodes them (``json``, ``response``, ``body``, ``headers``, ``query``) when first read: a
    test reads a few calls of the many it makes, so the request path never pays for decoding. ``status`` is
    None for a request that got no answer (a fault dropped it or never answered: ``extra["fault"]`` says which)."""

    __slots__ = (
        "_answered",
        "_body",
        "_headers",
        "_json",
        "_query",
        "_raw_headers",
        "_raw_query",
        "_response",
        "_sent",
        "api_key",
        "duration",
        "events",
        "extra",
        "method",
        "number",
        "operation",
        "path",
        "status",
        "timestamp",
    )

    def __init__(self, method: str, path: str, query: dict[str, Any] | None = None, json: Any = None,
                 headers: dict[str, str] | None = None, status: int | None = None, response: Any = None,
                 api_key: str | None = None, operation: str | None = None, timestamp: int = 0,
                 extra: dict[str, Any] | None = None, body: str | None = None, duration: float | None = None,
                 events: range = range(0)) -> None:
        self.method, self.path, self.status = method, path, status
        self.api_key, self.operation, self.timestamp, self.extra = api_key, operation, timestamp, extra or {}
        self.duration, self.events, self.number = duration, events, 0
        self._query, self._json, self._headers, self._response = query or {}, json, headers or {}, response
        self._body: str | bytes | None = body
        self._raw_query: str | None = None
        self._raw_headers: list[tuple[str, str]] | None = None
        self._sent: bytes | None = None
        self._answered: bytes | None = None

    @classmethod
    def from_wire(cls, method: str, path: str, query_string: str, environ_headers: list[tuple[str, str]],
                  sent: bytes, answered: bytes | None, form: bool, form_params: dict[str, Any] | None,
                  status: int | None, api_key: str | None, operation: str | None, timestamp: int,
                  extra: dict[str, Any], duration: float | None = None, events: range = range(0)) -> Call:
        """A call from what crossed the wire: the query string, the environ's ``HTTP_*`` pairs, the raw bodies
        (``answered`` None: no answer or no body). A form body (``form``) is journaled as the params the
        handler parsed (None when the parser refused it); any other body is decoded as JSON when read.
        ``duration``: seconds the app took to answer; ``events``: the ids of the events the request recorded."""
        call = cls.__new__(cls)  # every slot set here once: this runs on every request
        call.method, call.path, call.status, call.api_key = method, path, status, api_key
        call.operation, call.timestamp, call.extra = operation, timestamp, extra
        call.duration, call.events, call.number = duration, events, 0
        call._query, call._json, call._headers, call._response = {}, form_params, {}, None
        call._raw_query = query_string or None
        call._raw_headers = environ_headers
        call._sent = None if form else sent
        call._answered = answered
        call._body = sent or None  # decoded when read
        return call

    @property
    def query(self) -> dict[str, Any]:
        if self._raw_query is not None:
            self._query, self._raw_query = _query(self._raw_query), None
        return self._query

    @property
    def json(self) -> Any:
        """The body's parameters: a JSON body as sent, a form body nested as the API reads it."""
        if self._sent is not None:
            self._json, self._sent = decode(self._sent), None
        return self._json

    @property
    def headers(self) -> dict[str, str]:
        if self._raw_headers is not None:
            self._headers, self._raw_headers = {_header_name(k): v for k, v in self._raw_headers}, None
        return self._headers

    @property
    def response(self) -> Any:
        if self._answered is not None:
            self._response, self._answered = decode(self._answered), None
        return self._response

    @property
    def body(self) -> str | None:
        """The raw body as sent (``json`` holds its parameters)."""
        if isinstance(self._body, bytes):
            self._body = self._body.decode("utf-8", errors="replace")
        return self._body

    def __repr__(self) -> str:
        return f"Call({self.method} {self.path} → {self.status})"

    def __str__(self) -> str:
        outcome = self.status if self.status is not None else self.extra.get("fault")  # None: no answer came
        refused = sum(1 for hook in self.extra.get("webhooks", ()) if hook.get("refused"))
        stub = self.extra.get("stub")  # the number of the stub that answered
        return (f"{self.method} {self.path} → {outcome}" + (f" (stub #{stub})" if stub else "")
                + (f" ({refused} webhook refused)" if refused == 1 else f" ({refused} webhooks refused)" if refused
                   else ""))

    @property
    def form(self) -> bool:
        """The body was form-encoded: its values arrived as text."""
        content_type = next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")
        return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))

    def to_json(self) -> dict[str, Any]:
        """The call as plain JSON (what ``GET /_mock/requests`` shows): ``id`` its place in the journal,
        ``duration_ms`` how long the app took, ``events`` the ids of the events it recorded."""
        duration = None if self.duration is None else round(self.duration * 1000, 3)
        return {"id": self.number, "method": self.method, "path": self.path, "query": self.query, "json": self.json,
                "body": self.body, "headers": self.headers, "status": self.status, "response": self.response,
                "operation": self.operation, "timestamp": self.timestamp, "duration_ms": duration,
                "events": list(self.events), **self.extra}


def _header_name(environ_key: str) -> str:
    """``HTTP_X_REQUEST_ID`` → ``X-Request-Id``, ``CONTENT_TYPE`` → ``Content-Type`` (as werkzeug shows them)."""
    name = environ_key[5:] if environ_key.startswith("HTTP_") else environ_key
    return name.replace("_", "-").title()


def _query(query_string: str) -> dict[str, Any]:
    """A query string as the journal keeps it: nested params, never an error (a refused query: empty)."""
    try:
        return nest(parse_qsl(query_string, keep_blank_values=True))
    except ApiError:
        return {}


def decode(body: bytes) -> Any:
    """A body as JSON when it is JSON (finite numbers only: what is shown must encode again), else as text."""
    if not body:
        return None
    try:
        return json.loads(body, parse_constant=_not_json, parse_float=_finite)
    except (ValueError, RecursionError):
        return body.decode("utf-8", errors="replace")


def _not_json(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range")
    return number


ENTRY_OVERHEAD = 2 * 1024  # bytes an entry holds beyond its bodies: the Call, its headers and query
DECODED_FACTOR = 3  # decoded JSON takes about 2.2× the bytes of its text in memory; rounded up


def weigh(body_bytes: int) -> int:
    """The memory an entry holding ``body_bytes`` of JSON (request and response) is counted for."""
    return ENTRY_OVERHEAD + DECODED_FACTOR * body_bytes


class Journal:
    """A bounded, thread-safe log of :class:`Call` s, kept per API key so one key never evicts another's.

    Each key keeps at most ``limit`` entries and ``max_bytes`` (oldest dropped first); all keys together
    at most ``total_bytes``, past which the key holding the most gives up its oldest entries. Bytes are
    the estimate of :func:`weigh`.
    """

    def __init__(self, limit: int = 10_000, max_bytes: int = 64 * 2**20, total_bytes: int = 256 * 2**20) -> None:
        self.limit = limit
        self.max_bytes = max_bytes
        self.total_bytes = total_bytes
        self._keys: dict[str | None, deque[tuple[int, int, Call]]] = {}
        self._bytes: dict[str | None, int] = {}
        self._total = 0
        self._recorded = 0
        self._lock = threading.Lock()

    def record(self, call: Call, size: int | None = None) -> None:
        """Keep ``call``; ``size`` is what it weighs (measured from the call when not given)."""
        weight = weigh(_body_bytes(call) if size is None else size)
        key = call.api_key
        with self._lock:
            self._recorded += 1
            call.number = self._recorded
            entries = self._keys.get(key)
            if entries is None:
                entries = self._keys[key] = deque()
            entries.append((self._recorded, weight, call))
            self._bytes[key] = self._bytes.get(key, 0) + weight
            self._total += weight
            while len(entries) > 1 and (len(entries) > self.limit or self._bytes[key] > self.max_bytes):
                self._drop_oldest(key)
            while self._total > self.total_bytes and len(self._keys) > 0:
                self._drop_oldest(max(self._bytes, key=self._bytes.__getitem__))

    def _drop_oldest(self, key: str | None) -> None:
        _, weight, _ = self._keys[key].popleft()
        self._bytes[key] -= weight
        self._total -= weight
        if not self._keys[key]:
            del self._keys[key], self._bytes[key]

    @property
    def bytes(self) -> int:
        """What the kept entries weigh in all (see :func:`weigh`)."""
        return self._total

    def calls(self, api_key: str | None = None) -> list[Call]:
        with self._lock:
            if api_key is not None:
                return [call for _, _, call in self._keys.get(api_key, ())]
            return [call for _, _, call in heapq.merge(*self._keys.values(), key=lambda entry: entry[0])]

    def find(self, number: int, api_key: str | None = None) -> Call | None:
        """The call recorded ``number``-th (of ``api_key``, when given), while the journal still keeps it."""
        with self._lock:
            scopes = self._keys.values() if api_key is None else [self._keys.get(api_key, deque())]
            return next((call for entries in scopes for n, _, call in entries if n == number), None)

    def clear(self, api_key: str | None = None) -> None:
        with self._lock:
            for key in list(self._keys) if api_key is None else [api_key] if api_key in self._keys else []:
                self._total -= self._bytes.pop(key)
                del self._keys[key]

    def __iter__(self) -> Iterator[Call]:
        return iter(self.calls())

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._keys.values())


def _body_bytes(call: Call) -> int:
    """The JSON a call carries, in bytes (when the caller did not count it from the wire)."""
    return sum(len(json.dumps(value, default=str)) for value in (call.json, call.response) if value is not None)


class Requests:
    """The journal as a test sees it: the calls made with one API key (or all), and assertions on them."""

    def __init__(self, journal: Journal, api_key: str | None = None) -> None:
        self.journal = journal
        self.api_key = api_key

    def calls(self) -> list[Call]:
        return self.journal.calls(self.api_key)

    def __iter__(self) -> Iterator[Call]:
        return iter(self.calls())

    def __len__(self) -> int:
        return len(self.calls())

    def __getitem__(self, index: int) -> Call:
        return self.calls()[index]

    @property
    def last(self) -> Call:
        calls = self.calls()
        if not calls:
            raise AssertionError("no request was made")
        return calls[-1]

    def clear(self) -> None:
        self.journal.clear(self.api_key)

    def matching(self, method: str = "*", path: str = "**", **expected: Any) -> list[Call]:
        """The calls that match (keywords as for :meth:`assert_called`)."""
        wanted = Expectation(method, path, **expected)
        return [call for call in self.calls() if not wanted.mismatches(call)]

    def assert_called(self, method: str, path: str, *, times: int | None = None, json: Any = None,
                      query: dict[str, Any] | None = None, status: int | None = None,
                      headers: dict[str, str] | None = None) -> list[Call]:
        """Insist that ``method path`` was called (exactly ``times`` times when given); the matching calls.

        ``path`` may use ``*`` for one segment and ``**`` for several. ``json``, ``query`` and ``headers``
        match when every key given is in the request with that value (other keys may be there too); keys
        may be nested or bracketed as on the wire, header names in any case.
        """
        wanted = Expectation(method, path, json=json, query=query, status=status, headers=headers)
        calls = self.calls()
        hits = [call for call in calls if not wanted.mismatches(call)]
        if (times is None and hits) or len(hits) == times:
            return hits
        raise AssertionError(wanted.report(calls, hits, times))

    def assert_not_called(self, method: str, path: str, **expected: Any) -> None:
        self.assert_called(method, path, times=0, **expected)


@dataclass(frozen=True)
class Expectation:
    """What an assertion looks for, and why a given call is not it."""

    method: str
    path: str
    json: Any = None
    query: dict[str, Any] | None = None
    status: int | None = None
    headers: dict[str, str] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "json", unbracket(self.json))
        object.__setattr__(self, "query", unbracket(self.query))

    def describe(self) -> str:
        parts = [f"{self.method.upper()} {self.path}"]
        if self.json is not None:
            parts.append(f"json={self.json!r}")
        if self.query is not None:
            parts.append(f"query={self.query!r}")
        if self.status is not None:
            parts.append(f"status={self.status}")
        if self.headers is not None:
            parts.append(f"headers={self.headers!r}")
        return " ".join(parts)

    def mismatches(self, call: Call) -> list[str]:
        reasons = []
        if self.method not in ("*", call.method) and self.method.upper() != call.method:
            reasons.append(f"method {call.method} is not {self.method.upper()}")
        if compile_pattern(self.path).fullmatch(call.path) is None:
            reasons.append(f"path {call.path} does not match {self.path}")
        if self.json is not None:
            reasons.extend(differences(self.json, call.json, "json", loose=call.form))
        if self.query is not None:
            reasons.extend(differences(self.query, call.query, "query", loose=True))
        if self.status is not None and self.status != call.status:
            reasons.append(f"status was {call.status}, expected {self.status}")
        if self.headers is not None:
            sent = {name.lower(): value for name, value in call.headers.items()}
            for name, value in self.headers.items():
                if name.lower() not in sent:
                    reasons.append(f"headers have no {name!r}")
                elif sent[name.lower()] != value:
                    reasons.append(f"headers[{name!r}] was {sent[name.lower()]!r}, expected {value!r}")
        return reasons

    def report(self, calls: list[Call], hits: list[Call], times: int | None) -> str:
        wanted = "at least once" if times is None else f"{times} time{'s' if times != 1 else ''}"
        lines = [f"Expected {self.describe()} to be called {wanted}; it was called {len(hits)} "
                 f"time{'s' if len(hits) != 1 else ''} ({len(calls)} request{'s' if len(calls) != 1 else ''} "
                 "recorded)."]
        if hits:
            lines.append("Matching calls:")
            lines.extend(f"  #{calls.index(c) + 1} {c}  json={c.json!r}" for c in hits)
            return "\n".join(lines)
        closest = self.near_misses(calls)
        if closest:
            lines.append("Closest calls:")
        for index, call, reasons in closest:
            lines.append(f"  #{index + 1} {call}: " + "; ".join(reasons))
        return "\n".join(lines)

    def near_misses(self, calls: list[Call], count: int = NEAR_MISSES) -> list[tuple[int, Call, list[str]]]:
        """The ``count`` calls closest to matching (fewest reasons not to, the latest first among equals), each
        with its place in ``calls`` and why it does not match."""
        ranked = sorted(((self.mismatches(c), i, c) for i, c in enumerate(calls)), key=lambda t: (len(t[0]), -t[1]))
        return [(index, call, reasons) for reasons, index, call in ranked[:count] if reasons]


def differences(expected: Any, actual: Any, where: str, loose: bool = False) -> list[str]:
    """Why ``actual`` does not contain ``expected`` (dicts: every expected key, recursively; lists of the
    same length: item by item). ``loose``: ``actual`` arrived as text (a query string, a form body), so
    ``5`` matches ``"5"`` and ``True`` matches ``"true"`` or ``"1"``."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where} was {actual!r}, expected an object"]
        reasons: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                reasons.append(f"{where} has no {key!r}")
            else:
                reasons.extend(differences(value, actual[key], f"{where}[{key!r}]", loose))
        return reasons
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual) and expected:
        pairs = enumerate(zip(expected, actual, strict=True))
        return [reason for i, (e, a) in pairs for reason in differences(e, a, f"{where}[{i}]", loose)]
    if expected == actual:
        return []
    text = _as_text(expected) if loose and isinstance(actual, str) else ()
    if text == actual or (isinstance(text, tuple) and actual in text):
        return []
    return [f"{where} was {actual!r}, expected {expected!r}"]


def _as_text(value: Any) -> str | tuple[str, ...]:
    """How a value the test wrote reads as form or query text (a boolean has two spellings)."""
    if isinstance(value, bool):
        return ("1", "true") if value else ("0", "false")
    return str(value) if not isinstance(value, (list, dict)) else ()


def unbracket(expected: Any) -> Any:
    """Expected params with wire-style keys nested: ``{"filter[status]": "x"}`` → ``{"filter": {"status": "x"}}``."""
    if not isinstance(expected, dict) or not any("[" in str(key) for key in expected):
        return expected
    return nest((str(key), value) for key, value in expected.items())
