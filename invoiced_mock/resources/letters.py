"""Letters (§2.24): what a send through ``POST …/letters`` queued; written by ``rules/sending.py``."""

from __future__ import annotations

from invoiced_mock.core.fields import Int, Str, Timestamp
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.resources.sent import ABOUT, SentMessage


class Letters(SentMessage):
    object = "letter"
    path = "letters"
    label = "Letter"
    differs = (
        "The API answers one `letter` object; a request whose `User-Agent` names the Python, Ruby or PHP "
        "client gets a one-element array instead, which is what those clients parse.",
    )
    fields = (
        Field("state", Str(), default="queued"),
        Field("num_pages", Int(), default=1),
        Field("expected_delivery_date", Timestamp()),
        Field("to", Str()),
        ABOUT,
        *TIMESTAMPS,
    )
