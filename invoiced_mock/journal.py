"""The request journal: every request the mock answered, in order, for assertions and debugging."""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    query: dict[str, Any]
    json: Any
    headers: dict[str, str]
    status: int
    response: Any
    api_key: str | None = None
    operation: str | None = None
    timestamp: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}"


def decode(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return body.decode("utf-8", errors="replace")


class Journal:
    """A bounded, thread-safe log of :class:`Call` s (oldest dropped first past ``limit``)."""

    def __init__(self, limit: int = 10_000) -> None:
        self._calls: deque[Call] = deque(maxlen=limit)
        self._lock = threading.Lock()

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    def calls(self, api_key: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if api_key is None or c.api_key == api_key]

    def clear(self, api_key: str | None = None) -> None:
        with self._lock:
            kept = [c for c in self._calls if api_key is not None and c.api_key != api_key]
            self._calls.clear()
            self._calls.extend(kept)

    def __iter__(self) -> Iterator[Call]:
        return iter(self.calls())

    def __len__(self) -> int:
        return len(self._calls)
