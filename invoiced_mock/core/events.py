"""Event recording: every create, update, delete and action leaves an ``event`` in the business.

Events are written inside the request's transaction (so a refused request leaves none) and handed to
each resource's ``on_event`` hook and the business's subscribers only once it commits (so webhooks
never see a rolled-back change).

Retention (the API states none; the mock's): an event is kept for :data:`RETENTION` seconds of mock
time, and a business keeps at most ``business.ceilings.events`` of them (``store/ceilings.py``); older
ones are dropped as new ones come.

An event keeps the object as it was presented then, but not a second copy of it: :class:`Presented`
holds the stored record (never mutated, so it still reads as it did) and only the attributes the
presentation changed (computed ones). Presenting the event (a deep copy) rebuilds the plain object.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from invoiced_mock.core.presenter import Shown, changes_of, present
from invoiced_mock.core.resource import REGISTRY, Resource, registry_version
from invoiced_mock.store.rows import Packable

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business, Record, Table

log = logging.getLogger(__name__)
RETENTION = 365 * 86_400  # a year of mock time (how many a business keeps: ``business.ceilings.events``)
_TRIMMED = "event.trimmed"  # the sequence holding the highest event id already dropped


def emit(business: Business, event_type: str, resource: Resource, record: Record,
         previous: dict[str, Any] | None = None) -> Record:
    """Record ``event_type`` about ``record`` and queue it for subscribers on commit."""
    events = REGISTRY["event"].table(business)
    data: dict[str, Any] = {"object": _kept(business, resource, record)}
    if previous:
        data["previous"] = previous
    now = business.clock.now()
    event: Record = {
        "id": business.next_in_sequence("event"),
        "object": "event",
        "type": event_type,
        "timestamp": now,
        "data": data,
        "related": _related(resource, record),
    }
    events.put(event)
    _trim(business, events, event["id"], now)
    business.on_commit(partial(_committed, business, event))
    return event


def _trim(business: Business, table: Table, newest: int, now: int) -> None:
    """Drop the events past retention, oldest first; amortised O(1) per event (undone with the transaction)."""
    start = mark = business.sequences.get(_TRIMMED, 0)
    while mark + 1 < newest:
        oldest = table.get(mark + 1)
        if oldest is not None and len(table) <= business.ceilings.events and now - oldest["timestamp"] < RETENTION:
            break
        if oldest is not None:
            table.remove(oldest["id"])
        mark += 1
    if mark != start:
        business.sequences[_TRIMMED] = mark
        business.log_undo(lambda: business.sequences.__setitem__(_TRIMMED, start))


def _kept(business: Business, resource: Resource, record: Record) -> Mapping[str, Any]:
    """``record`` presented as the event keeps it: sharing the stored record when ``record`` is what the store
    holds (only what presenting changes is kept beside it), else the presented object itself."""
    table = business.tables.get(resource.object)
    stored = table.get(record.get("id")) if table is not None else None
    if stored is None or (stored is not record and stored != record):
        return present(business, resource, record)  # not (or no longer) stored: nothing is known to stay as it is
    declared, shown, changed = changes_of(business, resource, stored)
    return Presented(stored, declared, shown, changed)


class Presented(Mapping[str, Any], Packable):
    """A presented object kept as the stored ``record`` it came from plus what presenting changed.

    Reads like the presented dict (same keys, order and values); ``copy.deepcopy`` returns that plain dict.
    Once the event is stored, the store packs it as that dict (``store/rows.py``), its values still shared.
    """

    __slots__ = ("_declared", "_own", "_record", "_shown")

    def __init__(self, record: Record, declared: Resource, shown: Shown, changed: dict[str, Any]) -> None:
        """``declared``: the declaration that shows ``record``; ``shown``: the presented object's keys (shared by
        every object of that declaration); ``changed``: the values presenting gives that ``record`` does not
        hold (kept only where they differ from the record's, so an equal value is not held twice)."""
        self._declared = declared
        self._shown = shown
        self._record = record
        own = {}
        for key, value in changed.items():  # what the record already holds (an unset attribute, None, only None)
            stored = record.get(key, _ABSENT)
            if stored is not value and (stored is None or stored is _ABSENT or not _same(value, stored)):
                own[key] = value
        self._own = own

    def __getitem__(self, key: str) -> Any:
        if key in self._own:
            return self._own[key]
        if key in self._shown.name_set:
            record = self._record  # one stored before the attribute was declared shows its default
            return record[key] if key in record else self._declared.by_name[key].default_value()
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._shown.names)

    def __len__(self) -> int:
        return len(self._shown.names)

    def as_dict(self) -> dict[str, Any]:
        """The plain presented object (what the store packs), read straight from the record: faster than a
        ``__getitem__`` per attribute."""
        record, declared, shown = self._record, self._declared, self._shown
        plain = {k: record[k] if k in record else declared.by_name[k].default_value() for k in shown.names}
        plain.update({k: v for k, v in self._own.items() if k in shown.name_set})
        return plain

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return {k: copy.deepcopy(self[k], memo) for k in self._shown.names}

    def __repr__(self) -> str:
        return repr(copy.deepcopy(self))


_ABSENT = object()


def _same(a: Any, b: Any) -> bool:
    """Equal down to types and key order, so that either renders the same JSON (``1`` is not ``True``)."""
    if a is b:
        return True
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and (not a or all(map(_same, a, b)))
    return type(a) is type(b) and a == b


def _committed(business: Business, event: Record) -> None:
    """Hand a committed event to every resource's ``on_event`` hook, then to the shared subscribers. The
    event is presented (as the API shows it) only when one of them asks for it: most events have no
    listener."""
    shown: list[dict[str, Any]] = []

    def presented() -> dict[str, Any]:
        if not shown:
            shown.append(present(business, REGISTRY["event"], event))
        return shown[0]

    for resource in _listeners():
        try:
            resource.on_event(business, event["type"], presented)
        except Exception:  # the write is stored; a failing reaction must not turn it into an error
            log.exception("%s.on_event failed", type(resource).__name__)
    if business.subscribers:
        business.publish(presented())


_LISTENING: dict[tuple[int, int], tuple[Resource, ...]] = {}


def _listeners() -> tuple[Resource, ...]:
    """The resources with an ``on_event`` hook, found once per set of declarations."""
    key = registry_version()
    found = _LISTENING.get(key)
    if found is None:
        _LISTENING.clear()
        found = _LISTENING[key] = tuple(r for r in REGISTRY.values() if type(r).on_event is not Resource.on_event)
    return found


def _related(resource: Resource, record: Record) -> list[tuple[str, str]]:
    """The objects an event concerns, for ``related_to=customer,12``: the object and what it points to, sorted."""
    related = [(resource.object, str(record["id"]))]
    if resource.parent and record.get(resource.parent_field) is not None:
        related.append((resource.parent, str(record[resource.parent_field])))
    for name, target in resource.single_references:
        if record.get(name) is not None:
            related.append((target, str(record[name])))
    more = resource.related(record)
    if more:
        related.extend((kind, str(object_id)) for kind, object_id in more)
    return sorted(set(related)) if len(related) > 1 else related


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``previous`` for an update event: the old value of every attribute that changed."""
    ignored = {"updated_at"}
    return {k: before.get(k) for k in after if k not in ignored and before.get(k) != after.get(k)}
