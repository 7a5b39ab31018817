"""How a resource is declared: its fields, routes, numbering and the hooks where its business rules live.

A resource is a subclass of :class:`Resource` with class attributes only. What a handler returns (a
:data:`Reply`) is declared here too: a resource's hooks return replies and a reply names its resource.
Generic CRUD, lists, presentation and events read these declarations, so a new resource needs no
plumbing of its own: only the rules that make it different.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from invoiced_mock.core.fields import Either, FieldType, Int, Metadata, Ref, RefList, Shape, Str, StrRef, Timestamp

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business, Record, Table

REGISTRY: dict[str, Resource] = {}  # filled by :func:`register`, from ``resources/catalogue.py``
R = TypeVar("R", bound="Resource")
_declarations = 0  # bumped by every declaration, so caches derived from REGISTRY know when to rebuild


def registry_version() -> tuple[int, int]:
    """A cheaper :func:`registry_key` for caches read on every write: it changes with every declaration and
    every removal (not with a resource put back under its own name, which changes nothing)."""
    return _declarations, len(REGISTRY)


def register(declared: type[R]) -> type[R]:
    """Serve ``declared`` (replacing a resource of the same object name); usable as a class decorator."""
    global _declarations
    REGISTRY[declared.object] = declared()
    _declarations += 1
    return declared


def registry_key() -> tuple[int, tuple[str, ...]]:
    """Changes whenever a resource is declared or removed: the key for caches built from the declarations."""
    return _declarations, tuple(sorted(REGISTRY))


@dataclass(frozen=True)
class Field:
    """One attribute of a resource as the API shows it."""

    name: str
    type: FieldType = field(default_factory=FieldType)
    default: Any = None
    required: bool = False
    read_only: bool = False
    create_only: bool = False
    hidden: bool = False
    write_only: bool = False
    filterable: bool = True

    def default_value(self) -> Any:
        return self.default() if callable(self.default) else self.default


def ts(name: str, **options: Any) -> Field:
    return Field(name, Timestamp(), **options)


TIMESTAMPS = (ts("created_at", read_only=True), ts("updated_at", read_only=True))
METADATA = Field("metadata", Metadata(), default=dict)

Handler = Callable[..., "Reply"]


@dataclass(frozen=True)
class Action:
    """A route beyond CRUD: ``POST /invoices/<id>/void`` (``on="item"``) or ``POST /charges`` (``on="collection"``).

    The handler is called as ``handler(business, record, params)`` for item actions and
    ``handler(business, parent_id, params)`` for collection actions, and returns a Reply.
    The rest documents the action for the published contract (schemas, OpenAPI, strict mode):
    ``returns`` names the schema of its answer (default: the resource's own object; ``""`` for none), or
    is a named :class:`~.fields.Shape` for a body that is no stored object (then reply ``Data(body,
    schema=shape.name)``), or an :class:`~.fields.Either` when it answers one of several objects,
    ``status`` its success status, ``body`` the shape of its request body, and ``params`` the
    request parameters it accepts (None: not declared, so strict mode lets any through).
    """

    name: str
    method: str
    handler: Handler
    on: str = "item"
    returns: str | Shape | Either | None = None
    status: int = 200
    body: FieldType | None = None
    params: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Mount:
    """A second home for a top-level collection: ``/customers/<id>/notes`` lists, creates and finds the
    notes whose ``field`` is that customer (and, for each name in ``unset``, whose value is empty)."""

    parent: str
    field: str
    unset: tuple[str, ...] = ()


class Resource:
    """Base declaration. Override the class attributes; override hooks only where the API has rules."""

    object: ClassVar[str]
    path: ClassVar[str]
    label: ClassVar[str]
    fields: ClassVar[tuple[Field, ...]] = ()
    aliases: ClassVar[tuple[str, ...]] = ()  # more top-level paths serving the same objects (a client's spelling)
    parent: ClassVar[str | None] = None
    parent_field: ClassVar[str] = "customer"
    mounts: ClassVar[tuple[Mount, ...]] = ()
    string_ids: ClassVar[bool] = False
    number_format: ClassVar[str | None] = None
    operations: ClassVar[frozenset[str]] = frozenset({"create", "retrieve", "update", "delete", "list"})
    indexed: ClassVar[tuple[str, ...]] = ()  # exact-match indexes rules read (``Table.where``), kept from the start
    # Indexes for lists, kept as rows are written: ``filter[name]=`` (exact match) and ``sort=name``.
    # ``metadata[key]=`` is indexed for every resource with metadata. Never an attribute in ``live``.
    filter_indexed: ClassVar[tuple[str, ...]] = ()
    sort_indexed: ClassVar[tuple[str, ...]] = ()
    unique: ClassVar[tuple[str, ...]] = ()
    list_params: ClassVar[tuple[str, ...]] = ()
    newest_first: ClassVar[bool] = False
    expandable: ClassVar[dict[str, str]] = {}
    actions: ClassVar[tuple[Action, ...]] = ()
    pdf: ClassVar[bool] = False
    live: ClassVar[frozenset[str]] = frozenset()  # stored attributes that ``computed`` refreshes at read time
    emits_events: ClassVar[bool] = True
    event_object: ClassVar[str | None] = None  # event type prefix when not ``object`` (cards → payment_source)
    event_verbs: ClassVar[tuple[str, ...]] = ()  # events beyond created/updated/deleted it records (``paid``)
    has_object_key: ClassVar[bool] = True
    shown_as: ClassVar[tuple[str, ...]] = ()  # records shown as these resources instead (payment sources)
    # False when a valid create body depends on arithmetic across attributes that no schema can state
    # (a charge's applied_to may not exceed its amount): hypothesis strategies then refuse to draw one.
    drawable: ClassVar[bool] = True
    # Narrower schemas (or None: leave out) that hypothesis strategies draw these attributes from, where a
    # valid body depends on arithmetic or stored state no published schema states (a total never negative).
    # The published schema stays the contract; this only picks a valid-by-construction corner of it.
    drawn: ClassVar[dict[str, Any]] = {}
    delete_params: ClassVar[tuple[str, ...]] = ()
    # The schema an operation answers with when it is not the object's own, by kind: ``{"create": "payment"}``
    # (a charge answers the payment it records, 200). See ``contract/routes.py``.
    answers: ClassVar[dict[str, str]] = {}
    # Constraints across attributes of a create body, as JSON Schema (``if``/``then``), published in
    # ``<object>_create.json`` and honoured by ``invoiced_mock.strategies``; the hooks still enforce them.
    request_rules: ClassVar[tuple[dict[str, Any], ...]] = ()
    # Kinds of thing that fall due for a record as time passes (``renewal``, ``past_due``...): see ``timeline``.
    timed: ClassVar[tuple[str, ...]] = ()
    # Where the mock knowingly answers otherwise than the API (a choice where the API says nothing, or a part of it
    # not modelled), one sentence each: the documentation's coverage page shows them beside the resource's routes.
    differs: ClassVar[tuple[str, ...]] = ()
    # Attributes the resource's rules keep on a record and never show (their own bookkeeping); an import
    # (``core/imports.py``) reads them by these types, as it reads ``fields``.
    internal: ClassVar[tuple[Field, ...]] = ()

    by_name: ClassVar[dict[str, Field]]
    # Derived from ``fields`` when the class is declared:
    position: ClassVar[dict[str, int]]  # declared order
    blank_template: ClassVar[dict[str, Any]]  # every attribute at its default (None where a factory makes it)
    default_factories: ClassVar[tuple[tuple[str, Callable[[], Any]], ...]]
    required_fields: ClassVar[tuple[Field, ...]]
    reference_fields: ClassVar[tuple[Field, ...]]  # Ref, StrRef and RefList attributes
    single_references: ClassVar[tuple[tuple[str, str], ...]]  # (attribute, resource) of each Ref attribute

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "object" not in cls.__dict__:
            return
        if cls.live & {*cls.filter_indexed, *cls.sort_indexed}:  # an index would hold the stored, stale value
            raise TypeError(f"{cls.__name__}: attributes in live cannot be indexed: {sorted(cls.live)}")
        identity = [Field("id", Str() if cls.string_ids else Int(), read_only=True)]
        if cls.has_object_key:
            identity.append(Field("object", Str(), default=cls.object, read_only=True, filterable=False))
        declared = {f.name for f in cls.fields}
        cls.fields = (*(f for f in identity if f.name not in declared), *cls.fields)
        cls.by_name = {f.name: f for f in cls.fields}
        cls.position = {f.name: i for i, f in enumerate(cls.fields)}
        cls.blank_template = {f.name: None if callable(f.default) else f.default for f in cls.fields}
        cls.default_factories = tuple((f.name, f.default) for f in cls.fields if callable(f.default))
        cls.required_fields = tuple(f for f in cls.fields if f.required)
        cls.reference_fields = tuple(f for f in cls.fields if isinstance(f.type, (Ref, StrRef, RefList)))
        cls.single_references = tuple((f.name, f.type.resource) for f in cls.fields if isinstance(f.type, Ref))
        refs = {f.name: f.type.resource for f in cls.fields if isinstance(f.type, (Ref, StrRef, RefList))}
        cls.expandable = {**refs, **cls.__dict__.get("expandable", {})}

    # -- storage ---------------------------------------------------------------------------------

    def blank(self) -> Record:
        """A new record: every declared attribute at its default, in declared order."""
        record = dict(self.blank_template)
        for name, factory in self.default_factories:
            record[name] = factory()
        return record

    def table(self, business: Business) -> Table:
        table = business.tables.get(self.object)
        if table is not None:
            return table
        own = (self.parent_field,) if self.parent else ()
        indexed = tuple(dict.fromkeys((*own, *(m.field for m in self.mounts), *self.indexed)))
        unique = (*(("number",) if self.number_format else ()), *self.unique)
        metadata = "metadata" in self.by_name and isinstance(self.by_name["metadata"].type, Metadata)
        table = business.table(self.object, indexed=indexed, unique=unique, lookups=self.filter_indexed,
                               ordered=self.sort_indexed, metadata=metadata)
        rows = self.seed(business)
        if rows:  # a rolled-back first use forgets the table, so the next use seeds again
            business.log_undo(lambda: business.tables.pop(self.object, None))
            for row in rows:
                table.put(row)
            table.written = False  # seeded rows are not the caller's data (``Business.holds_data``)
        return table

    def scope(self, mount: Mount | None = None) -> Mount | None:
        """What a nested route is scoped by: the given mount, else the declared ``parent``, else nothing."""
        if mount is not None:
            return mount
        return Mount(self.parent, self.parent_field) if self.parent else None

    def filterable(self) -> set[str]:
        return {f.name for f in self.fields
                if f.filterable and not f.write_only and f.type.json_type not in ("array", "object")}

    # -- hooks: business rules -------------------------------------------------------------------

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        """Validate and derive state before a write (``old`` is None on create). Raise to refuse."""

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        """Effects on other objects once ``record`` is stored (still inside the transaction)."""

    def after_created(self, business: Business, record: Record) -> None:
        """Effects that must follow the ``<object>.created`` event (an invoice paid the moment it is made)."""

    def check_delete(self, business: Business, record: Record) -> None:
        """Raise to refuse a delete."""

    def on_delete(self, business: Business, record: Record) -> None:
        """Cascade a delete to dependent objects."""

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        """Attributes derived at read time (statuses that depend on the clock, URLs)."""
        return {}

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        """A predicate for this resource's own list parameters (``list_params``)."""
        return None

    def timeline(self, business: Business, record: Record) -> dict[str, int | None]:
        """When each of the ``timed`` kinds next falls due for ``record`` (None or left out: never).

        Asked after every write of the record; ``core/schedule.py`` keeps the answers on the agenda.
        """
        return {}

    def when_due(self, business: Business, record: Record, kind: str, instant: int) -> None:
        """Do what ``kind`` means for ``record`` now that time reached ``instant`` (the clock reads it)."""

    def event_type(self, verb: str) -> str:
        """``<object>.<verb>``, or the documented family name (``payment_source.created`` for a card)."""
        return f"{self.event_object or self.object}.{verb}"

    def related(self, record: Record) -> set[tuple[str, Any]]:
        """Objects an event about ``record`` also concerns beyond its references (a payment's invoices)."""
        return set()

    def presented_as(self, record: Record) -> Resource:
        """The declaration that shows ``record``: itself, unless this resource fronts several (payment sources)."""
        return self

    def make(self, business: Business, params: dict[str, Any], parent_id: Any = None,
             mount: Mount | None = None) -> Reply | None:
        """``POST`` on the collection when a resource means more than a plain create; None: the plain create."""
        return None

    def collect(self, business: Business, params: dict[str, Any], parent_id: Any = None,
                mount: Mount | None = None) -> Sequence[Record] | None:
        """``GET`` on the collection when a resource gathers from elsewhere; None: its own filtered list."""
        return None

    def shown_rules(self) -> tuple[dict[str, Any], ...]:
        """Constraints across attributes of the object as responses show it, as JSON Schema (``if``/``then``),
        published in ``<object>.json`` (an event's ``data.object`` follows its ``type``)."""
        return ()

    def seed(self, business: Business) -> list[Record]:
        """Rows a business starts with (fixed sets the API has no create for), stored on first use."""
        return []

    def on_event(self, business: Business, event_type: str, presented: Callable[[], dict[str, Any]]) -> None:
        """React to a committed event of ``event_type`` about any resource; called once per event.
        ``presented()`` gives the event as the API shows it (presented once, when first asked for)."""

    def destroy(self, business: Business, record: Record, params: dict[str, Any]) -> Reply | None:
        """``DELETE`` on an object when a resource means more than a plain delete; None: the plain delete (204)."""
        return None


def resource(name: str) -> Resource:
    return REGISTRY[name]


# -- replies: what a handler returns; the HTTP layer decides how each kind goes on the wire --------------


@dataclass
class One:
    """A single object (200, or 201 on create)."""

    resource: Resource
    record: Record
    status: int = 200


@dataclass
class Many:
    """A list endpoint's full, filtered and ordered result; the HTTP layer pages it (slicing reads only that page)."""

    resource: Resource
    records: Sequence[Record]


@dataclass
class Batch:
    """Several objects returned together, not paged (``POST /invoices/1/emails`` → array).

    ``lone``: the API documents one bare object here (``POST /invoices/1/letters``) but some official
    clients read an array; the HTTP edge picks the shape per client (see ``http/render.py``).
    """

    resource: Resource
    records: list[Record]
    status: int = 200
    lone: bool = False


@dataclass
class Data:
    """A body that is not a stored object (``GET /customers/1/balance``); ``schema`` names its published shape."""

    body: Any
    status: int = 200
    schema: str | None = None


@dataclass
class Empty:
    status: int = 204


@dataclass
class File:
    """A body that is not JSON (a PDF, CSV or HTML page), sent as is with its content type."""

    body: bytes
    content_type: str
    status: int = 200
    filename: str | None = None


Reply = One | Many | Batch | Data | Empty | File
