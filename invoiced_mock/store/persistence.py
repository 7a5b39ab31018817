"""Durable state: every business, its numbering and the clock in one SQLite file, written through on commit.

``InvoicedMock(state=PATH)`` (``invoiced-mock serve --state FILE``) attaches a :class:`SqliteState` to the
store as its sink. The store's own transaction boundary decides what is written: the rows a transaction
touched are written, as they are once it ends, before its response is sent — so ``kill -9`` at any moment
loses no acknowledged write (WAL mode; ``synchronous=NORMAL`` survives a killed process, which is what a
sandbox needs). Writes made outside a request (a webhook attempt's outcome, an idempotent replay's record)
are written at once. On start the file's rows, sequences and clock are loaded back; events, webhooks and
idempotency keys are rows like any other.

Rows are stored pickled (Decimal amounts and all, exactly): the state file is trusted like a database file.
:func:`export_business` / :func:`import_business` give a business as portable JSON instead.
"""

from __future__ import annotations

import copy
import json
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from invoiced_mock.clock import Clock
from invoiced_mock.store.business import Business, Record, Row, Table, Tenants

SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (api_key TEXT, tbl TEXT, id TEXT, body BLOB, PRIMARY KEY (api_key, tbl, id));
CREATE TABLE IF NOT EXISTS sequences (api_key TEXT PRIMARY KEY, body TEXT);
CREATE TABLE IF NOT EXISTS clock (one INTEGER PRIMARY KEY CHECK (one = 1), frozen INTEGER, instant INTEGER);
"""
EXPORT_FORMAT = "invoiced-mock business/1"


class Declared(Protocol):
    """What state asks of a declared resource: its table in a business, made with the indexes it declares.
    Callers pass the resource registry: the store layer knows no resource."""

    def table(self, business: Business) -> Table: ...


class SqliteState:
    """The store's sink: one connection, guarded by a lock (businesses commit from many threads)."""

    def __init__(self, path: str | Path, declared: Mapping[str, Declared]) -> None:
        self.path = Path(path)
        self.declared = declared
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self.clock: Clock | None = None

    def write(self, api_key: str, rows: Iterable[Row], sequences: dict[str, int] | None) -> None:
        # A deep copy: plain dicts and lists (stored records may be read-only views, see ``store/frozen.py``).
        changed = [(api_key, table, json.dumps(row_id), pickle.dumps(copy.deepcopy(record), pickle.HIGHEST_PROTOCOL))
                   for table, row_id, record in rows if record is not None]
        gone = [(api_key, table, json.dumps(row_id)) for table, row_id, record in rows if record is None]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?)", changed)
                self._db.executemany("DELETE FROM rows WHERE api_key = ? AND tbl = ? AND id = ?", gone)
                if sequences is not None:
                    self._db.execute("INSERT OR REPLACE INTO sequences VALUES (?, ?)", (api_key, json.dumps(sequences)))
                self._save_clock()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def forget(self, api_key: str) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM rows WHERE api_key = ?", (api_key,))
            self._db.execute("DELETE FROM sequences WHERE api_key = ?", (api_key,))
            self._db.execute("COMMIT")

    def save_clock(self) -> None:
        with self._lock:
            self._save_clock()

    def _save_clock(self) -> None:
        if self.clock is not None:  # a running clock is kept as its offset from real time
            now = self.clock.now()
            instant = now if self.clock.frozen else now - int(time.time())
            self._db.execute("INSERT OR REPLACE INTO clock VALUES (1, ?, ?)", (int(self.clock.frozen), instant))

    def load(self, tenants: Tenants, clock: Clock) -> None:
        """Put every stored business back into ``tenants`` and the clock where it was; then write through."""
        with self._lock:
            stored_clock = self._db.execute("SELECT frozen, instant FROM clock").fetchone()
            rows = self._db.execute("SELECT api_key, tbl, id, body FROM rows ORDER BY api_key, tbl, rowid").fetchall()
            sequences = dict(self._db.execute("SELECT api_key, body FROM sequences").fetchall())
        if stored_clock is not None:
            frozen, instant = stored_clock
            if frozen:
                clock.freeze(instant)
            elif instant > 0:
                clock.advance(seconds=instant)
        by_key: dict[str, list[tuple[str, Record]]] = {}
        for api_key, table, _row_id, body in rows:
            by_key.setdefault(api_key, []).append((table, pickle.loads(body)))
        for api_key in {*by_key, *sequences}:
            if tenants.strict and tenants.get(api_key) is None:
                continue  # a key this server no longer accepts stays on disk, unreachable
            business = tenants.get(api_key) or tenants.add(api_key)
            _fill(business, self.declared, by_key.get(api_key, []), json.loads(sequences.get(api_key, "{}")))
        self.clock = clock
        clock.on_advance(lambda _now: self.save_clock())
        tenants.sink = self
        for business in tenants.all():
            business.sink = self

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _fill(business: Business, declared: Mapping[str, Declared], rows: list[tuple[str, Record]],
          sequences: dict[str, int]) -> None:
    """Tables made as their resources declare them (indexes, unique keys), then the stored rows put back."""
    with business.lock:
        for name in dict.fromkeys(table for table, _ in rows):
            if name in declared:
                declared[name].table(business)
        for name, record in rows:
            business.table(name).put(record)
        business.sequences.update(sequences)
        business.learn_keys()
        business.wake_at = 0  # let every time-driven rule look again


def export_business(business: Business, declared: Mapping[str, Declared]) -> dict[str, Any]:
    """A business as portable JSON: its resources' rows and its numbering (amounts kept exact)."""
    with business.lock:
        tables = {name: [_to_json(record) for record in table.rows.values()]
                  for name, table in business.tables.items() if name in declared and len(table)}
        return {"format": EXPORT_FORMAT, "tables": tables, "sequences": dict(business.sequences)}


def import_business(business: Business, declared: Mapping[str, Declared], document: dict[str, Any]) -> None:
    """Replace ``business``'s state with an exported one (in one transaction: all or nothing)."""
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ValueError(f"not an invoiced-mock export (format {EXPORT_FORMAT!r} expected)")
    tables, sequences = document.get("tables"), document.get("sequences")
    if not isinstance(tables, dict) or not isinstance(sequences, dict) or not set(tables) <= set(declared):
        raise ValueError("an export holds 'tables' (of known resources) and 'sequences'")
    with business.transaction():
        for table in business.tables.values():
            for row_id in list(table.rows):
                table.remove(row_id)
        for name, records in tables.items():
            table = declared[name].table(business)
            for record in records:
                table.put(_from_json(record))
        before = dict(business.sequences)

        def restore() -> None:
            business.sequences.clear()
            business.sequences.update(before)

        business.log_undo(restore)
        business.sequences.clear()
        business.sequences.update({str(k): int(v) for k, v in sequences.items()})
        business.touch("", None)
        business.wake_at = 0


def _to_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, Mapping):  # dicts, read-only records, events' kept objects
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$decimal"}:
            return Decimal(value["$decimal"])
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value
