"""Events: the read-only activity log every mutation writes to (see ``core/events.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.fields import Int, Object, Shape, Str
from ..core.resource import Field, Resource
from ..errors import InvalidRequest
from ..store import Business, Record

_TIMESTAMP = Int(minimum=0)
# ``data``: the object as it is now, and for updates the previous values of what changed.
DATA = Shape(properties=(("object", Object()), ("previous", Object())), required=("object",))


class Events(Resource):
    object = "event"
    path = "events"
    label = "Event"
    operations = frozenset({"retrieve", "list"})
    newest_first = True
    emits_events = False
    list_params = ("type", "related_to", "start_date", "end_date")
    fields = (
        Field("type", Str()),
        Field("timestamp", Int()),
        Field("data", DATA),
    )

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        checks: list[Callable[[Record], bool]] = []
        if params.get("type"):
            checks.append(lambda r, t=str(params["type"]): r["type"] == t)
        if params.get("related_to"):
            kind, _, object_id = str(params["related_to"]).partition(",")
            if not object_id:
                raise InvalidRequest("related_to must look like <object>,<id>, e.g. customer,12", "related_to")
            wanted = [kind.strip(), object_id.strip()]
            checks.append(lambda r: wanted in [list(pair) for pair in r["related"]])
        for name, keep in (("start_date", lambda t, b: t >= b), ("end_date", lambda t, b: t <= b)):
            if params.get(name) not in (None, ""):
                bound = _TIMESTAMP.coerce(params[name], name)
                checks.append(lambda r, b=bound, k=keep: k(r["timestamp"], b))
        if not checks:
            return None
        return lambda r: all(check(r) for check in checks)
