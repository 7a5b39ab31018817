"""Sign-up pages: a page's ``url`` (a new customer) and a customer's ``sign_up_url`` (that customer, on the page
its ``sign_up_page`` names) render the page's plans, addons and options; the form makes what the API would.

One transaction, every step an API call: ``POST /customers`` (with ``sign_up_page``, the address and the custom
fields as metadata), ``POST /customers/:id/payment_sources`` (the default) and ``PATCH`` AutoPay on; for a
``recurring`` page the setup fee and one-off addons as pending line items (``POST /customers/:id/line_items``,
billed with the first invoice), then ``POST /subscriptions`` (the plan, quantity, plan addons, coupon, the
page's taxes, a trial as a later ``start_date``, ``snap_to_nth_day``, ``ship_to``) and, when that bills a first
invoice now, ``POST /invoices/:id/pay``. A refusal or a declined first payment undoes all of it and the form
says why; success goes on to the page's ``thanks_url`` (or a thanks page of the mock's).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from invoiced_mock.clock import SECONDS_PER_DAY
from invoiced_mock.core.resource import REGISTRY, Data, One
from invoiced_mock.customer_pages import forms, pages
from invoiced_mock.customer_pages.visit import Visit
from invoiced_mock.errors import InvalidRequest, NotFound
from invoiced_mock.http.response import Response
from invoiced_mock.store.business import Record

ADDRESS = ("address1", "address2", "city", "state", "postal_code", "country")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# An API refusal's ``param`` → the form field it is about.
FIELD_OF = {"discounts": "coupon", "plan": "plan", "quantity": "quantity", "addons": "addons", "name": "name",
            "email": "email", **{name: name for name in ADDRESS}}


class Declined(Exception):
    """The first invoice's payment was declined: everything the sign-up made is undone."""


def show(visit: Visit) -> Response:
    page, customer = _page_and_customer(visit)
    return _form(visit, page, customer, forms.filled({}), {}, 200)


def submit(visit: Visit) -> Response:
    form = visit.form()
    page, customer = _page_and_customer(visit)
    entry = forms.filled(form)
    chosen = _read(visit, page, customer, form, entry)
    method = forms.payment(entry, visit.now)
    if entry.errors or method is None:
        return _form(visit, page, customer, entry, form, 400)
    try:
        with visit.business.transaction():
            made = _sign_up(visit, page, customer, chosen, method)
    except Declined as declined:
        return _form(visit, page, customer, entry, form, 402, failure=str(declined))
    except InvalidRequest as refused:
        entry.error(FIELD_OF.get(refused.param or "", "form"), refused.message)
        return _form(visit, page, customer, entry, form, 400)
    if page.get("thanks_url"):
        return pages.redirect(page["thanks_url"], [pages.origin_of(page["thanks_url"])])
    return pages.page("thanks.html", page=page, customer=made["customer"], subscription=made.get("subscription"))


def _page_and_customer(visit: Visit) -> tuple[Record, Record | None]:
    """The sign-up page, and the customer signing up when reached by its ``sign_up_url``."""
    if visit.kind == "pages":
        return visit.record, None
    page = REGISTRY["sign_up_page"].table(visit.business).get(visit.record.get("sign_up_page"))
    if page is None:
        raise NotFound("There is no sign-up page for this customer.")
    return page, visit.record


def _read(visit: Visit, page: Record, customer: Record | None, form: dict[str, Any],
          entry: forms.Filled) -> dict[str, Any]:
    """What the customer chose, as API parameters; mistakes go to ``entry.errors``."""
    chosen: dict[str, Any] = {}
    text = {name: str(form.get(name) or "").strip() for name in ("plan", "quantity", "coupon", "name", "email")}
    if page["type"] == "recurring":
        if text["plan"] not in page["plans"]:
            entry.error("plan", "Choose a plan.")
        chosen["plan"] = text["plan"]
        chosen["quantity"] = _quantity(entry, "quantity", text["quantity"] or "1", minimum=1) \
            if page.get("has_quantity") else Decimal(1)
        chosen["addons"] = _addons(visit, page, form, entry)
        if page.get("has_coupon_code") and text["coupon"]:
            chosen["coupon"] = text["coupon"]
        if page.get("shipping_address"):
            ship = _mapping(form, "ship_to")
            chosen["ship_to"] = {k: str(ship.get(k) or "").strip() for k in ("name", *ADDRESS) if ship.get(k)}
    if customer is None:
        if not text["name"]:
            entry.error("name", "Enter your name or your company's.")
        if not _EMAIL.match(text["email"]):
            entry.error("email", "Enter an email address.")
        chosen["customer"] = {"name": text["name"], "email": text["email"], "sign_up_page": page["id"]}
        if page.get("billing_address"):
            chosen["customer"].update({k: str(form.get(k) or "").strip() for k in ADDRESS if form.get(k)})
        values = {k: str(form.get(f"custom_{k}") or "").strip() for k in page.get("custom_fields") or []}
        chosen["customer"]["metadata"] = {k: v for k, v in values.items() if v}
    elif not page.get("allow_multiple_subscriptions") and page["type"] == "recurring" and _subscribed(visit, customer):
        entry.error("form", "You already have a subscription.")
    if page.get("tos_url") and not form.get("tos"):
        entry.error("tos", "Agree to the terms of service to sign up.")
    return chosen


def _mapping(form: dict[str, Any], name: str) -> dict[str, Any]:
    """``name[key]=value`` fields as a dict (empty when the field came as anything else)."""
    value = form.get(name)
    return value if isinstance(value, dict) else {}


def _quantity(entry: forms.Filled, name: str, text: str, minimum: int) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value < minimum or value > 1_000_000:
        entry.error(name, f"Enter a quantity of at least {minimum}.")
        return Decimal(minimum)
    return value


def _addons(visit: Visit, page: Record, form: dict[str, Any], entry: forms.Filled) -> list[dict[str, Any]]:
    """The addons taken: ``{addon, quantity}`` for each ticked (or required) box and each quantity above zero.
    Fields are ``addon_<id>`` (a bracketed number would read as a list index)."""
    taken = []
    for addon in addons_of(visit, page):
        raw = str(form.get(f"addon_{addon['id']}") or "").strip()
        if addon["type"] == "boolean":
            quantity = Decimal(1) if addon.get("required") or raw not in ("", "0") else Decimal(0)
        else:
            quantity = _quantity(entry, "addons", raw or ("1" if addon.get("required") else "0"),
                                 minimum=1 if addon.get("required") else 0)
        if quantity > 0:
            taken.append({"addon": addon, "quantity": quantity})
    return taken


def addons_of(visit: Visit, page: Record) -> list[Record]:
    rows = REGISTRY["sign_up_page_addon"].table(visit.business).where("sign_up_page", page["id"])
    return sorted(rows, key=lambda a: (a.get("order") is None, a.get("order") or 0, a["id"]))


def _subscribed(visit: Visit, customer: Record) -> bool:
    subscriptions = REGISTRY["subscription"].table(visit.business).where("customer", customer["id"])
    return any(not s.get("canceled_at") and not s.get("finished") for s in subscriptions)


def _sign_up(visit: Visit, page: Record, customer: Record | None, chosen: dict[str, Any],
             method: forms.Payment) -> dict[str, Any]:
    """Every API call of the sign-up, in the caller's transaction: what was made."""
    if customer is None:
        reply = visit.api("POST", "/customers", chosen["customer"])
        assert isinstance(reply, One)
        customer = reply.record
    visit.api("POST", f"/customers/{customer['id']}/payment_sources",
              {"method": method.method, "invoiced_token": method.token, "make_default": True})
    if not customer.get("autopay"):
        visit.api("PATCH", f"/customers/{customer['id']}", {"autopay": True})
    made: dict[str, Any] = {"customer": customer}
    if page["type"] != "recurring":
        return made
    for item, quantity in _one_offs(page, chosen["addons"]):
        visit.api("POST", f"/customers/{customer['id']}/line_items", {"catalog_item": item, "quantity": str(quantity)})
    reply = visit.api("POST", "/subscriptions", _subscription(visit, page, customer, chosen))
    assert isinstance(reply, One)
    made["subscription"] = subscription = reply.record
    for invoice in REGISTRY["invoice"].table(visit.business).where("customer", customer["id"]):
        if invoice.get("subscription") == subscription["id"] and not invoice.get("paid"):
            paid = visit.api("POST", f"/invoices/{invoice['id']}/pay")
            if isinstance(paid, Data):
                raise Declined(paid.body["message"])
    return made


def _one_offs(page: Record, addons: list[dict[str, Any]]) -> list[tuple[str, Decimal]]:
    """The setup fee and the addons that are catalogue items: billed once, with the first invoice."""
    items = [(page["setup_fee"], Decimal(1))] if page.get("setup_fee") else []
    return items + [(a["addon"]["catalog_item"], a["quantity"]) for a in addons
                    if not a["addon"].get("plan") and a["addon"].get("catalog_item")]


def _subscription(visit: Visit, page: Record, customer: Record, chosen: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {
        "customer": customer["id"], "plan": chosen["plan"], "quantity": str(chosen["quantity"]),
        "addons": [{"plan": a["addon"]["plan"], "quantity": str(a["quantity"])} for a in chosen["addons"]
                   if a["addon"].get("plan")],
        "taxes": list(page.get("taxes") or []), "discounts": [chosen["coupon"]] if chosen.get("coupon") else []}
    if page.get("trial_period_days"):
        body["start_date"] = visit.now + page["trial_period_days"] * SECONDS_PER_DAY
    if page.get("snap_to_nth_day"):
        body["snap_to_nth_day"] = page["snap_to_nth_day"]
    if chosen.get("ship_to"):
        body["ship_to"] = chosen["ship_to"]
    return body


def _form(visit: Visit, page: Record, customer: Record | None, entry: forms.Filled, form: dict[str, Any],
          status: int, failure: str | None = None) -> Response:
    plans = [p for p in (REGISTRY["plan"].table(visit.business).get(i) for i in page.get("plans") or []) if p]
    fields = REGISTRY["custom_field"].table(visit.business)
    custom = [f for f in (fields.get(i) for i in page.get("custom_fields") or []) if f]
    addons = [{"addon": a, "name": _addon_name(visit, a)} for a in addons_of(visit, page)]
    targets = [pages.origin_of(page["thanks_url"])] if page.get("thanks_url") else []
    return pages.page("sign_up.html", status, form_targets=targets, page=page, customer=customer, plans=plans,
                      addons=addons, custom_fields=custom, entry=entry, form=_echo(form), failure=failure,
                      action=visit.path())


def _addon_name(visit: Visit, addon: Record) -> str:
    """The plan's or catalogue item's name."""
    key = addon.get("plan") or addon.get("catalog_item")
    target = REGISTRY["plan" if addon.get("plan") else "item"].table(visit.business).get(key)
    return str((target or {}).get("name") or key or "Add-on")


def _echo(form: dict[str, Any]) -> dict[str, Any]:
    """What the form showed, as text, to fill it in again after a mistake (never a card or account number)."""
    echoed: dict[str, Any] = {}
    for key, value in form.items():
        if key in (*forms.FIELDS, pages.TOKEN):
            continue
        if isinstance(value, str):
            echoed[key] = value
        elif isinstance(value, dict) and key == "ship_to":
            echoed[key] = {str(k): v for k, v in value.items() if isinstance(v, str)}
    return echoed


ROUTES = {
    ("pages", ""): {"GET": show, "POST": submit},
    ("sign_up", ""): {"GET": show, "POST": submit},
}
