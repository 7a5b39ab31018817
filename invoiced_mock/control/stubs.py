"""Canned answers beside the stateful mock: "answer ``GET /invoices/*`` with this body", for states the mock
cannot reach (a gateway outage, a field the mock does not model, an error the API sends once a year).

A stub is matched after authentication and the fault rules, before routing, so it can answer any path,
even one the mock does not serve. It may also ask for a request's query, body parameters (JSON or form) and
headers (``match_query``, ``match_json``, ``match_headers``: subsets, matched as the journal's assertions
match them). It answers in the API's dialect: a JSON body, and for a 4xx/5xx status an error ``{type,
message, param}`` (the ``type`` and ``message`` filled in from the status when not given); a list body of a
``GET`` is answered as the API answers a list, one page of it (``page``, ``per_page``) with ``X-Total-Count``
and ``Link``. ``status`` may be a sequence (``[429, 429, 200]``): one answer each, in order. ``answer`` is a
callable given the request (a :class:`~invoiced_mock.control.journal.Call`) that returns the body, or
``(status, body)``, or ``(status, body, headers)``.

Stubs are scoped to an API key like faults, first added first matched, and numbered (``id``: the journal
says which one answered); ``times=N`` retires one after N answers. A stub that answered fewer times than it
was meant to (once, ``times``, or its whole sequence) is *unused*: :meth:`Stubs.assert_all_used` names every
such stub, as ``responses`` and pytest-httpx do at teardown; ``required=False`` exempts one.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from invoiced_mock.control.faults import DEFAULT_MESSAGES, compile_pattern
from invoiced_mock.control.journal import Call, Expectation
from invoiced_mock.errors import ApiError, ServerError
from invoiced_mock.http.headers import check as check_header

ERROR_KEYS = ("type", "message", "param")
Answer = tuple[int, Any, dict[str, str]]  # status, body (None: none), headers


@dataclass
class Stub:
    method: str
    pattern: str
    status: int | Sequence[int] = 200  # a sequence: one answer per request, in order
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int | None = None  # None: every matching request until cleared (a sequence: its length)
    required: bool = True  # False: never counted as unused
    api_key: str | None = None
    hits: int = 0
    match_query: dict[str, Any] | None = None
    match_json: Any = None
    match_headers: dict[str, str] | None = None
    answer: Callable[[Call], Any] | None = None
    id: int = field(default=0, init=False)  # its number among the stubs (``Stubs.add``): ``extra["stub"]``
    _regex: re.Pattern[str] = field(init=False, repr=False)
    _wanted: Expectation | None = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        statuses = self.statuses
        if not statuses or any(isinstance(s, bool) or not isinstance(s, int) or not 200 <= s <= 599
                               for s in statuses):
            raise ValueError(f"status must be an HTTP status from 200 to 599 (or a list of them), not {self.status!r}")
        if self.times is not None and (isinstance(self.times, bool) or not isinstance(self.times, int)
                                       or self.times < 1):
            raise ValueError(f"times must be a positive integer or None, not {self.times!r}")
        if not isinstance(self.headers, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in self.headers.items()):
            raise ValueError("headers must map header names to string values")
        for name, value in self.headers.items():
            check_header(name, value)  # one header each, of the API's types (``http/headers.py``)
        if min(statuses) >= 400 and self.json is not None and not (
                isinstance(self.json, dict) and set(self.json) <= set(ERROR_KEYS)):
            raise ValueError(f"an error stub's json is the API's error object: only {', '.join(ERROR_KEYS)}")
        for name in ("match_query", "match_headers"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, Mapping):
                raise ValueError(f"{name} must be a mapping of the values the request must have")
        if self.answer is not None and not callable(self.answer):
            raise ValueError("answer must be a callable given the request")
        self.method = str(self.method).upper()
        self.headers = dict(self.headers)
        self._regex = compile_pattern(self.pattern)
        if self.match_query is not None or self.match_json is not None or self.match_headers is not None:
            self._wanted = Expectation("*", "**", json=self.match_json, query=self.match_query,
                                       headers=self.match_headers)

    @property
    def statuses(self) -> tuple[int, ...]:
        if isinstance(self.status, (list, tuple)):
            return tuple(self.status)
        return (self.status,) if isinstance(self.status, int) else ()

    @property
    def needs_request(self) -> bool:
        """Whether matching or answering reads the request beyond its method and path."""
        return self._wanted is not None or self.answer is not None

    def matches(self, method: str, path: str, api_key: str | None, request: Callable[[], Call] | None = None) -> bool:
        if not (self.method in ("*", method.upper()) and not self.exhausted
                and (self.api_key is None or self.api_key == api_key) and self._regex.fullmatch(path) is not None):
            return False
        return self._wanted is None or (request is not None and not self._wanted.mismatches(request()))

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    @property
    def used(self) -> bool:
        return not self.required or self.hits >= (self.times or 1)

    def body(self, status: int | None = None) -> Any:
        """What the stub answers with ``status`` (its own by default): its ``json``; for an error status the
        API's error object."""
        return _body(self.status_at(1) if status is None else status, self.json)

    def status_at(self, hit: int) -> int:
        """The status of the ``hit``-th answer (from 1): the sequence in order, its last one after it."""
        statuses = self.statuses
        return statuses[min(hit, len(statuses)) - 1]

    def respond(self, request: Callable[[], Call]) -> Answer:
        """The answer to the request this stub just took (its ``hits`` already counted)."""
        if self.answer is None:
            status = self.status_at(self.hits)
            return status, self.body(status), self.headers
        try:
            given = self.answer(request())
        except Exception as error:  # the test's own code: say so rather than a bare 500
            raise ServerError(f"stub #{self.id} raised {type(error).__name__}: {error}") from error
        status, body, headers = self.status_at(self.hits), given, self.headers
        if isinstance(given, tuple):
            status, body, *more = given
            extra = more[0] if more else {}
            try:
                for name, value in extra.items():
                    check_header(name, value)
            except (AttributeError, TypeError, ValueError) as error:
                raise ServerError(f"stub #{self.id} answered a header it may not send: {error}") from error
            headers = {**self.headers, **extra}
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
            raise ServerError(f"stub #{self.id} answered status {status!r}: an HTTP status from 200 to 599")
        return status, _body(status, body), headers

    def __str__(self) -> str:
        wanted = f"{self.times} time{'s' if self.times != 1 else ''}" if self.times else "at least once"
        status = self.status if isinstance(self.status, int) else list(self.status)
        return f"{self.method} {self.pattern} → {status} (answered {self.hits}, expected {wanted})"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "method": self.method, "path": self.pattern,
                "status": self.status if isinstance(self.status, int) else list(self.status), "json": self.json,
                "headers": self.headers, "times": self.times, "required": self.required, "hits": self.hits,
                "match_query": self.match_query, "match_json": self.match_json, "match_headers": self.match_headers}


def _body(status: int, given: Any) -> Any:
    if status < 400:
        return given
    error = given if isinstance(given, dict) else {}
    message = error.get("message") or DEFAULT_MESSAGES.get(status, f"Stubbed error {status}")
    return ApiError(message, error.get("param"), status=status, type=error.get("type")).body()


class Stubs:
    """The stubs of one app, thread-safe; :meth:`take` finds the one answering a request and counts the hit."""

    OPTIONS = ("status", "json", "headers", "times", "required", "match_query", "match_json", "match_headers",
               "answer")
    REMOTE = tuple(o for o in OPTIONS if o != "answer")  # what the control plane takes (no callable crosses HTTP)

    def __init__(self) -> None:
        self._stubs: list[Stub] = []
        self._added = 0
        self._lock = threading.Lock()

    def add(self, method: str, pattern: str, **options: Any) -> Stub:
        unknown = sorted(set(options) - {*self.OPTIONS, "api_key"})
        if unknown:
            raise ValueError(f"unknown stub option {unknown[0]!r} (known: {', '.join(self.OPTIONS)})")
        status = options.get("status", 200)
        if options.get("times") is None and isinstance(status, (list, tuple)):  # a sequence retires after its last
            options["times"] = len(status)
        stub = Stub(method, pattern, **options)
        with self._lock:
            self._added += 1
            stub.id = self._added
            self._stubs.append(stub)
        return stub

    def take(self, method: str, path: str, api_key: str | None,
             request: Callable[[], Call] | None = None) -> Stub | None:
        """The first stub answering ``method path`` for ``api_key``, its hit counted; ``request`` gives the
        request itself, read only by a stub that matches on it."""
        if not self._stubs:  # the usual case, asked on every request: no lock needed to see nothing
            return None
        with self._lock:
            for stub in self._stubs:
                if stub.matches(method, path, api_key, request):
                    stub.hits += 1
                    return stub
        return None

    def rules(self, api_key: str | None = None) -> list[Stub]:
        """Every stub (of ``api_key`` and of every key, when one is given), used up or not, oldest first."""
        with self._lock:
            return [s for s in self._stubs if api_key is None or s.api_key in (None, api_key)]

    def remove(self, stub_id: int) -> Stub | None:
        """Take the stub ``stub_id`` away (ids are unique across keys); the stub, or None."""
        with self._lock:
            found = next((s for s in self._stubs if s.id == stub_id), None)
            if found is not None:
                self._stubs = [s for s in self._stubs if s is not found]
            return found

    def clear(self, api_key: str | None = None) -> None:
        with self._lock:
            self._stubs = [s for s in self._stubs if api_key is not None and s.api_key != api_key]

    def unused(self, api_key: str | None = None) -> list[Stub]:
        return [s for s in self.rules(api_key) if not s.used]

    def assert_all_used(self, api_key: str | None = None) -> None:
        __tracebackhide__ = True  # pytest shows the failure, not the plugin's frames
        unused = self.unused(api_key)
        if unused:
            raise AssertionError(
                f"{len(unused)} stub{'s were' if len(unused) != 1 else ' was'} not used up "
                "(pass required=False to a stub that may go unused):\n" + "\n".join(f"  {s}" for s in unused))

    def __len__(self) -> int:
        return len(self._stubs)
