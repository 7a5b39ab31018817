"""List semantics shared by every list endpoint: ``filter[...]``, ``metadata[...]``, ``sort``, updated range."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import InvalidRequest
from .fields import Int

if TYPE_CHECKING:
    from ..store import Business, Record
    from .resource import Resource

# The parameters every list endpoint understands (besides paging and each resource's ``list_params``).
PARAMS = frozenset({"filter", "metadata", "sort", "updated_after", "updated_before"})
_SORT_TERM = re.compile(r"^\s*([A-Za-z0-9_.]+)(?:\s+(asc|desc))?\s*$", re.IGNORECASE)
_UPDATED = Int(minimum=0)


@dataclass
class ListQuery:
    filters: dict[str, Any] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    sort: list[tuple[str, bool]] = field(default_factory=list)  # (column, descending)
    updated_after: int | None = None
    updated_before: int | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> ListQuery:
        filters = params.get("filter") or {}
        metadata = params.get("metadata") or {}
        if not isinstance(filters, dict):
            raise InvalidRequest("The filter parameter must be an object, e.g. filter[name]=Acme", "filter")
        if not isinstance(metadata, dict):
            raise InvalidRequest("The metadata parameter must be an object, e.g. metadata[key]=value", "metadata")
        return cls(
            filters=filters,
            metadata=metadata,
            sort=_parse_sort(params.get("sort")),
            updated_after=_timestamp(params, "updated_after"),
            updated_before=_timestamp(params, "updated_before"),
            params=params,
        )


def _timestamp(params: dict[str, Any], name: str) -> int | None:
    value = params.get(name)
    if value in (None, "", 0, "0"):
        return None
    return _UPDATED.coerce(value, name)


def _parse_sort(value: Any) -> list[tuple[str, bool]]:
    if not value:
        return []
    terms = []
    for part in str(value).split(","):
        if not part.strip():
            continue
        match = _SORT_TERM.match(part)
        if match is None:
            raise InvalidRequest(f"Invalid sort parameter: {part.strip()}", "sort")
        terms.append((match.group(1), (match.group(2) or "asc").lower() == "desc"))
    return terms


def run(business: Business, resource: Resource, records: list[Record], query: ListQuery) -> list[Record]:
    """Filter, then order ``records`` as the list endpoint of ``resource`` would."""
    predicates = _predicates(business, resource, query)
    if predicates:
        records = [r for r in records if all(p(r) for p in predicates)]
    return _order(resource, records, query.sort)


def _predicates(business: Business, resource: Resource, query: ListQuery) -> list[Callable[[Record], bool]]:
    predicates: list[Callable[[Record], bool]] = []
    allowed = resource.filterable()
    for name, raw in query.filters.items():
        if name not in allowed:
            raise InvalidRequest(f"Invalid filter parameter: {name}", "filter")
        if isinstance(raw, (dict, list)):
            raise InvalidRequest(f"Invalid value for filter parameter: {name}", "filter")
        wanted = resource.by_name[name].type.parse_filter(str(raw), f"filter[{name}]")
        if name in resource.live:  # a value that moves with the clock (an invoice turning past_due)
            predicates.append(lambda r, n=name, w=wanted: resource.computed(business, r).get(n, r.get(n)) == w)
        else:
            predicates.append(lambda r, n=name, w=wanted: r.get(n) == w)
    for key, raw in query.metadata.items():
        predicates.append(lambda r, k=key, w=str(raw): k in (r.get("metadata") or {})
                          and _metadata_text(r["metadata"][k]) == w)
    if query.updated_after is not None:
        predicates.append(lambda r, t=query.updated_after: (r.get("updated_at") or 0) > t)
    if query.updated_before is not None:
        predicates.append(lambda r, t=query.updated_before: (r.get("updated_at") or 0) < t)
    own = resource.list_filter(business, query.params)
    if own is not None:
        predicates.append(own)
    return predicates


def _metadata_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _order(resource: Resource, records: list[Record], sort: list[tuple[str, bool]]) -> list[Record]:
    columns = [(c, d) for c, d in sort if c in resource.by_name and c != "id"]
    id_desc = next((d for c, d in sort if c == "id"), resource.newest_first)
    ordered = sorted(records, key=lambda r: _sort_key(r.get("id")), reverse=id_desc)
    for column, descending in reversed(columns):  # stable sorts, last key first
        ordered.sort(key=lambda r, c=column: _sort_key(r.get(c)), reverse=descending)
    return ordered


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (dict, list)):
        return (1, str(value))
    return (1, value)
