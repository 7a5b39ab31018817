"""How a resource is declared: its fields, routes, numbering and the hooks where its business rules live.

A resource is a subclass of :class:`Resource` with class attributes only; subclassing registers it.
Generic CRUD, lists, presentation and events read these declarations, so a new resource needs no
plumbing of its own: only the rules that make it different.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from .fields import FieldType, Int, Metadata, Ref, RefList, Str, StrRef, Timestamp

if TYPE_CHECKING:
    from ..store import Business, Record, Table
    from .replies import Reply

REGISTRY: dict[str, Resource] = {}


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
    """

    name: str
    method: str
    handler: Handler
    on: str = "item"


class Resource:
    """Base declaration. Override the class attributes; override hooks only where the API has rules."""

    object: ClassVar[str]
    path: ClassVar[str]
    label: ClassVar[str]
    fields: ClassVar[tuple[Field, ...]] = ()
    aliases: ClassVar[tuple[str, ...]] = ()  # more top-level paths serving the same objects (a client's spelling)
    parent: ClassVar[str | None] = None
    parent_field: ClassVar[str] = "customer"
    string_ids: ClassVar[bool] = False
    number_format: ClassVar[str | None] = None
    operations: ClassVar[frozenset[str]] = frozenset({"create", "retrieve", "update", "delete", "list"})
    indexed: ClassVar[tuple[str, ...]] = ()
    unique: ClassVar[tuple[str, ...]] = ()
    list_params: ClassVar[tuple[str, ...]] = ()
    newest_first: ClassVar[bool] = False
    expandable: ClassVar[dict[str, str]] = {}
    actions: ClassVar[tuple[Action, ...]] = ()
    pdf: ClassVar[bool] = False
    emits_events: ClassVar[bool] = True
    has_object_key: ClassVar[bool] = True

    by_name: ClassVar[dict[str, Field]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "object" not in cls.__dict__:
            return
        identity = [Field("id", Str() if cls.string_ids else Int(), read_only=True)]
        if cls.has_object_key:
            identity.append(Field("object", Str(), default=cls.object, read_only=True, filterable=False))
        declared = {f.name for f in cls.fields}
        cls.fields = (*(f for f in identity if f.name not in declared), *cls.fields)
        cls.by_name = {f.name: f for f in cls.fields}
        refs = {f.name: f.type.resource for f in cls.fields if isinstance(f.type, (Ref, StrRef, RefList))}
        cls.expandable = {**refs, **cls.__dict__.get("expandable", {})}
        REGISTRY[cls.object] = cls()

    # -- storage ---------------------------------------------------------------------------------

    def table(self, business: Business) -> Table:
        indexed = tuple(dict.fromkeys((*((self.parent_field,) if self.parent else ()), *self.indexed)))
        unique = (*(("number",) if self.number_format else ()), *self.unique)
        fresh = self.object not in business.tables
        table = business.table(self.object, indexed=indexed, unique=unique)
        if fresh:
            rows = self.seed(business)
            if rows:  # a rolled-back first use forgets the table, so the next use seeds again
                business.log_undo(lambda: business.tables.pop(self.object, None))
                for row in rows:
                    table.put(row)
        return table

    def filterable(self) -> set[str]:
        return {f.name for f in self.fields
                if f.filterable and not f.write_only and f.type.json_type not in ("array", "object")}

    # -- hooks: business rules -------------------------------------------------------------------

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        """Validate and derive state before a write (``old`` is None on create). Raise to refuse."""

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        """Effects on other objects once ``record`` is stored (still inside the transaction)."""

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

    def seed(self, business: Business) -> list[Record]:
        """Rows a business starts with (fixed sets the API has no create for), stored on first use."""
        return []

    def on_event(self, business: Business, event: dict[str, Any]) -> None:
        """React to a committed ``event`` (as the API shows it) of any resource; called once per event."""

    def destroy(self, business: Business, record: Record, params: dict[str, Any]) -> Reply:
        """``DELETE`` on an object; plain delete (204) unless a resource means something else by it."""
        from . import crud
        from .replies import Empty

        crud.delete(business, self, record)
        return Empty()


def resource(name: str) -> Resource:
    return REGISTRY[name]
