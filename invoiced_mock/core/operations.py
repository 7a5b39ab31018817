"""What a matched route does: the bridge from a route's operation name to CRUD or an action handler."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.core import crud, query
from invoiced_mock.core.resource import Action, Empty, Many, Mount, One, Reply, Resource

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business

# Paging parameters: read by the HTTP layer on every list endpoint.
PAGING = frozenset({"page", "per_page"})


@dataclass(frozen=True, eq=False)
class Operation:
    """One endpoint: ``kind`` is list, create, retrieve, update, delete or action."""

    resource: Resource
    kind: str
    action: Action | None = None
    mount: Mount | None = None

    @property
    def method_has_body(self) -> bool:
        """Whether this endpoint's HTTP method carries a request body (actions on GET/DELETE do not)."""
        return self.kind in ("create", "update") or (self.action is not None and self.action.method in (
            "POST", "PUT", "PATCH"))

    @property
    def name(self) -> str:
        suffix = f".{self.action.name}" if self.action else ""
        return f"{self.resource.object}.{self.kind}{suffix}"


def perform(business: Business, op: Operation, args: dict[str, Any], params: dict[str, Any]) -> Reply:
    """Run ``op`` against ``business`` with the route's path ``args`` and the request's ``params``."""
    resource, parent_id, mount = op.resource, args.get("parent_id"), op.mount
    scoped = {"mount": mount} if mount else {}  # only a resource declaring mounts is reached through one
    if op.kind == "list":
        records = resource.collect(business, params, parent_id, **scoped)
        if records is None:  # the usual case: the resource's own filtered list
            records = crud.listing(business, resource, params, parent_id, mount)
        return Many(resource, records)
    if op.kind == "create":
        made = resource.make(business, params, parent_id, **scoped)
        if made is None:
            made = One(resource, crud.create(business, resource, params, parent_id, mount), status=201)
        return made
    if op.kind == "action" and op.action is not None and op.action.on == "collection":
        return op.action.handler(business, parent_id, params)
    record = crud.load(business, resource, args["id"], parent_id, mount)
    if op.kind == "retrieve":
        return One(resource, record)
    if op.kind == "update":
        return One(resource, crud.update(business, resource, record, params))
    if op.kind == "delete":
        destroyed = resource.destroy(business, record, params)
        if destroyed is None:
            crud.delete(business, resource, record)
            destroyed = Empty()
        return destroyed
    assert op.action is not None
    return op.action.handler(business, record, params)


def accepted_params(op: Operation) -> frozenset[str] | None:
    """The request parameters ``op`` understands; None when its action does not declare them."""
    resource = op.resource
    if op.kind in ("create", "update"):
        return frozenset(resource.by_name) | crud.ECHOED | crud.SHAPING
    if op.kind == "list":
        return query.PARAMS | PAGING | frozenset(resource.list_params) | crud.SHAPING
    if op.kind == "delete":
        return frozenset(resource.delete_params) | crud.SHAPING
    if op.kind == "action":
        assert op.action is not None
        return None if op.action.params is None else frozenset(op.action.params) | crud.SHAPING
    return crud.SHAPING


def unknown_params(op: Operation, params: dict[str, Any]) -> list[str]:
    """Parameters in ``params`` that ``op`` would silently ignore (strict mode refuses them)."""
    allowed = accepted_params(op)
    return [] if allowed is None else sorted(k for k in params if k not in allowed)
