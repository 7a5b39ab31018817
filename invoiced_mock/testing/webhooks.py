"""Webhook delivery to a Python callable, with the misbehaviour real delivery has.

The store publishes every committed event to ``app.tenants.subscribers``; :class:`Webhooks` is such a
subscriber. By default it hands each event to the handler at once, in order, exactly once. Options
make it behave like the real thing so the code under test's idempotency can be tested:

- ``duplicates``: the chance (0..1) that an event is delivered twice;
- ``reorder``: hold events and deliver them shuffled when :meth:`flush` is called;
- ``delay``: hold each event for this many seconds of *mock* time; it goes out when the mock clock is
  advanced past it (or on :meth:`flush`), so no test ever sleeps.

The randomness comes from ``random.Random(seed)``: a failing run replays exactly.

A handler that raises is a bug in the code under test, so it is not swallowed: the delivery is recorded
(:attr:`Webhooks.failures`), :meth:`flush` raises it at once, and :meth:`raise_errors_now` (the fixtures
call it at teardown) raises the first one not yet raised, the handler's traceback chained
(``raise_errors=False`` only records them). ``types`` must name event types the mock emits:
:func:`known_event_types` derives them from the resource declarations.
"""

from __future__ import annotations

import difflib
import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from invoiced_mock.clock import Clock

Event = dict[str, Any]
Handler = Callable[[Event], Any]


@dataclass(frozen=True)
class Delivery:
    event: Event
    duplicate: bool
    error: BaseException | None = None


class HandlerError(AssertionError):
    """A webhook handler raised while the mock delivered an event to it (the handler's error is the cause)."""


@cache
def known_event_types() -> frozenset[str]:
    """Every event type the mock emits: ``<object>.created|updated|deleted`` for each declaration that
    records events, plus the verbs a declaration names in ``event_verbs`` (``invoice.paid``, ``email.sent``)."""
    from invoiced_mock.core.resource import REGISTRY
    from invoiced_mock.resources import catalogue

    catalogue.load_all()
    types: set[str] = set()
    for resource in REGISTRY.values():
        verbs = (*(("created", "updated", "deleted") if resource.emits_events else ()), *resource.event_verbs)
        types.update(resource.event_type(verb) for verb in verbs)
    return frozenset(types)


def check_types(types: Iterable[str]) -> tuple[str, ...]:
    """``types`` as given, or a ValueError naming the first unknown one and the known types closest to it."""
    types = (types,) if isinstance(types, str) else tuple(types)
    known = known_event_types()
    for name in types:
        if name not in known:
            close = difflib.get_close_matches(str(name), sorted(known), n=4, cutoff=0.6)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise ValueError(f"invoiced-mock emits no event of type {name!r}{hint}")
    return types


class Webhooks:
    """Delivers published events to ``handler``; :attr:`deliveries` records every attempt."""

    def __init__(self, subscribers: list[Callable[[Event], None]], clock: Clock, handler: Handler, *,
                 duplicates: float = 0.0, reorder: bool = False, delay: int = 0, seed: int = 0,
                 types: Iterable[str] | None = None, raise_errors: bool = True) -> None:
        if not 0.0 <= duplicates <= 1.0:
            raise ValueError("duplicates is a probability between 0 and 1")
        if delay < 0:
            raise ValueError("delay is a number of seconds, not negative")
        self.handler = handler
        self.duplicates = duplicates
        self.reorder = reorder
        self.delay = int(delay)
        self.types = check_types(types) if types is not None else None
        self.raise_errors = raise_errors
        self.deliveries: list[Delivery] = []
        self._raised = 0  # failures already raised to the test
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
            self._flush()

    def _on_advance(self, now: int) -> None:
        if self._open and not self.reorder:
            self._flush(until=now)

    def flush(self, until: int | None = None) -> list[Delivery]:
        """Deliver every held event (due by ``until`` when given); returns these deliveries. Raises
        :class:`HandlerError` if the handler raised (so far) and ``raise_errors`` is on."""
        done = self._flush(until)
        self.raise_errors_now()
        return done

    def raise_errors_now(self) -> None:
        """Raise :class:`HandlerError` for the first handler failure not raised yet (``raise_errors`` on)."""
        __tracebackhide__ = True  # pytest shows the failure, not the plugin's frames
        failures = self.failures
        if not self.raise_errors or len(failures) <= self._raised:
            return
        first, more = failures[self._raised], len(failures) - self._raised - 1
        self._raised = len(failures)
        more_text = f" (and {more} more)" if more else ""
        raise HandlerError(f"the webhook handler {getattr(self.handler, '__qualname__', self.handler)!r} raised "
                           f"{type(first.error).__name__}: {first.error} on event {first.event.get('id')} "
                           f"({first.event.get('type')}){more_text}; pass raise_errors=False to only record "
                           "failures") from first.error

    def _flush(self, until: int | None = None) -> list[Delivery]:
        with self._lock:
            ready: list[tuple[int, Event, bool]] = []
            held: list[tuple[int, Event, bool]] = []
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
