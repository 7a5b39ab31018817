"""Parent chains (a customer's ``parent_customer``, a GL account's ``parent_id``) never loop.

Any reference from a resource to its own kind is a parent chain. A write that would close a loop is
refused with a 400 naming the attribute, and a chain is at most :data:`MAX_DEPTH` links long, so that
walking one (expanding, rolling up balances) always ends and costs at most that many lookups.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from invoiced_mock.core.fields import Ref
from invoiced_mock.errors import InvalidRequest

if TYPE_CHECKING:
    from invoiced_mock.core.resource import Resource
    from invoiced_mock.store.business import Business, Record

MAX_DEPTH = 50


def refuse_loops(business: Business, resource: Resource, record: Record) -> None:
    """400 when a self-reference of ``record`` leads back to it or runs past :data:`MAX_DEPTH` links."""
    table = resource.table(business)
    for f in resource.reference_fields:
        if not isinstance(f.type, Ref) or f.type.resource != resource.object:
            continue
        seen: set[Any] = {record.get("id")}
        current = record.get(f.name)
        while current is not None:
            if current in seen:
                raise InvalidRequest(f"The chain of {_words(f.name)}s would loop back to {resource.label} "
                                     f"{current}", f.name)
            if len(seen) > MAX_DEPTH:
                raise InvalidRequest(f"A chain of {_words(f.name)} is at most {MAX_DEPTH} long", f.name)
            seen.add(current)
            above = table.get(current)
            current = above.get(f.name) if above is not None else None


def _words(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ")
