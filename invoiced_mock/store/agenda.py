"""A business's agenda: which record has what falling due when (a renewal, an invoice falling past due, an
AutoPay attempt...), earliest first.

Entries are keyed by ``(object, id, kind)`` with one instant each; a heap finds the earliest in O(log n).
Every change is undone with the transaction that made it (through the business's undo log), so a
rolled-back request leaves no entry behind. Heap entries are deleted lazily: one whose instant no longer
matches its key's is skipped when it reaches the top.

A snapshot or a seeded world takes the agenda with it in O(1) (:meth:`Agenda.share`, :meth:`Agenda.adopt`): both
sides read the same entries and copy them only when one of them first writes, so a copied world of any size
does not plan itself again.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any

Key = tuple[str, Any, str]  # (object, id, kind)
Plan = tuple[dict[Key, int], list[tuple[int, int, Key]], int]  # entries, heap, next tie-breaker: see share()


class Agenda:
    def __init__(self, log_undo: Callable[[Callable[[], None]], None]) -> None:
        self._log_undo = log_undo
        self._due: dict[Key, int] = {}
        self._heap: list[tuple[int, int, Key]] = []
        self._order = 0  # ties fall due in the order they were planned
        self._shared = False  # the entries are another agenda's too: copied before the first write

    def share(self) -> Plan:
        """The plan as it stands, for another agenda's :meth:`adopt`; both copy it before they next write."""
        self._shared = True
        return self._due, self._heap, self._order

    def adopt(self, plan: Plan) -> None:
        """Hold ``plan`` (from :meth:`share`) instead of this agenda's own; not undone (a restore is not a write)."""
        self._due, self._heap, self._order = plan
        self._shared = True

    def _own(self) -> None:
        if self._shared:
            self._due, self._heap, self._shared = dict(self._due), list(self._heap), False

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
        self._own()
        if instant is None:
            self._due.pop(key, None)
            return
        self._due[key] = instant
        self._order += 1
        heapq.heappush(self._heap, (instant, self._order, key))

    def next_instant(self) -> float:
        """The earliest planned instant, or infinity."""
        heap = self._heap
        while heap and self._due.get(heap[0][2]) != heap[0][0]:
            if self._shared:  # dropping a stale entry is a write
                self._own()
                heap = self._heap
            heapq.heappop(heap)
        return heap[0][0] if heap else math.inf

    def pop_due(self, now: int) -> tuple[int, Key] | None:
        """Take the earliest entry due by ``now`` off the agenda, or None when nothing is due yet."""
        if self.next_instant() > now:
            return None
        self._own()
        instant, _, key = heapq.heappop(self._heap)
        del self._due[key]
        self._log_undo(lambda: self._put(key, instant))
        return instant, key

    def clear(self) -> None:
        """Forget every entry (before planning again from the records)."""
        due, heap, shared = self._due, self._heap, self._shared
        self._due, self._heap, self._shared = {}, [], False

        def undo() -> None:
            self._due, self._heap, self._shared = due, heap, shared

        self._log_undo(undo)
