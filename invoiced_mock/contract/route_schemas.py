"""Which published schema a route answers with: the one table that the OpenAPI document, the suite audit,
strict mode, ``assert_valid_response`` and ``invoiced-mock validate`` all read.

A list answers ``<object>_list``; a create answers its object (or what ``Resource.answers`` names: a charge
answers the payment it records); a delete answers nothing (204) unless the resource means more by it (a
payment is voided, a subscription canceled: 200 with the object); an action answers what its ``returns``
names (default: the resource's object; ``""``: nothing; a named ``Shape``: that shape).
"""

from __future__ import annotations

from invoiced_mock.core.fields import Either, Shape
from invoiced_mock.core.operations import Operation
from invoiced_mock.core.resource import Resource


def response_schema(op: Operation) -> str | None:
    """The schema a successful JSON answer of endpoint ``op`` matches (None: it answers no JSON)."""
    resource = op.resource
    if op.kind == "action" and op.action is not None:
        returns = op.action.returns
        if returns is None:
            return resource.object
        return returns.name if isinstance(returns, (Shape, Either)) else returns or None
    if op.kind in resource.answers:
        return resource.answers[op.kind] or None
    if op.kind == "list":
        return f"{resource.object}_list"
    if op.kind == "delete":
        return resource.object if type(resource).destroy is not Resource.destroy else None
    return resource.object


def success_status(op: Operation) -> int:
    """The status of a successful answer of ``op``."""
    if op.kind == "action" and op.action is not None:
        return op.action.status
    if op.kind == "create":
        return 201 if "create" not in op.resource.answers else 200
    if op.kind == "delete":
        return 200 if response_schema(op) else 204
    return 200
