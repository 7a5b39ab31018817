"""What invoices, credit notes and estimates share: fields, line items and totals, locks, void.

``Document`` is an abstract declaration (no ``object``, so it registers nothing); each document module
subclasses it and adds its own fields and its ``settle`` step (balance, paid, status). The order of
work on every write is: locks → inherited defaults → lines and rates → totals → ``settle``.
What the URLs on a document answer (PDF, HTML view, CSV) lives in ``document_views.py``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Int, Number, Ref, Str, Timestamp
from invoiced_mock.core.resource import METADATA, REGISTRY, TIMESTAMPS, Action, Field, One, Reply, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.embedded import DISCOUNTS, LINE_ITEMS, SHIPPINGS, TAXES
from invoiced_mock.rules import attachments, customer_links, lines, settings, totals
from invoiced_mock.store.business import Business, Record

_TIMESTAMP = Int(minimum=0)


DATE_COLUMNS = ("date", "due_date")
# What a voided or closed document still accepts (the backend saves attachments regardless).
STILL_EDITABLE = ("updated_at", "attachments")


def document_fields(title: str, statuses: tuple[str, ...], customer_required: bool = True) -> tuple[Field, ...]:
    """The attributes every document has (§2.4, §2.8, §2.9); ``statuses``: what ``status`` may be."""
    return (
        Field("customer", Ref(resource="customer"), required=customer_required, create_only=True),
        Field("name", Str(max_length=255), default=title),
        Field("number", Str(max_length=32)),
        Field("currency", Str(max_length=3, lower=True)),
        Field("draft", Bool(), default=False),
        Field("closed", Bool(), default=False),
        Field("date", Timestamp()),
        Field("purchase_order", Str(max_length=32)),
        Field("items", LINE_ITEMS, default=list),
        Field("notes", Str()),
        Field("subtotal", Number(), default=0, read_only=True),
        Field("discounts", DISCOUNTS, default=list),
        Field("taxes", TAXES, default=list),
        Field("shipping", SHIPPINGS, default=list),
        Field("total", Number(), default=0, read_only=True),
        Field("status", Str(choices=statuses), read_only=True),
        Field("url", Str(), read_only=True),
        Field("pdf_url", Str(), read_only=True),
        Field("network_document_id", Int(), read_only=True),
        Field("voided", Bool(), default=False, read_only=True, hidden=True),
        Field("date_voided", Timestamp(), read_only=True, hidden=True),
        Field("calculate_taxes", Bool(), write_only=True),
        Field("tax", Number(), write_only=True),
        Field("discount", Number(), write_only=True),
        attachments.ATTACHMENTS,
        METADATA,
        *TIMESTAMPS,
    )


# What invoices and credit notes (not estimates) show of the money applied to them.
SETTLED = (
    Field("paid", Bool(), default=False, read_only=True),
    Field("balance", Number(), default=0, read_only=True),
)


# Strategies draw documents whose total is positive (a zero total is paid and closed at once, a negative one is
# refused): one to three plain lines, no rates that could outweigh them.
DRAWN_LINE = {"type": "object", "additionalProperties": False, "required": ["name"], "properties": {
    "name": {"enum": ["Design", "Hosting", "Support"]},
    "quantity": {"type": "number", "minimum": 1, "maximum": 100},
    "unit_cost": {"type": "number", "minimum": 1, "maximum": 10_000},
}}
DRAWN_DOCUMENT: dict[str, Any] = {
    "items": {"type": "array", "minItems": 1, "maxItems": 3, "items": DRAWN_LINE},
    "discounts": None, "taxes": None, "shipping": None, "discount": None,
    "closed": None,  # a document with no lines totals zero and closes itself as paid
    "tax": {"type": "number", "minimum": 0, "maximum": 100},
    "date": {"type": "integer", "minimum": 1, "maximum": 4_102_444_800},  # 0 means "now"
    "currency": {"enum": ["usd", "eur", "jpy"]},  # "" means "the customer's"
    "payment_terms": {"enum": ["NET 30", "NET 7", "Due on Receipt"]},  # "" means AutoPay's or the customer's
}


class Document(Resource):
    """Abstract: the shared rules of documents. Subclasses set ``object``, ``path``, ``fields``, ``settle``."""

    indexed = ("customer",)
    unique = (customer_links.CLIENT_ID,)
    internal = (customer_links.CLIENT_ID_FIELD,)
    drawn: ClassVar[dict[str, Any]] = DRAWN_DOCUMENT
    list_params = ("start_date", "end_date", "date_column")
    pdf = True
    live = frozenset({"status"})
    # URLs shown on the document: attribute → the customer's page it points to (``rules/customer_links.py``).
    links: ClassVar[tuple[tuple[str, str], ...]] = (("url", ""), ("pdf_url", "pdf"))

    # -- hooks ----------------------------------------------------------------------------------

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        record["date"] = record.get("date") or business.clock.now()
        if old is not None:
            self.check_editable(record, old)
        else:
            customer_links.assign(record)
            self.inherit(business, record)
        self.schedule(business, record, old)
        self.price(business, record, old)
        self.settle(business, record, old)

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        """Documents change nothing else on a plain write; subclasses add their effects."""

    def check_delete(self, business: Business, record: Record) -> None:
        self.check_voidable(business, record)

    def on_delete(self, business: Business, record: Record) -> None:
        crud.cascade(business, self, record)  # its notes and payment plan go with it

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.shown_status(business, record, business.clock.now())}
        for name, page in self.links:
            out[name] = customer_links.url(business, self.path, record, page)
        return out

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        column = str(params.get("date_column") or "date")
        if column not in DATE_COLUMNS or (column == "due_date" and "due_date" not in self.by_name):
            raise InvalidRequest(f"Invalid date column: {column}", "date_column")
        checks: list[Callable[[int], bool]] = []
        if params.get("start_date") not in (None, ""):
            start = _TIMESTAMP.coerce(params["start_date"], "start_date")
            checks.append(lambda t: t >= start)
        if params.get("end_date") not in (None, ""):
            end = _TIMESTAMP.coerce(params["end_date"], "end_date")
            checks.append(lambda t: t <= end)
        if not checks:
            return None
        return lambda r: r.get(column) is not None and all(check(r[column]) for check in checks)

    # -- overridden per document ----------------------------------------------------------------

    def status(self, record: Record, now: int) -> str:
        raise NotImplementedError

    def shown_status(self, business: Business, record: Record, now: int) -> str:
        """The status shown at ``now``: the stored rules' answer, unless other objects say more (a payment plan)."""
        return self.status(record, now)

    def settle(self, business: Business, record: Record, old: Record | None) -> None:
        """Derive balance, paid, closed and status from the totals (and store the status)."""
        record["status"] = self.status(record, business.clock.now())

    def schedule(self, business: Business, record: Record, old: Record | None) -> None:
        """Derive dates from terms (the due date of an invoice)."""

    def check_voidable(self, business: Business, record: Record) -> None:
        """Raise when money or credit applied to the document forbids a void or delete."""

    # -- shared steps ---------------------------------------------------------------------------

    def check_editable(self, record: Record, old: Record) -> None:
        changed = {k for k in record if k not in STILL_EDITABLE and record.get(k) != old.get(k)}
        if old.get("voided") and changed:
            raise InvalidRequest(f"This {self.label.lower()} has been voided and can no longer be edited.",
                                 "voided")
        if old.get("closed") and record.get("closed") and changed:
            raise InvalidRequest(f"This {self.label.lower()} is closed and can no longer be edited. "
                                 "Re-open it by setting closed to false.", "closed")
        if not old.get("draft") and record.get("draft"):
            raise InvalidRequest("Cannot save as a draft because the document has already been issued.", "draft")

    def inherit(self, business: Business, record: Record) -> Record | None:
        """Defaults taken from the customer on create (§3.4): currency here, more in subclasses, which reuse the
        customer returned (None: there is none)."""
        customer = self.customer_of(business, record)
        if not record.get("currency"):
            record["currency"] = (customer or {}).get("currency") or settings.currency(business)
        return customer

    def customer_of(self, business: Business, record: Record) -> Record | None:
        if record.get("customer") is None:
            return None
        return REGISTRY["customer"].table(business).get(record["customer"])

    def price(self, business: Business, record: Record, old: Record | None) -> None:
        """Normalise lines and applied rates, then compute every amount and the totals (§3.1)."""
        previous = old or {}
        record["items"] = lines.items(business, record.get("items"), previous.get("items"))
        for name, kind, shorthand in (("discounts", "discount", "discount"), ("taxes", "tax", "tax"),
                                      ("shipping", "shipping", None)):
            raw = record.get(name)
            if shorthand and record.get(shorthand) is not None:
                raw = record.pop(shorthand)
            record[name] = lines.rates(business, raw, kind, previous.get(name), name)
        record.pop("tax", None)
        record.pop("discount", None)
        calculate = record.pop("calculate_taxes", None)
        if old is None and calculate is not False and not record["taxes"]:
            record["taxes"] = self.customer_taxes(business, record)
        if record["taxes"] and lines.taxes_on_lines(record["items"]) & lines.rate_ids(record["taxes"], "tax"):
            raise InvalidRequest("The same tax rate cannot be applied to a line item and the whole document.",
                                 "items")
        result = totals.compute(record["items"], record["discounts"], record["taxes"], record["shipping"],
                                record["currency"])
        if result.minor_total < 0:
            raise InvalidRequest("The total cannot be negative.", "total")
        record["subtotal"], record["total"] = result.subtotal, result.total

    def customer_taxes(self, business: Business, record: Record) -> list[Record]:
        """The default tax engine: a taxable customer's own tax rates, unless already on a line (none when
        the company's ``tax_calculator`` is an external engine)."""
        customer = self.customer_of(business, record)
        if not settings.assesses_taxes(business):
            return []
        if not customer or not customer.get("taxable", True) or not customer.get("taxes"):
            return []
        on_lines = lines.taxes_on_lines(record["items"])
        wanted = [t for t in customer["taxes"] if t not in on_lines
                  and REGISTRY["tax_rate"].table(business).get(t) is not None]
        return lines.rates(business, wanted, "tax", None, "taxes")

    # -- actions shared by every document -------------------------------------------------------

    def void(self, business: Business, record: Record, params: dict[str, Any]) -> Reply:
        """``POST /<documents>/<id>/void``: refused when already voided or money/credit is applied."""
        if record.get("voided"):
            raise InvalidRequest(f"This {self.label.lower()} has already been voided.")
        self.check_voidable(business, record)
        voided = copy.deepcopy(record)
        voided["voided"] = True
        voided["date_voided"] = voided["updated_at"] = business.clock.now()
        self.settle(business, voided, record)
        return One(self, crud.save(business, self, voided, record, event_type=f"{self.object}.voided"))


def _dispatch(method: str) -> Callable[..., Reply]:
    """An item-action handler calling ``method`` on the record's own document resource."""
    return lambda business, record, params: getattr(REGISTRY[record["object"]], method)(business, record, params)


VOID = Action("void", "POST", _dispatch("void"), params=())
