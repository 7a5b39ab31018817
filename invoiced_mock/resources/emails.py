"""Emails (§2.24): what a send through ``POST …/emails`` queued; written by ``rules/sending.py``."""

from __future__ import annotations

from ..core.fields import Array, Int, Str
from ..core.resource import TIMESTAMPS, Field
from .sent import ABOUT, SentMessage


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
        ABOUT,
        *TIMESTAMPS,
    )
