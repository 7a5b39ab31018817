"""The mock's single source of time: every timestamp in every store is read from a Clock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

SECONDS_PER_DAY = 86_400


class Clock:
    """Wall-clock time shifted by an offset, or frozen at a fixed instant.

    Integer UNIX seconds only, because that is all the API ever shows.
    Listeners registered with :meth:`on_advance` run after every move forward,
    which is how time-driven rules (renewals, dunning) hook in without polling.
    """

    def __init__(self, frozen_at: int | None = None, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self._frozen_at = frozen_at
        self._offset = 0
        self._lock = threading.Lock()
        self._listeners: list[Callable[[int], None]] = []

    def now(self) -> int:
        with self._lock:
            base = self._frozen_at if self._frozen_at is not None else int(self._source())
            return base + self._offset

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def freeze(self, at: int | None = None) -> int:
        """Stop time at ``at`` (default: now) and return that instant."""
        instant = self.now() if at is None else int(at)
        with self._lock:
            self._frozen_at, self._offset = instant, 0
        return instant

    def unfreeze(self) -> None:
        """Let time run again from the real clock, keeping any advance already made."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at + self._offset - int(self._source())
            self._frozen_at = None

    def advance(self, *, days: float = 0, hours: float = 0, minutes: float = 0, seconds: float = 0) -> int:
        """Move time forward and return the new instant."""
        delta = int(days * SECONDS_PER_DAY + hours * 3600 + minutes * 60 + seconds)
        if delta < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset += delta
        instant = self.now()
        for listener in list(self._listeners):
            listener(instant)
        return instant

    def on_advance(self, listener: Callable[[int], None]) -> None:
        self._listeners.append(listener)
