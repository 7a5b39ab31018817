"""In-memory state: one :class:`Business` per API key, each a set of :class:`Table` s.

Every write goes through a Table (or a Business sequence) so that it can be undone: a request runs
inside :meth:`Business.transaction`, and an error anywhere in it rolls every write back. That is how
"bad input never half-writes" is enforced by construction rather than by care.
Lookups by id and by indexed field are dict operations, so request cost does not grow with the store.

Records are replaced whole, never mutated in place (``invoiced_mock.store.frozen`` enforces it in our suite),
so copies of a table share them: :meth:`Table.clone` copies nothing until one side writes, and then only
that table's rows and indexes. Snapshots, seeded worlds and copied businesses rest on it.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from invoiced_mock.clock import Clock
from invoiced_mock.errors import PermissionDenied
from invoiced_mock.store import frozen
from invoiced_mock.store.agenda import Agenda
from invoiced_mock.store.ceilings import Ceilings
from invoiced_mock.store.indexes import Indexes
from invoiced_mock.store.keyring import SECRET, TABLE, KeyRing
from invoiced_mock.store.rows import Rows

Record = dict[str, Any]
Row = tuple[str, Any, "Record | None"]  # (table, id, the record now, or None once removed)
Undo = Callable[[], object]  # what an undo returns is ignored
Subscriber = Callable[[Record], None]
log = logging.getLogger(__name__)
DEFAULT_BASE_URL = "https://api.invoiced.com"
# Rows from which a table packs its records (store/rows.py) and keeps every declared index: below, a test's
# store pays nothing for either; above, a record costs about its JSON and no list pays for the whole table.
LARGE_TABLE = 10_000


def public_id(api_key: str) -> str:
    """What names a business in the links its customers open (``/portal/<public id>/...``): derived from the
    API key, so the links stay the same across resets and restarts, without showing the key."""
    return hashlib.blake2b(api_key.encode(), digest_size=10, person=b"invoiced-portal").hexdigest()


class Sink(Protocol):
    """Where committed writes go besides memory (``store/persistence.py``): called under the business lock."""

    def write(self, api_key: str, rows: Iterable[Row], sequences: dict[str, int] | None) -> None: ...

    def forget(self, api_key: str) -> None: ...


class Table:
    """Rows of one resource keyed by id, with secondary indexes (``indexes``) and case-insensitive unique keys.

    ``indexed``: exact-match indexes kept from the start (rules look rows up by them on every request);
    ``lookups``, ``ordered``, ``metadata``: indexes for list filters and sorts, built on a list's first use while
    the table is small and all at once when it reaches :data:`LARGE_TABLE` rows, where its records are packed
    too (see :mod:`invoiced_mock.store.indexes` and :mod:`invoiced_mock.store.rows`). The state is ``rows``,
    ``_keys`` and ``indexes`` (copied by :meth:`_own` when shared with a clone), nothing else.
    """

    def __init__(self, business: Business, indexed: tuple[str, ...] = (), unique: tuple[str, ...] = (), *,
                 lookups: tuple[str, ...] = (), ordered: tuple[str, ...] = (), metadata: bool = False,
                 name: str = "") -> None:
        self._business = business
        self.name = name
        self.rows = Rows()  # packed records (store/rows.py): a record costs about its JSON, not 2-3 times it
        self._unique = unique
        self._keys: dict[str, dict[str, Any]] = {f: {} for f in unique}
        self.indexes = Indexes(eager=indexed, lookups=lookups, ordered=ordered, metadata=metadata)
        self._shared = False  # rows and indexes may be another table's too: copy them before writing
        self.written = False  # a row put or removed since the table was made (and seeded): the caller's data

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
        self.rows = self.rows.copy()
        self.indexes = self.indexes.copy()
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
        return [self.rows[i] for i in self.indexes.matching(field, value, self.rows)]

    def ids_where(self, field: str, value: Any) -> Collection[Any]:
        """The ids :meth:`where` would read (a live view: read it before the next write)."""
        return self.indexes.matching(field, value, self.rows)

    def ids_with_metadata(self, key: str, text: str) -> Collection[Any]:
        """Ids of rows whose ``metadata[key]`` reads as ``text`` (a live view, as :meth:`ids_where`)."""
        return self.indexes.with_metadata(key, text, self.rows)

    def page(self, start: int, stop: int, newest_first: bool = False) -> list[Record]:
        """Rows at positions ``start:stop`` in id order."""
        return [self.rows[i] for i in self.indexes.page(start, stop, newest_first, self.rows)]

    def page_by(self, field: str, start: int, stop: int, descending: bool, ties_descending: bool) -> list[Record]:
        """Rows at positions ``start:stop`` sorted on ``field`` (``sort_key``), equal values in id order."""
        ids = self.indexes.page_by(field, start, stop, descending, ties_descending, self.rows)
        return [self.rows[i] for i in ids]

    def owner_of(self, field: str, value: str) -> Any:
        """The id of the row holding unique ``value`` in ``field`` (case- and space-insensitive)."""
        return self._keys[field].get(_unique_key(value))

    def put(self, record: Record) -> None:
        """Insert or replace a row. Rows are replaced whole, never mutated in place."""
        business = self._business
        if frozen.enforced():
            record = business.frozen_copy(record)
        row_id = record["id"]
        old = self.rows.get(row_id)
        self.written = True
        self._swap(row_id, old, record)
        if business._undo is not None:
            business._undo.append(lambda: self._swap(row_id, record, old))
        if business.sink is not None:
            business.touch(self.name, row_id)

    def remove(self, row_id: Any) -> Record | None:
        self._own()
        old = self.rows.get(row_id)
        if old is not None:
            self.written = True
            self._swap(row_id, old, None)
            self._business.log_undo(lambda: self._swap(row_id, None, old))
            self._business.touch(self.name, row_id)
        return old

    def _swap(self, row_id: Any, current: Record | None, new: Record | None) -> None:
        """Replace ``current`` (the stored row, or None) with ``new`` (None: remove), keeping every index."""
        if self._shared:
            self._own()
        if current is not None:
            self.indexes.unlink(current, new)
            self._unkey(current)
        if new is None:
            self.rows.pop(row_id, None)
            return
        rows = self.rows
        rows[row_id] = new
        self.indexes.link(new, current)
        if not rows.packing and len(rows) >= LARGE_TABLE:
            self.indexes.build_all(rows)
            rows.pack_all()
        for field in self._unique:
            if new.get(field):
                self._keys[field][_unique_key(new[field])] = row_id

    def _unkey(self, record: Record) -> None:
        for field in self._unique:
            if record.get(field):
                self._keys[field].pop(_unique_key(record[field]), None)


def _unique_key(value: str) -> str:
    return str(value).strip().lower()


class Business:
    """One tenant: everything a single API key can see, guarded by its own lock."""

    def __init__(self, api_key: str, clock: Clock, subscribers: list[Subscriber] | None = None,
                 ceilings: Ceilings | None = None) -> None:
        self.api_key = api_key
        self.public_id = public_id(api_key)
        self.clock = clock
        self.ceilings = ceilings or Ceilings()  # how many events and idempotency keys it keeps
        self.lock = threading.RLock()
        self.tables: dict[str, Table] = {}
        self.sequences: dict[str, int] = {}
        self.subscribers: list[Subscriber] = subscribers if subscribers is not None else []
        self.base_url = DEFAULT_BASE_URL  # where the caller reached us; URLs on objects point there
        self._undo: list[Undo] | None = None
        self._committed: list[Callable[[], None]] = []
        self._frozen: list[tuple[Record, Record]] = []  # (what was put, what was stored), checked on commit
        # The earliest instant some rule has work to do (see core/schedule.py): none yet, as nothing is stored and
        # every write plans its own record. 0 (a restored or loaded business) asks for a plan afresh.
        self.wake_at: float = math.inf
        self.sink: Sink | None = None  # durable state: committed writes are written through (store/persistence.py)
        self._dirty: dict[tuple[str, Any], None] = {}
        self.agenda = Agenda(self.log_undo)  # what falls due when; planned afresh while wake_at is 0
        self.keyring = KeyRing()  # the secrets issued by every business of the same Tenants (store/keyring.py)

    def table(self, name: str, indexed: tuple[str, ...] = (), unique: tuple[str, ...] = (), **lists: Any) -> Table:
        """The table called ``name``, created on first use with the given indexes (``lists``: see Table)."""
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(self, indexed, unique, **lists, name=name)
        return table

    def holds_key(self, secret: str) -> bool:
        """Whether this business issued ``secret`` (``POST /api_keys``) and has not deleted it."""
        table = self.tables.get(TABLE)
        return table is not None and bool(table.ids_where(SECRET, secret))

    def learn_keys(self) -> None:
        """Tell the key ring every secret this business holds (after its tables were loaded or restored)."""
        table = self.tables.get(TABLE)
        if table is not None:
            self.keyring.learn(self.api_key, (row[SECRET] for row in table.rows.values()))

    def holds_data(self) -> bool:
        """Whether a caller stored anything here (rows a resource seeds on first use are not the caller's)."""
        return bool(self.sequences) or any(table.written for table in self.tables.values())

    def next_in_sequence(self, name: str) -> int:
        """1, 2, 3, ... per sequence name; undone with the transaction that drew it."""
        value = self.sequences.get(name, 0) + 1
        self.sequences[name] = value
        if self._undo is not None:
            self._undo.append(lambda: self.sequences.__setitem__(name, value - 1))
        if self.sink is not None:
            self.touch("", None)
        return value

    def touch(self, table: str, row_id: Any) -> None:
        """Note a changed row for the sink; written at once outside a transaction, else when it ends."""
        if self.sink is None:
            return
        self._dirty[(table, row_id)] = None
        if self._undo is None:
            self.flush()

    def flush(self) -> None:
        """Write the rows changed since the last flush, as they are now (a rolled-back row as it was)."""
        if self.sink is None or not self._dirty:
            return
        dirty, self._dirty = self._dirty, {}
        rows = [(name, row_id, self.tables[name].rows.plain(row_id) if name in self.tables else None)
                for name, row_id in dirty if name]
        self.sink.write(self.api_key, rows, dict(self.sequences) if ("", None) in dirty else None)

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
        """A read-only copy of ``record`` to store (see ``invoiced_mock.store.frozen``); the transaction checks on
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

    def transaction(self) -> Transaction:
        """All-or-nothing: any exception inside rolls back every write made inside (``with business.transaction()``)."""
        return Transaction(self)

    def _close(self, failed: bool) -> None:
        """End the outermost transaction: undo every write if it ``failed`` (or stored records were changed in
        place), else run what waits for the commit."""
        try:
            if failed:
                self._roll_back()
            else:
                try:
                    if self._frozen:
                        self._check_frozen()
                except BaseException:
                    self._roll_back()
                    raise
        finally:
            self._undo, self._frozen = None, []
            if self.sink is not None:
                self.flush()  # before the response leaves: an acknowledged write is on disk
        committed, self._committed = self._committed, []
        if failed:
            return
        for action in committed:
            action()

    def _roll_back(self) -> None:
        assert self._undo is not None
        for undo in reversed(self._undo):
            undo()

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
        """The whole state, to hand back to :meth:`restore`: tables and the agenda shared copy-on-write, so it
        costs O(tables) whatever the records' number."""
        with self.lock:
            return {"tables": {n: t.clone(self) for n, t in self.tables.items()}, "sequences": dict(self.sequences),
                    "agenda": self.agenda.share(), "wake_at": self.wake_at}

    def restore(self, memento: dict[str, Any]) -> None:
        """Back to ``memento`` (which stays usable: it can be restored again). What falls due comes with it, so
        nothing is planned again."""
        with self.lock:
            self.tables = {n: t.clone(self) for n, t in memento["tables"].items()}
            self.sequences = dict(memento["sequences"])
            self.agenda = Agenda(self.log_undo)
            self.agenda.adopt(memento["agenda"])
            self.wake_at = memento["wake_at"]
            if self.sink is not None:  # the whole business changed: write it anew
                self.sink.forget(self.api_key)
                rows = [(name, row_id, record) for name, table in self.tables.items()
                        for row_id, record in table.rows.items()]
                self.sink.write(self.api_key, rows, dict(self.sequences))
            self.learn_keys()  # a snapshot from elsewhere (a seeded world, a file) may hold keys the ring never saw

    def copy_from(self, source: Business) -> None:
        """Hold an independent copy of ``source``'s tables and sequences (records shared, never mutated)."""
        with source.lock, self.lock:
            self.restore(source.snapshot())

    def wake_by(self, instant: float) -> None:
        """Ask for a catch-up pass no later than ``instant``."""
        self.wake_at = min(self.wake_at, instant)


class Transaction:
    """``with business.transaction():`` holds the business's lock; the outermost one owns the undo log and the
    rollback (a nested one joins it). A plain class: entered on every request, it costs less than a generator."""

    __slots__ = ("_business", "_outer")

    def __init__(self, business: Business) -> None:
        self._business = business
        self._outer = False

    def __enter__(self) -> None:
        business = self._business
        business.lock.acquire()
        self._outer = business._undo is None
        if self._outer:
            business._undo, business._committed, business._frozen = [], [], []

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: Any) -> None:
        try:
            if self._outer:
                self._business._close(failed=kind is not None)
        finally:
            self._business.lock.release()


class Tenants:
    """API key → Business. Open mode creates a business for any new key, up to ``ceilings.businesses``
    (``store/ceilings.py``); strict mode knows only ``keys``. A business is also found by its
    :attr:`Business.public_id` (the customer's pages, which carry no key)."""

    def __init__(self, clock: Clock, keys: tuple[str, ...] | None = None, ceilings: Ceilings | None = None) -> None:
        self.clock = clock
        self.strict = keys is not None
        self.ceilings = ceilings or Ceilings()
        self.subscribers: list[Subscriber] = []
        self.sink: Sink | None = None
        self.keyring = KeyRing()
        self._businesses: dict[str, Business] = {}
        self._keys_by_public_id: dict[str, str] = {}
        self._quiet: dict[str, None] = {}  # keys whose business held nothing when last seen, oldest first
        self._lock = threading.Lock()
        for key in keys or ():
            self._businesses[key] = self._new(key)

    def _new(self, api_key: str) -> Business:
        business = Business(api_key, self.clock, self.subscribers, self.ceilings)
        business.keyring = self.keyring
        business.sink = self.sink
        self._keys_by_public_id[business.public_id] = api_key
        return business

    def by_public_id(self, public: str) -> Business | None:
        """The business whose :attr:`~Business.public_id` is ``public`` (never creates one)."""
        key = self._keys_by_public_id.get(public)
        return self._businesses.get(key) if key is not None else None

    def get(self, api_key: str) -> Business | None:
        """The business ``api_key`` opens; in either mode a secret a business issued (``keyring``) opens that
        business while the business holds it, and nothing once it does not."""
        business = self._businesses.get(api_key)  # a known key, on every request: one dict read needs no lock
        if business is not None:
            return business
        if self.keyring.owner(api_key) is not None:  # an issued secret: its business while it holds it, else none
            return self.known(api_key)
        if self.strict:
            return None
        with self._lock:
            business = self._businesses.get(api_key)
            if business is None:
                self._make_room()
                business = self._businesses[api_key] = self._new(api_key)
                self._quiet[api_key] = None
            return business

    def _make_room(self) -> None:
        """Past the ceiling, forget the oldest business that holds nothing (and that no request is using); when
        every one holds data, refuse the new key. Each business leaves the quiet list once: amortised O(1)."""
        cap = self.ceilings.businesses
        for _ in range(len(self._quiet)):
            if len(self._businesses) < cap:
                return
            key = next(iter(self._quiet))
            del self._quiet[key]
            business = self._businesses.get(key)
            if business is None or business.holds_data():
                continue
            if not business.lock.acquire(blocking=False):
                self._quiet[key] = None  # a request holds it: look again later
                continue
            try:
                del self._businesses[key]
                self._keys_by_public_id.pop(business.public_id, None)
            finally:
                business.lock.release()
        if len(self._businesses) >= cap:
            raise PermissionDenied(f"This mock already holds {cap:,} businesses with data; reset some "
                                   "(POST /_mock/reset) before using a new API key, or raise the ceiling "
                                   f"(serve --limit businesses={cap * 2})")

    def known(self, api_key: str) -> Business | None:
        """The business ``api_key`` opens when this mock already holds one, as :meth:`get` finds it (a key or a
        secret a business issued), never creating one."""
        business = self._businesses.get(api_key)
        if business is not None:
            return business
        owner = self.keyring.owner(api_key)
        issuer = self._businesses.get(owner) if owner is not None else None
        return issuer if issuer is not None and issuer.holds_key(api_key) else None

    def add(self, api_key: str) -> Business:
        with self._lock:
            if api_key not in self._businesses:
                self._businesses[api_key] = self._new(api_key)
                self._quiet[api_key] = None
            return self._businesses[api_key]

    def reset(self, api_key: str | None = None) -> None:
        """Forget one business (or all); a forgotten key starts empty again on its next request."""
        with self._lock:
            keys = [api_key] if api_key is not None else list(self._businesses)
            for key in keys:
                if key in self._businesses:
                    self._businesses[key] = self._new(key)
                    self._quiet.pop(key, None)
                    self._quiet[key] = None  # empty again: the newest that may make room
                    if self.sink is not None:
                        self.sink.forget(key)

    def all(self) -> list[Business]:
        with self._lock:
            return list(self._businesses.values())

    def keys(self) -> list[str]:
        with self._lock:
            return list(self._businesses)
