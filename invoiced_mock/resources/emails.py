"""Emails (§2.24): what a send through ``POST …/emails`` queued; written by ``rules/sending.py``."""

from __future__ import annotations

from typing import Any

from invoiced_mock.core.fields import Array, Int, Ref, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.resources.sent import ABOUT, SentMessage
from invoiced_mock.store.business import Business, Record


class Emails(SentMessage):
    object = "email"
    path = "emails"
    label = "Email"
    fields = (
        Field("state", Str(), default="sent"),
        Field("reject_reason", Str()),
        Field("email", Str()),
        Field("template", Str()),
        Field("subject", Str()),
        Field("message", Str()),
        Field("opens", Int(), default=0),
        Field("opens_detail", Array(), default=list),
        Field("clicks", Int(), default=0),
        Field("clicks_detail", Array(), default=list),
        Field("customer", Ref(resource="customer"), read_only=True),
        ABOUT,
        *TIMESTAMPS,
    )

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        """The customer it went to: the one its send was about."""
        return {"customer": next((i for kind, i in record.get("about") or [] if kind == "customer"), None)}
