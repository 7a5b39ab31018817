"""An exported business checked as the API checks a write, then put in place of one (``/_mock/import``,
``invoiced-mock import``): all or nothing.

Every record is read as its resource declares it: each attribute goes through its type's coercion (a wrong
type is a 400 naming ``tables[invoice][0][total]``), unknown attributes are refused, required ones must be
there, ids are the resource's kind and unique, references point at imported records, and the resource's
own rules (``apply_rules``) accept it as they would an update that changes nothing, and its timeline
(what falls due for it) can be planned. Entries (line items)
are read as their declared shape, objects kept inside a record (a payment source, an event's object) as
their own resource declares them, and the rules' bookkeeping by ``Resource.internal``. Once stored —
inside the business's transaction — every record must present as the API shows it, or the import rolls
back.

Numbering only moves forward: a sequence is a whole number at least the highest id imported for it (a
sequence left out follows that id), and never goes back below the business's own.
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.core import crud, schedule
from invoiced_mock.core.fields import Array, Either, Embedded, Entries, FieldType, Int
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY, Field, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.store import persistence
from invoiced_mock.store.business import Business, Record

STAMPS = {name: Field(name, Int(minimum=0)) for name in ("created_at", "updated_at")}  # every write sets them


def import_business(business: Business, document: Any) -> int:
    """Replace ``business`` with the export ``document`` (checked first; nothing changes when refused); the
    number of records imported."""
    tables, sequences = persistence.decode_export(document, REGISTRY)
    checked = {name: _records(REGISTRY[name], name, records) for name, records in tables.items()}
    numbering = _numbering(business, checked, sequences)
    with business.transaction():
        persistence.replace_business(business, REGISTRY, checked, numbering)
        for name, records in checked.items():
            for index, record in enumerate(records):
                _accepted(business, REGISTRY[name], record, f"tables[{name}][{index}]")
    return sum(len(records) for records in checked.values())


def _records(resource: Resource, name: str, records: list[Any]) -> list[Record]:
    seen: set[Any] = set()
    unique: dict[str, set[str]] = {field: set() for field in resource.unique or ()}
    if resource.number_format:
        unique["number"] = set()
    out = []
    for index, record in enumerate(records):
        path = f"tables[{name}][{index}]"
        if not isinstance(record, dict):
            raise InvalidRequest(f"{path} must be an object", path)
        checked = _fields(resource, record, path)
        if checked["id"] in seen:
            raise InvalidRequest(f"{path} repeats the id {checked['id']}", f"{path}[id]")
        seen.add(checked["id"])
        for field, values in unique.items():
            value = str(checked.get(field) or "").strip().lower()
            if value and value in values:
                raise InvalidRequest(f"{path} repeats the {field} {checked[field]}", f"{path}[{field}]")
            values.add(value)
        if name == "event":
            _check_event(checked, path)
        out.append(checked)
    return out


def _fields(resource: Resource, record: Record, path: str, closed: bool = True) -> Record:
    """``record`` with every declared attribute coerced as a write coerces it; unknown ones refused (``closed``)."""
    known = {**STAMPS, **{f.name: f for f in resource.internal}, **resource.by_name}
    unknown = [key for key in record if key not in known]
    if unknown and closed:
        raise InvalidRequest(f"Unknown attribute of {path}: {unknown[0]}", f"{path}[{unknown[0]}]")
    out = dict(record)
    out["id"] = _id(resource, record.get("id"), f"{path}[id]")
    for key, value in record.items():
        field = known.get(key)
        if field is None or key == "id" or value is None:
            continue
        out[key] = _coerced(field.type, value, f"{path}[{key}]")
    kind = out.get("object", resource.object)
    if resource.has_object_key and kind not in (resource.object, *resource.shown_as):
        raise InvalidRequest(f"{path} is not a {resource.object}", f"{path}[object]")
    for field in resource.required_fields:
        if out.get(field.name) in (None, ""):
            raise InvalidRequest(f"{path} is missing {field.name}", f"{path}[{field.name}]")
    return out


def _coerced(kind: FieldType, value: Any, param: str) -> Any:
    """``value`` as a write coerces it; entries (line items, tiers) each read as their declared shape too, as
    the rules that parse them on a write would (a stored entry is in that shape already)."""
    if isinstance(kind, (Embedded, Either)):
        return _embedded(kind.objects if isinstance(kind, Either) else (kind.resource,), value, param)
    coerced = kind.coerce(value, param)
    if isinstance(kind, Entries) and kind.of is not None:
        Array(of=kind.of).coerce(coerced, param)
    return coerced


def _embedded(kinds: tuple[str, ...], value: Any, param: str) -> Record:
    """Another resource's object kept inside a record (a customer's payment source), read as it declares."""
    names = {name for kind in kinds for name in (kind, *REGISTRY[kind].shown_as) if kind in REGISTRY}
    kind = value.get("object") if isinstance(value, dict) else None
    if kind not in names or kind not in REGISTRY:
        raise InvalidRequest(f"{param} must be a {' or '.join(sorted(names))} object", param)
    return _fields(REGISTRY[kind], value, param, closed=False)


def _id(resource: Resource, value: Any, param: str) -> Any:
    if resource.string_ids:
        if not isinstance(value, str) or not value or len(value) > 255 or not all(
                c.isalnum() or c in "-_." for c in value):
            raise InvalidRequest("IDs may only contain letters, numbers, dashes, underscores and dots", param)
        return value
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value < 2**63:
        raise InvalidRequest(f"{param} must be a whole number from 1", param)
    return value


def _check_event(event: Record, path: str) -> None:
    """An event carries an object of a resource the API knows, read as that resource declares it; what it
    concerns (``related``) is pairs of names (``core/events.py``)."""
    data = event.get("data")
    shown = data.get("object") if isinstance(data, dict) else None
    resource = REGISTRY.get(shown.get("object", "")) if isinstance(shown, dict) else None
    if resource is None or not isinstance(shown, dict):
        raise InvalidRequest(f"{path} carries no object the API knows", f"{path}[data][object]")
    event["data"] = {**event["data"], "object": _fields(resource, shown, f"{path}[data][object]", closed=False)}
    related = event.get("related", [])
    if not isinstance(related, list) or not all(
            isinstance(pair, (list, tuple)) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
            for pair in related):
        raise InvalidRequest(f"{path}[related] must be a list of [object, id] pairs", f"{path}[related]")
    event["related"] = [tuple(pair) for pair in related]


def _numbering(business: Business, tables: dict[str, list[Record]], sequences: dict[str, Any]) -> dict[str, int]:
    """The sequences to keep: each a whole number, at least the highest id imported, never below the business's."""
    out: dict[str, int] = {}
    for name, value in sequences.items():
        param = f"sequences[{name}]"
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
            raise InvalidRequest(f"{param} must be a whole number, 0 or more", param)
        out[str(name)] = value
    for name, records in tables.items():
        highest = max((r["id"] for r in records if isinstance(r["id"], int)), default=None)
        if highest is None:
            continue  # string ids (items, plans): their sequence only skips ids taken
        if name in out and out[name] < highest:
            raise InvalidRequest(f"sequences[{name}] is {out[name]} but tables[{name}] holds id {highest}: the next "
                                 f"{name} would replace it", f"sequences[{name}]")
        out[name] = max(out.get(name, 0), highest)
    for name, value in business.sequences.items():
        out[name] = max(out.get(name, 0), value)  # forward only: an id once given is never given again
    return out


def _accepted(business: Business, resource: Resource, record: Record, path: str) -> None:
    """Refuse a stored record that the write rules or the API's presentation would not take."""
    try:
        crud.check_stored(business, resource, record)
        present(business, resource, record)
        schedule.plan(business, resource, record)  # what falls due for it, as a write plans it
    except InvalidRequest as refused:
        param = f"{path}[{refused.param}]" if refused.param else path
        raise InvalidRequest(f"{path}: {refused.message}", param) from None
    except Exception as error:  # a record no read could show is refused here, not answered 500 later
        raise InvalidRequest(f"{path} cannot be shown as the API shows a {resource.object} "
                             f"({type(error).__name__})", path) from None
