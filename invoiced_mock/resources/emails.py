"""Emails (§2.24): what a send through ``POST …/emails`` queued; written by ``rules/sending.py``."""

from __future__ import annotations

from ..core.fields import Array, Int, Str
from ..core.resource import TIMESTAMPS, Field, Resource


class Emails(Resource):
    object = "email"
    path = "emails"
    label = "Email"
    string_ids = True
    operations = frozenset({"retrieve"})
    emits_events = False  # rules/sending.py records email.sent instead of email.created
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
        *TIMESTAMPS,
    )
