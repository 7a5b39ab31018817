"""The rows of a table: id → record; once the table is large, each record kept as a tuple of its values and
read back as a dict.

A record of 50 attributes held as a dict costs about 1.6 KB of hash table before any value, more than its JSON. So
once its table is large (``business.LARGE_TABLE`` rows: a test's small store keeps its records as they were put and
pays nothing), :class:`Rows` keeps each record as the tuple of its values that are not None (most attributes of
most records are null), followed by its :class:`Shape`: the attributes' names in order and which ones those values
are, shared by every record alike (a table's records are made from one declaration, so a few shapes serve a whole
store). A dict directly inside a record (``metadata``, an event's ``data`` and the object in it) is packed the same
way, one level at a time; values are shared with the record they came from (an event's object holds the very
strings its record does). Reading copies the shape's all-None dict and fills in the values; the last few records
read or written stay rebuilt (:data:`HOT`), so the record a test retrieves again and again, or the customer every
invoice of a request names, is a dict lookup.

Records are never changed in place once stored (``store/frozen.py``), which is what makes both the sharing of
values between a record and its packed tuple and the rebuilt copies safe. With :func:`frozen.enforce` on, a
record is rebuilt read-only, as it was stored.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from contextlib import suppress
from itertools import compress, repeat
from typing import Any

from invoiced_mock.store.frozen import FrozenDict, enforced

Record = dict[str, Any]
Packed = tuple[Any, ...]  # the values that are not None, then their Shape
HOT = 128  # records kept rebuilt per packed table: a page of 100 read again is rebuilt once
MAX_SHAPES = 10_000  # past this many distinct shapes, new ones are used without being shared
_MISSING = object()


class Shape:
    """What a packed record's values mean: ``blank``, every attribute's name in order (each None); ``held``,
    the names of the values kept (those that are not None), in order; ``nested``, which of those are packed
    dicts (their positions in ``held``). Made from the names and the kind of each value (:data:`_KIND`)."""

    __slots__ = ("blank", "held", "nested")

    def __init__(self, names: tuple[Any, ...], kinds: bytes) -> None:
        self.blank = dict.fromkeys(names)
        self.held = tuple(compress(names, kinds))
        self.nested = tuple(i for i, kind in enumerate(k for k in kinds if k) if kind == NESTED)


NONE, PLAIN, NESTED = 0, 1, 2  # a value's kind: left out, kept as it is, packed in turn
_KIND: dict[type, int] = {type(None): NONE, dict: NESTED, FrozenDict: NESTED}  # any other type is PLAIN


class Packable:
    """A mapping that is not a dict but is stored as the dict it reads as (an event's kept object,
    ``core.events.Presented``). Subclassing registers the type as packed in turn (:data:`_KIND`): the store
    tells a record's values apart by their types, one C loop over a record rather than an ``isinstance`` each."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _KIND[cls] = NESTED

    def as_dict(self) -> dict[Any, Any]:
        """The dict this mapping reads as (same keys, order and values)."""
        raise NotImplementedError


_SHAPES: dict[tuple[tuple[Any, ...], bytes], Shape] = {}


def _shape(names: tuple[Any, ...], kinds: bytes) -> Shape:
    key = (names, kinds)
    shape = _SHAPES.get(key)
    if shape is None:
        shape = Shape(names, kinds)
        if len(_SHAPES) < MAX_SHAPES:
            shape = _SHAPES.setdefault(key, shape)
    return shape


def pack(record: Mapping[Any, Any]) -> Packed:
    """``record`` as its values but None, then its shape (dicts and :class:`Packable` mappings packed too).
    Each step is one loop in C (``map``, ``compress``): a write pays a few microseconds for it."""
    names = tuple(record)
    kinds = bytes(map(_KIND.get, map(type, record.values()), repeat(PLAIN)))
    shape = _shape(names, kinds)
    # Most attributes of most records are null: a slot saved for each.
    values = list(compress(record.values(), kinds)) if NONE in kinds else list(record.values())
    for i in shape.nested:
        value = values[i]
        values[i] = pack(value if type(value) is dict or type(value) is FrozenDict else value.as_dict())
    values.append(shape)
    return tuple(values)


def unpack(packed: Packed, read_only: bool) -> Record:
    """The record ``packed`` holds (read-only containers when ``read_only``)."""
    shape: Shape = packed[-1]
    record = shape.blank.copy()  # every name in order, at None: a copy of a dict's table, not 50 insertions
    record.update(zip(shape.held, packed, strict=False))  # one name fewer than values: the shape is left out
    held = shape.held
    for i in shape.nested:
        record[held[i]] = unpack(packed[i], read_only)
    return FrozenDict(record) if read_only else record


class Rows(Mapping[Any, Record]):
    """id → record, in insertion order. Written only by its :class:`~invoiced_mock.store.business.Table`
    (``rows[id] = record``, ``pop``), read like a dict. A small table holds its records as they were put (a test's
    store: no cost on any write or read); once :meth:`pack_all` is called (the table grew large) every record is
    kept packed, and rebuilt on read. Rebuilt records are shared: never change one."""

    __slots__ = ("_held", "_hot", "packing")

    def __init__(self) -> None:
        self._held: dict[Any, Record | Packed] = {}  # a record, or its packed tuple once packing
        self._hot: dict[Any, Record] = {}
        self.packing = False

    def copy(self) -> Rows:
        """An independent copy (records shared): O(rows), the cost of copying a dict of their ids."""
        twin = Rows.__new__(Rows)
        twin._held = dict(self._held)
        twin._hot = dict(self._hot)
        twin.packing = self.packing
        return twin

    def pack_all(self) -> None:
        """Keep every record packed from now on (those held already included)."""
        self.packing = True
        self._held = {row_id: held if isinstance(held, tuple) else pack(held) for row_id, held in self._held.items()}

    def stored(self) -> dict[Any, Record | Packed]:
        """What is held, as it is held (for measuring it; read only)."""
        return self._held

    def plain(self, row_id: Any) -> Record | None:
        """A new, writable copy of the record, dicts at every level of packing (an event's kept object
        included): what the durable state pickles. Lists are as stored (read-only ones under ``frozen.enforce``)."""
        held = self._held.get(row_id)
        if held is None:
            return None
        return unpack(held if isinstance(held, tuple) else pack(held), False)

    def __setitem__(self, row_id: Any, record: Record) -> None:
        if self.packing:
            self._held[row_id] = pack(record)
            self._remember(row_id, record)
        else:
            self._held[row_id] = record

    def pop(self, row_id: Any, default: Any = None) -> Any:
        held = self._held.pop(row_id, _MISSING)
        if held is _MISSING:
            return default
        if not isinstance(held, tuple):
            return held
        hot = self._hot.pop(row_id, None)
        return hot if hot is not None else unpack(held, enforced())

    def _remember(self, row_id: Any, record: Record) -> None:
        hot = self._hot
        hot.pop(row_id, None)
        hot[row_id] = record
        if len(hot) > HOT:
            with suppress(KeyError, RuntimeError, StopIteration):  # a clone sharing this cache evicted it first
                del hot[next(iter(hot))]

    def get(self, row_id: Any, default: Record | None = None) -> Record | None:  # type: ignore[override]
        held = self._held.get(row_id)
        if held is None:
            return default
        if not isinstance(held, tuple):
            return held
        record = self._hot.get(row_id)
        if record is None:
            record = unpack(held, enforced())
            self._remember(row_id, record)
        return record

    def __getitem__(self, row_id: Any) -> Record:
        record = self.get(row_id)
        if record is None:
            raise KeyError(row_id)
        return record

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._held

    def __len__(self) -> int:
        return len(self._held)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._held)

    def keys(self) -> KeysView[Any]:
        return self._held.keys()

    def values(self) -> ValuesView[Record]:
        return _Values(self)

    def items(self) -> ItemsView[Any, Record]:
        return _Items(self)

    def __repr__(self) -> str:
        return f"Rows({dict(self.items())!r})"


def _read(rows: Rows) -> Iterator[tuple[Any, Record]]:
    """Every (id, record), packed ones rebuilt one at a time (a scan does not fill the hot cache)."""
    read_only, hot = enforced(), rows._hot
    for row_id, held in rows._held.items():
        if not isinstance(held, tuple):
            yield row_id, held
        else:
            record = hot.get(row_id)
            yield row_id, record if record is not None else unpack(held, read_only)


class _Values(ValuesView[Record]):
    _mapping: Rows

    def __iter__(self) -> Iterator[Record]:
        return (record for _, record in _read(self._mapping))


class _Items(ItemsView[Any, Record]):
    _mapping: Rows

    def __iter__(self) -> Iterator[tuple[Any, Record]]:
        return _read(self._mapping)
