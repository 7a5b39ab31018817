"""Webhook attempts: one per event delivered to one webhook, with the status of every try.

Each try appends ``{status_code, timestamp}`` to ``attempts`` once the receiver answers (``status_code``
null when nothing answered). A try the mock may not send (``delivery.refusal``: a host outside the allow-list,
a URL no receiver can have) is recorded at once, never queued, with ``status_code`` null and the ``error`` saying
how to allow it, as the API records a delivery that failed to connect; the request that set it off has it in
its journal entry (``core/notices.py``). A try that is not a 2xx is retried on the mock clock after ``BACKOFF``
(1 min, 5 min, 30 min, 2 h, 12 h; ``next_attempt`` says when), then given up; ``POST
/webhook_attempts/<id>/retries`` (204) sends it again at once.
"""

from __future__ import annotations

import copy
from typing import Any, cast

from invoiced_mock.core import crud, notices, schedule
from invoiced_mock.core.fields import Array, Bool, Int, Object, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Empty, Field, Reply
from invoiced_mock.delivery import outbound as delivery
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record

BACKOFF = (60, 300, 1_800, 7_200, 43_200)  # seconds of mock time after the 1st, 2nd, ... failed try


def _retry(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    hook = REGISTRY["webhook"].table(business).get(record["webhook"])
    if hook is None:
        raise InvalidRequest("The webhook for this attempt no longer exists")
    attempts().deliver(business, record, hook["secret"])
    return Empty()


class WebhookAttempts(Setting):
    object = "webhook_attempt"
    path = "webhook_attempts"
    label = "Webhook Attempt"
    differs = (
        "A delivery that is not answered with a 2xx is retried on the mock's own schedule (1 min, 5 min, 30 "
        "min, 2 h, 12 h of mock time).",
    )
    newest_first = True
    operations = frozenset({"list"})
    timed = ("retry",)
    actions = (Action("retries", "POST", _retry, returns="", status=204, params=()),)
    fields = (
        Field("event_id", Int(minimum=1), required=True, create_only=True),
        Field("url", Str(), required=True, create_only=True),
        Field("attempts", Array(), default=list, read_only=True),
        Field("next_attempt", Timestamp(), read_only=True),
        Field("payload", Object(), hidden=True, create_only=True),  # the event; ``include=payload`` shows it
        Field("webhook", Int(), hidden=True, create_only=True),
        Field("retrying", Bool(), default=False, hidden=True, read_only=True),  # a retry is scheduled
        *TIMESTAMPS,
    )

    def start(self, business: Business, hook: Record, event: dict[str, Any]) -> None:
        """Record an attempt of ``event`` at ``hook`` and send it."""
        attempt = crud.create(business, self, {
            "event_id": event["id"], "url": hook["url"], "payload": event, "webhook": hook["id"]})
        self.deliver(business, attempt, hook["secret"])

    def deliver(self, business: Business, attempt: Record, secret: str) -> None:
        attempt_id = attempt["id"]
        why = delivery.refusal(attempt["url"])
        if why is not None:  # decided before anything is queued: nothing leaves the machine
            notices.notice("webhooks", {"webhook": attempt["webhook"], "url": attempt["url"], "attempt": attempt_id,
                                        "event": attempt["event_id"], "refused": why})
            self._answered(business, attempt_id, None, error=why)
            return
        delivery.send(delivery.Delivery(attempt["url"], delivery.encode(attempt["payload"]), secret,
                                        lambda status: self._answered(business, attempt_id, status)))

    def _answered(self, business: Business, attempt_id: int, status: int | None, error: str | None = None) -> None:
        """Append one try's outcome (``error``: why it was not sent) and plan the next try after a failure
        (called on a delivery thread, so it takes the business lock)."""
        with business.lock:
            table = self.table(business)
            old = table.get(attempt_id)
            if old is None:
                return
            record = copy.deepcopy(old)
            now = business.clock.now()
            tried = {"status_code": status, "timestamp": now} if error is None else {
                "status_code": None, "error": error, "timestamp": now}
            record["attempts"] = [*old["attempts"], tried]
            record["updated_at"] = now
            failures = sum(1 for a in record["attempts"] if not _succeeded(a["status_code"]))
            retry = not _succeeded(status) and failures <= len(BACKOFF)
            record["next_attempt"] = now + BACKOFF[failures - 1] if retry else None
            record["retrying"] = retry
            table.put(record)
            schedule.plan(business, self, record)

    def timeline(self, business: Business, record: Record) -> dict[str, int | None]:
        return {"retry": record["next_attempt"] if record.get("retrying") else None}

    def when_due(self, business: Business, record: Record, kind: str, instant: int) -> None:
        """Send a failed attempt again once its ``next_attempt`` has come (given up if its webhook is gone)."""
        self.table(business).put({**record, "retrying": False, "next_attempt": None})
        hook = REGISTRY["webhook"].table(business).get(record["webhook"])
        if hook is not None:
            business.on_commit(lambda: self.deliver(business, record, hook["secret"]))


def _succeeded(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def attempts() -> WebhookAttempts:
    """The registered webhook attempts resource (``resources/catalogue.py`` registers it)."""
    return cast(WebhookAttempts, REGISTRY["webhook_attempt"])
