"""Webhook delivery to a Python callable, with the misbehaviour real delivery has.

The store publishes every committed event to ``app.tenants.subscribers``; :class:`Webhooks` is such a
subscriber. By default it hands each event to the handler at once, in order, exactly once. Options
make it behave like the real thing so the code under test's idempotency can be tested:

- ``duplicates``: the chance (0..1) that an event is delivered twice;
- ``reorder``: hold events and deliver them shuffled when :meth:`flush` is called;
- ``delay``: hold each event for this many seconds of *mock* time; it goes out when the mock clock is
  advanced past it (or on :meth:`flush`), so no test ever sleeps.

The randomness comes from ``random.Random(seed)``: a failing run replays exactly.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .clock import Clock

Event = dict[str, Any]
Handler = Callable[[Event], Any]


@dataclass(frozen=True)
class Delivery:
    event: Event
    duplicate: bool
    error: BaseException | None = None


class Webhooks:
    """Delivers published events to ``handler``; :attr:`deliveries` records every attempt."""

    def __init__(self, subscribers: list[Callable[[Event], None]], clock: Clock, handler: Handler, *,
                 duplicates: float = 0.0, reorder: bool = False, delay: int = 0, seed: int = 0,
                 types: tuple[str, ...] | None = None) -> None:
        if not 0.0 <= duplicates <= 1.0:
            raise ValueError("duplicates is a probability between 0 and 1")
        if delay < 0:
            raise ValueError("delay is a number of seconds, not negative")
        self.handler = handler
        self.duplicates = duplicates
        self.reorder = reorder
        self.delay = int(delay)
        self.types = types
        self.deliveries: list[Delivery] = []
        self._clock = clock
        self._random = random.Random(seed)
        self._pending: list[tuple[int, Event, bool]] = []  # (due, event, is a duplicate)
        self._lock = threading.RLock()
        self._subscribers = subscribers
        self._open = True
        subscribers.append(self._receive)
        clock.on_advance(self._on_advance)

    @property
    def events(self) -> list[Event]:
        """The events handed to the handler, duplicates included, in delivery order."""
        return [d.event for d in self.deliveries]

    @property
    def failures(self) -> list[Delivery]:
        """Deliveries whose handler raised."""
        return [d for d in self.deliveries if d.error is not None]

    @property
    def pending(self) -> list[Event]:
        with self._lock:
            return [event for _, event, _ in self._pending]

    def _receive(self, event: Event) -> None:
        if self.types is not None and event.get("type") not in self.types:
            return
        due = self._clock.now() + self.delay
        with self._lock:
            self._pending.append((due, event, False))
            if self.duplicates and self._random.random() < self.duplicates:
                self._pending.append((due, event, True))
        if not self.reorder and not self.delay:
            self.flush()

    def _on_advance(self, now: int) -> None:
        if self._open and not self.reorder:
            self.flush(until=now)

    def flush(self, until: int | None = None) -> list[Delivery]:
        """Deliver every held event (due by ``until`` when given); returns these deliveries."""
        with self._lock:
            ready, held = [], []
            for entry in self._pending:
                (ready if until is None or entry[0] <= until else held).append(entry)
            self._pending = held
            if self.reorder:
                self._random.shuffle(ready)
            done = [self._deliver(event, duplicate) for _, event, duplicate in ready]
        return done

    def _deliver(self, event: Event, duplicate: bool) -> Delivery:
        try:
            self.handler(event)
            delivery = Delivery(event, duplicate)
        except Exception as error:  # the handler answering 500: recorded, not raised into the mock
            delivery = Delivery(event, duplicate, error)
        self.deliveries.append(delivery)
        return delivery

    def close(self) -> None:
        """Stop receiving; anything still held is dropped."""
        self._open = False
        if self._receive in self._subscribers:
            self._subscribers.remove(self._receive)
        with self._lock:
            self._pending.clear()
