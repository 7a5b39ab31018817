"""Inboxes: the business's incoming-email address; one per business, created on first use.

Its threads and emails are reached under it (``GET /inboxes/:id/threads``, ``GET|POST /inboxes/:id/emails``):
``resources/email_threads.py`` and ``resources/inbox_emails.py``.
"""

from __future__ import annotations

import secrets
import string

from invoiced_mock.core.fields import Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.resources import email_threads, inbox_emails
from invoiced_mock.rules.settings import Setting, new_row
from invoiced_mock.store.business import Business, Record

_ALPHABET = string.ascii_lowercase + string.digits


class Inboxes(Setting):
    object = "inbox"
    path = "inboxes"
    label = "Inbox"
    operations = frozenset({"list", "retrieve"})
    actions = (email_threads.LIST_IN_INBOX, inbox_emails.LIST_IN_INBOX, inbox_emails.SEND)
    fields = (
        Field("external_id", Str(), read_only=True),
        *TIMESTAMPS,
    )

    def seed(self, business: Business) -> list[Record]:
        external_id = "".join(secrets.choice(_ALPHABET) for _ in range(10))
        return [new_row(business, self, id=business.next_in_sequence(self.object), external_id=external_id)]
