"""Scripted failures: "answer the next N requests matching METHOD and a path pattern with this error".

A pattern is a path where ``*`` stands for one segment and ``**`` for any number of them, none
included (``/invoices/*/pay``, ``/invoices/**``). ``kind`` says how the failure shows: an API error
response (``respond``), extra latency on a normal answer (``delay``), or a network failure the transport carries
out — a dropped connection (``connection_error``), no answer at all (``timeout``), no connection at all
(``connect_timeout``); ``invoiced_mock/intercept/exchange.py`` says what each looks like to a client, on every route.

A rule fires ``times`` times (``None``: until removed) and, when given ``seconds``, only until that much time
has passed since it was added (an outage): of the mock's clock (``clock="mock"``, ended by moving it) or of
the wall's (``clock="wall"``). A request that got no answer is journaled with no status (``None``).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from invoiced_mock.errors import ERROR_TYPES, ApiError, type_for_status

KINDS = ("respond", "connection_error", "timeout", "connect_timeout", "delay")
NETWORK_KINDS = ("connection_error", "timeout", "connect_timeout", "delay")  # carried out by the transport
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


class InvalidFault(ValueError):
    """A fault rule that cannot be kept; ``param`` names the option at fault."""

    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


METHODS = ("*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
MAX_DELAY = 300.0  # seconds a delay or timeout fault may hold a request
MAX_TEXT = 1_000  # characters of a pattern, message, type or param
_PATTERN = re.compile(r"(?:\*\*|/[!-~]*)")  # "**", or a path of printable ASCII
MAX_RULES = 100  # active rules per API key (and as many for every key): matching cost stays bounded
MAX_OUTAGE = 366 * 86_400  # seconds an outage may last
CLOCKS = ("mock", "wall")  # whose time an outage's ``seconds`` are


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
    seconds: float | None = None  # an outage: only until this much time has passed since the rule was added
    clock: str = "mock"  # whose time ``seconds`` are: the mock's clock or the wall's
    api_key: str | None = None
    hits: int = 0
    ends_at: float | None = field(default=None, init=False)  # UNIX seconds the outage ends at (``Faults.add``)
    _regex: re.Pattern[str] = field(init=False, repr=False)
    id: int = field(default=0, init=False)  # place among all rules: first added, first matched

    def __post_init__(self) -> None:
        """Refuse any rule that could not be answered as a valid HTTP response, or never ends."""
        if self.kind not in KINDS:
            raise InvalidFault(f"kind must be one of {', '.join(KINDS)}", "kind")
        if not isinstance(self.method, str) or self.method.upper() not in METHODS:
            raise InvalidFault(f"method must be one of {', '.join(METHODS)}", "method")
        if not isinstance(self.pattern, str) or len(self.pattern) > MAX_TEXT or not _PATTERN.fullmatch(self.pattern):
            raise InvalidFault("path must be ** or a path starting with / (printable ASCII, * and ** as wildcards)",
                               "path")
        if not _integer(self.status) or not 100 <= self.status <= 599:
            raise InvalidFault("status must be an HTTP status code from 100 to 599", "status")
        if self.times is not None and (not _integer(self.times) or self.times < 1):
            raise InvalidFault("times must be a whole number of at least 1, or null for always", "times")
        if isinstance(self.delay, bool) or not isinstance(self.delay, (int, float)) or not (
                0 <= self.delay <= MAX_DELAY):
            raise InvalidFault(f"delay must be a number of seconds from 0 to {MAX_DELAY:g}", "delay")
        if self.seconds is not None and (isinstance(self.seconds, bool) or not isinstance(self.seconds, (int, float))
                                         or not 0 < self.seconds <= MAX_OUTAGE):
            raise InvalidFault(f"seconds must be a number of seconds from 0 to {MAX_OUTAGE:,}", "seconds")
        if self.clock not in CLOCKS:
            raise InvalidFault(f"clock must be one of {', '.join(CLOCKS)}", "clock")
        if self.type is not None and self.type not in ERROR_TYPES:
            raise InvalidFault(f"type must be one of the API's error types: {', '.join(ERROR_TYPES)}", "type")
        for name in ("type", "message", "param"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or len(value) > MAX_TEXT):
                raise InvalidFault(f"{name} must be a string of at most {MAX_TEXT} characters", name)
        self.method = self.method.upper()
        self.delay = float(self.delay)
        self._regex = compile_pattern(self.pattern)

    def matches(self, method: str, path: str, api_key: str | None) -> bool:
        return ((self.method in ("*", method.upper())) and self._regex.fullmatch(path) is not None
                and (self.api_key is None or self.api_key == api_key))

    def error(self) -> ApiError:
        message = self.message or DEFAULT_MESSAGES.get(self.status, f"Simulated error {self.status}")
        return ApiError(message, self.param, status=self.status, type=self.type or type_for_status(self.status))


def _integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Faults:
    """The active fault rules, first added first matched; each match uses up one of its ``times``, and an
    outage's rule goes once its time is over.

    Rules are kept per API key (``None``: every key), so a request only ever looks at its own key's
    rules and the shared ones: at most :data:`MAX_RULES` of each. ``sleep`` is how a ``delay`` fault
    waits, ``mock`` and ``wall`` read the time an outage lasts in (a test may swap in its own).
    """

    def __init__(self, sleep: Callable[[float], None] = time.sleep, mock: Callable[[], float] = time.time,
                 wall: Callable[[], float] = time.time) -> None:
        self._rules: dict[str | None, list[Fault]] = {}
        self._added = 0
        self._lock = threading.Lock()
        self.sleep = sleep
        self.mock = mock
        self.wall = wall

    def _now(self, fault: Fault) -> float:
        return self.mock() if fault.clock == "mock" else self.wall()

    def _over(self, fault: Fault) -> bool:
        return fault.ends_at is not None and self._now(fault) >= fault.ends_at

    def add(self, method: str, pattern: str, **options: object) -> Fault:
        fault = Fault(method, pattern, **options)  # type: ignore[arg-type]
        if fault.seconds is not None:
            fault.ends_at = self._now(fault) + fault.seconds
        with self._lock:
            scope = self._rules.setdefault(fault.api_key, [])
            if len(scope) >= MAX_RULES:
                raise InvalidFault(f"At most {MAX_RULES} fault rules can be active per API key", "path")
            self._added += 1
            fault.id = self._added
            scope.append(fault)
        return fault

    def take(self, method: str, path: str, api_key: str | None, kinds: tuple[str, ...] = KINDS) -> Fault | None:
        if not self._rules:  # the usual case, asked on every request: no lock needed to see nothing
            return None
        with self._lock:
            self._prune({None, api_key})
            found = [f for f in (self._first(key, method, path, api_key, kinds) for key in {None, api_key})
                     if f is not None]
            if not found:
                return None
            fault = min(found, key=lambda f: f.id)
            fault.hits += 1
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._rules[fault.api_key].remove(fault)
            return fault

    def _first(self, key: str | None, method: str, path: str, api_key: str | None,
               kinds: tuple[str, ...]) -> Fault | None:
        for fault in self._rules.get(key, ()):
            if fault.kind in kinds and fault.matches(method, path, api_key) and not self._over(fault):
                return fault
        return None

    def remove(self, fault_id: int) -> Fault | None:
        """Take the rule ``fault_id`` away (ids are unique across keys); the rule, or None."""
        with self._lock:
            for rules in self._rules.values():
                for fault in rules:
                    if fault.id == fault_id:
                        rules.remove(fault)
                        return fault
        return None

    def _prune(self, keys: Iterable[str | None]) -> None:
        """Remove the outages of these scopes that are over (under the lock)."""
        for key in keys:
            scope = self._rules.get(key)
            if scope and any(self._over(f) for f in scope):
                scope[:] = [f for f in scope if not self._over(f)]

    def clear(self, api_key: str | None = None) -> None:
        with self._lock:
            if api_key is None:
                self._rules = {}
            else:
                self._rules.pop(api_key, None)

    def rules(self, api_key: str | None = None) -> list[Fault]:
        """The rules still active (those scoped to ``api_key`` or to every key, when a key is given)."""
        with self._lock:
            self._prune(list(self._rules) if api_key is None else [None, api_key])
            scopes = self._rules.values() if api_key is None else [self._rules.get(None, []),
                                                                   self._rules.get(api_key, [])]
            return sorted((f for scope in scopes for f in scope), key=lambda f: f.id)

    def __len__(self) -> int:
        return sum(len(scope) for scope in self._rules.values())
