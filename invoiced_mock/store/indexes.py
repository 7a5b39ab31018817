"""Secondary indexes of a store table: how a lookup, a filter or a page of a list finds its rows without
reading the others.

Derived state only, all of it in one :class:`Indexes` per table:

- ``equal``: attribute → value → ids (in the order they were linked), the exact-match indexes behind
  ``Table.where`` and ``filter[attribute]=value``; a value only one row holds maps to that row's id itself
  rather than to a one-id dict (200 bytes saved per row and attribute when values are unique, as names are);
- ``metadata``: metadata key → value as text (:func:`metadata_text`) → ids, behind ``metadata[key]=value``;
- ``ordered``: attribute → sorted ``(sort_key(value), id)`` pairs, behind ``sort=attribute``;
- ``ids``: every id, ascending, so a page of an unsorted list is a slice.

Indexes named ``eager`` exist from the table's birth (business rules call ``where`` on them on every
request). In a small table every other one is built from the rows the first time it is asked for, so a table
nobody lists pays nothing for it; once a table is large (``Table`` calls :meth:`Indexes.build_all` at
``LARGE_TABLE`` rows) every declared index is built, in one pass, so no list of a large table pays for the whole
of it (seconds at a million rows). Once built, an index is kept in step by :meth:`Indexes.link` and
:meth:`Indexes.unlink`, which the table calls on every put and remove — and so on every undo, which is a put or
remove in reverse. Positional lookups in the sorted structures are O(log n) (``sortedcontainers``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sortedcontainers import SortedList

Ids = dict[Any, None]  # an insertion-ordered set of ids
Buckets = dict[Any, Any]  # value → the one id holding it, or the Ids of several
_NONE: Ids = {}


def index_key(value: Any) -> Any:
    """The key a value is filed under in an exact-match index (unhashable values all under None)."""
    return value if not isinstance(value, (dict, list)) else None


def metadata_text(value: Any) -> str:
    """A metadata value as ``metadata[key]=value`` matches it: the text a query string would carry."""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def sort_key(value: Any) -> tuple[Any, ...]:
    """The order of ``sort=``: empty first, then numbers, then text; never a comparison across types."""
    if value is None:
        return (0,)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float, Decimal)):
        return (1, value)
    return (2, value if isinstance(value, str) else str(value))


class _Last:
    """Sorts after every id: ``(key, LAST)`` bounds the run of pairs whose key is ``key``."""

    def __lt__(self, other: Any) -> bool:
        return False

    def __gt__(self, other: Any) -> bool:
        return True


LAST = _Last()


def _sorted(items: Iterable[Any]) -> SortedList:
    from sortedcontainers import SortedList  # only once some table is listed: keeps `import invoiced_mock` light

    return SortedList(items)


def _file(buckets: Buckets, key: Any, row_id: Any) -> None:
    bucket = buckets.get(key, _NONE)
    if bucket is _NONE:
        buckets[key] = row_id
    elif type(bucket) is dict:
        bucket[row_id] = None
    elif bucket != row_id:
        buckets[key] = {bucket: None, row_id: None}


def _unfile(buckets: Buckets, key: Any, row_id: Any) -> None:
    bucket = buckets.get(key, _NONE)
    if type(bucket) is dict and bucket is not _NONE:
        bucket.pop(row_id, None)
        if len(bucket) == 1:
            buckets[key] = next(iter(bucket))
        elif not bucket:
            del buckets[key]
    elif bucket is not _NONE and bucket == row_id:
        del buckets[key]


def _ids(bucket: Any) -> Collection[Any]:
    """The ids a bucket holds, in the order they were filed."""
    return bucket.keys() if type(bucket) is dict else (bucket,)


def _copy(buckets: Buckets) -> Buckets:
    return {key: dict(bucket) if type(bucket) is dict else bucket for key, bucket in buckets.items()}


def _metadata_pairs(record: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
    metadata = record.get("metadata")
    if isinstance(metadata, dict):
        return [(key, metadata_text(value)) for key, value in metadata.items()]
    return ()


class Indexes:
    """The indexes of one table. ``rows`` (id → record) is passed in wherever an index may be built."""

    def __init__(self, eager: tuple[str, ...] = (), lookups: tuple[str, ...] = (), ordered: tuple[str, ...] = (),
                 metadata: bool = False) -> None:
        self.equal_fields = tuple(dict.fromkeys((*eager, *lookups)))
        self.ordered_fields = ordered
        self.metadata_indexed = metadata
        self.equal: dict[str, Buckets] = {f: {} for f in eager}
        self.metadata: dict[str, Buckets] | None = None
        self.ordered: dict[str, SortedList] = {}
        self.ids: SortedList | None = None

    def build_all(self, rows: Mapping[Any, Mapping[str, Any]]) -> None:
        """Build every declared index not built yet, reading each row once."""
        equal = [f for f in self.equal_fields if f not in self.equal]
        for field in equal:
            self.equal[field] = {}
        metadata = self.metadata_indexed and self.metadata is None
        if metadata:
            self.metadata = {}
        ordered: dict[str, list[Any]] = {f: [] for f in self.ordered_fields if f not in self.ordered}
        for row_id, record in rows.items():
            for field in equal:
                _file(self.equal[field], index_key(record.get(field)), row_id)
            if self.metadata is not None and metadata:
                for key, text in _metadata_pairs(record):
                    _file(self.metadata.setdefault(key, {}), text, row_id)
            for field, pairs in ordered.items():
                pairs.append((sort_key(record.get(field)), row_id))
        for field, pairs in ordered.items():
            self.ordered[field] = _sorted(pairs)
        if self.ids is None:
            self.ids = _sorted(rows)

    # -- lookups (each builds its index on first use) ------------------------------------------------

    def matching(self, field: str, value: Any, rows: Mapping[Any, Mapping[str, Any]]) -> Collection[Any]:
        """Ids whose ``field`` equals ``value``, in the order they were linked."""
        buckets = self.equal.get(field)
        if buckets is None:
            if field not in self.equal_fields:
                raise KeyError(f"{field} is not indexed")
            buckets = self.equal[field] = {}
            for record in rows.values():
                _file(buckets, index_key(record.get(field)), record["id"])
        return _ids(buckets.get(value, _NONE))

    def with_metadata(self, key: str, text: str, rows: Mapping[Any, Mapping[str, Any]]) -> Collection[Any]:
        """Ids whose metadata holds ``key`` with a value matching ``text``."""
        if self.metadata is None:
            self.metadata = {}
            for record in rows.values():
                for pair in _metadata_pairs(record):
                    _file(self.metadata.setdefault(pair[0], {}), pair[1], record["id"])
        return _ids(self.metadata.get(key, {}).get(text, _NONE))

    def page(self, start: int, stop: int, descending: bool, rows: Mapping[Any, Any]) -> list[Any]:
        """Ids at positions ``start:stop`` of the whole table in id order (newest first when ``descending``)."""
        if self.ids is None:
            self.ids = _sorted(rows)
        count = len(self.ids)
        chosen: list[Any] = (self.ids[start:stop] if not descending  # a SortedList's slice is a list
                             else self.ids[max(0, count - stop):max(0, count - start)][::-1])
        return chosen

    def page_by(self, field: str, start: int, stop: int, descending: bool, ties_descending: bool,
                rows: Mapping[Any, Mapping[str, Any]]) -> list[Any]:
        """Ids at positions ``start:stop`` when sorted on ``field``; equal values in id order (``ties_descending``)."""
        pairs = self.ordered.get(field)
        if pairs is None:
            if field not in self.ordered_fields:
                raise KeyError(f"{field} has no ordered index")
            pairs = self.ordered[field] = _sorted((sort_key(r.get(field)), i) for i, r in rows.items())
        count = len(pairs)
        stop = min(stop, count)
        if descending == ties_descending:  # the pairs' own order, read forwards or backwards
            chosen = pairs[start:stop] if not descending else pairs[max(0, count - stop):max(0, count - start)][::-1]
            return [row_id for _, row_id in chosen]
        if start >= stop:
            return []
        # Values run one way and ties the other. Read the page's pairs, widened to whole runs of equal values
        # (two bisects), and turn each run around: O(page), not two bisects per row.
        lo, hi = (count - stop, count - start) if descending else (start, stop)
        first, end = pairs.bisect_left((pairs[lo][0],)), pairs.bisect_right((pairs[hi - 1][0], LAST))
        if end - first <= 4 * (stop - start) + 64:
            runs = [[row_id for _, row_id in run] for _, run in groupby(pairs[first:end], key=itemgetter(0))]
            if descending:  # values descending, ties ascending: the runs backwards, each as it is
                ordered = [row_id for run in reversed(runs) for row_id in run]
                offset = count - end
            else:  # values ascending, ties descending: the runs in order, each backwards
                ordered = [row_id for run in runs for row_id in reversed(run)]
                offset = first
            return ordered[start - offset:stop - offset]
        # A run of equal values far longer than the page: mirror each position within its run.
        out = []
        for position in range(start, stop):
            mirrored = count - 1 - position if descending else position
            key = pairs[mirrored][0]
            first, end = pairs.bisect_left((key,)), pairs.bisect_right((key, LAST))
            out.append(pairs[first + end - 1 - mirrored][1])
        return out

    def can_match(self, field: str) -> bool:
        return field in self.equal_fields

    def can_order(self, field: str) -> bool:
        return field in self.ordered_fields

    # -- upkeep -------------------------------------------------------------------------------------

    def link(self, record: Mapping[str, Any], old: Mapping[str, Any] | None = None) -> None:
        """File ``record`` (replacing ``old``, the row it replaces under the same id, if any)."""
        row_id = record["id"]
        for field, buckets in self.equal.items():
            _file(buckets, index_key(record.get(field)), row_id)
        if self.metadata is not None:
            for key, text in _metadata_pairs(record):
                _file(self.metadata.setdefault(key, {}), text, row_id)
        for field, pairs in self.ordered.items():
            if old is None or sort_key(old.get(field)) != sort_key(record.get(field)):
                pairs.add((sort_key(record.get(field)), row_id))
        if self.ids is not None and old is None:
            self.ids.add(row_id)

    def unlink(self, record: Mapping[str, Any], new: Mapping[str, Any] | None = None) -> None:
        """Unfile ``record`` (about to be replaced by ``new`` under the same id, if any)."""
        row_id = record["id"]
        for field, buckets in self.equal.items():
            _unfile(buckets, index_key(record.get(field)), row_id)
        if self.metadata is not None:
            for key, text in _metadata_pairs(record):
                by_text = self.metadata.get(key)
                if by_text is not None:
                    _unfile(by_text, text, row_id)
                    if not by_text:
                        del self.metadata[key]
        for field, pairs in self.ordered.items():
            if new is None or sort_key(new.get(field)) != sort_key(record.get(field)):
                pairs.discard((sort_key(record.get(field)), row_id))
        if self.ids is not None and new is None:
            self.ids.discard(row_id)

    def copy(self) -> Indexes:
        """An independent copy of every index built so far (what a table's clone or snapshot carries)."""
        twin = Indexes.__new__(Indexes)
        twin.equal_fields, twin.ordered_fields = self.equal_fields, self.ordered_fields
        twin.metadata_indexed = self.metadata_indexed
        twin.equal = {f: _copy(buckets) for f, buckets in self.equal.items()}
        twin.metadata = None if self.metadata is None else {
            key: _copy(buckets) for key, buckets in self.metadata.items()}
        twin.ordered = {f: pairs.copy() for f, pairs in self.ordered.items()}
        twin.ids = None if self.ids is None else self.ids.copy()
        return twin

    def __deepcopy__(self, memo: dict[int, Any]) -> Indexes:
        return self.copy()
