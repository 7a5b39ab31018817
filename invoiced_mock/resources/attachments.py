"""Attachments (§2.23): a file as attached to a document, listed by ``GET <document>/attachments``.

Not stored: built from a document's write-only ``attachments`` (file ids) by ``rules/attachments.py``.
"""

from __future__ import annotations

from invoiced_mock.core.fields import Embedded, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field, Resource


class Attachments(Resource):
    object = "attachment"
    path = "attachments"
    label = "Attachment"
    operations = frozenset()
    emits_events = False
    fields = (
        Field("file", Embedded(resource="file")),
        Field("location", Str(), default="attachment"),
        *TIMESTAMPS,
    )
