"""Emails of the shared inbox (backend ``ListInboxEmailsRoute``, ``SendEmailRoute``, ``ListInboxThreadEmailsRoute``,
``ListAttachmentsRoute``): ``GET|POST /inboxes/:id/emails``, ``GET /threads/:id/emails`` and
``GET /emails/:id/attachments``.

Shown as the backend's ``InboxEmail``: ``object: "email"``, integer ids, ``thread``, ``reply_to_email``,
``subject``, ``date``, ``incoming``, ``sent_by``, ``opens``, ``bounce``, ``complaint`` and the participants
``from``, ``to``, ``cc``, ``bcc`` as ``{name, email_address}``. An inbox lists its emails newest first, a
thread oldest first, as the backend sorts them. ``GET /emails/:id`` stays the legacy send result (the
backend routes it there first), so an inbox email is read through its lists.

``POST /inboxes/:id/emails`` sends an email (201): ``subject`` and ``message`` are required, ``to``, ``cc``
and ``bcc`` are lists of ``{name, email_address}`` (at least one address in all), ``thread_id`` replies in
a thread (404 when there is none), ``reply_to_id`` names the email answered, ``related_to_type`` and
``related_to_id`` the document or customer it is about (which must exist), ``attachments`` file ids, and
``status`` the thread's status. What it does is ``rules/inbox.py``. Differences: nothing is delivered, every
account has the inbox feature, ``network_connection`` (the Invoiced network) is not taken, and the mock
keeps no incoming mail (emails sent to the inbox's address never arrive).
"""

from __future__ import annotations

from typing import Any

from invoiced_mock.core import crud, query
from invoiced_mock.core.fields import Array, Bool, Email, Int, IntRefList, Ref, Shape, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Field, Many, Mount, One, Reply, Resource
from invoiced_mock.errors import InvalidRequest, NotFound
from invoiced_mock.rules import attachments, inbox
from invoiced_mock.store.business import Business, Record

RECIPIENT = Shape(name="email_recipient", properties=(("name", Str(max_length=255)), ("email_address", Email())),
                  required=("email_address",))
RECIPIENTS = Array(of=RECIPIENT)
THREAD_STATUSES = ("open", "pending", "closed")
# What an email may be about (``related_to_type``): the backend's object types that the mock serves.
RELATED_TYPES = ("customer", "invoice", "credit_note", "estimate", "payment", "subscription", "contact", "task",
                 "note", "payment_plan", "charge", "refund")
LIST_PARAMS = (*sorted(query.PARAMS), "page", "per_page")
_TEXT, _ID, _FILES = Str(), Int(minimum=1), IntRefList(resource="file")
SEND_BODY = Shape(properties=(
    ("to", RECIPIENTS), ("cc", RECIPIENTS), ("bcc", RECIPIENTS), ("subject", _TEXT), ("message", _TEXT),
    ("thread_id", _ID), ("reply_to_id", _ID), ("related_to_type", Str(choices=RELATED_TYPES)),
    ("related_to_id", _ID), ("attachments", _FILES), ("status", Str(choices=THREAD_STATUSES)),
), required=("subject", "message"))


class InboxEmails(Resource):
    object = inbox.EMAIL
    path = "emails"  # only GET /emails/<id>/attachments: the legacy emails answer GET /emails/<id>
    label = "Email"
    operations = frozenset()
    emits_events = False
    has_object_key = False  # its ``object`` is the backend's "email", not this declaration's name
    newest_first = True
    indexed = ("inbox", "thread")
    actions = (attachments.LIST,)
    fields = (
        Field("object", Str(choices=("email",)), default="email", read_only=True, filterable=False),
        Field("thread", Ref(resource=inbox.THREAD), read_only=True),
        Field("thread_id", Int(), read_only=True),
        Field("reply_to_email", Ref(resource=inbox.EMAIL), read_only=True),
        Field("reply_to_email_id", Int(), read_only=True),
        Field("message_id", Str(), read_only=True),
        Field("subject", Str(), default="", read_only=True),
        Field("date", Timestamp(), read_only=True),
        Field("incoming", Bool(), default=True, read_only=True),
        Field("sent_by", Int(), read_only=True),
        Field("opens", Int(), default=0, read_only=True),
        Field("bounce", Bool(), default=False, read_only=True),
        Field("complaint", Bool(), default=False, read_only=True),
        Field("from", RECIPIENT, read_only=True),
        Field("to", RECIPIENTS, default=list, read_only=True),
        Field("cc", RECIPIENTS, default=list, read_only=True),
        Field("bcc", RECIPIENTS, default=list, read_only=True),
        Field("inbox", Int(), read_only=True, hidden=True, filterable=False),
        Field("message", Str(), read_only=True, hidden=True, filterable=False),
        Field("attachments", _FILES, default=list, read_only=True, hidden=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            record["message_id"] = f"<{record['id']}.{record['date']}@{inbox.MAIL_DOMAIN}>"


def _emails() -> Resource:
    return REGISTRY[inbox.EMAIL]


def emails_of_inbox(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    return Many(_emails(), crud.listing(business, _emails(), params, record["id"], Mount(inbox.INBOX, "inbox")))


def emails_of_thread(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    ordered = {**params}
    ordered.setdefault("sort", "id asc")  # a thread reads oldest first
    return Many(_emails(), crud.listing(business, _emails(), ordered, record["id"], Mount(inbox.THREAD, "thread")))


def send(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``POST /inboxes/:id/emails``: one outgoing email, in the thread asked for or one of its own."""
    subject, message = _required_text(params, "subject"), _required_text(params, "message")
    to, cc, bcc = (_recipients(params.get(name), name) for name in ("to", "cc", "bcc"))
    if not (to or cc or bcc):
        raise InvalidRequest("An email needs at least one recipient", "to")
    status = params.get("status")
    if status not in (None, "") and status not in THREAD_STATUSES:
        raise InvalidRequest(f"Status must be one of: {', '.join(THREAD_STATUSES)}", "status")
    thread = _thread(business, params.get("thread_id"))
    related, customer = _related(business, params)
    reply_to = _reply_to(business, params.get("reply_to_id"))
    files = _FILES.coerce(params["attachments"], "attachments") if params.get("attachments") else []
    for file_id in files:
        if REGISTRY["file"].table(business).get(file_id) is None:
            raise InvalidRequest(f"No such file: {file_id}", "attachments")
    email = inbox.record_outgoing(business, subject=subject, message=message, to=to, cc=cc, bcc=bcc, thread=thread,
                                  related=related, customer=customer, reply_to=reply_to, attachments=files,
                                  status=status or None)
    return One(_emails(), email, status=201)


def _required_text(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    if value in (None, ""):
        raise InvalidRequest(f"{name.capitalize()} is missing", name)
    text: str = _TEXT.coerce(value, name)
    return text


def _recipients(raw: Any, param: str) -> list[dict[str, Any]]:
    if raw in (None, ""):
        return []
    try:
        given = RECIPIENTS.coerce(raw, param)
    except InvalidRequest as refused:  # named at the list: the backend validates the parameter whole
        raise InvalidRequest(refused.message, param) from None
    return [{"name": r.get("name"), "email_address": r["email_address"]} for r in given]


def _thread(business: Business, raw: Any) -> Record | None:
    if raw in (None, ""):
        return None
    thread = REGISTRY[inbox.THREAD].table(business).get(_ID.coerce(raw, "thread_id"))
    if thread is None:
        raise NotFound.object(REGISTRY[inbox.THREAD].label, raw)
    return thread


def _related(business: Business, params: dict[str, Any]) -> tuple[tuple[str, Any] | None, Any]:
    """What the email is about (type, id) and the customer that makes its thread's, from ``related_to_*``."""
    kind, raw = params.get("related_to_type"), params.get("related_to_id")
    if kind in (None, ""):
        return None, None
    if kind not in RELATED_TYPES or kind not in REGISTRY:
        raise InvalidRequest(f"Related to type must be one of: {', '.join(RELATED_TYPES)}", "related_to_type")
    target = REGISTRY[kind]
    found = target.table(business).get(_ID.coerce(raw, "related_to_id")) if raw not in (None, "") else None
    if found is None:
        raise InvalidRequest(f"No such {target.label.lower()}: {raw}", "related_to_id")
    customer = found["id"] if kind == "customer" else found.get("customer")
    return (kind, found["id"]), customer


def _reply_to(business: Business, raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    email_id = _ID.coerce(raw, "reply_to_id")
    if _emails().table(business).get(email_id) is None:
        raise InvalidRequest(f"No such email: {raw}", "reply_to_id")
    return email_id


LIST_IN_INBOX = Action("emails", "GET", emails_of_inbox, returns=f"{inbox.EMAIL}_list", params=LIST_PARAMS)
LIST_IN_THREAD = Action("emails", "GET", emails_of_thread, returns=f"{inbox.EMAIL}_list", params=LIST_PARAMS)
SEND = Action("emails", "POST", send, returns=inbox.EMAIL, status=201, params=SEND_BODY.names, body=SEND_BODY)
