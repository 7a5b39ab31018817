"""What emails, letters and text messages share: queued send results, read back by id.

``SentMessage`` is abstract (no ``object``, so it registers nothing). Each send result remembers,
hidden, what it was about (``about``: the document or customer, and the customer), so its
``<channel>.sent`` event answers ``GET /events?related_to=invoice,12``. Written by ``rules/sending.py``.
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.core.fields import Array
from invoiced_mock.core.resource import Field, Resource
from invoiced_mock.store.business import Record

ABOUT = Field("about", Array(), default=list, read_only=True, hidden=True, filterable=False)


class SentMessage(Resource):
    string_ids = True
    operations = frozenset({"retrieve"})
    emits_events = False  # rules/sending.py records <channel>.sent instead of <channel>.created
    event_verbs = ("sent",)

    def related(self, record: Record) -> set[tuple[str, Any]]:
        return {(kind, object_id) for kind, object_id in record.get("about") or []}
