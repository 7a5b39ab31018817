"""Text messages (§2.24): what a send through ``POST …/text_messages`` queued; see ``rules/sending.py``."""

from __future__ import annotations

from ..core.fields import Str
from ..core.resource import TIMESTAMPS, Field, Resource


class TextMessages(Resource):
    object = "text_message"
    path = "text_messages"
    label = "Text Message"
    string_ids = True
    operations = frozenset({"retrieve"})
    emits_events = False  # rules/sending.py records text_message.sent
    fields = (
        Field("state", Str(), default="sent"),
        Field("message", Str()),
        Field("to", Str()),
        *TIMESTAMPS,
    )
