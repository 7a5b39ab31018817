"""Event recording: every create, update, delete and action leaves an ``event`` in the business.

Events are written inside the request's transaction (so a refused request leaves none) and handed to
each resource's ``on_event`` hook and the business's subscribers only once it commits (so webhooks
never see a rolled-back change).

Retention (the API states none; the mock's): an event is kept for :data:`RETENTION` seconds of mock
time, and a business keeps at most :data:`MAX_KEPT` of them; older ones are dropped as new ones come.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .fields import Ref
from .presenter import present

if TYPE_CHECKING:
    from ..store import Business, Record
    from .resource import Resource

log = logging.getLogger(__name__)
RETENTION = 365 * 86_400  # a year of mock time
MAX_KEPT = 10_000  # events per business
_TRIMMED = "event.trimmed"  # the sequence holding the highest event id already dropped


def emit(business: Business, event_type: str, resource: Resource, record: Record,
         previous: dict[str, Any] | None = None) -> Record:
    """Record ``event_type`` about ``record`` and queue it for subscribers on commit."""
    from .resource import REGISTRY

    events = REGISTRY["event"].table(business)
    data: dict[str, Any] = {"object": present(business, resource, record)}
    if previous:
        data["previous"] = previous
    event = {
        "id": business.next_in_sequence("event"),
        "object": "event",
        "type": event_type,
        "timestamp": business.clock.now(),
        "data": data,
        "related": sorted(_related(resource, record)),
    }
    events.put(event)
    _trim(business, event["id"])
    business.on_commit(lambda: _committed(business, present(business, REGISTRY["event"], event)))
    return event


def _trim(business: Business, newest: int) -> None:
    """Drop the events past retention, oldest first; amortised O(1) per event (undone with the transaction)."""
    from .resource import REGISTRY

    table = REGISTRY["event"].table(business)
    start = mark = business.sequences.get(_TRIMMED, 0)
    now = business.clock.now()
    while mark + 1 < newest:
        oldest = table.get(mark + 1)
        if oldest is not None and len(table) <= MAX_KEPT and now - oldest["timestamp"] < RETENTION:
            break
        if oldest is not None:
            table.remove(oldest["id"])
        mark += 1
    if mark != start:
        business.sequences[_TRIMMED] = mark
        business.log_undo(lambda: business.sequences.__setitem__(_TRIMMED, start))


def _committed(business: Business, event: dict[str, Any]) -> None:
    """Hand a committed event to every resource's ``on_event`` hook, then to the shared subscribers."""
    from .resource import REGISTRY, Resource

    for resource in list(REGISTRY.values()):
        if type(resource).on_event is not Resource.on_event:
            try:
                resource.on_event(business, event)
            except Exception:  # the write is stored; a failing reaction must not turn it into an error
                log.exception("%s.on_event failed", type(resource).__name__)
    business.publish(event)


def _related(resource: Resource, record: Record) -> set[tuple[str, str]]:
    """The objects an event concerns, for ``related_to=customer,12``: the object and what it points to."""
    related = {(resource.object, str(record["id"]))}
    if resource.parent and record.get(resource.parent_field) is not None:
        related.add((resource.parent, str(record[resource.parent_field])))
    for f in resource.fields:
        if isinstance(f.type, Ref) and record.get(f.name) is not None:
            related.add((f.type.resource, str(record[f.name])))
    return related | {(kind, str(object_id)) for kind, object_id in resource.related(record)}


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """``previous`` for an update event: the old value of every attribute that changed."""
    ignored = {"updated_at"}
    return {k: before.get(k) for k in after if k not in ignored and before.get(k) != after.get(k)}
