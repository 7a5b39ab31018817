"""Text messages (§2.24): what a send through ``POST …/text_messages`` queued; see ``rules/sending.py``."""

from __future__ import annotations

from invoiced_mock.core.fields import Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.resources.sent import ABOUT, SentMessage


class TextMessages(SentMessage):
    object = "text_message"
    path = "text_messages"
    label = "Text Message"
    fields = (
        Field("state", Str(), default="sent"),
        Field("message", Str()),
        Field("to", Str()),
        ABOUT,
        *TIMESTAMPS,
    )
