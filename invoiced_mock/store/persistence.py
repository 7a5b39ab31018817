"""Durable state: every business, its numbering and the clock in one SQLite file, written through on commit.

``InvoicedMock(state=PATH)`` (``invoiced-mock serve --state FILE``) attaches a :class:`SqliteState` to the
store as its sink. The store's own transaction boundary decides what is written: the rows a transaction
touched are written, as they are once it ends, before its response is sent — so ``kill -9`` at any moment
loses no acknowledged write (WAL mode; ``synchronous=NORMAL`` survives a killed process, which is what a
sandbox needs). Writes made outside a request (a webhook attempt's outcome, an idempotent replay's record)
are written at once. On start the file's rows, sequences and clock are loaded back; events, webhooks and
idempotency keys are rows like any other.

One writer per file: a :class:`SqliteState` holds ``FILE.lock`` (``store/lockfile.py``) until
:meth:`SqliteState.close`, which also folds the WAL back into the file, so a stopped server leaves one
file. Until then the newest writes may live only in ``FILE-wal``: :func:`copy_state` makes a consistent
single-file copy at any time. A file that cannot be used — no folder, a folder, not SQLite, another
program's database, damaged, a row that does not read back, read-only — is a :class:`StateFileError`
saying so in one line, before anything is served.

Rows are stored pickled (Decimal amounts and all, exactly), and read back by an unpickler that builds
only the types the store writes: a row holding anything else is refused, never run.
:func:`export_business` gives a business as portable JSON instead; ``core/imports.py`` checks one and puts it
back (:func:`decode_export`, :func:`replace_business`).
"""

from __future__ import annotations

import copy
import io
import json
import os
import pickle
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from invoiced_mock.clock import Clock
from invoiced_mock.store import frozen
from invoiced_mock.store.business import Business, Record, Row, Table, Tenants
from invoiced_mock.store.lockfile import Held, Lock

SCHEMA = """
CREATE TABLE IF NOT EXISTS rows (api_key TEXT, tbl TEXT, id TEXT, body BLOB, PRIMARY KEY (api_key, tbl, id));
CREATE TABLE IF NOT EXISTS sequences (api_key TEXT PRIMARY KEY, body TEXT);
CREATE TABLE IF NOT EXISTS clock (one INTEGER PRIMARY KEY CHECK (one = 1), frozen INTEGER, instant INTEGER);
"""
TABLES = frozenset({"rows", "sequences", "clock"})
APPLICATION_ID = 0x494E4D4B  # "INMK" in the file's header: written on first use, checked on every open
EXPORT_FORMAT = "invoiced-mock business/1"
# What a stored row may hold besides plain data: the only classes the unpickler builds.
STORED_TYPES = frozenset({("decimal", "Decimal"), ("invoiced_mock.store.idempotency", "Stored"),
                          ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "bytearray")})


class StateFileError(Exception):
    """A state file or folder that cannot be used, in one line naming it."""


class Declared(Protocol):
    """What state asks of a declared resource: its table in a business, made with the indexes it declares.
    Callers pass the resource registry: the store layer knows no resource."""

    def table(self, business: Business) -> Table: ...


class SqliteState:
    """The store's sink: one connection, guarded by a lock (businesses commit from many threads), and the
    file's writer lock, held until :meth:`close`."""

    def __init__(self, path: str | Path, declared: Mapping[str, Declared]) -> None:
        self.path = Path(path)
        self.declared = declared
        _check_place(self.path)
        try:
            self._writer: Lock | None = Lock(self.path.with_name(self.path.name + ".lock"))
        except Held as held:
            raise StateFileError(f"{self.path} is in use by {held.holder}: stop that server, or give another "
                                 "--state file") from None
        except OSError as error:
            raise _unusable(self.path, error) from None
        try:
            self._db = _open(self.path, write=True)
        except BaseException:
            self._writer.release()
            raise
        self._lock = threading.Lock()
        self.clock: Clock | None = None
        self._saved_clock: tuple[int, int] | None = None  # what the clock row holds, once this object wrote it

    def describe(self, what: str) -> None:
        """Say in the lock file what holds it (a second server, refused, names it)."""
        if self._writer is not None:
            self._writer.describe(what)

    def write(self, api_key: str, rows: Iterable[Row], sequences: dict[str, int] | None) -> None:
        # Rows come plain (``Rows.plain``); only under ``frozen.enforce`` may a list in one be read-only.
        plain = copy.deepcopy if frozen.enforced() else _same
        changed = [(api_key, table, _id_text(row_id), pickle.dumps(plain(record), pickle.HIGHEST_PROTOCOL))
                   for table, row_id, record in rows if record is not None]
        gone = [(api_key, table, _id_text(row_id)) for table, row_id, record in rows if record is None]
        with self._lock:
            self._db.execute("BEGIN")
            try:
                if changed:
                    self._db.executemany("INSERT OR REPLACE INTO rows VALUES (?, ?, ?, ?)", changed)
                if gone:
                    self._db.executemany("DELETE FROM rows WHERE api_key = ? AND tbl = ? AND id = ?", gone)
                if sequences is not None:
                    self._db.execute("INSERT OR REPLACE INTO sequences VALUES (?, ?)", (api_key, json.dumps(sequences)))
                self._save_clock()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                self._saved_clock = None
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
            saved = (int(self.clock.frozen), instant)
            if saved != self._saved_clock:  # most writes leave it where it was: a page less to write
                self._db.execute("INSERT OR REPLACE INTO clock VALUES (1, ?, ?)", saved)
                self._saved_clock = saved

    def load(self, tenants: Tenants, clock: Clock) -> None:
        """Put every stored business back into ``tenants`` and the clock where it was; then write through."""
        with self._lock:
            _load(self._db, self.path, self.declared, tenants, clock)
        self.clock = clock
        clock.on_advance(lambda _now: self.save_clock())
        tenants.sink = self
        for business in tenants.all():
            business.sink = self

    def close(self) -> None:
        """Fold the WAL back into the file, close it, and let go of the writer lock (a second call does nothing)."""
        with self._lock:
            if self._writer is None:
                return
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self._db.close()
                self._writer.release()
                self._writer = None


def _same(record: Record) -> Record:
    return record


def _id_text(row_id: Any) -> str:
    """A row's id as the file keys it: its JSON (an int's is its digits, the common case, without an encoder)."""
    return str(row_id) if type(row_id) is int else json.dumps(row_id)


def read_state(path: Path, declared: Mapping[str, Declared], tenants: Tenants, clock: Clock) -> None:
    """Load a state file into ``tenants`` without writing it or taking it from its writer (``export``)."""
    _check_place(path, must_exist=True)
    db = _open(path, write=False)
    try:
        _load(db, path, declared, tenants, clock)
    finally:
        db.close()


def copy_state(path: Path, target: Path | None = None) -> str:
    """A one-line summary of what ``path`` holds and who writes it; with ``target``, a consistent single-file
    copy written there (the WAL's writes included), whether or not a server is writing the file."""
    _check_place(path, must_exist=True)
    db = _open(path, write=False)
    try:
        businesses, rows = db.execute("SELECT (SELECT count(*) FROM (SELECT api_key FROM rows UNION "
                                      "SELECT api_key FROM sequences)), (SELECT count(*) FROM rows)").fetchone()
        for api_key, table, row_id, body in db.execute("SELECT api_key, tbl, id, body FROM rows"):
            _record(path, api_key, table, row_id, body)  # every row reads back, as a server's start needs
        if target is not None:
            partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
            partial.unlink(missing_ok=True)
            try:
                db.execute("VACUUM INTO ?", (str(partial),))
                os.replace(partial, target)
            except (sqlite3.Error, OSError) as error:
                partial.unlink(missing_ok=True)
                raise StateFileError(f"cannot write a copy to {target}: {error}") from None
    except sqlite3.DatabaseError as error:
        raise _unusable(path, error) from None
    finally:
        db.close()
    return (f"{path}: {businesses} business{'es' if businesses != 1 else ''}, {rows} row{'s' if rows != 1 else ''}; "
            f"{_holder(path)}" + (f"; copied to {target}" if target is not None else ""))


def _holder(path: Path) -> str:
    try:
        Lock(path.with_name(path.name + ".lock")).release()
    except Held as held:
        return f"in use by {held.holder}"
    except OSError:
        return "its lock file cannot be opened"
    return "not in use"


def _check_place(path: Path, must_exist: bool = False) -> None:
    """Refuse a path no state file can live at, before anything is opened or created."""
    if not path.parent.is_dir():
        raise StateFileError(f"cannot use the state file {path}: there is no folder {path.parent}")
    if path.is_dir():
        raise StateFileError(f"cannot use the state file {path}: it is a folder (give a file in it)")
    if path.exists() and not path.is_file():
        raise StateFileError(f"cannot use the state file {path}: it is not a regular file")
    if must_exist and not path.exists():
        raise StateFileError(f"cannot use the state file {path}: there is no such file")


def _open(path: Path, write: bool) -> sqlite3.Connection:
    """A connection to an invoiced-mock state file (made so when new, with ``write``), or StateFileError."""
    if write and path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StateFileError(f"cannot use the state file {path}: it is read-only (the sandbox writes every request "
                             "through; copy it somewhere writable)")
    try:
        db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    except sqlite3.Error as error:
        raise _unusable(path, error) from None
    try:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        (application,) = db.execute("PRAGMA application_id").fetchone()
        if application not in (0, APPLICATION_ID) or not tables <= TABLES:
            raise StateFileError(f"cannot use the state file {path}: it is another program's SQLite database "
                                 f"(tables {', '.join(sorted(tables - TABLES)[:5]) or 'of its own'})")
        if write:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except StateFileError:
        db.close()
        raise
    except sqlite3.Error as error:
        db.close()
        raise _unusable(path, error) from None
    return db


def _unusable(path: Path, error: BaseException) -> StateFileError:
    """The one line saying why SQLite (or the system) could not use ``path``."""
    said = str(error).lower()
    if "not a database" in said:
        why = "it is not an SQLite database"
    elif "malformed" in said or "corrupt" in said:
        why = "it is damaged (SQLite reads it as malformed); restore a copy"
    elif "readonly" in said or "read-only" in said or isinstance(error, PermissionError):
        why = f"it or its folder {path.parent} is read-only (the sandbox writes its WAL and lock files beside it)"
    elif "unable to open" in said:
        why = f"SQLite cannot open it or create its WAL beside it in {path.parent} (read-only?)"
    else:
        why = f"{error}".splitlines()[0] if str(error) else type(error).__name__
    return StateFileError(f"cannot use the state file {path}: {why}")


def _load(db: sqlite3.Connection, path: Path, declared: Mapping[str, Declared], tenants: Tenants,
          clock: Clock) -> None:
    """Read the file in one snapshot (a server may be writing it) and put it into ``tenants`` and ``clock``."""
    try:
        db.execute("BEGIN")
        try:
            stored_clock = db.execute("SELECT frozen, instant FROM clock").fetchone()
            rows = db.execute("SELECT api_key, tbl, id, body FROM rows ORDER BY api_key, tbl, rowid").fetchall()
            sequences = dict(db.execute("SELECT api_key, body FROM sequences").fetchall())
        finally:
            db.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        raise _unusable(path, error) from None
    by_key: dict[str, list[tuple[str, Record]]] = {}
    for api_key, table, row_id, body in rows:
        by_key.setdefault(api_key, []).append((table, _record(path, api_key, table, row_id, body)))
    numbering: dict[str, dict[str, int]] = {}
    for api_key, body in sequences.items():
        try:
            numbering[api_key] = {str(k): int(v) for k, v in json.loads(body).items()}
        except (TypeError, ValueError, AttributeError):
            raise StateFileError(f"cannot use the state file {path}: the numbering of {api_key} cannot be read") \
                from None
    if stored_clock is not None:
        frozen, instant = stored_clock
        if frozen:
            clock.freeze(instant)
        elif instant > 0:
            clock.advance(seconds=instant)
    for api_key in {*by_key, *numbering}:
        if tenants.strict and tenants.get(api_key) is None:
            continue  # a key this server no longer accepts stays on disk, unreachable
        business = tenants.get(api_key) or tenants.add(api_key)
        _fill(business, declared, by_key.get(api_key, []), numbering.get(api_key, {}))


def _record(path: Path, api_key: str, table: str, row_id: str, body: bytes) -> Record:
    """A stored row read back, or StateFileError naming it."""
    try:
        record = _Unpickler(io.BytesIO(body)).load()
    except _Refused as refused:
        raise StateFileError(f"cannot use the state file {path}: row {table} {row_id} of {api_key} holds {refused}, "
                             "which invoiced-mock never stores") from None
    except Exception as error:
        raise StateFileError(f"cannot use the state file {path}: row {table} {row_id} of {api_key} cannot be read "
                             f"({type(error).__name__})") from None
    if not isinstance(record, dict) or "id" not in record:
        raise StateFileError(f"cannot use the state file {path}: row {table} {row_id} of {api_key} cannot be read "
                             "(not a record)")
    return record


class _Refused(Exception):
    pass


class _Unpickler(pickle.Unpickler):
    """Builds plain data and :data:`STORED_TYPES`, nothing else (a row naming ``os.system`` is refused)."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in STORED_TYPES:
            raise _Refused(f"{module}.{name}")
        return super().find_class(module, name)


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


def decode_export(document: Any, declared: Mapping[str, Declared]) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """An export's tables (of known resources) and sequences, amounts back as Decimal; ValueError naming what
    is wrong with its shape (what each record holds is for the caller to check)."""
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise ExportError(f"not an invoiced-mock export (format {EXPORT_FORMAT!r} expected)", "format")
    tables, sequences = document.get("tables"), document.get("sequences", {})
    if not isinstance(tables, dict):
        raise ExportError("an export holds 'tables': an object of resource name to records", "tables")
    if not isinstance(sequences, dict):
        raise ExportError("an export's 'sequences' is an object of sequence name to number", "sequences")
    for name, records in tables.items():
        if name not in declared:
            raise ExportError(f"an export holds tables of known resources, not {name[:100]!r}", f"tables[{name}]")
        if not isinstance(records, list):
            raise ExportError(f"tables[{name}] must be a list of records", f"tables[{name}]")
    return {name: from_json(records) for name, records in tables.items()}, sequences


class ExportError(ValueError):
    """An export whose shape is wrong; ``param`` names where."""

    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def replace_business(business: Business, declared: Mapping[str, Declared], tables: Mapping[str, list[Record]],
                     sequences: dict[str, int]) -> None:
    """Replace ``business``'s rows and numbering with ``tables`` and ``sequences`` (checked by the caller),
    inside its transaction: a failure after this undoes it."""
    with business.transaction():
        for table in business.tables.values():
            for row_id in list(table.rows):
                table.remove(row_id)
        for name, records in tables.items():
            table = declared[name].table(business)
            for record in records:
                table.put(record)
        before = dict(business.sequences)

        def restore() -> None:
            business.sequences.clear()
            business.sequences.update(before)

        business.log_undo(restore)
        business.sequences.clear()
        business.sequences.update(sequences)
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


def from_json(value: Any) -> Any:
    """Exported JSON back as stored values: ``{"$decimal": "1.50"}`` is ``Decimal("1.50")``."""
    if isinstance(value, dict):
        if set(value) == {"$decimal"}:
            return Decimal(value["$decimal"])
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value
