"""Sending documents and statements (§2.24): ``POST <document or customer>/emails|text_messages|letters``.

One handler per channel serves every sender, found from the record's ``object``: invoices, credit notes,
estimates, payments (receipts) and customers (statements). Each send queues an ``email``, ``letter`` or
``text_message`` object, records ``<channel>.sent`` (§2.21), and marks a document sent: a draft is issued
(``draft`` false) and ``sent`` set. Voided documents cannot be sent (400). Clients may post no body at all
(the Python client's ``send_sms()``/``send_letter()`` post ``{}``): recipients then come from the customer.
An email also goes into the shared inbox, in the thread about the document or customer (``rules/inbox.py``).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import replace
from typing import Any

from invoiced_mock.core import crud, events
from invoiced_mock.core.fields import Array, Email, Object, Str, Timestamp
from invoiced_mock.core.resource import REGISTRY, Action, Batch
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import inbox
from invoiced_mock.store.business import Business, Record

TEMPLATES = {
    "invoice": "new_invoice_email",
    "credit_note": "credit_note_email",
    "estimate": "estimate_email",
    "payment": "payment_receipt_email",
    "customer": "statement_email",
}
STATEMENT_TYPES = ("balance_forward", "open_item")
DELIVERY_DAYS = 5  # a queued letter's expected delivery, counted from the send
_TEXT, _EMAIL, _WHEN = Str(), Email(), Timestamp()


def send_email(business: Business, record: Record, params: dict[str, Any]) -> Batch:
    customer = _sendable(business, record, params)
    recipients = _email_recipients(params.get("to"), business, customer)
    bcc = [_EMAIL.coerce(a.strip(), "bcc") for a in str(params.get("bcc") or "").split(",") if a.strip()]
    subject = params.get("subject")
    email = _queue(business, "email", record, customer, {
        "email": ", ".join(r["email_address"] for r in recipients),
        "template": _text(params, "template") or TEMPLATES[record["object"]],
        "subject": _TEXT.coerce(subject, "subject") if subject not in (None, "") else _default_subject(record),
        "message": _text(params, "message"),
    })
    if inbox.served(business):
        inbox.record_outgoing(business, subject=email["subject"], message=email["message"], to=recipients,
                              bcc=[{"name": None, "email_address": a} for a in bcc],
                              related=(record["object"], record["id"]), customer=customer["id"])
    mark_sent(business, record)
    return Batch(REGISTRY["email"], [email], status=201)


def send_text_message(business: Business, record: Record, params: dict[str, Any]) -> Batch:
    customer = _sendable(business, record, params)
    phones = _phone_recipients(params.get("to"), business, customer)
    message = _text(params, "message") or f"{_default_subject(record)} is ready to view."
    texts = [_queue(business, "text_message", record, customer, {"to": phone, "message": message})
             for phone in phones]
    mark_sent(business, record)
    return Batch(REGISTRY["text_message"], texts, status=201)


def send_letter(business: Business, record: Record, params: dict[str, Any]) -> Batch:
    customer = _sendable(business, record, params)
    source = params if params.get("address1") not in (None, "") else customer
    if source.get("address1") in (None, ""):
        raise InvalidRequest("The customer does not have a mailing address", "address1")
    city_line = " ".join(str(source[k]) for k in ("city", "state", "postal_code") if source.get(k))
    named = ("name", "address1", "address2") if source is params else ("name", "attention_to", "address1", "address2")
    lines = [source.get(k) for k in named] + [city_line, source.get("country")]  # a given address has no attention
    letter = _queue(business, "letter", record, customer, {
        "to": "\n".join(str(line) for line in lines if line),
        "expected_delivery_date": business.clock.now() + DELIVERY_DAYS * 86400,
    })
    mark_sent(business, record)
    return Batch(REGISTRY["letter"], [letter], status=201, lone=True)


# The routes a sender declares, one line each: ``actions = (sending.EMAILS, sending.LETTERS, ...)``; a customer
# sends statements, whose routes also take what the statement covers (``STATEMENT_EMAILS``...).
STATEMENT = ("type", "start", "end", "items")
EMAILS = Action("emails", "POST", send_email, returns="email_list", status=201,
                params=("to", "bcc", "template", "subject", "message"))
TEXT_MESSAGES = Action("text_messages", "POST", send_text_message, returns="text_message_list", status=201,
                       params=("to", "message"))
LETTERS = Action("letters", "POST", send_letter, returns="letter", status=201, params=(
    "name", "address1", "address2", "city", "state", "postal_code", "country"))
STATEMENT_EMAILS, STATEMENT_TEXT_MESSAGES, STATEMENT_LETTERS = (
    replace(action, params=(*(action.params or ()), *STATEMENT)) for action in (EMAILS, TEXT_MESSAGES, LETTERS))


def mark_sent(business: Business, record: Record) -> None:
    """A sent document is issued and flagged ``sent`` (where it has the flag), then re-settled (status).

    Not a PATCH: a closed (paid) document can still be sent, so the edit locks do not apply.
    """
    resource = REGISTRY[record["object"]]
    if "draft" not in resource.by_name:  # customers (statements) and payments (receipts) do not change
        return
    changed = copy.deepcopy(record)
    changed["draft"] = False
    for name, value in (("sent", True), ("last_sent", business.clock.now())):
        if name in resource.by_name:
            changed[name] = value
    changed["updated_at"] = business.clock.now()
    settle = getattr(resource, "settle", None)
    if settle is not None:
        settle(business, changed, record)
    crud.save(business, resource, changed, record)


def _sendable(business: Business, record: Record, params: dict[str, Any]) -> Record:
    """The customer a send goes to, after refusing voided documents and bad statement options."""
    if record.get("voided"):
        label = REGISTRY[record["object"]].label.lower()
        raise InvalidRequest(f"This {label} has been voided and cannot be sent.")
    if record["object"] == "customer":
        if params.get("type") not in (None, "") and params["type"] not in STATEMENT_TYPES:
            raise InvalidRequest(f"Type must be one of: {', '.join(STATEMENT_TYPES)}", "type")
        for name in ("start", "end"):
            if params.get(name) not in (None, ""):
                _WHEN.coerce(params[name], name)
        return record
    return crud.load(business, REGISTRY["customer"], record["customer"])


def _email_recipients(raw: Any, business: Business, customer: Record) -> list[dict[str, Any]]:
    """``{name, email_address}`` of each recipient: those given in ``to``, else the customer and its primary
    contacts with an address."""
    if raw not in (None, "", []):
        found = [{"name": r.get("name"), "email_address": _EMAIL.coerce(r.get("email"), "to")}
                 for r in _objects(raw, "to", "email")]
    else:
        people = [customer, *(c for c in _contacts(business, customer) if c.get("primary"))]
        found = [{"name": p.get("name"), "email_address": p["email"]} for p in people if p.get("email")]
    if not found:
        raise InvalidRequest("The customer does not have an email address; give the recipients in to", "to")
    unique: dict[str, dict[str, Any]] = {}
    for recipient in found:  # an address named twice is sent to once, under the first name given
        unique.setdefault(recipient["email_address"], recipient)
    return list(unique.values())


def _phone_recipients(raw: Any, business: Business, customer: Record) -> list[str]:
    if raw not in (None, "", []):
        return [_TEXT.coerce(r.get("phone"), "to") for r in _objects(raw, "to", "phone")]
    found = [c["phone"] for c in _contacts(business, customer) if c.get("sms_enabled") and c.get("phone")]
    if not found:
        raise InvalidRequest("The customer has no contact with text messages enabled; give the recipients in to",
                             "to")
    return list(dict.fromkeys(found))


def _objects(raw: Any, param: str, key: str) -> list[dict[str, Any]]:
    entries = [Object().coerce(e, param) for e in Array().coerce(raw, param)]
    for entry in entries:
        if entry.get(key) in (None, ""):
            raise InvalidRequest(f"Each recipient in {param} needs a {key}", param)
    return entries


def _contacts(business: Business, customer: Record) -> list[Record]:
    return REGISTRY["contact"].table(business).where("customer", customer["id"])


def _text(params: dict[str, Any], name: str) -> str | None:
    value = params.get(name)
    return _TEXT.coerce(value, name) if value not in (None, "") else None


def _default_subject(record: Record) -> str:
    if record["object"] == "customer":
        return f"Statement for {record['name']}"
    label = REGISTRY[record["object"]].label
    return f"{label} {record.get('number') or record['id']}"


def _queue(business: Business, name: str, sender: Record, customer: Record, values: Record) -> Record:
    """Store one queued send object about ``sender`` with a hex id and record ``<name>.sent``."""
    resource = REGISTRY[name]
    record = {f.name: f.default_value() for f in resource.fields}
    record.update(values)
    record["about"] = sorted({(sender["object"], sender["id"]), ("customer", customer["id"])})
    sequence = business.next_in_sequence(name)
    record["id"] = hashlib.sha256(f"{business.api_key}:{name}:{sequence}".encode()).hexdigest()[:32]
    record["created_at"] = record["updated_at"] = business.clock.now()
    resource.table(business).put(record)
    events.emit(business, f"{name}.sent", resource, record)
    return record
