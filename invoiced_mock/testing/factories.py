"""Factories: linked objects straight into a business's store in one line, returned as the API shows them.

Built only on the resource registry and ``core.crud``, so every declared resource has a factory with no
code of its own (``factories.customer(...)``, ``factories.invoice(...)`` once invoices exist), and the
resource's own rules run exactly as for an API call. Required attributes left out get a plain value
(``"Customer 3"``, the first allowed choice, ``100``); a required reference left out gets a new object
of its own. A keyword named after a dependent resource's path creates those children, linked:

    customer = factories.customer(name="Acme", contacts=[{"name": "Ann"}, {"name": "Bob"}])
    customer["name"], customer.related["contacts"][1]["name"]   # "Acme", "Bob"

A child keyword that is also an attribute of the parent (``notes``) means the attribute; the children then
take the parent's name first: ``factories.customer(notes="VIP", customer_notes=[{"notes": "called"}])``.
A child spec may be a callable given the object made so far, to link children to each other:
``customer(invoices=[{...}, {...}], payments=[lambda c: {"applied_to": [... c.related["invoices"][0]["id"] ...]}])``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Int, Number, Ref, Str, StrRef
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY, Field, Resource
from invoiced_mock.formats.json_bodies import dumps

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business, Record


class Made(dict):  # type: ignore[type-arg]
    """The object as the API would return it; ``related`` holds children created with it, by path."""

    def __init__(self, body: dict[str, Any], related: dict[str, list[Made]]) -> None:
        super().__init__(body)
        self.related = related


class Factories:
    def __init__(self, business: Business) -> None:
        self.business = business

    def __getattr__(self, name: str) -> Callable[..., Made]:
        if name.startswith("_") or name not in REGISTRY:
            raise AttributeError(f"no resource called {name!r} (known: {', '.join(sorted(REGISTRY))})")
        return lambda **params: self.create(name, **params)

    def create(self, object_name: str, **params: Any) -> Made:
        """Store one ``object_name`` (and the children named in ``params``); all or nothing."""
        resource = REGISTRY[object_name]
        with self.business.transaction():
            return self._create(resource, params)

    def many(self, object_name: str, count: int, **params: Any) -> list[Made]:
        return [self.create(object_name, **params) for _ in range(count)]

    def _create(self, resource: Resource, params: dict[str, Any]) -> Made:
        params = {k: _id_of(v) for k, v in params.items()}
        children = {path: params.pop(path) for path in list(params) if path in _children(resource)}
        parent_id = params.pop(resource.parent_field, None) if resource.parent else None
        for f in resource.fields:
            if f.required and params.get(f.name) in (None, "") and f.name != resource.parent_field:
                params[f.name] = self._placeholder(resource, f)
        if resource.parent and parent_id is None:
            parent_id = self._create(REGISTRY[resource.parent], {})["id"]
        record = crud.create(self.business, resource, params, parent_id)
        made = Made(self._shown(resource, record["id"]), {})
        for path, specs in children.items():
            child, link = _children(resource)[path]
            made.related[path] = []
            for spec in specs:  # a callable spec sees what is made so far: a payment can name an invoice
                values = spec(made) if callable(spec) else spec
                made.related[path].append(self._create(child, {**values, link: record["id"]}))
        if children:  # children may change their parent (a balance, a status): show it as it is now
            made = Made(self._shown(resource, record["id"]), made.related)
        return made

    def _shown(self, resource: Resource, object_id: Any) -> dict[str, Any]:
        record = cast("Record", resource.table(self.business).get(object_id))  # just made: it is there
        # Through JSON, so numbers are what a client decodes (Decimal 100 → 100), not what is stored.
        return dict(json.loads(dumps(present(self.business, resource, record))))

    def _placeholder(self, resource: Resource, f: Field) -> Any:
        kind = f.type
        if isinstance(kind, (Ref, StrRef)):
            return self._create(REGISTRY[kind.resource], {})["id"]
        if isinstance(kind, Str) and kind.choices:
            return kind.choices[0]
        if isinstance(kind, Str):
            return f"{resource.label} {len(resource.table(self.business)) + 1}"
        if isinstance(kind, Bool):
            return False
        if isinstance(kind, Number):
            return Decimal(100)
        if isinstance(kind, Int):
            return 1
        raise ValueError(f"{resource.object}.{f.name} is required: give it to the factory")


def _id_of(value: Any) -> Any:
    """An object made by a factory (or fetched from the API) stands for its id."""
    if isinstance(value, dict) and "id" in value and "object" in value:
        return value["id"]
    return value


def _children(resource: Resource) -> dict[str, tuple[Resource, str]]:
    """Resources that point at ``resource`` (nested under it, or through a required reference), by keyword.

    The keyword is the child's path (``contacts``), unless ``resource`` has an attribute of that name
    (a customer's ``notes`` text): then the attribute keeps the name and the children are spelt
    ``<object>_<path>`` (``customer_notes``).
    """
    found: dict[str, tuple[Resource, str]] = {}
    for other in REGISTRY.values():
        keyword = f"{resource.object}_{other.path}" if other.path in resource.by_name else other.path
        if other.parent == resource.object:
            found[keyword] = (other, other.parent_field)
            continue
        for f in other.fields:
            if isinstance(f.type, (Ref, StrRef)) and f.type.resource == resource.object and f.name == resource.object:
                found.setdefault(keyword, (other, f.name))
    return found
