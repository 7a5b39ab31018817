"""A business's agenda: which record has what falling due when (a renewal, an invoice falling past due, an
AutoPay attempt...), earliest first.

Entries are keyed by ``(object, id, kind)`` with one instant each; a heap finds the earliest in O(log n).
Every change is undone with the transaction that made it (through the business's undo log), so a
rolled-back request leaves no entry behind. Heap entries are deleted lazily: one whose instant no longer
matches its key's is skipped when it reaches the top.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable
from typing import Any

Key = tuple[str, Any, str]  # (object, id, kind)


class Agenda:
    def __init__(self, log_undo: Callable[[Callable[[], None]], None]) -> None:
        self._log_undo = log_undo
        self._due: dict[Key, int] = {}
        self._heap: list[tuple[int, int, Key]] = []
        self._order = itertools.count()  # ties fall due in the order they were planned

    def __len__(self) -> int:
        return len(self._due)

    def get(self, key: Key) -> int | None:
        return self._due.get(key)

    def set(self, key: Key, instant: int | None) -> bool:
        """Plan ``key`` for ``instant`` (None: nothing due); whether that changed anything."""
        old = self._due.get(key)
        if old == instant:
            return False
        self._put(key, instant)
        self._log_undo(lambda: self._put(key, old))
        return True

    def _put(self, key: Key, instant: int | None) -> None:
        if instant is None:
            self._due.pop(key, None)
            return
        self._due[key] = instant
        heapq.heappush(self._heap, (instant, next(self._order), key))

    def next_instant(self) -> float:
        """The earliest planned instant, or infinity."""
        heap = self._heap
        while heap and self._due.get(heap[0][2]) != heap[0][0]:
            heapq.heappop(heap)
        return heap[0][0] if heap else math.inf

    def pop_due(self, now: int) -> tuple[int, Key] | None:
        """Take the earliest entry due by ``now`` off the agenda, or None when nothing is due yet."""
        if self.next_instant() > now:
            return None
        instant, _, key = heapq.heappop(self._heap)
        del self._due[key]
        self._log_undo(lambda: self._put(key, instant))
        return instant, key

    def clear(self) -> None:
        """Forget every entry (before planning again from the records)."""
        due, heap = self._due, self._heap
        self._due, self._heap = {}, []

        def undo() -> None:
            self._due, self._heap = due, heap

        self._log_undo(undo)
