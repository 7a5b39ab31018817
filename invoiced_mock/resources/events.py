"""Events: the read-only activity log every mutation writes to (see ``core/events.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from invoiced_mock.core.fields import Array, Int, Object, Schema, SchemaContext, Shape, Str
from invoiced_mock.core.presenter import plain
from invoiced_mock.core.resource import REGISTRY, Field, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.embedded import API_USER, USER
from invoiced_mock.store.business import Business, Record

_TIMESTAMP = Int(minimum=0)
# ``data``: the object as it is now, and for updates the previous values of what changed.
DATA = Shape(properties=(("object", Object()), ("previous", Object())), required=("object",))
# Types the reference documents beyond ``<object>.created|updated|deleted`` (§2.21) and those the mock adds.
DOCUMENTED = (
    "charge.failed", "charge.pending", "charge.succeeded", "customer.merged", "credit_note.viewed",
    "credit_note.voided", "estimate.viewed", "estimate.approved", "estimate.voided", "invoice.viewed",
    "invoice.payment_expected", "invoice.paid", "invoice.voided", "task.completed", "email.sent", "email.not_sent",
    "letter.sent", "text_message.sent", "refund.created", "payment_link.completed",
)
CRUD_VERBS = ("created", "updated", "deleted")


def _families() -> dict[str, str]:
    """Event type prefix → the schema of the object its events carry (``payment_source`` → either source)."""
    families = {}
    for r in REGISTRY.values():
        if r.emits_events or r.object in ("email", "letter", "text_message"):
            prefix = r.event_object or r.object
            families[prefix] = prefix if prefix in REGISTRY else r.object
    return families


@dataclass(frozen=True)
class EventType(Str):
    """An event's ``type``: the documented ones and ``<object>.<verb>`` for every object that has events."""

    def schema(self, ctx: SchemaContext) -> Schema:
        return {"type": "string", "enum": sorted(_types())}

    def coerce(self, value: Any, param: str) -> Any:
        text = super().coerce(value, param)
        if text not in _types():  # only an import writes an event's type from outside
            raise InvalidRequest(f"{text[:100]!r} is not a type of event the API records", param)
        return text


def _types() -> set[str]:
    return {*(f"{prefix}.{verb}" for prefix in _families() for verb in CRUD_VERBS), *DOCUMENTED}


class Events(Resource):
    object = "event"
    path = "events"
    label = "Event"
    operations = frozenset({"retrieve", "list"})
    newest_first = True
    emits_events = False
    list_params = ("type", "related_to", "start_date", "end_date")
    internal = (Field("related", Array()),)  # what it concerns, for ``related_to`` (checked on import)
    fields = (
        Field("type", EventType()),
        Field("timestamp", Int()),
        Field("data", DATA),
        Field("previous", Object(), read_only=True),  # as the reference's example shows it, beside ``data``
        Field("user", USER, read_only=True, hidden=True),  # the acting user: include=user (as the API, Go asks)
    )

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        # ``data.object`` is kept as an ``events.Presented`` view on the stored record: shown as a plain copy
        return {"data": plain(record["data"]), "previous": record["data"].get("previous"), "user": API_USER}

    def shown_rules(self) -> tuple[dict[str, Any], ...]:
        """``data.object`` is the object of the event's family (``invoice.paid`` → an invoice)."""
        return tuple({"if": {"required": ["type"], "properties": {"type": {"pattern": f"^{prefix}[.]"}}},
                      "then": {"properties": {"data": {"properties": {"object": {"$ref": f"{name}.json"}}}}}}
                     for prefix, name in sorted(_families().items()))

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        checks: list[Callable[[Record], bool]] = []
        if params.get("type"):
            checks.append(cast("Callable[[Record], bool]", lambda r, t=str(params["type"]): r["type"] == t))
        if params.get("related_to"):
            kind, _, object_id = str(params["related_to"]).partition(",")
            if not object_id:
                raise InvalidRequest("related_to must look like <object>,<id>, e.g. customer,12", "related_to")
            wanted = [kind.strip(), object_id.strip()]
            checks.append(lambda r: wanted in [list(pair) for pair in r["related"]])
        for name, keep in (("start_date", lambda t, b: t >= b), ("end_date", lambda t, b: t <= b)):
            if params.get(name) not in (None, ""):
                bound = _TIMESTAMP.coerce(params[name], name)
                checks.append(cast("Callable[[Record], bool]", lambda r, b=bound, k=keep: k(r["timestamp"], b)))
        if not checks:
            return None
        return lambda r: all(check(r) for check in checks)
