"""Payment links (backend ``ListPaymentLinksRoute``, ``CreatePaymentLinkRoute``, ``RetrievePaymentLinkRoute``,
``EditPaymentLinkRoute``, ``DeletePaymentLinkRoute``): ``GET|POST /payment_links``,
``GET|PATCH|DELETE /payment_links/:id``.

A hosted page that takes a payment. Shown as the backend's ``PaymentLink``: ``name`` (3 to 255 characters,
``Payment Link`` unless given), ``customer`` (optional: a reusable link is for anyone), ``currency`` (the
company's unless given), ``reusable``, ``status`` (``active``, ``completed``, ``deleted``), the
``collect_*`` switches, ``terms_of_service_url``, ``after_completion_url`` and ``url`` (null unless active).
``items`` (``{id, description, amount}``) and ``fields`` (custom fields the page asks for:
``{id, object_type, custom_field_id, required}``) are shown when asked for (``include=items,fields``), as
the backend does. A ``PATCH`` of ``items`` or ``fields`` replaces the list (an entry with an ``id`` updates
that one); only an active link may be edited or deleted (400 otherwise); a delete answers 200 with the
link, now ``deleted``, and it is gone after. Events: ``payment_link.created|updated|deleted|completed``.

Paying (mock only, in place of the backend's hosted page): ``url`` is ``GET /payment_links/:id/pay``, a
plain HTML page, and ``POST /payment_links/:id/pay`` is what the payer submits there (201 with the session,
``resources/payment_link_sessions.py``): the link's customer, else ``customer`` (an id), else a new customer
from ``name`` and ``email``, pays the items' total (or ``amount`` when the link has no items) with a card:
the mock records an invoice of the items and a payment that pays it. A link that is not reusable is then
``completed``. Differences: entries of ``items`` and ``fields`` keep only the attributes above (the
backend ignores others too); ``terms_of_service_url`` and ``after_completion_url`` are not checked, as the
backend does not check them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from html import escape as html_escape
from typing import Any, ClassVar

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Array, Bool, Email, Int, Number, Ref, Schema, SchemaContext, Shape, Str
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Field, File, One, Reply, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import settings
from invoiced_mock.rules.settings import Matching
from invoiced_mock.store.business import Business, Record

STATUSES = ("active", "completed", "deleted")
FIELD_OBJECTS = ("customer", "invoice", "payment")  # what a custom field asked for on the page is stored on
SESSION = "payment_link_session"
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Entry(Shape):
    """An entry of a list the backend copies attribute by attribute: what it does not declare is dropped, not
    refused (its ORM ignores unknown attributes); responses show only what it declares."""

    def coerce(self, value: Any, param: str) -> Any:
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if k in self.names}
        return super().coerce(value, param)

    def schema(self, ctx: SchemaContext) -> Schema:
        out = super().schema(ctx)
        if ctx.request:
            out.pop("additionalProperties", None)
        return out


ITEM = Entry(name="payment_link_item", properties=(
    ("id", Int()), ("description", Str(max_length=255)), ("amount", Number(minimum=0))))
CUSTOM_FIELD = Entry(name="payment_link_field", properties=(
    ("id", Int()), ("object_type", Str(choices=FIELD_OBJECTS)), ("custom_field_id", Str(max_length=40)),
    ("required", Bool())), required=("custom_field_id",))
_CUSTOMER, _AMOUNT = Ref(resource="customer"), Number(minimum=0)
PAYER = Shape(properties=(("customer", _CUSTOMER), ("amount", _AMOUNT), ("name", Str(max_length=255)),
                          ("email", Email())))


def _entries(business: Business, given: Any, stored: Any, param: str, keys: tuple[str, ...]) -> list[Record]:
    """``given`` entries as stored: on an update (``stored`` not None) an ``id`` of a stored one updates it, an
    unknown one is refused; others are new (a create's ids name nothing: new too). None: ``stored``."""
    if given is None:
        return list(stored or [])
    previous = {entry["id"]: entry for entry in stored or []}
    out = []
    for entry in given:
        entry_id = entry.get("id") if stored is not None else None
        if entry_id is not None and entry_id not in previous:
            raise InvalidRequest(f"No such entry of {param}: {entry_id}", param)
        base = dict(previous[entry_id]) if entry_id is not None else {
            "id": business.next_in_sequence(f"payment_link.{param}"), **dict.fromkeys(keys)}
        base.update({k: entry[k] for k in keys if k in entry})
        out.append(base)
    return out


def _sessions(business: Business, link: Record) -> list[Record]:
    return REGISTRY[SESSION].table(business).where("payment_link", link["id"]) if SESSION in REGISTRY else []


def _page(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /payment_links/<id>/pay``: what the payer sees, as a plain HTML page."""
    lines = "".join(f"<li>{html_escape(str(i.get('description') or ''))}: {html_escape(str(i.get('amount')))}</li>"
                    for i in record.get("items") or [])
    state = "" if record.get("status") == "active" else f"<p>This link is {html_escape(record['status'])}.</p>"
    body = (f"<!doctype html><title>{html_escape(record['name'])}</title><h1>{html_escape(record['name'])}</h1>"
            f"<ul>{lines}</ul><p>Currency: {html_escape(record['currency'].upper())}</p>{state}")
    return File(body.encode(), HTML)


def _pay(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``POST /payment_links/<id>/pay``: the payer's submission: an invoice of the items, paid by card."""
    if record.get("status") != "active":
        raise InvalidRequest("This payment link is no longer active")
    items = [{"name": i.get("description") or record["name"], "unit_cost": i.get("amount") or 0}
             for i in record.get("items") or []]
    if not items:
        amount = _AMOUNT.coerce(params["amount"], "amount") if params.get("amount") not in (None, "") else None
        if not amount:
            raise InvalidRequest("Amount is missing: this link has no items, so the payer names the amount", "amount")
        items = [{"name": record["name"], "unit_cost": amount}]
    customer = _payer(business, record, params)
    invoice = crud.create(business, REGISTRY["invoice"], {
        "customer": customer, "currency": record["currency"], "items": items})
    payment = None
    if Decimal(invoice["total"]) > 0:
        payment = crud.create(business, REGISTRY["payment"], {
            "customer": customer, "currency": record["currency"], "amount": invoice["total"],
            "method": "credit_card", "applied_to": [{"type": "invoice", "invoice": invoice["id"],
                                                     "amount": invoice["total"]}]})["id"]
    sessions = REGISTRY[SESSION]
    session = crud.create(business, sessions, {}, record["id"], preset={
        "completed_at": business.clock.now(), "customer": customer, "invoice": invoice["id"], "payment": payment})
    if not record.get("reusable"):
        links = REGISTRY["payment_link"]
        current = links.table(business).rows[record["id"]]
        done = {**copy.deepcopy(current), "status": "completed", "updated_at": business.clock.now()}
        crud.save(business, links, done, current, event_type="payment_link.completed")
    return One(sessions, session, status=201)


def _payer(business: Business, link: Record, params: dict[str, Any]) -> int:
    """Who pays: the link's customer, the one named, or a new one from ``name`` and ``email``."""
    if link.get("customer") is not None:
        customer: int = link["customer"]
        return customer
    customers = REGISTRY["customer"]
    if params.get("customer") not in (None, ""):
        named = _CUSTOMER.coerce(params["customer"], "customer")
        if customers.table(business).get(named) is None:
            raise InvalidRequest(f"No such customer: {named}", "customer")
        return int(named)
    if params.get("name") in (None, ""):
        raise InvalidRequest("Name is missing: the payer is a new customer", "name")
    made = crud.create(business, customers, {"name": params["name"], "email": params.get("email")})
    return int(made["id"])


class PaymentLinks(Resource):
    object = "payment_link"
    path = "payment_links"
    label = "Payment Link"
    indexed = ("customer",)
    event_verbs = ("completed",)
    # Custom fields the page asks for must exist (stored state): drawn links ask for none.
    drawn: ClassVar[dict[str, Any]] = {"fields": None}
    actions = (
        Action("pay", "GET", _page, returns="", params=()),
        Action("pay", "POST", _pay, returns=SESSION, status=201, body=PAYER, params=PAYER.names),
    )
    fields = (
        Field("name", Matching(max_length=255, pattern="^[\\s\\S]{3,}$",
                               message="{label} must be between 3 and 255 characters"), default="Payment Link"),
        Field("customer", Ref(resource="customer")),
        Field("currency", Matching(max_length=3, lower=True, pattern="^[a-z]{3}$",
                                   message="{label} must be a three-letter currency code")),
        Field("reusable", Bool(), default=False),
        Field("status", Str(choices=STATUSES), default="active", read_only=True),
        Field("collect_billing_address", Bool(), default=False),
        Field("collect_shipping_address", Bool(), default=False),
        Field("collect_phone_number", Bool(), default=False),
        Field("terms_of_service_url", Str(max_length=255)),
        Field("after_completion_url", Str(max_length=255)),
        Field("url", Str(), read_only=True),
        Field("items", Array(of=ITEM), default=list, hidden=True),
        Field("fields", Array(of=CUSTOM_FIELD), default=list, hidden=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None and old.get("status") != "active":
            raise InvalidRequest("Unable to edit a payment link that is not active")
        record["currency"] = record.get("currency") or settings.currency(business)
        previous = old or {}
        record["items"] = _entries(business, record.get("items"), old and previous.get("items"), "items",
                                   ("description", "amount"))
        record["fields"] = _entries(business, record.get("fields"), old and previous.get("fields"), "fields",
                                    ("object_type", "custom_field_id", "required"))
        for entry in record["fields"]:
            if REGISTRY["custom_field"].table(business).get(entry["custom_field_id"]) is None:
                raise InvalidRequest(f"No such custom field: {entry['custom_field_id']}", "fields")
            entry.setdefault("object_type", "customer")
        if old is not None:
            used = not record["reusable"] and bool(_sessions(business, record))
            record["status"] = "completed" if used else "active"

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        active = record.get("status") == "active"
        return {"url": f"{business.base_url}/payment_links/{record['id']}/pay" if active else None}

    def destroy(self, business: Business, record: Record, params: dict[str, Any]) -> Reply | None:
        if record.get("status") != "active":
            raise InvalidRequest("This link cannot be deleted")
        deleted = {**record, "status": "deleted", "updated_at": business.clock.now()}
        self.table(business).put(deleted)  # the delete's event shows it deleted, as the backend's does
        crud.cascade(business, self, deleted)
        crud.delete(business, self, deleted)
        return One(self, deleted)
