"""One value as a page prints it: a :class:`Cell` says what kind of value it is (the template formats money,
dates and statuses the same way everywhere) and where it links (the object it is, or references)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.control.inspector.columns import Column, kind_of, target_title, title
from invoiced_mock.control.inspector.view import object_url
from invoiced_mock.core.fields import Ref, StrRef
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.formats.json_bodies import dumps

if TYPE_CHECKING:
    from collections.abc import Mapping

    from invoiced_mock.core.resource import Resource
    from invoiced_mock.store.business import Business, Record


@dataclass(frozen=True)
class Cell:
    kind: str  # text, money, day, time, status, json (what the template does with ``value``)
    value: Any
    href: str | None = None
    currency: str | None = None
    size: int = 0  # entries of a list or object (shown folded)


def cell(business: Business, resource: Resource, record: Record, shown: Mapping[str, Any], column: Column) -> Cell:
    """The cell of ``column`` for ``record`` (``shown``: the object as the API shows it)."""
    key = business.api_key
    kind = column.kind
    if kind == "title":
        return Cell("text", title(resource, shown), object_url(key, resource.object, record["id"]))
    if kind == "event_object":
        inner = shown.get("data", {}).get("object") or {}
        return _link_to(business, str(inner.get("object") or ""), inner.get("id"))
    if kind == "event_ref":
        return Cell("text", record.get(column.name), object_url(key, "event", record.get(column.name)))
    if kind == "tries":
        return Cell("text", len(record.get("attempts") or []))
    if kind == "answer":
        tries = record.get("attempts") or []
        status = tries[-1].get("status_code") if tries else None
        if tries and status is None and tries[-1].get("error"):  # refused or unreachable: say why
            return Cell("text", tries[-1]["error"])
        return Cell("status", "no answer" if tries and status is None else status or "")
    return value(business, resource, shown, column.name, kind)


def value(business: Business, resource: Resource, shown: Mapping[str, Any], name: str, kind: str | None = None) -> Cell:
    """Attribute ``name`` of the object ``shown``: a link for a reference, a date, an amount, JSON for a list."""
    raw = shown.get(name)
    kind = kind or kind_of(resource, name)
    if kind == "ref" and raw is not None:
        field = resource.by_name[name]
        assert isinstance(field.type, (Ref, StrRef))
        return _link_to(business, field.type.resource, raw)
    if kind == "money":
        return Cell("money", raw, currency=shown.get("currency"))
    if isinstance(raw, (dict, list)):
        return Cell("json", dumps(raw, pretty=True) if raw else dumps(raw), size=len(raw))
    if kind in ("day", "time", "status"):
        return Cell(kind, raw)
    return Cell("text", "" if raw is None else _plain(raw))


def _link_to(business: Business, object_name: str, object_id: Any) -> Cell:
    resource = REGISTRY.get(object_name)
    if resource is None or object_id is None:
        return Cell("text", "")
    href = object_url(business.api_key, object_name, object_id)
    return Cell("text", target_title(business, resource, object_id), href)


def _plain(raw: Any) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)
