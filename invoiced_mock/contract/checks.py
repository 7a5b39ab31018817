"""The mock checking itself at run time: each response body against the schema of what it answers.

Two switches use this. ``InvoicedMock(strict=True)`` (``invoiced-mock serve --strict``) answers 500
``api_error`` naming the violation when a body breaks its schema. The suite-wide :data:`AUDIT`, switched
on by a test suite (``enable_audit()``), records every violation any mock answers, for the suite to fail
the test that caused it, without changing the response the test sees.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from invoiced_mock.contract.route_schemas import response_schema
from invoiced_mock.contract.validation import Violation, violations
from invoiced_mock.core.operations import Operation
from invoiced_mock.core.resource import Batch, Data, Many, One, Reply


def schema_for(reply: Reply, body: bytes = b"", op: Operation | None = None) -> str | None:
    """The published schema a reply's body must match, or None when it has no JSON body or none is declared:
    the route's (``contract/routes.py``) when ``op`` is given, else what the reply says it is."""
    if not isinstance(reply, (One, Many, Batch, Data)):
        return None
    name = response_schema(op) if op is not None else _reply_schema(reply)
    if name and isinstance(reply, Batch) and reply.lone:  # one letter; an array for the clients that read one
        return f"{name.removesuffix('_list')}_list" if body.lstrip()[:1] == b"[" else name.removesuffix("_list")
    return name


def _reply_schema(reply: Reply) -> str | None:
    if isinstance(reply, One):
        return reply.resource.object
    if isinstance(reply, (Many, Batch)):
        return f"{reply.resource.object}_list"
    if isinstance(reply, Data):
        return reply.schema
    return None


def check_body(body: bytes, schema: str) -> list[Violation]:
    """Violations of ``schema`` by an encoded JSON body (what goes on the wire, not what was meant to)."""
    try:
        value: Any = json.loads(body)
    except ValueError as error:
        return [Violation(schema, "$", "json", f"body is not JSON: {error}")]
    return violations(value, schema)


class Audit:
    """Every contract violation seen while enabled, with the request that caused it. Thread-safe."""

    def __init__(self) -> None:
        self.enabled = False
        self._found: list[str] = []
        self._lock = threading.Lock()

    def record(self, where: str, found: list[Violation]) -> None:
        with self._lock:
            self._found.extend(f"{where}: {v}" for v in found)

    def take(self) -> list[str]:
        """The violations recorded since the last ``take``, and forget them."""
        with self._lock:
            found, self._found = self._found, []
        return found


AUDIT = Audit()


def enable_audit() -> Audit:
    """Check every response of every ``InvoicedMock`` in this process from now on (for test suites)."""
    AUDIT.enabled = True
    return AUDIT
