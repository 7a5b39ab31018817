"""The customer's side from a test without a browser: the links a customer gets, and a customer's steps (pay an
invoice, pay several, pay a deposit, approve an estimate, sign up) taken through the very pages a browser gets.

Each step opens the page, fills its form as a person would (the hidden form token included, the ``Origin`` a
browser sends), submits it and follows the answer's redirects on the mock's origin, so what it proves holds
for the browser too. Requests go to the app in process (WSGI, werkzeug's test client), with the harness's
base URL as their origin: the in-process fixture's ``https://api.invoiced.com``, the server fixture's
``http://127.0.0.1:<port>``, which is also where the links point.

    invoiced_mock.customer_pages.payment_url(invoice)              # a link for a browser (selenium, Playwright)
    page = invoiced_mock.customer_pages.pay(invoice, card="4000000000000002")
    page.paid, page.failure                                        # False, "Your card was declined."
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urljoin, urlsplit

from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.defaults import VERSION
from invoiced_mock.rules import customer_links
from invoiced_mock.testing import html_forms

if TYPE_CHECKING:
    from invoiced_mock.app import InvoicedMock
    from invoiced_mock.store.business import Record

GOOD_CARD = "4242424242424242"
ROUTING_NUMBER = "110000000"
MAX_REDIRECTS = 5
USER_AGENT = f"invoiced-mock/{VERSION} (customer pages)"  # what an approval records as the customer's browser
LOOPBACK = {"REMOTE_ADDR": "127.0.0.1"}  # and as where the customer was


@dataclass(frozen=True)
class Page:
    """Where a step ended: the page the customer sees (or, for a redirect off the mock, where it went)."""

    status: int
    url: str
    html: str  # the page's text ("" for a PDF, a CSV or a redirect)
    location: str | None = None  # a redirect to another origin (a sign-up page's thanks_url), not followed
    content_type: str = ""
    body: bytes = field(repr=False, default=b"")  # what was answered, as is (a PDF's bytes)
    read: html_forms.Read = field(repr=False, default_factory=lambda: html_forms.Read([], {}))

    @property
    def payment(self) -> int | None:
        """The id of the payment a receipt shows (``GET /payments/<id>``), or None."""
        marker = 'data-payment="'
        at = self.html.find(marker)
        return int(self.html[at + len(marker):self.html.index('"', at + len(marker))]) if at >= 0 else None

    @property
    def paid(self) -> bool:
        """The payment went through: the customer is looking at its receipt."""
        return self.status == 200 and self.payment is not None

    @property
    def failure(self) -> str | None:
        """What the page says went wrong (a decline), or None."""
        return self.read.texts.get("failure")

    @property
    def errors(self) -> dict[str, str]:
        """The mistakes the form points out, by field name (``{"card_number": "Your card number is incorrect."}``)."""
        return {k.removeprefix("mistake-"): v for k, v in self.read.texts.items() if k.startswith("mistake-")}

    def text(self, element_id: str) -> str | None:
        return self.read.texts.get(element_id)

    def form(self, form_id: str) -> html_forms.Form:
        for form in self.read.forms:
            if form.id == form_id:
                return form
        raise LookupError(f"no form {form_id!r} on {self.url} (status {self.status}): "
                          f"{self.failure or self.text('failure') or self.html[:200]}")


class CustomerPages:
    """A business's customer pages, seen from ``base_url`` (what the harness hands out as ``customer_pages``)."""

    def __init__(self, app: InvoicedMock, api_key: str, base_url: str) -> None:
        from werkzeug.test import Client

        self.app = app
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self._http = Client(app)

    # -- links ---------------------------------------------------------------------------------------

    def url(self, document: Any) -> str:
        """An invoice's, credit note's or estimate's page (its ``url``): give the object, a dict of it or its id
        with the kind as ``object`` (``{"object": "estimate", "id": 3}``)."""
        record = self._record(document, _object_of(document, "invoice"))
        return self._link(REGISTRY[record["object"]].path, record)

    def payment_url(self, invoice: Any) -> str:
        return self._link("invoices", self._record(invoice, "invoice"), "payment")

    def pdf_url(self, document: Any) -> str:
        record = self._record(document, _object_of(document, "invoice"))
        return self._link(REGISTRY[record["object"]].path, record, "pdf")

    def statement_url(self, customer: Any) -> str:
        return self._link("statements", self._record(customer, "customer"))

    def sign_up_url(self, page_or_customer: Any) -> str:
        """A sign-up page's ``url`` (a new customer), or a customer's ``sign_up_url`` (that customer)."""
        if _object_of(page_or_customer, "sign_up_page") == "customer":
            return self._link("sign_up", self._record(page_or_customer, "customer"))
        return self._link("pages", self._record(page_or_customer, "sign_up_page"))

    # -- the customer's steps ------------------------------------------------------------------------

    def open(self, url: str) -> Page:
        """``GET`` a page as a browser does (redirects on this origin followed). Opening a document's page marks
        it viewed."""
        return self._go("GET", url)

    def pay(self, invoice: Any, card: str | None = GOOD_CARD, *, bank_account: str | None = None,
            routing_number: str = ROUTING_NUMBER, amount: Any = None, save: bool = False,
            name: str = "Test Customer") -> Page:
        """Pay an invoice from its ``payment_url``: with ``card`` (a test number or token), or ``bank_account``
        (ACH); ``amount`` (default: the balance); ``save`` keeps the method and turns AutoPay on."""
        return self._pay(self.payment_url(invoice), "payment-form", card, bank_account, routing_number, name,
                         save, {"amount": str(amount)} if amount is not None else {})

    def pay_deposit(self, estimate: Any, card: str | None = GOOD_CARD, *, bank_account: str | None = None,
                    routing_number: str = ROUTING_NUMBER, save: bool = False, name: str = "Test Customer") -> Page:
        """Pay an approved estimate's deposit from its page."""
        url = self._link("estimates", self._record(estimate, "estimate"), "payment")
        return self._pay(url, "payment-form", card, bank_account, routing_number, name, save, {})

    def pay_statement(self, customer: Any, invoices: list[Any] | None = None, card: str | None = GOOD_CARD, *,
                      bank_account: str | None = None, routing_number: str = ROUTING_NUMBER, save: bool = False,
                      name: str = "Test Customer") -> Page:
        """Pay open invoices in full at once from the customer's statement: ``invoices`` (default: every open
        one, as the page ticks them)."""
        page = self.open(self.statement_url(customer))
        ticked = None if invoices is None else ("invoices[]", {str(_id_of(i)) for i in invoices})
        return self._submit(page, page.form("payment-form"), _method(card, bank_account, routing_number, name, save),
                            ticked=ticked)

    def approve(self, estimate: Any, initials: str = "JD") -> Page:
        """Approve an estimate from its page with the customer's ``initials``."""
        page = self.open(self.url(_with_object(estimate, "estimate")))
        return self._submit(page, page.form("approve-form"), {"initials": initials})

    def sign_up(self, page_or_customer: Any, *, plan: str | None = None, name: str = "Test Customer",
                email: str = "customer@example.test", card: str | None = GOOD_CARD, bank_account: str | None = None,
                routing_number: str = ROUTING_NUMBER, fields: Mapping[str, str | bool] | None = None) -> Page:
        """Sign up on a sign-up page (or as a customer, from its ``sign_up_url``) for ``plan`` (default: the page's
        only or first plan). ``fields`` fills in the rest by name (``quantity``, ``coupon``, ``addon_3``,
        ``tos``...). The answer is the thanks page, or the redirect to the page's ``thanks_url`` (``location``)."""
        page = self.open(self.sign_up_url(page_or_customer))
        form = page.form("sign-up-form")
        names = {c.name for c in form.controls}
        values: dict[str, str | bool] = {**_method(card, bank_account, routing_number, name, None)}
        values.pop("save", None)
        if "name" in names:
            values.update(name=name, email=email)
        if "plan" in names and plan is not None:
            values["plan"] = plan
        elif "plan" in names and not any(c.checked for c in form.controls if c.name == "plan"):
            values["plan"] = next(c.value for c in form.controls if c.name == "plan")
        if "tos" in names:
            values["tos"] = True
        return self._submit(page, form, {**values, **(fields or {})})

    # -- plumbing ------------------------------------------------------------------------------------

    def _pay(self, url: str, form_id: str, card: str | None, bank_account: str | None, routing_number: str,
             name: str, save: bool, extra: dict[str, str]) -> Page:
        page = self.open(url)
        return self._submit(page, page.form(form_id), {**_method(card, bank_account, routing_number, name, save),
                                                       **extra})

    def _submit(self, page: Page, form: html_forms.Form, values: Mapping[str, str | bool],
                ticked: tuple[str, set[str]] | None = None) -> Page:
        sent = form.fill(dict(values))
        if ticked is not None:  # a group of checkboxes of one name: exactly the wanted values ticked
            name, wanted = ticked
            sent = [(k, v) for k, v in sent if k != name]
            sent += [(name, c.value) for c in form.controls if c.name == name and c.value in wanted]
        return self._go(form.method, urljoin(page.url, form.action), urlencode(sent))

    def _go(self, method: str, url: str, body: str | None = None) -> Page:
        origin = _origin(url)
        for _ in range(MAX_REDIRECTS):
            headers = {"User-Agent": USER_AGENT, **({"Origin": origin} if method == "POST" else {})}
            parts = urlsplit(url)
            response = self._http.open(parts.path, base_url=origin, query_string=parts.query, method=method, data=body,
                                       headers=headers, environ_base=LOOPBACK,
                                       content_type="application/x-www-form-urlencoded" if body is not None else None)
            location = response.headers.get("Location")
            if response.status_code not in (301, 302, 303, 307, 308) or not location:
                answered = response.get_data()
                text = answered.decode() if response.mimetype == "text/html" else ""
                return Page(response.status_code, url, text, content_type=response.mimetype or "", body=answered,
                            read=html_forms.read(text))
            target = urljoin(url, location)
            if _origin(target) != origin:  # leaving the mock (a thanks URL): where to, not what is there
                return Page(response.status_code, url, "", location=target)
            url, method, body = target, "GET", None
        raise RuntimeError(f"more than {MAX_REDIRECTS} redirects from {url}")

    def _link(self, kind: str, record: Record, page: str = "") -> str:
        path = customer_links.path(self.app.business(self.api_key), kind, record, page)
        if path is None:
            raise LookupError(f"{record['object']} {record['id']} was stored before it had a client id")
        return self.base_url + path

    def _record(self, thing: Any, object_name: str) -> Record:
        ident = _id_of(thing)
        record = REGISTRY[object_name].table(self.app.business(self.api_key)).get(ident)
        if record is None and isinstance(ident, str) and ident.isdigit():
            record = REGISTRY[object_name].table(self.app.business(self.api_key)).get(int(ident))
        if record is None:
            raise LookupError(f"no {object_name} {ident!r} in the business of {self.api_key!r}")
        return record


def _id_of(thing: Any) -> Any:
    if isinstance(thing, (int, str)):
        return thing
    if isinstance(thing, Mapping):
        return thing["id"]
    return thing.id  # an object of the official client


def _object_of(thing: Any, default: str) -> str:
    if isinstance(thing, Mapping):
        return str(thing.get("object") or default)
    return str(getattr(thing, "object", None) or default)


def _with_object(thing: Any, object_name: str) -> dict[str, Any]:
    return {"object": object_name, "id": _id_of(thing)}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _method(card: str | None, bank_account: str | None, routing_number: str, name: str,
            save: bool | None) -> dict[str, str | bool]:
    """The payment fields for a card, or for a bank account when one is given."""
    values: dict[str, str | bool] = {"save": bool(save)}
    if bank_account is not None:
        return {**values, "method": "ach", "account_holder": name, "routing_number": routing_number,
                "account_number": bank_account}
    return {**values, "method": "credit_card", "card_name": name, "card_number": card or "", "card_expiry": "12/99",
            "card_cvc": "123"}
