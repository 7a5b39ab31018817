"""The URL map, generated from the resource declarations: no route is written by hand.

Building it for every route takes tens of milliseconds, so every app shares :func:`shared` (built once
per set of declarations) and only ``Router(...)`` with explicit resources builds a map of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from werkzeug.exceptions import MethodNotAllowed as WerkzeugMethodNotAllowed
from werkzeug.exceptions import NotFound as WerkzeugNotFound
from werkzeug.routing import Map, Rule

from invoiced_mock.core.operations import Operation
from invoiced_mock.core.resource import REGISTRY, Mount, Resource
from invoiced_mock.errors import MethodNotAllowed, NotFound
from invoiced_mock.http.paths import merge_slashes
from invoiced_mock.resources.catalogue import per_registry

REMEMBERED = 4096  # matched (method, path) pairs kept per router
CRUD_METHODS = {"list": "GET", "create": "POST", "retrieve": "GET", "update": "PATCH", "delete": "DELETE"}


def _collection(resource: Resource) -> str:
    if resource.parent is None:
        return f"/{resource.path}"
    parent = REGISTRY[resource.parent]
    return f"{_collection(parent)}/<parent_id>/{resource.path}"


def rules_for(resource: Resource, alias: str | None = None) -> Iterable[Rule]:
    collection = f"/{alias}" if alias else _collection(resource)
    yield from _crud_rules(resource, collection)
    for mount in (m for m in resource.mounts if m.parent in REGISTRY and alias is None):  # again under each parent
        yield from _crud_rules(resource, f"{_collection(REGISTRY[mount.parent])}/<parent_id>/{resource.path}", mount)
    for action in resource.actions:
        path = f"{collection}/{action.name}" if action.on == "collection" else f"{collection}/<id>/{action.name}"
        yield Rule(path, methods=[action.method], endpoint=Operation(resource, "action", action))
    for other in resource.aliases if alias is None else ():  # the same collection at a client's spelling
        yield from rules_for(resource, other)


def _crud_rules(resource: Resource, collection: str, mount: Mount | None = None) -> Iterable[Rule]:
    for kind in ("list", "create", "retrieve", "update", "delete"):
        if kind in resource.operations:
            path = collection if kind in ("list", "create") else f"{collection}/<id>"
            yield Rule(path, methods=[CRUD_METHODS[kind]], endpoint=Operation(resource, kind, mount=mount))


class Router:
    """Matches a request to an :class:`Operation` and its path arguments."""

    def __init__(self, resources: Iterable[Resource] | None = None, extra: Iterable[Rule] = ()) -> None:
        rules = [rule for r in (resources if resources is not None else REGISTRY.values()) for rule in rules_for(r)]
        self.map = Map([*rules, *extra], strict_slashes=False, merge_slashes=False)
        self._matched: dict[tuple[str, str], tuple[Any, dict[str, Any]]] = {}

    def match(self, method: str, path: str) -> tuple[Any, dict[str, Any]]:
        """The endpoint for ``method path``; a trailing slash is ignored, never redirected, and repeated
        slashes count as one (as on the real host: a base URL ending in ``/`` gives ``//customers``).

        Matches are remembered (a test repeats its paths; werkzeug's matcher costs more than the rest of a
        retrieve's routing), up to :data:`REMEMBERED` of them."""
        found = self._matched.get((method, path))
        if found is not None:
            return found[0], dict(found[1])
        trimmed = (merge_slashes(path) if "//" in path else path).rstrip("/") or "/"
        adapter = self.map.bind("mock.invalid", path_info=trimmed)
        try:
            endpoint, args = adapter.match(method=method)
        except WerkzeugMethodNotAllowed:
            raise MethodNotAllowed(f"Method not allowed: {method} {path}") from None
        except WerkzeugNotFound:
            raise NotFound(f"Request was not recognized: {method} {path}") from None
        if len(self._matched) >= REMEMBERED:
            self._matched.clear()
        self._matched[(method, path)] = (endpoint, dict(args))
        return endpoint, cast("dict[str, Any]", args)  # werkzeug declares a Mapping; its matcher gives a dict


@per_registry
def shared() -> Router:
    """The router for every registered resource, built once per set of declarations and shared by every app."""
    return Router()
