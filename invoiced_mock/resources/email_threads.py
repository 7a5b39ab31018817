"""Threads of the shared inbox (backend ``ListInboxThreadsRoute``, ``RetrieveEmailThreadRoute``,
``EditInboxThreadRoute``): ``GET /inboxes/:id/threads``, ``GET|PATCH /threads/:id``.

A thread gathers the emails about one document or customer (``rules/inbox.py`` makes them as emails go
out). Shown as the backend's ``EmailThread``: no ``object`` key, ``inbox``/``inbox_id``,
``customer``/``customer_id``, ``vendor``/``vendor_id`` (always null: the mock has no payables),
``assignee``/``assignee_id``, ``related_to_id`` and ``object_type`` (the type it is about), ``name``,
``status`` (``open``, ``pending``, ``closed``) and ``close_date``. A ``PATCH`` takes ``status``, ``name``,
``customer_id`` (refused, as by the backend, once the thread is about a document) and ``assignee_id`` (a
member's user id). An inbox lists its threads newest first; ``status=sent`` lists those with an email
sent from the inbox, another status those in it. Chosen where the backend is silent: ``close_date`` is
set when a thread is closed and cleared when it is opened again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Int, Ref, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Field, Many, Mount, Reply
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.inbox_emails import LIST_IN_THREAD, LIST_PARAMS, THREAD_STATUSES
from invoiced_mock.rules import inbox
from invoiced_mock.rules.settings import Setting
from invoiced_mock.store.business import Business, Record

STATUS_FILTERS = ("all", "sent", *THREAD_STATUSES)


class EmailThreads(Setting):
    object = inbox.THREAD
    path = "threads"
    label = "Email Thread"
    operations = frozenset({"retrieve", "update"})
    newest_first = True
    indexed = ("inbox", "related_to_id")
    actions = (LIST_IN_THREAD,)
    fields = (
        Field("inbox", Ref(resource=inbox.INBOX), read_only=True),
        Field("inbox_id", Int(), read_only=True),
        Field("customer", Ref(resource="customer"), read_only=True),
        Field("customer_id", Ref(resource="customer")),
        Field("vendor", Int(), read_only=True),
        Field("vendor_id", Int(), read_only=True),
        Field("assignee", Int(), read_only=True),
        Field("assignee_id", Int()),
        Field("related_to_type", Str(), read_only=True, hidden=True),
        Field("related_to_id", Int(), read_only=True),
        Field("object_type", Str(), read_only=True),
        Field("name", Str(max_length=255), required=True),
        Field("status", Str(choices=THREAD_STATUSES), default="open"),
        Field("close_date", Timestamp(), read_only=True),
        Field("outgoing", Bool(), default=False, read_only=True, hidden=True),  # any email sent from the inbox
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        moved = old is not None and record.get("customer_id") != old.get("customer_id")
        if moved and old is not None and old.get("related_to_id") is not None:
            raise InvalidRequest("Customer cannot be changed if the thread is related to document: "
                                 f"{old['related_to_id']}", "customer")
        record["customer"] = record.get("customer_id")
        assignee = record.get("assignee_id")
        if assignee is not None and not REGISTRY["member"].table(business).where("user_id", assignee):
            raise InvalidRequest(f"No such user: {assignee}", "assignee_id")
        record["assignee"] = assignee
        if record["status"] == "closed" and (old is None or old.get("status") != "closed"):
            record["close_date"] = business.clock.now()
        elif record["status"] != "closed":
            record["close_date"] = None

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        return {"object_type": record.get("related_to_type")}

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        wanted = params.get("status")
        if wanted in (None, "", "all"):
            return None
        if wanted not in STATUS_FILTERS:
            raise InvalidRequest(f"Status must be one of: {', '.join(STATUS_FILTERS)}", "status")
        if wanted == "sent":
            return lambda r: bool(r.get("outgoing"))
        return lambda r: r.get("status") == wanted


def threads_of_inbox(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    threads = REGISTRY[inbox.THREAD]
    return Many(threads, crud.listing(business, threads, params, record["id"], Mount(inbox.INBOX, "inbox")))


LIST_IN_INBOX = Action("threads", "GET", threads_of_inbox, returns=f"{inbox.THREAD}_list",
                       params=(*LIST_PARAMS, "status"))
