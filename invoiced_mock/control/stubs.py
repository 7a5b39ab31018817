"""Canned answers beside the stateful mock: "answer ``GET /invoices/*`` with this body", for states the mock
cannot reach (a gateway outage, a field the mock does not model, an error the API sends once a year).

A stub is matched after authentication and the fault rules, before routing, so it can answer any path,
even one the mock does not serve. It answers in the API's dialect: a JSON body, and for a 4xx/5xx status an
error ``{type, message, param}`` (the ``type`` and ``message`` filled in from the status when not given).
Stubs are scoped to an API key like faults, first added first matched; ``times=N`` retires one after N
answers. A stub that answered fewer times than it was meant to (once, or ``times``) is *unused*:
:meth:`Stubs.assert_all_used` names every such stub, as ``responses`` and pytest-httpx do at teardown;
``required=False`` exempts one.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from invoiced_mock.control.faults import DEFAULT_MESSAGES, compile_pattern
from invoiced_mock.errors import ApiError
from invoiced_mock.http.headers import check as check_header

ERROR_KEYS = ("type", "message", "param")


@dataclass
class Stub:
    method: str
    pattern: str
    status: int = 200
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    times: int | None = None  # None: every matching request until cleared
    required: bool = True  # False: never counted as unused
    api_key: str | None = None
    hits: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.status, bool) or not isinstance(self.status, int) or not 200 <= self.status <= 599:
            raise ValueError(f"status must be an HTTP status from 200 to 599, not {self.status!r}")
        if self.times is not None and (isinstance(self.times, bool) or not isinstance(self.times, int)
                                       or self.times < 1):
            raise ValueError(f"times must be a positive integer or None, not {self.times!r}")
        if not isinstance(self.headers, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in self.headers.items()):
            raise ValueError("headers must map header names to string values")
        for name, value in self.headers.items():
            check_header(name, value)  # one header each, of the API's types (``http/headers.py``)
        if self.status >= 400 and self.json is not None and not (
                isinstance(self.json, dict) and set(self.json) <= set(ERROR_KEYS)):
            raise ValueError(f"an error stub's json is the API's error object: only {', '.join(ERROR_KEYS)}")
        self.method = str(self.method).upper()
        self.headers = dict(self.headers)
        self._regex = compile_pattern(self.pattern)

    def matches(self, method: str, path: str, api_key: str | None) -> bool:
        return (self.method in ("*", method.upper()) and not self.exhausted
                and (self.api_key is None or self.api_key == api_key) and self._regex.fullmatch(path) is not None)

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times

    @property
    def used(self) -> bool:
        return not self.required or self.hits >= (self.times or 1)

    def body(self) -> Any:
        """What the stub answers: its ``json``; for an error status the API's error object."""
        if self.status < 400:
            return self.json
        given = self.json or {}
        message = given.get("message") or DEFAULT_MESSAGES.get(self.status, f"Stubbed error {self.status}")
        return ApiError(message, given.get("param"), status=self.status, type=given.get("type")).body()

    def __str__(self) -> str:
        wanted = f"{self.times} time{'s' if self.times != 1 else ''}" if self.times else "at least once"
        return f"{self.method} {self.pattern} → {self.status} (answered {self.hits}, expected {wanted})"

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.pattern, "status": self.status, "json": self.json,
                "headers": self.headers, "times": self.times, "required": self.required, "hits": self.hits}


class Stubs:
    """The stubs of one app, thread-safe; :meth:`take` finds the one answering a request and counts the hit."""

    OPTIONS = ("status", "json", "headers", "times", "required")

    def __init__(self) -> None:
        self._stubs: list[Stub] = []
        self._lock = threading.Lock()

    def add(self, method: str, pattern: str, **options: Any) -> Stub:
        unknown = sorted(set(options) - {*self.OPTIONS, "api_key"})
        if unknown:
            raise ValueError(f"unknown stub option {unknown[0]!r} (known: {', '.join(self.OPTIONS)})")
        stub = Stub(method, pattern, **options)
        with self._lock:
            self._stubs.append(stub)
        return stub

    def take(self, method: str, path: str, api_key: str | None) -> Stub | None:
        if not self._stubs:  # the usual case, asked on every request: no lock needed to see nothing
            return None
        with self._lock:
            for stub in self._stubs:
                if stub.matches(method, path, api_key):
                    stub.hits += 1
                    return stub
        return None

    def rules(self, api_key: str | None = None) -> list[Stub]:
        """Every stub (of ``api_key`` and of every key, when one is given), used up or not, oldest first."""
        with self._lock:
            return [s for s in self._stubs if api_key is None or s.api_key in (None, api_key)]

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
