"""In-memory state: one :class:`Business` per API key, each a set of :class:`Table` s.

Every write goes through a Table (or a Business sequence) so that it can be undone: a request runs
inside :meth:`Business.transaction`, and an error anywhere in it rolls every write back. That is how
"bad input never half-writes" is enforced by construction rather than by care.
Lookups by id and by indexed field are dict operations, so request cost does not grow with the store.

Records are replaced whole, never mutated in place (``invoiced_mock.frozen`` enforces it in our suite),
so copies of a table share them: :meth:`Table.clone` copies nothing until one side writes, and then only
that table's rows and indexes. Snapshots, seeded worlds and copied businesses rest on it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from . import frozen
from .clock import Clock

Record = dict[str, Any]
Undo = Callable[[], None]
Subscriber = Callable[[Record], None]
log = logging.getLogger(__name__)
DEFAULT_BASE_URL = "https://api.invoiced.com"


class Table:
    """Rows of one resource keyed by id, with secondary indexes and case-insensitive unique keys."""

    def __init__(self, business: Business, indexed: tuple[str, ...] = (), unique: tuple[str, ...] = ()) -> None:
        self._business = business
        self.rows: dict[Any, Record] = {}
        self._indexed = indexed
        self._unique = unique
        self._index: dict[str, dict[Any, dict[Any, None]]] = {f: {} for f in indexed}
        self._keys: dict[str, dict[str, Any]] = {f: {} for f in unique}
        self._shared = False  # rows and indexes may be another table's too: copy them before writing

    def clone(self, business: Business) -> Table:
        """An independent table for ``business`` with the same rows, in O(1): both sides share the records
        (never mutated) and copy their containers on their next write (:meth:`_own`)."""
        twin = object.__new__(Table)
        twin.__dict__.update(self.__dict__)
        twin._business = business
        twin._shared = self._shared = True
        return twin

    def _own(self) -> None:
        """Copy every container this table may share with a clone before writing to it: the rows and each
        index structure (a new index kept on a Table is copied here too). Records themselves stay shared."""
        if not self._shared:
            return
        self.rows = dict(self.rows)
        self._index = {f: {value: dict(ids) for value, ids in index.items()} for f, index in self._index.items()}
        self._keys = {f: dict(keys) for f, keys in self._keys.items()}
        self._shared = False

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, row_id: Any) -> bool:
        return row_id in self.rows

    def get(self, row_id: Any) -> Record | None:
        return self.rows.get(row_id)

    def all(self) -> list[Record]:
        return list(self.rows.values())

    def where(self, field: str, value: Any) -> list[Record]:
        """Rows whose indexed ``field`` equals ``value``, in insertion order."""
        return [self.rows[i] for i in self._index[field].get(value, ())]

    def owner_of(self, field: str, value: str) -> Any:
        """The id of the row holding unique ``value`` in ``field`` (case- and space-insensitive)."""
        return self._keys[field].get(_unique_key(value))

    def put(self, record: Record) -> None:
        """Insert or replace a row. Rows are replaced whole, never mutated in place."""
        if frozen.enforced():
            record = self._business.frozen_copy(record)
        self._own()
        row_id = record["id"]
        old = self.rows.get(row_id)
        if old is not None:
            self._unlink(old)
        self.rows[row_id] = record
        self._link(record)
        self._business.log_undo(lambda: self._restore(row_id, old))

    def remove(self, row_id: Any) -> Record | None:
        self._own()
        old = self.rows.pop(row_id, None)
        if old is not None:
            self._unlink(old)
            self._business.log_undo(lambda: self._restore(row_id, old))
        return old

    def _restore(self, row_id: Any, old: Record | None) -> None:
        self._own()
        current = self.rows.pop(row_id, None)
        if current is not None:
            self._unlink(current)
        if old is not None:
            self.rows[row_id] = old
            self._link(old)

    def _link(self, record: Record) -> None:
        for field in self._indexed:
            self._index[field].setdefault(_index_key(record.get(field)), {})[record["id"]] = None
        for field in self._unique:
            if record.get(field):
                self._keys[field][_unique_key(record[field])] = record["id"]

    def _unlink(self, record: Record) -> None:
        for field in self._indexed:
            bucket = self._index[field].get(_index_key(record.get(field)))
            if bucket is not None:
                bucket.pop(record["id"], None)
        for field in self._unique:
            if record.get(field):
                self._keys[field].pop(_unique_key(record[field]), None)


def _index_key(value: Any) -> Any:
    return value if not isinstance(value, (dict, list)) else None


def _unique_key(value: str) -> str:
    return str(value).strip().lower()


class Business:
    """One tenant: everything a single API key can see, guarded by its own lock."""

    def __init__(self, api_key: str, clock: Clock, subscribers: list[Subscriber] | None = None) -> None:
        self.api_key = api_key
        self.clock = clock
        self.lock = threading.RLock()
        self.tables: dict[str, Table] = {}
        self.sequences: dict[str, int] = {}
        self.subscribers: list[Subscriber] = subscribers if subscribers is not None else []
        self.base_url = DEFAULT_BASE_URL  # where the caller reached us; URLs on objects point there
        self._undo: list[Undo] | None = None
        self._committed: list[Callable[[], None]] = []
        self._frozen: list[tuple[Record, Record]] = []  # (what was put, what was stored), checked on commit
        self.wake_at: float = 0  # the earliest instant some rule has work to do (see core/schedule.py)

    def table(self, name: str, indexed: tuple[str, ...] = (), unique: tuple[str, ...] = ()) -> Table:
        """The table called ``name``, created on first use with the given indexes."""
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(self, indexed, unique)
        return table

    def next_in_sequence(self, name: str) -> int:
        """1, 2, 3, ... per sequence name; undone with the transaction that drew it."""
        value = self.sequences.get(name, 0) + 1
        self.sequences[name] = value
        self.log_undo(lambda: self.sequences.__setitem__(name, value - 1))
        return value

    def log_undo(self, undo: Undo) -> None:
        if self._undo is not None:
            self._undo.append(undo)

    def on_commit(self, action: Callable[[], None]) -> None:
        """Run ``action`` once the current transaction succeeds (at once outside a transaction)."""
        if self._undo is None:
            action()
        else:
            self._committed.append(action)

    def publish(self, event: Record) -> None:
        for subscriber in list(self.subscribers):
            try:
                subscriber(event)
            except Exception:  # a broken listener must not turn a stored write into an error
                log.exception("event subscriber %r failed", subscriber)

    def frozen_copy(self, record: Record) -> Record:
        """A read-only copy of ``record`` to store (see ``invoiced_mock.frozen``); the transaction checks on
        commit that ``record`` itself was not changed after it was put (it is no longer what is stored)."""
        stored: Record = frozen.freeze(record)
        if stored is not record:
            self._frozen.append((record, stored))
            if self._undo is None:
                self._check_frozen()
        return stored

    def _check_frozen(self) -> None:
        written, self._frozen = self._frozen, []
        for given, stored in written:
            if given != stored:
                raise frozen.MutationError(f"{stored.get('object', 'record')} {stored.get('id')} was changed "
                                           "in place after Table.put; build a changed copy and put it instead")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: any exception inside rolls back every write made inside."""
        with self.lock:
            if self._undo is not None:  # nested: the outer transaction owns the rollback
                yield
                return
            self._undo, self._committed, self._frozen = [], [], []
            try:
                yield
                self._check_frozen()
            except BaseException:
                for undo in reversed(self._undo):
                    undo()
                raise
            finally:
                self._undo, self._frozen = None, []
            committed, self._committed = self._committed, []
            for action in committed:
                action()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A dry run inside the current transaction: every write made inside is undone on exit, always."""
        with self.transaction():
            assert self._undo is not None
            undo_mark, commit_mark = len(self._undo), len(self._committed)
            try:
                yield
            finally:
                for undo in reversed(self._undo[undo_mark:]):
                    undo()
                del self._undo[undo_mark:], self._committed[commit_mark:]

    def snapshot(self) -> dict[str, Any]:
        """The whole state, to hand back to :meth:`restore`: tables cloned copy-on-write, so it costs O(tables)."""
        with self.lock:
            return {"tables": {n: t.clone(self) for n, t in self.tables.items()}, "sequences": dict(self.sequences)}

    def restore(self, memento: dict[str, Any]) -> None:
        """Back to ``memento`` (which stays usable: it can be restored again)."""
        with self.lock:
            self.tables = {n: t.clone(self) for n, t in memento["tables"].items()}
            self.sequences = dict(memento["sequences"])
            self.wake_at = 0

    def copy_from(self, source: Business) -> None:
        """Hold an independent copy of ``source``'s tables and sequences (records shared, never mutated)."""
        with source.lock, self.lock:
            self.restore(source.snapshot())

    def wake_by(self, instant: float) -> None:
        """Ask for a catch-up pass no later than ``instant``."""
        self.wake_at = min(self.wake_at, instant)


class Tenants:
    """API key → Business. Open mode creates a business for any new key; strict mode knows only ``keys``."""

    def __init__(self, clock: Clock, keys: tuple[str, ...] | None = None) -> None:
        self.clock = clock
        self.strict = keys is not None
        self.subscribers: list[Subscriber] = []
        self._businesses: dict[str, Business] = {}
        self._lock = threading.Lock()
        for key in keys or ():
            self._businesses[key] = self._new(key)

    def _new(self, api_key: str) -> Business:
        return Business(api_key, self.clock, self.subscribers)

    def get(self, api_key: str) -> Business | None:
        with self._lock:
            business = self._businesses.get(api_key)
            if business is None and not self.strict:
                business = self._businesses[api_key] = self._new(api_key)
            return business

    def add(self, api_key: str) -> Business:
        with self._lock:
            if api_key not in self._businesses:
                self._businesses[api_key] = self._new(api_key)
            return self._businesses[api_key]

    def reset(self, api_key: str | None = None) -> None:
        """Forget one business (or all); a forgotten key starts empty again on its next request."""
        with self._lock:
            keys = [api_key] if api_key is not None else list(self._businesses)
            for key in keys:
                if key in self._businesses:
                    self._businesses[key] = self._new(key)

    def all(self) -> list[Business]:
        with self._lock:
            return list(self._businesses.values())

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._businesses)
