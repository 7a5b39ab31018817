"""The shared inbox: the emails the business sends, kept in threads of its inbox.

Every email that leaves (a document or statement sent with ``POST …/emails``, a chasing step, a message
sent from the inbox with ``POST /inboxes/:id/emails``) is recorded as an outgoing inbox email
(``incoming: false``) from the inbox's own address, in a thread: the thread given, else the thread about
the same document or customer (``related_to_type``/``related_to_id``), else a new one named after the
subject. Every address an email names is kept once as an email participant, which
``GET /autocomplete/emails`` searches.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.rules import settings
from invoiced_mock.store.business import Business, Record

INBOX, THREAD, EMAIL, PARTICIPANT = "inbox", "email_thread", "inbox_email", "email_participant"
MAIL_DOMAIN = "invoicedmail.com"  # where the backend's inboxes receive mail
Address = dict[str, Any]  # {"name": ..., "email_address": ...}


def served(business: Business) -> bool:
    """Whether this mock keeps an inbox at all (every resource of it registered)."""
    return all(name in REGISTRY for name in (INBOX, THREAD, EMAIL, PARTICIPANT))


def the_inbox(business: Business) -> Record:
    """The business's one inbox (stored on first use)."""
    return next(iter(REGISTRY[INBOX].table(business).rows.values()))


def address_of(business: Business) -> Address:
    """Who the business's emails come from: its name at its inbox's address."""
    return {"name": settings.company(business).get("name"),
            "email_address": f"{the_inbox(business)['external_id']}@{MAIL_DOMAIN}"}


def thread_about(business: Business, object_type: str, object_id: Any) -> Record | None:
    """The thread about one document or customer (the oldest, should there be several)."""
    rows = REGISTRY[THREAD].table(business).where("related_to_id", object_id)
    return next((r for r in rows if r.get("related_to_type") == object_type), None)


def record_outgoing(business: Business, *, subject: str, message: str | None, to: list[Address],
                    cc: Iterable[Address] = (), bcc: Iterable[Address] = (), thread: Record | None = None,
                    related: tuple[str, Any] | None = None, customer: Any = None, reply_to: Any = None,
                    attachments: Iterable[int] = (), status: str | None = None) -> Record:
    """Store one outgoing email (and its thread, when it needs a new one); the stored email."""
    if thread is None and related is not None:
        thread = thread_about(business, *related)
    if thread is None:
        thread = _new_thread(business, subject, related, customer, status or "open")
    else:
        thread = _touch(business, thread, status)
    cc, bcc = list(cc), list(bcc)
    sender = address_of(business)
    remember(business, [sender, *to, *cc, *bcc])
    emails = REGISTRY[EMAIL]
    return crud.create(business, emails, {}, preset={
        "thread": thread["id"], "thread_id": thread["id"], "reply_to_email": reply_to, "reply_to_email_id": reply_to,
        "subject": subject, "date": business.clock.now(), "incoming": False, "from": sender, "to": to, "cc": cc,
        "bcc": bcc, "inbox": thread["inbox"], "message": message, "attachments": list(attachments)})


def _new_thread(business: Business, name: str, related: tuple[str, Any] | None, customer: Any,
                status: str) -> Record:
    kind, object_id = related if related is not None else (None, None)
    return crud.create(business, REGISTRY[THREAD], {}, preset={
        "inbox": the_inbox(business)["id"], "inbox_id": the_inbox(business)["id"], "name": name or "(no subject)",
        "customer": customer, "customer_id": customer, "related_to_type": kind, "related_to_id": object_id,
        "status": status, "outgoing": True})


def _touch(business: Business, thread: Record, status: str | None) -> Record:
    """A thread that got another outgoing email: marked as having one, and given the status asked for."""
    changed = copy.deepcopy(thread)
    changed["outgoing"] = True
    if status is not None:
        changed["status"] = status
    if changed == thread:
        return thread
    changed["updated_at"] = business.clock.now()
    threads = REGISTRY[THREAD]
    threads.apply_rules(business, changed, thread)
    return crud.save(business, threads, changed, thread)


def remember(business: Business, addresses: Iterable[Address]) -> None:
    """Keep each address once as a participant (a name learnt later fills a missing one)."""
    participants = REGISTRY[PARTICIPANT]
    table = participants.table(business)
    for address in addresses:
        email = address.get("email_address")
        if not email:
            continue
        owner = table.owner_of("email_address", email)
        if owner is None:
            crud.create(business, participants, {}, preset={"name": address.get("name"), "email_address": email})
        elif address.get("name") and not table.rows[owner].get("name"):
            crud.save(business, participants, {**table.rows[owner], "name": address["name"]}, table.rows[owner])
