"""Stored record → the object the API shows: declared fields only, ``include``/``exclude``/``expand``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from invoiced_mock.core.fields import RefList
from invoiced_mock.core.resource import REGISTRY, Resource
from invoiced_mock.errors import InvalidRequest

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business, Record


MAX_EXPAND_DEPTH = 4  # customer.parent_customer.parent_customer.parent_customer
MAX_EXPANDS = 20  # paths in one expand list


@dataclass(frozen=True)
class View:
    """The caller's shaping options, parsed from comma lists (``expand=customer,addons.plan``)."""

    expand: tuple[str, ...] = ()
    include: frozenset[str] = field(default_factory=frozenset)
    exclude: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> View:
        """The view asked for; ``expand`` is held to :data:`MAX_EXPAND_DEPTH` levels (an expanded object
        may point back at the first: the depth, not the data, ends the walk)."""
        if "expand" not in params and "include" not in params and "exclude" not in params:
            return PLAIN
        expand = tuple(_comma_list(params.get("expand")))
        if len(expand) > MAX_EXPANDS or any(p.count(".") >= MAX_EXPAND_DEPTH for p in expand):
            raise InvalidRequest(f"expand takes at most {MAX_EXPANDS} paths of at most {MAX_EXPAND_DEPTH} "
                                 "levels each", "expand")
        return cls(
            expand=expand,
            include=frozenset(_comma_list(params.get("include"))),
            exclude=frozenset(_comma_list(params.get("exclude"))),
        )

    def below(self, prefix: str) -> View:
        """The part of ``expand`` that applies inside an expanded ``prefix``."""
        inner = tuple(p[len(prefix) + 1:] for p in self.expand if p.startswith(prefix + "."))
        return View(expand=inner)


PLAIN = View()


def _comma_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def present(business: Business, resource: Resource, record: Record, view: View = PLAIN) -> dict[str, Any]:
    """The API's JSON object for ``record``: a fresh dict of its declared attributes. Nested values are the
    stored ones, shared, not copied: stored records are never written in place (``store/frozen.py``), and whoever
    changes a presented object's nested value (an expansion inside a list) copies it first."""
    resource = resource.presented_as(record)
    shown = _shown(resource, view)
    left_out = shown.left_out_of(tuple(record)) if shown.plain else None
    if left_out is not None:  # the record holds the shown attributes in order: copied at C speed, the rest taken away
        out = dict(record)
        for name in left_out:
            del out[name]
    else:
        try:  # a record holds every attribute it was made with: picked at C speed
            out = dict(zip(shown.names, shown.pick(record), strict=True))
        except KeyError:  # one stored before an attribute was declared: that attribute at its default
            out = {name: record[name] if name in record else resource.by_name[name].default_value()
                   for name in shown.names}
    for name, target in shown.listed:
        out[name] = _objects(business, REGISTRY[target], out[name] or [])
    for name, value in resource.computed(business, record).items():
        hidden = resource.by_name.get(name)
        if name in out or (hidden is not None and hidden.hidden and name in view.include):
            out[name] = value
    if view.expand:
        for path in sorted(view.expand, key=len):
            _expand(business, resource, out, path, view)
    return out


def changes_of(business: Business, resource: Resource, record: Record) -> tuple[Resource, Shown, dict[str, Any]]:
    """What :func:`present` (plain view) makes of ``record`` without building the object: the declaration that
    shows it, the attributes it shows (names in order), and the values it shows that are not the record's own
    (lists of ids shown as objects, computed attributes). An attribute the record lacks (stored before it was
    declared) shows its declared default: left to the reader, so that the usual complete record costs no check."""
    resource = resource.presented_as(record)
    shown = _shown(resource, PLAIN)
    own: dict[str, Any] = {}
    for name, target in shown.listed:
        ids = record[name] if name in record else resource.by_name[name].default_value()
        own[name] = _objects(business, REGISTRY[target], ids or [])
    for name, value in resource.computed(business, record).items():
        if name in shown.name_set:
            own[name] = value
    return resource, shown, own


MAX_LAYOUTS = 32  # record layouts remembered per resource; records of one resource come in a handful
MAX_TAKEN_AWAY = 4  # past this many keys to delete, picking the shown ones one by one is cheaper than a copy


@dataclass(frozen=True)
class Shown:
    """The attributes a view shows of a resource: their names in declared order (and as a set), and the lists
    of ids shown as objects (name, the resource of those objects). A view that includes and excludes nothing
    (``plain``) also remembers, per layout of stored records (their keys in order), which keys to take away
    from a copy of the record to show it, or None when no copy does (the record lacks a shown attribute, or
    holds them in another order, or holds too many others for a copy to pay)."""

    names: tuple[str, ...]
    name_set: frozenset[str]
    listed: tuple[tuple[str, str], ...]
    plain: bool = False
    layouts: dict[tuple[str, ...], tuple[str, ...] | None] = field(default_factory=dict, compare=False)
    pick: Callable[[Record], tuple[Any, ...]] = field(init=False, compare=False)  # the shown values, in order

    def __post_init__(self) -> None:
        many = itemgetter(*self.names) if len(self.names) > 1 else None  # one name: itemgetter gives no tuple
        pick = many if many is not None else lambda record: tuple(record[name] for name in self.names)
        object.__setattr__(self, "pick", pick)

    def left_out_of(self, layout: tuple[str, ...]) -> tuple[str, ...] | None:
        try:
            return self.layouts[layout]
        except KeyError:
            pass
        kept = tuple(name for name in layout if name in self.name_set)
        away = tuple(name for name in layout if name not in self.name_set)
        found = away if kept == self.names and len(away) <= MAX_TAKEN_AWAY else None
        if len(self.layouts) >= MAX_LAYOUTS:
            self.layouts.clear()
        self.layouts[layout] = found
        return found


_PLAIN_SHOWN: dict[type[Resource], Shown] = {}  # by class: a resource declared again is a new class


def _shown(resource: Resource, view: View) -> Shown:
    """What ``view`` shows of ``resource``; kept per resource for views that include and exclude nothing
    (almost every call)."""
    plain = not view.include and not view.exclude
    found = _PLAIN_SHOWN.get(type(resource)) if plain else None
    if found is not None:
        return found
    fields = [f for f in resource.fields
              if not (f.write_only or (f.hidden and f.name not in view.include) or f.name in view.exclude)]
    names = tuple(f.name for f in fields)
    found = Shown(names, frozenset(names),
                  tuple((f.name, f.type.resource) for f in fields if isinstance(f.type, RefList)), plain)
    if plain:
        _PLAIN_SHOWN[type(resource)] = found
    return found


def plain(value: Any) -> Any:
    """A writable copy of stored JSON-shaped data (dicts, lists, immutable leaves): ``deepcopy`` without its memo."""
    if isinstance(value, Mapping):  # a dict, a frozen one, or an event's kept object (``events.Presented``)
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def _expand(business: Business, resource: Resource, out: dict[str, Any], path: str, view: View) -> None:
    head, _, rest = path.partition(".")
    target = resource.expandable.get(path) or resource.expandable.get(head)
    if head not in out:
        return
    if target is not None and not isinstance(out[head], (dict, list)):
        _replace(business, out, head, REGISTRY[target], view.below(head))
        return
    # A dotted path into an embedded list or object: ``addons.plan``.
    target = resource.expandable.get(path)
    if target is None or not rest:
        return
    out[head] = plain(out[head])  # the stored value is shared: copied before an expansion writes into it
    items = out[head] if isinstance(out[head], list) else [out[head]]
    for item in items:
        if isinstance(item, dict) and rest in item and not isinstance(item[rest], dict):
            _replace(business, item, rest, REGISTRY[target], PLAIN)


def _replace(business: Business, holder: dict[str, Any], key: str, target: Resource, view: View) -> None:
    related = target.table(business).get(holder[key]) if holder[key] is not None else None
    if related is not None:
        holder[key] = present(business, target, related, view)


def _objects(business: Business, target: Resource, ids: list[Any]) -> list[dict[str, Any]]:
    """Ids of catalogue objects as the objects themselves; ids whose object is gone are skipped."""
    if not ids:
        return []
    table = target.table(business)
    return [present(business, target, row) for row in (table.get(i) for i in ids) if row is not None]
