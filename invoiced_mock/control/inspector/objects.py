"""One object's page: its fields, the objects it relates to, its timeline of events with what each changed,
the requests that touched it, and its documents (PDF, payment page, CSV) served through the API's own routes.

Related objects come from three places, none of them a scan of another resource's table: what the object
references, what references it through an index (a customer's invoices), and what its events name (a
payment applied to an invoice). The timeline is ``GET /events?related_to=invoice,12``, answered by the
events resource itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.control.inspector import cells
from invoiced_mock.control.inspector.columns import columns, plural, target_title, title
from invoiced_mock.control.inspector.view import Visit, back, object_url, page
from invoiced_mock.core.fields import Ref, RefList, StrRef
from invoiced_mock.core.operations import perform
from invoiced_mock.core.presenter import present
from invoiced_mock.core.query import ListQuery, run
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import NotFound
from invoiced_mock.formats.json_bodies import dumps
from invoiced_mock.http import render

if TYPE_CHECKING:
    from invoiced_mock.control.journal import Call
    from invoiced_mock.control.sandbox import Sandbox
    from invoiced_mock.core.resource import Resource
    from invoiced_mock.http.response import Response
    from invoiced_mock.store.business import Business, Record

TIMELINE = 200  # the latest events shown on one object's page
TOUCHED = 100  # the latest requests shown
INBOUND = 10  # objects of each kind that reference this one, listed
RELATED = 100  # related objects listed in all
DOCUMENTS = (("PDF", "pdf"), ("Payment page", "payment"), ("CSV", "csv"))  # not ``view``: opening it marks viewed


@dataclass(frozen=True)
class Related:
    title: str
    href: str
    relation: str


def object_page(visit: Visit, key: str, name: str, object_id: str) -> Response:
    business = visit.business(key)
    resource = _resource(name)
    with business.lock:
        record = load(business, resource, object_id)
        shown = present(business, resource, record)
        fields = [(attribute, cells.value(business, resource, shown, attribute)) for attribute in shown]
        summary = [(c.label, cells.cell(business, resource, record, shown, c)) for c in columns(resource)
                   if c.kind != "title"]
        timeline = [moment(business, event) for event in _events(business, resource, record)]
        related = _related(business, resource, record, timeline)
    touched = _touched(visit.app, business, resource, record, {m["id"] for m in timeline})
    named = title(resource, shown)
    heading = named if named.startswith(resource.label) else f"{resource.label} {named}"
    documents = [(label, object_url(key, name, record["id"]) + f"/{kind}") for label, kind in DOCUMENTS
                 if any(a.name == kind and a.method == "GET" for a in resource.actions)]
    return page(visit, "object.html", business=business, current=name, resource=resource, heading=heading,
                shown=shown, state=shown.get("status"), fields=fields, summary=summary,
                lines=_lines(shown), related=related, timeline=timeline,
                touched=touched, documents=documents, plural=plural(resource), json=dumps(shown, pretty=True),
                list_url=object_url(key, name, "").rstrip("/"))


def _lines(shown: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A document's line items, for a table of their own (the ``items`` of an invoice, estimate or credit note)."""
    items = shown.get("items")
    return [i for i in items if isinstance(i, Mapping)] if isinstance(items, list) else []


def document(visit: Visit, key: str, name: str, object_id: str, kind: str) -> Response:
    """The object's PDF, payment page or CSV, as ``GET /<objects>/<id>/<kind>`` answers it."""
    business = visit.business(key)
    resource = _resource(name)
    if kind not in dict((k, k) for _, k in DOCUMENTS):
        raise NotFound(f"No such page: {kind}")
    record = load(business, resource, object_id)
    operation, args = visit.app.router.match("GET", f"/{resource.path}/{record['id']}/{kind}")
    with business.transaction():
        reply = perform(business, operation, args, {})
        return render.render(reply, visit.request, business, {})


def load(business: Business, resource: Resource, object_id: str) -> Record:
    table = resource.table(business)
    record = table.get(object_id if resource.string_ids or not object_id.isdigit() else int(object_id))
    if record is None:
        raise NotFound(f"No such {resource.label.lower()}: {object_id}")
    return record


def _resource(name: str) -> Resource:
    resource = REGISTRY.get(name)
    if resource is None:
        raise NotFound(f"No such resource: {name}")
    return resource


def _events(business: Business, resource: Resource, record: Record) -> list[Record]:
    """The object's events, oldest first (the latest :data:`TIMELINE`): the events list's own ``related_to``."""
    events = REGISTRY["event"]
    wanted = ListQuery.from_params({"related_to": f"{resource.object},{record['id']}", "sort": "id asc"})
    found = run(business, events, events.table(business), wanted)
    return list(found[-TIMELINE:])


def moment(business: Business, event: Mapping[str, Any]) -> dict[str, Any]:
    """One line of a timeline: when, what, about which object, and each changed attribute (before → after)."""
    about = event["data"]["object"]
    kind = REGISTRY.get(str(about.get("object")))
    previous = event["data"].get("previous") or {}
    return {
        "id": event["id"], "type": event["type"], "timestamp": event["timestamp"],
        "href": object_url(business.api_key, "event", event["id"]),
        "object": title(kind, about) if kind is not None else str(about.get("id")),
        "object_href": object_url(business.api_key, kind.object, about["id"]) if kind is not None else None,
        "kind": kind, "object_id": about.get("id"),
        "changes": [(name, _plain(before), _plain(about.get(name))) for name, before in previous.items()],
        "related": [tuple(pair) for pair in event.get("related") or ()],
    }


def _plain(value: Any) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else dumps(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _related(business: Business, resource: Resource, record: Record,
             timeline: list[dict[str, Any]]) -> list[Related]:
    found: dict[tuple[str, str], Related] = {}
    pairs = [*_references(resource, record), *_referencing(business, resource, record),
             *((kind, object_id, _relation(kind)) for line in timeline for kind, object_id in line["related"])]
    for kind, object_id, relation in pairs:
        target = REGISTRY.get(kind)
        if target is None or (kind, str(object_id)) == (resource.object, str(record["id"])):
            continue
        stored_id = object_id if target.string_ids or not str(object_id).isdigit() else int(object_id)
        found.setdefault((kind, str(object_id)), Related(
            target_title(business, target, stored_id), object_url(business.api_key, kind, stored_id), relation))
    return list(found.values())[:RELATED]


def _references(resource: Resource, record: Record) -> Iterable[tuple[str, Any, str]]:
    """What the object points to: its customer, plan, parent customer, tax rates..."""
    for field in resource.reference_fields:
        assert isinstance(field.type, (Ref, StrRef, RefList))
        value = record.get(field.name)
        ids = (value or []) if isinstance(field.type, RefList) else ([] if value is None else [value])
        for object_id in ids:
            yield field.type.resource, object_id, field.name.replace("_", " ")


def _referencing(business: Business, resource: Resource, record: Record) -> Iterable[tuple[str, Any, str]]:
    """What points to the object through an index (a customer's invoices and payments), :data:`INBOUND` of a kind."""
    for other in REGISTRY.values():
        for field_name, target in other.single_references:
            if target != resource.object or other.object not in business.tables:
                continue
            table = business.tables[other.object]
            if not table.indexes.can_match(field_name):
                continue
            for object_id in list(table.ids_where(field_name, record["id"]))[-INBOUND:]:
                yield other.object, object_id, _relation(other.object)


def _relation(kind: str) -> str:
    return kind.replace("_", " ")


def _touched(app: Sandbox, business: Business, resource: Resource, record: Record,
             event_ids: set[int]) -> list[Call]:
    """The requests (the latest :data:`TOUCHED`) that addressed the object or recorded one of its events."""
    paths = [f"/{path}/{record['id']}/" for path in (resource.path, *resource.aliases)]
    found = [call for call in app.journal.calls(business.api_key)
             if any(p in call.path + "/" for p in paths) or _caused(call, event_ids)]
    return found[-TOUCHED:]


def _caused(call: Call, event_ids: set[int]) -> bool:
    if not call.events:
        return False
    if len(call.events) < len(event_ids):
        return any(i in event_ids for i in call.events)
    return any(i in call.events for i in event_ids)



def redeliver(visit: Visit, key: str, attempt_id: str) -> Response:
    """Send a webhook attempt again: the API's own ``POST /webhook_attempts/<id>/retries``."""
    business = visit.business(key)
    operation, args = visit.app.router.match("POST", f"/webhook_attempts/{attempt_id}/retries")
    with business.transaction():
        perform(business, operation, args, {})
    return back(object_url(key, "webhook_attempt", attempt_id))
