"""Generic create, retrieve, update, delete and list for any declared resource.

Order of work on a write: coerce every parameter, check required fields and references, let the
resource's rules derive and refuse, and only then store. The business transaction around the request
undoes the store should anything raise after that.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from invoiced_mock.core import events, hierarchy, query, schedule
from invoiced_mock.core.fields import UNSET, Metadata
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY, Field, Mount, Resource
from invoiced_mock.errors import InvalidRequest, NotFound

if TYPE_CHECKING:
    from invoiced_mock.core.fields import Ref, RefList, StrRef
    from invoiced_mock.store.business import Business, Record

# Keys a client may echo back (the Java and .NET clients send whole objects) that are never written.
ECHOED = frozenset({"id", "object", "created_at", "updated_at"})
# Request-shaping parameters that ride along in bodies and are not attributes.
SHAPING = frozenset({"expand", "include", "exclude"})
_ID = re.compile(r"-?[0-9]{1,19}")


def load(business: Business, resource: Resource, object_id: Any, parent_id: Any = None,
         mount: Mount | None = None) -> Record:
    """The stored record, or 404 in the API's words. A nested object is found only under its own parent."""
    record = resource.table(business).get(_id(resource, object_id))
    scope = resource.scope(mount)
    if record is None or (scope is not None and not _within(record, scope, parent_id)):
        raise NotFound.object(resource.label, object_id)
    return record


def _within(record: Record, scope: Mount, parent_id: Any) -> bool:
    return str(record.get(scope.field)) == str(parent_id) and all(record.get(f) is None for f in scope.unset)


def _id(resource: Resource, object_id: Any) -> Any:
    if resource.string_ids:
        return str(object_id)
    if isinstance(object_id, str) and not _ID.fullmatch(object_id):  # int() takes "١", " 1", "1_0"
        return object_id
    try:
        return int(object_id)
    except (TypeError, ValueError):
        return object_id


def create(business: Business, resource: Resource, params: dict[str, Any], parent_id: Any = None,
           mount: Mount | None = None, *, preset: dict[str, Any] | None = None,
           event_type: str | None = None) -> Record:
    """Create from client ``params``; ``preset`` holds server-set values (read-only fields included);
    ``event_type`` names the event when not ``<object>.created`` (a failed charge is ``charge.failed``)."""
    record = resource.blank()
    given = [name for name in params if name in resource.position]
    given.sort(key=resource.position.__getitem__)
    for name in given:
        f = resource.by_name[name]  # in declared order, so the first bad attribute is the one refused
        value = UNSET if f.read_only else _coerce(f, params[name])
        if value is not UNSET:
            record[name] = value
    _refuse_read_only(resource, params)
    record.update(preset or {})
    scope = resource.scope(mount)
    if scope is not None:
        parent = load(business, REGISTRY[scope.parent], parent_id)
        record[scope.field] = parent["id"]
    _require(resource, record)
    _check_references(business, resource, record, None)
    record["id"] = _new_id(business, resource, params)
    if resource.number_format:
        _assign_number(business, resource, record, None)
    now = business.clock.now()
    record["created_at"] = record["updated_at"] = now
    resource.apply_rules(business, record, None)
    hierarchy.refuse_loops(business, resource, record)  # after the rules: a resource may say it its own way
    resource.table(business).put(record)
    resource.after_write(business, record, None)
    schedule.plan(business, resource, record)
    if resource.emits_events:
        events.emit(business, event_type or resource.event_type("created"), resource, record)
    resource.after_created(business, record)
    return record


def update(business: Business, resource: Resource, old: Record, params: dict[str, Any]) -> Record:
    params = _unechoed(business, resource, old, params)
    record = copy.deepcopy(old)
    _refuse_read_only(resource, params)
    for name, value in params.items():
        f = resource.by_name.get(name)
        if f is None or f.read_only or name in ECHOED:
            continue
        value = _coerce(f, value)
        if value is UNSET:
            continue
        if f.create_only and value != old.get(name):
            raise InvalidRequest(f"The {f.name.replace('_', ' ')} cannot be modified.", f.name)
        record[name] = value
    _require(resource, record)
    _check_references(business, resource, record, old)
    if resource.number_format:
        _assign_number(business, resource, record, old)
    record["updated_at"] = business.clock.now()
    resource.apply_rules(business, record, old)
    hierarchy.refuse_loops(business, resource, record)
    return save(business, resource, record, old)


def save(business: Business, resource: Resource, record: Record, old: Record,
         event_type: str | None = None, before: dict[str, Any] | None = None) -> Record:
    """Store a changed copy of ``old`` and record the event (``<object>.updated`` unless told); ``before``:
    ``old`` as shown before the change, when that is not how it shows now (a status time has moved on)."""
    if before is None:
        before = present(business, resource, old) if resource.emits_events else {}
    resource.table(business).put(record)
    resource.after_write(business, record, old)
    schedule.plan(business, resource, record)
    if resource.emits_events:
        after = present(business, resource, record)
        events.emit(business, event_type or resource.event_type("updated"), resource, record,
                    previous=events.changes(before, after))
    return record


def delete(business: Business, resource: Resource, record: Record) -> None:
    resource.check_delete(business, record)
    resource.on_delete(business, record)
    resource.table(business).remove(record["id"])
    schedule.plan(business, resource, record, gone=True)
    if resource.emits_events:
        events.emit(business, resource.event_type("deleted"), resource, record)


def cascade(business: Business, resource: Resource, record: Record) -> None:
    """Delete what lives under ``record``: its nested children and the rows mounted on it (notes)."""
    for child in list(REGISTRY.values()):
        fields = [child.parent_field] if child.parent == resource.object else []
        fields += [m.field for m in child.mounts if m.parent == resource.object]
        for field in dict.fromkeys(fields):
            for row in child.table(business).where(field, record["id"]):
                if child.table(business).get(row["id"]) is not None:
                    delete(business, child, row)


def listing(business: Business, resource: Resource, params: dict[str, Any], parent_id: Any = None,
            mount: Mount | None = None) -> Sequence[Record]:
    """The filtered, ordered list (a nested one only under its parent); only the page read is ever loaded."""
    table = resource.table(business)
    list_query = query.ListQuery.from_params(params)
    scope = resource.scope(mount)
    if scope is None:
        return query.run(business, resource, table, list_query)
    parent_key = load(business, REGISTRY[scope.parent], parent_id)["id"]
    within = query.Within(scope.field, parent_key, lambda r: _within(r, scope, parent_key))
    return query.run(business, resource, table, list_query, within)


def _unechoed(business: Business, resource: Resource, old: Record, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` less the attributes sent back as ``old`` is shown: the Java and .NET clients save the whole
    object they read, less only what they know the API refuses, so an attribute that comes back as shown
    (an object on the keys the client keeps of it) changes nothing, read-only or not. The object is presented
    only when some attribute could be an echo: a scalar that differs from the stored one is a change."""
    shown: dict[str, Any] | None = None
    kept = {}
    for name, value in params.items():
        f = resource.by_name.get(name)
        if f is not None and (f.read_only or isinstance(value, (dict, list)) or _same(value, old.get(name), True)):
            if shown is None:
                shown = present(business, resource, old)
            if name in shown and _same(value, shown[name], isinstance(f.type, Metadata)):
                continue
        kept[name] = value
    return kept


def _same(sent: Any, shown: Any, exact: bool = False) -> bool:
    """Whether ``sent`` is ``shown`` as a client echoes it: objects on the keys sent (unless ``exact``, as for
    metadata, or empty), lists item by item, numbers by value, booleans only as booleans."""
    if isinstance(sent, dict):  # an empty one clears: an echo only of an empty one
        if not isinstance(shown, Mapping) or ((exact or not sent) and len(sent) != len(shown)):
            return False
        return all(key in shown and _same(value, shown[key], exact) for key, value in sent.items())
    if isinstance(sent, list):
        return (isinstance(shown, list) and len(sent) == len(shown)
                and all(_same(a, b, exact) for a, b in zip(sent, shown, strict=True)))
    if isinstance(sent, bool) or isinstance(shown, bool):
        return sent is shown
    if isinstance(sent, (int, float, Decimal)) and isinstance(shown, (int, float, Decimal)):
        return bool(sent == shown)
    return type(sent) is type(shown) and bool(sent == shown)


def check_stored(business: Business, resource: Resource, record: Record) -> None:
    """Refuse a record stored by other means than a write (an import) that a write would refuse: a missing
    required attribute, a reference to nothing, or the resource's rules (run as an update that changes
    nothing, in a dry run: whatever they write is undone)."""
    _require(resource, record)
    _check_references(business, resource, record, None)
    with business.savepoint():
        resource.apply_rules(business, copy.deepcopy(record), record)


def _coerce(f: Field, value: Any) -> Any:
    if value is None or (value == "" and not _is_text(f)):
        if f.required:
            raise InvalidRequest(f"{_human(f.name)} is missing", f.name)
        if value == "":
            return f.default_value()
        meaning = f.type.from_null()
        if meaning is None and f.default is not None:  # never stored null (a list, a count): null is "not given"
            return UNSET
        return meaning
    return f.type.coerce(value, f.name)


def _is_text(f: Field) -> bool:
    return getattr(f.type, "json_type", None) == "string"


def _refuse_read_only(resource: Resource, params: dict[str, Any]) -> None:
    for name in params:
        f = resource.by_name.get(name)
        if f is None or not f.read_only or name in ECHOED:
            continue
        if resource.parent and name == resource.parent_field:
            continue
        raise InvalidRequest(f"Mass assignment of {name} on {resource.label} is not allowed", name)


def _require(resource: Resource, record: Record) -> None:
    for f in resource.required_fields:
        if record.get(f.name) in (None, ""):
            raise InvalidRequest(f"{_human(f.name)} is missing", f.name)


def _human(name: str) -> str:
    return name.replace("_", " ").title()


def _check_references(business: Business, resource: Resource, record: Record, old: Record | None) -> None:
    for f in resource.reference_fields:
        value = record.get(f.name)
        if value is None or (old is not None and old.get(f.name) == value):
            continue
        target = REGISTRY.get(cast("Ref | StrRef | RefList", f.type).resource)  # what reference_fields hold
        for one in value if isinstance(value, list) else [value]:
            if target is not None and target.table(business).get(one) is None:
                raise InvalidRequest(f"No such {target.label.lower()}: {one}", f.name)


def _new_id(business: Business, resource: Resource, params: dict[str, Any]) -> Any:
    if not resource.string_ids:
        return business.next_in_sequence(resource.object)
    wanted = params.get("id")
    if wanted in (None, ""):
        while True:  # skip over ids a caller already chose
            candidate = f"{resource.object}-{business.next_in_sequence(resource.object)}"
            if resource.table(business).get(candidate) is None:
                return candidate
    wanted = str(wanted)
    if len(wanted) > 255 or not all(c.isalnum() or c in "-_." for c in wanted):
        raise InvalidRequest("IDs may only contain letters, numbers, dashes, underscores and dots", "id")
    if resource.table(business).get(wanted) is not None:
        raise InvalidRequest(f"The given ID has already been taken: {wanted}", "id")
    return wanted


def _assign_number(business: Business, resource: Resource, record: Record, old: Record | None) -> None:
    table = resource.table(business)
    number = str(record.get("number") or "").strip()  # a blank number is no number: assign one
    if not number:
        if old is not None:
            record["number"] = old.get("number")
            return
        while True:  # a caller may already have taken the next number by hand
            number_format = cast(str, resource.number_format)  # set: callers assign numbers only then
            number = number_format % business.next_in_sequence(f"{resource.object}.number")
            if table.owner_of("number", number) is None:
                break
        record["number"] = number
        return
    record["number"] = number
    owner = table.owner_of("number", number)
    if owner is not None and owner != record["id"]:
        raise InvalidRequest(
            f"The given {resource.label.lower()} number has already been taken: {number}", "number")
