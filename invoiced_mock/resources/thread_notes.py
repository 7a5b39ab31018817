"""Notes on a thread of the shared inbox (backend ``ListInboxThreadNotesRoute``, ``CreateInboxThreadNoteRoute``,
``EditInboxThreadNoteRoute``, ``DeleteInboxThreadNoteRoute``): ``GET|POST /threads/:id/notes``,
``PATCH|DELETE /threads/:id/notes/:note_id``.

Shown as the backend's ``EmailThreadNote``: no ``object`` key, ``thread``, ``note`` (required) and who wrote
it, ``user``/``user_id``: with an API key, the API's own user (as on customer notes). A note under another
thread is 404. Beyond the backend: ``GET /threads/:id/notes/:note_id`` reads one note.
"""

from __future__ import annotations

from invoiced_mock.core.fields import Int, Ref, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.resources.embedded import API_USER, USER
from invoiced_mock.rules import inbox
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record


class ThreadNotes(Setting):
    object = "email_thread_note"
    path = "notes"
    label = "Email Thread Note"
    parent = inbox.THREAD
    parent_field = "thread"
    operations = frozenset({"list", "create", "retrieve", "update", "delete"})
    fields = (
        Field("thread", Ref(resource=inbox.THREAD), read_only=True),
        Field("user", USER, read_only=True),
        Field("user_id", Int(), read_only=True),
        Field("note", Str(), required=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            record["user"], record["user_id"] = dict(API_USER), API_USER["id"]
