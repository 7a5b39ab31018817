"""Scripted failures: "answer the next N requests matching METHOD and a path pattern with this error".

A pattern is a path where ``*`` stands for one segment and ``**`` for any number of them, none
included (``/invoices/*/pay``, ``/invoices/**``). ``kind`` says how the failure shows: an API error
response (``respond``), extra latency on a normal answer (``delay``), or a network failure the transport carries
out — a dropped connection (``connection_error``), no answer at all (``timeout``), no connection at all
(``connect_timeout``); ``invoiced_mock/exchange.py`` says what each looks like to a client, on every route.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from .errors import ApiError, type_for_status

KINDS = ("respond", "connection_error", "timeout", "connect_timeout", "delay")
NETWORK_KINDS = ("connection_error", "timeout", "connect_timeout", "delay")  # carried out by the transport
# Set in the WSGI environ by a transport or server that carries out ``delay`` faults itself (after the app
# answered), so the app does not sleep them as well.
EDGE_WAITS = "invoiced_mock.edge_waits"
DEFAULT_MESSAGES = {
    429: "Too many concurrent requests. The concurrent request limit is 20.",
    500: "An unexpected error occurred. Our engineers have been notified.",
    503: "The service is temporarily unavailable.",
}


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """``/invoices/*/pay`` as a regex: ``*`` is one path segment, ``**`` any number; a trailing slash is optional."""
    wildcards = {"/**": "(?:/.*)?", "**": ".*", "*": "[^/]+"}
    parts = []
    for token in re.split(r"(/\*\*|\*\*|\*)", pattern.rstrip("/") or "/"):
        parts.append(wildcards.get(token, re.escape(token)))
    return re.compile("".join(parts) + "/?")


@dataclass
class Fault:
    method: str
    pattern: str
    status: int = 500
    type: str | None = None
    message: str | None = None
    param: str | None = None
    times: int | None = 1  # None: until removed
    kind: str = "respond"
    delay: float = 0.0
    api_key: str | None = None
    hits: int = 0
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}")
        self.method = self.method.upper()
        self._regex = compile_pattern(self.pattern)

    def matches(self, method: str, path: str, api_key: str | None) -> bool:
        return ((self.method in ("*", method.upper())) and self._regex.fullmatch(path) is not None
                and (self.api_key is None or self.api_key == api_key))

    def error(self) -> ApiError:
        message = self.message or DEFAULT_MESSAGES.get(self.status, f"Simulated error {self.status}")
        return ApiError(message, self.param, status=self.status, type=self.type or type_for_status(self.status))


class Faults:
    """The active fault rules, first added first matched; each match uses up one of its ``times``.

    ``sleep`` is how a ``delay`` fault waits (a test may swap in a recorder instead of real time).
    """

    def __init__(self, sleep: Callable[[float], None] = time.sleep) -> None:
        self._rules: list[Fault] = []
        self._lock = threading.Lock()
        self.sleep = sleep

    def add(self, method: str, pattern: str, **options: object) -> Fault:
        fault = Fault(method, pattern, **options)  # type: ignore[arg-type]
        with self._lock:
            self._rules.append(fault)
        return fault

    def take(self, method: str, path: str, api_key: str | None, kinds: tuple[str, ...] = KINDS) -> Fault | None:
        with self._lock:
            for fault in self._rules:
                if fault.kind in kinds and fault.matches(method, path, api_key):
                    fault.hits += 1
                    if fault.times is not None:
                        fault.times -= 1
                        if fault.times <= 0:
                            self._rules.remove(fault)
                    return fault
        return None

    def clear(self, api_key: str | None = None) -> None:
        with self._lock:
            self._rules = [f for f in self._rules if api_key is not None and f.api_key != api_key]

    def rules(self, api_key: str | None = None) -> list[Fault]:
        """The rules still active (those scoped to ``api_key`` or to every key, when a key is given)."""
        with self._lock:
            return [f for f in self._rules if api_key is None or f.api_key in (None, api_key)]

    def __len__(self) -> int:
        return len(self._rules)
