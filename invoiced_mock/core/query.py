"""List semantics shared by every list endpoint: ``filter[...]``, ``metadata[...]``, ``sort``, updated range,
and how a list finds its rows: from an index when one applies (see :func:`run`), else by a scan."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast, overload

from invoiced_mock.core.fields import Int
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.store.indexes import metadata_text, sort_key

if TYPE_CHECKING:
    from invoiced_mock.core.resource import Resource
    from invoiced_mock.store.business import Business, Record, Table

    # A predicate over records; its lambdas bind loop values as defaults, which mypy cannot infer: cast.
    Predicate = Callable[[Record], bool]

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


@dataclass(frozen=True)
class Within:
    """What a nested list is scoped to: rows whose indexed ``field`` is ``value`` and that pass ``check``."""

    field: str
    value: Any
    check: Callable[[Record], bool]


class IndexedList(Sequence["Record"]):
    """A list endpoint's result read from an ordered index: its length is known at once, and rows are read
    only for the slice asked for (the page), so a list costs its page, not the table."""

    def __init__(self, total: int, read: Callable[[int, int], list[Record]]) -> None:
        self.total = total
        self._read = read  # (start, stop) → the rows at those positions

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> Record: ...

    @overload
    def __getitem__(self, index: slice) -> list[Record]: ...

    def __getitem__(self, index: int | slice) -> Record | list[Record]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self.total)
            if step != 1:
                return self._read(0, self.total)[index]
            return self._read(start, stop) if start < stop else []
        position = index + self.total if index < 0 else index
        if not 0 <= position < self.total:
            raise IndexError(index)
        return self._read(position, position + 1)[0]

    def __iter__(self) -> Iterator[Record]:
        return iter(self._read(0, self.total))


def run(business: Business, resource: Resource, table: Table, query: ListQuery,
        within: Within | None = None) -> Sequence[Record]:
    """Filter, then order the rows of ``table`` as the list endpoint of ``resource`` would.

    Cheapest first: the smallest index bucket a filter names (then only its rows are checked and sorted);
    with no filter, the id order or an ordered index read one page at a time; otherwise a scan. Every path
    checks the same predicates and orders by the same keys, so each answers exactly what a scan would.
    """
    predicates = _predicates(business, resource, query)
    if within is not None:
        predicates.insert(0, within.check)
    ids_descending, columns = _ordering(resource, query.sort)
    candidates = _candidates(resource, table, query, within)
    if candidates is None and not predicates:
        indexed = _indexed_order(resource, table, columns, ids_descending)
        if indexed is not None:
            return indexed
    records = table.all() if candidates is None else [table.rows[i] for i in list(candidates)]
    if predicates:
        records = [r for r in records if all(p(r) for p in predicates)]
    return _order(records, columns, ids_descending)


def _candidates(resource: Resource, table: Table, query: ListQuery, within: Within | None) -> Collection[Any] | None:
    """The smallest set of ids an index gives for the exact matches asked for; None when no index applies."""
    found: list[Collection[Any]] = [] if within is None else [table.ids_where(within.field, within.value)]
    indexes = table.indexes
    for name, raw in query.filters.items():
        if indexes.can_match(name) and name not in resource.live:
            found.append(table.ids_where(name, _wanted(resource, name, raw)))
    if indexes.metadata_indexed:
        found += [table.ids_with_metadata(key, str(raw)) for key, raw in query.metadata.items()]
    return min(found, key=len, default=None)


def _indexed_order(resource: Resource, table: Table, columns: list[tuple[str, bool]],
                   ids_descending: bool) -> IndexedList | None:
    """The whole table, paged straight from its id order or from the ordered index of the one sort column."""
    if not columns:
        return IndexedList(len(table), lambda start, stop: table.page(start, stop, ids_descending))
    if len(columns) == 1 and table.indexes.can_order(columns[0][0]) and columns[0][0] not in resource.live:
        (column, descending), = columns
        return IndexedList(len(table), lambda start, stop: table.page_by(column, start, stop, descending,
                                                                          ids_descending))
    return None


def _wanted(resource: Resource, name: str, raw: Any) -> Any:
    return resource.by_name[name].type.parse_filter(str(raw), f"filter[{name}]")


def _predicates(business: Business, resource: Resource, query: ListQuery) -> list[Callable[[Record], bool]]:
    predicates: list[Callable[[Record], bool]] = []
    allowed = resource.filterable()
    for name, raw in query.filters.items():
        if name not in allowed:
            raise InvalidRequest(f"Invalid filter parameter: {name}", "filter")
        if isinstance(raw, (dict, list)):
            raise InvalidRequest(f"Invalid value for filter parameter: {name}", "filter")
        wanted = _wanted(resource, name, raw)
        if name in resource.live:  # a value that moves with the clock (an invoice turning past_due)
            predicates.append(cast("Predicate", lambda r, n=name, w=wanted:
                                   resource.computed(business, r).get(n, r.get(n)) == w))
        else:
            predicates.append(cast("Predicate", lambda r, n=name, w=wanted: r.get(n) == w))
    for key, raw in query.metadata.items():
        predicates.append(cast("Predicate", lambda r, k=key, w=str(raw): k in (r.get("metadata") or {})
                               and metadata_text(r["metadata"][k]) == w))
    if query.updated_after is not None:
        predicates.append(cast("Predicate", lambda r, t=query.updated_after: (r.get("updated_at") or 0) > t))
    if query.updated_before is not None:
        predicates.append(cast("Predicate", lambda r, t=query.updated_before: (r.get("updated_at") or 0) < t))
    own = resource.list_filter(business, query.params)
    if own is not None:
        predicates.append(own)
    return predicates


def _ordering(resource: Resource, sort: list[tuple[str, bool]]) -> tuple[bool, list[tuple[str, bool]]]:
    """Whether ids run newest first, and the sort columns before them (unknown attributes ignored)."""
    columns = [(c, d) for c, d in sort if c in resource.by_name and c != "id"]
    return next((d for c, d in sort if c == "id"), resource.newest_first), columns


def _order(records: list[Record], columns: list[tuple[str, bool]], ids_descending: bool) -> list[Record]:
    ordered = sorted(records, key=lambda r: sort_key(r.get("id")), reverse=ids_descending)
    for column, descending in reversed(columns):  # stable sorts, last key first
        ordered.sort(key=cast("Callable[[Record], tuple[Any, ...]]", lambda r, c=column: sort_key(r.get(c))),
                     reverse=descending)
    return ordered
