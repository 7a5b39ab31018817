"""Catching up with the clock: everything time causes is a write at the instant it happens.

A resource declares the kinds of thing that fall due for its records (``Resource.timed``: a renewal, an
invoice falling past due, an AutoPay attempt...) and when, per record (``Resource.timeline``). Every write
plans those instants on the business's agenda (``store/agenda.py``, a heap), and ``Business.wake_at`` holds the
earliest, so a request checks in O(1) whether anything is due.

Catching up takes entries off the agenda in time order and lets the resource do each one
(``Resource.when_due``) with the business's clock standing at that instant: ``updated_at``, event
timestamps and every date derived on the way are the transition's, not the catch-up's, so
``updated_after`` syncs, ``/events`` and webhooks see the changes in the order they happened.
A restored or loaded business (``wake_at`` 0) plans its agenda afresh from its records, once; a new one has
nothing to plan (each write plans its own record), so a world seeded without requests needs no catching up.

A catch-up runs with Python's cyclic collector paused (:func:`collector_paused`). Its writes keep almost all
they allocate, and each full collection walks every tracked object in the process: a year over 1,100
records spent about a third of its time there (2.3–3.1 s with the collector, 1.6–1.7 s without), and the
cost per record grew with the world. A write makes no reference cycle; what the catch-up drops goes
by reference counting, and the collector runs as before once it ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.clock import Clock
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY

if TYPE_CHECKING:
    from invoiced_mock.core.resource import Resource
    from invoiced_mock.store.agenda import Key
    from invoiced_mock.store.business import Business, Record


def plan(business: Business, resource: Resource, record: Record, gone: bool = False) -> None:
    """Put what falls due for ``record`` on the agenda (and take off what no longer does)."""
    if not resource.timed:
        return
    due = {} if gone else resource.timeline(business, record)
    written = record.get("updated_at") or 0
    agenda, changed = business.agenda, False
    for kind in resource.timed:
        instant = due.get(kind)
        # Never before the record's last write: time only moves forward, and so must updated_at.
        if agenda.set((resource.object, record["id"], kind), None if instant is None else max(instant, written)):
            changed = True
    if changed:  # else the earliest instant is where it was, and wake_at already no later than it
        business.wake_by(agenda.next_instant())


def replan(business: Business, resource: Resource) -> None:
    """Plan every record of ``resource`` again (what falls due for them depends on a setting that changed)."""
    for record in resource.table(business).all():
        plan(business, resource, record)


def catch_up(business: Business, done: list[tuple[int, Key]] | None = None) -> None:
    """Do, in time order, everything that has fallen due by now (each entry taken is appended to ``done``)."""
    now = business.clock.now()
    if business.wake_at > now:
        return
    with collector_paused(), business.transaction():  # paused through the commit and its hooks too
        if business.wake_at == 0:
            business.agenda.clear()
            for resource in list(REGISTRY.values()):
                if resource.timed:
                    replan(business, resource)
        while (entry := business.agenda.pop_due(now)) is not None:
            instant, key = entry
            if done is not None:
                done.append(entry)
            name, row_id, kind = key
            resource = REGISTRY[name]
            record = resource.table(business).get(row_id)
            if record is None:
                continue
            with standing_at(business, instant):
                resource.when_due(business, record, kind, instant)
                current = resource.table(business).get(row_id)
                if current is not None:
                    plan(business, resource, current)
            again = business.agenda.get(key)
            if again is not None and again <= instant:  # a rule that did not move on must not loop forever
                business.agenda.set(key, None)
        business.wake_at = business.agenda.next_instant()


@dataclass(frozen=True)
class Rehearsal:
    """What catching up to an instant would do: the agenda entries taken, in time order, and the events
    recorded (as the API shows them)."""

    due: list[tuple[int, Key]]
    events: list[dict[str, Any]]


def rehearse(business: Business, until: int) -> Rehearsal:
    """Catch up to ``until`` and undo all of it: what a move of the clock will change, before it runs.

    Nothing leaves the business: every write is rolled back, and what waits for a commit (webhooks, event
    subscribers) is dropped with it."""
    with business.lock:
        if business.wake_at > until:
            return Rehearsal([], [])
        wake_at, first = business.wake_at, business.sequences.get("event", 0)
        done: list[tuple[int, Key]] = []
        try:
            with business.savepoint(), standing_at(business, until):
                catch_up(business, done)
                event = REGISTRY["event"]
                table = event.table(business)
                recorded = (table.get(i) for i in range(first + 1, business.sequences.get("event", 0) + 1))
                shown = [present(business, event, record) for record in recorded if record is not None]
        finally:
            business.wake_at = wake_at  # catching up set it from the rehearsed agenda, now undone
        return Rehearsal(done, shown)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cyclic collection inside; after, the collector is on or off as it was before."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def standing_at(business: Business, instant: int) -> Iterator[None]:
    """The business's clock reads ``instant`` inside (the business lock is held by the caller's transaction)."""
    real = business.clock
    business.clock = Clock(frozen_at=instant)
    try:
        yield
    finally:
        business.clock = real

