"""Webhook attempts: one per event delivered to one webhook, with the status of every try.

Failures are retried only when asked (``POST /webhook_attempts/<id>/retries``, 204); each try appends
``{status_code, timestamp}`` to ``attempts`` once the receiver answers (``status_code`` null when
nothing answered).
"""

from __future__ import annotations

import copy
from typing import Any, cast

from .. import delivery
from ..core import crud
from ..core.fields import Array, Int, Object, Str, Timestamp
from ..core.replies import Empty, Reply
from ..core.resource import REGISTRY, TIMESTAMPS, Action, Field
from ..errors import InvalidRequest
from ..rules.settings import Setting
from ..store import Business, Record


def _retry(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    hook = REGISTRY["webhook"].table(business).get(record["webhook"])
    if hook is None:
        raise InvalidRequest("The webhook for this attempt no longer exists")
    ATTEMPTS.deliver(business, record, hook["secret"])
    return Empty()


class WebhookAttempts(Setting):
    object = "webhook_attempt"
    path = "webhook_attempts"
    label = "Webhook Attempt"
    newest_first = True
    operations = frozenset({"list"})
    actions = (Action("retries", "POST", _retry, returns="", status=204, params=()),)
    fields = (
        Field("event_id", Int(minimum=1), required=True, create_only=True),
        Field("url", Str(), required=True, create_only=True),
        Field("attempts", Array(), default=list, read_only=True),
        Field("next_attempt", Timestamp(), read_only=True),
        Field("payload", Object(), hidden=True, create_only=True),  # the event; ``include=payload`` shows it
        Field("webhook", Int(), hidden=True, create_only=True),
        *TIMESTAMPS,
    )

    def start(self, business: Business, hook: Record, event: dict[str, Any]) -> None:
        """Record an attempt of ``event`` at ``hook`` and send it."""
        attempt = crud.create(business, self, {
            "event_id": event["id"], "url": hook["url"], "payload": event, "webhook": hook["id"]})
        self.deliver(business, attempt, hook["secret"])

    def deliver(self, business: Business, attempt: Record, secret: str) -> None:
        attempt_id = attempt["id"]
        delivery.send(delivery.Delivery(attempt["url"], delivery.encode(attempt["payload"]), secret,
                                        lambda status: self._answered(business, attempt_id, status)))

    def _answered(self, business: Business, attempt_id: int, status: int | None) -> None:
        """Append one try's outcome (called on a delivery thread, so it takes the business lock)."""
        with business.lock:
            table = self.table(business)
            old = table.get(attempt_id)
            if old is None:
                return
            record = copy.deepcopy(old)
            now = business.clock.now()
            record["attempts"] = [*old["attempts"], {"status_code": status, "timestamp": now}]
            record["updated_at"] = now
            table.put(record)


ATTEMPTS = cast(WebhookAttempts, REGISTRY["webhook_attempt"])
