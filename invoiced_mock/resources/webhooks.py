"""Webhooks: endpoints that receive every committed event they subscribe to, signed with their secret.

Delivery happens after the request's transaction commits (the ``on_event`` hook), off the request
thread (``delivery/outbound.py``); each delivery is a ``webhook_attempt`` (see ``webhook_attempts.py``). A webhook
takes any URL the API's own check takes; whether the mock may deliver there (http(s), a valid port, a host on
the allow-list) is decided at each delivery, which is refused, and recorded as a failed try, when it may not.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from invoiced_mock.core.fields import Array, Bool, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.resources.webhook_attempts import attempts
from invoiced_mock.rules.settings import Setting, Url
from invoiced_mock.store.business import Business, Record


class Webhooks(Setting):
    object = "webhook"
    path = "webhooks"
    label = "Webhook"
    differs = (
        "A webhook URL must be http(s) on an allowed host: loopback only, unless the server is started with "
        "`--webhook-allow HOST`; redirects are recorded, never followed.",
    )
    indexed = ("enabled",)
    fields = (
        Field("url", Url(any_scheme=True), required=True),
        Field("enabled", Bool(), default=True),
        Field("events", Array(of=Str(max_length=255)), default=lambda: ["*"]),
        Field("secret", Str(), read_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            record["secret"] = secrets.token_hex(16)

    def on_event(self, business: Business, event_type: str, presented: Callable[[], dict[str, Any]]) -> None:
        table = business.tables.get(self.object)
        if not table:  # no webhook was ever registered (almost every business): nothing to look up
            return
        for hook in table.where("enabled", True):
            if "*" in hook["events"] or event_type in hook["events"]:
                attempts().start(business, hook, presented())
