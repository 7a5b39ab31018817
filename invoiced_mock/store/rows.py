"""The rows of a table, compactly: id → record, each record kept as a tuple of its values, read back as a dict.

A record of 50 attributes held as a dict costs about 1.6 KB of hash table before any value, more than its
JSON; the same values in a tuple cost 456 bytes. So :class:`Rows` keeps each record as its values followed by
its :class:`Shape` — the attributes' names, in order, shared by every record with the same names (a table's
records are made from one declaration, so a handful of shapes serve a whole store). A dict directly inside a
record (``metadata``, an event's ``data`` and the object in it) is packed the same way, one level at a time.
Reading rebuilds the dict with ``dict(zip(names, values))``; the last few records read or written stay
rebuilt (:data:`HOT`), so the record a test retrieves again and again, or the customer every invoice of a
request names, is a dict lookup.

Records are never changed in place once stored (``store/frozen.py``), which is what makes both the sharing of
values between a record and its packed tuple and the rebuilt copies safe. With :func:`frozen.enforce` on, a
record is rebuilt read-only, as it was stored.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from contextlib import suppress
from itertools import compress, repeat
from typing import Any

from invoiced_mock.store import frozen

Record = dict[str, Any]
Packed = tuple[Any, ...]  # the values, then their Shape
HOT = 32  # records kept rebuilt per table
MAX_SHAPES = 10_000  # past this many distinct shapes, new ones are used without being shared
_MISSING = object()


class Shape:
    """The names of a packed record's attributes, in order, and which of its values are packed dicts."""

    __slots__ = ("names", "nested")

    def __init__(self, names: tuple[Any, ...], nested: tuple[int, ...]) -> None:
        self.names = names
        self.nested = nested


_SHAPES: dict[tuple[tuple[Any, ...], tuple[int, ...]], Shape] = {}


def _shape(names: tuple[Any, ...], nested: tuple[int, ...]) -> Shape:
    key = (names, nested)
    shape = _SHAPES.get(key)
    if shape is None:
        shape = Shape(names, nested)
        if len(_SHAPES) < MAX_SHAPES:
            shape = _SHAPES.setdefault(key, shape)
    return shape


def pack(record: Mapping[Any, Any]) -> Packed:
    """``record`` as its values and its shape (dicts in it packed too)."""
    values = list(record.values())
    nested = tuple(compress(range(len(values)), map(isinstance, values, repeat(dict))))  # a loop in C
    for i in nested:
        values[i] = pack(values[i])
    values.append(_shape(tuple(record), nested))
    return tuple(values)


def unpack(packed: Packed, read_only: bool) -> Record:
    """The record ``packed`` holds (read-only containers when ``read_only``)."""
    shape: Shape = packed[-1]
    record = dict(zip(shape.names, packed, strict=False))  # one name fewer than values: the shape is left out
    for i in shape.nested:
        name = shape.names[i]
        record[name] = unpack(record[name], read_only)
    return frozen.FrozenDict(record) if read_only else record


class Rows(Mapping[Any, Record]):
    """id → record, in insertion order, stored packed. Written only by its :class:`~invoiced_mock.store.business.Table`
    (``rows[id] = record``, ``pop``), read like a dict. Rebuilt records are shared: never change one."""

    __slots__ = ("_hot", "_packed")

    def __init__(self) -> None:
        self._packed: dict[Any, Packed] = {}
        self._hot: dict[Any, Record] = {}

    def copy(self) -> Rows:
        """An independent copy (records shared): O(rows), the cost of copying a dict of their ids."""
        twin = Rows.__new__(Rows)
        twin._packed = dict(self._packed)
        twin._hot = dict(self._hot)
        return twin

    def stored(self) -> dict[Any, Packed]:
        """What is held, as it is held (for measuring it; read only)."""
        return self._packed

    def __setitem__(self, row_id: Any, record: Record) -> None:
        self._packed[row_id] = pack(record)
        self._remember(row_id, record)

    def pop(self, row_id: Any, default: Any = None) -> Any:
        packed = self._packed.pop(row_id, _MISSING)
        if packed is _MISSING:
            return default
        hot = self._hot.pop(row_id, None)
        return hot if hot is not None else unpack(packed, frozen.enforced())  # type: ignore[arg-type]

    def _remember(self, row_id: Any, record: Record) -> None:
        hot = self._hot
        hot.pop(row_id, None)
        hot[row_id] = record
        if len(hot) > HOT:
            with suppress(KeyError, RuntimeError, StopIteration):  # a clone sharing this cache evicted it first
                del hot[next(iter(hot))]

    def get(self, row_id: Any, default: Record | None = None) -> Record | None:  # type: ignore[override]
        record = self._hot.get(row_id)
        if record is not None:
            return record
        packed = self._packed.get(row_id)
        if packed is None:
            return default
        record = unpack(packed, frozen.enforced())
        self._remember(row_id, record)
        return record

    def __getitem__(self, row_id: Any) -> Record:
        record = self.get(row_id)
        if record is None:
            raise KeyError(row_id)
        return record

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._packed

    def __len__(self) -> int:
        return len(self._packed)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._packed)

    def keys(self) -> KeysView[Any]:
        return self._packed.keys()

    def values(self) -> ValuesView[Record]:
        return _Values(self)

    def items(self) -> ItemsView[Any, Record]:
        return _Items(self)

    def __repr__(self) -> str:
        return f"Rows({dict(self.items())!r})"


class _Values(ValuesView[Record]):
    """The records, rebuilt one at a time as they are read (a scan does not fill the hot cache)."""

    _mapping: Rows

    def __iter__(self) -> Iterator[Record]:
        rows, read_only = self._mapping, frozen.enforced()
        hot = rows._hot
        for row_id, packed in rows._packed.items():
            record = hot.get(row_id)
            yield record if record is not None else unpack(packed, read_only)


class _Items(ItemsView[Any, Record]):
    _mapping: Rows

    def __iter__(self) -> Iterator[tuple[Any, Record]]:
        rows, read_only = self._mapping, frozen.enforced()
        hot = rows._hot
        for row_id, packed in rows._packed.items():
            record = hot.get(row_id)
            yield row_id, record if record is not None else unpack(packed, read_only)
