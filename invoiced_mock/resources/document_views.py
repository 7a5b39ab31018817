"""A document's PDF, HTML view, CSV and payment page as authenticated API routes.

Each is an item action (``GET /<documents>/<id>/pdf`` ...) so it runs through the normal pipeline:
authenticated, scoped to the caller's business, 404 for an unknown id. The URLs shown on a document (``url``,
``pdf_url``...) lead to the customer's pages instead (``invoiced_mock/customer_pages``), which need no key and
reuse what is here. The bodies come from ``formats/pdf.py``,
imported on first use (fpdf2 takes a quarter of a second to import, so the app does not load it to start).
"""

from __future__ import annotations

import copy
import csv
import io
from typing import TYPE_CHECKING, Any, cast

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Int, Shape, Str
from invoiced_mock.core.presenter import View, present
from invoiced_mock.core.resource import REGISTRY, Action, Data, File, Reply
from invoiced_mock.store.business import Business, Record

if TYPE_CHECKING:
    from invoiced_mock.resources.document import Document

HTML = "text/html; charset=utf-8"


def pdf_file(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /<documents>/<id>/pdf``: the document as a PDF."""
    from invoiced_mock.formats.pdf import render_pdf

    resource = REGISTRY[record["object"]]
    document = present(business, resource, record, View(expand=("customer",)))
    name = f"{record.get('number') or record['id']}.pdf"
    return File(render_pdf(resource, document), "application/pdf", filename=name)


def web_view(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /<documents>/<id>/view``: the customer's view of the document, as a plain HTML page.

    Opening it marks the document viewed (:func:`mark_viewed`), as the customer's own page does.
    """
    from invoiced_mock.formats.pdf import render_html

    resource = REGISTRY[record["object"]]
    document = present(business, resource, mark_viewed(business, record), View(expand=("customer",)))
    return File(render_html(resource, document).encode(), HTML)


def mark_viewed(business: Business, record: Record) -> Record:
    """The customer opened the document: an issued invoice or estimate becomes ``viewed`` (status ``viewed``,
    event ``<object>.viewed``) the first time; the document as it is now."""
    resource = cast("Document", REGISTRY[record["object"]])
    if "viewed" not in resource.by_name or record.get("viewed") or record.get("draft") or record.get("voided"):
        return record
    seen = copy.deepcopy(record)
    seen["viewed"] = True
    seen["updated_at"] = business.clock.now()
    resource.settle(business, seen, record)
    return crud.save(business, resource, seen, record, event_type=f"{resource.object}.viewed")


def invoice_csv(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /invoices/<id>/csv``: the lines as CSV."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("number", "item", "description", "quantity", "unit_cost", "amount"))
    for line in record.get("items") or []:
        writer.writerow((record.get("number"), line.get("name"), line.get("description"), line.get("quantity"),
                         line.get("unit_cost"), line.get("amount")))
    return File(out.getvalue().encode(), "text/csv; charset=utf-8", filename=f"{record['number']}.csv")


def payment_page(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /invoices/<id>/payment``: the amount due, as an HTML page."""
    from invoiced_mock.formats.html import render

    return File(render("payment.html", invoice=record).encode(), HTML)


def accounting_sync_status(business: Business, record: Record, params: dict[str, Any]) -> Reply:
    """``GET /<invoices|credit_notes|customers|payments>/<id>/accounting_sync_status`` (the Go client): the mock
    syncs to no accounting system."""
    return Data({"synced": False, "error": "", "accounting_system": "", "accounting_id": "", "source": "",
                 "first_synced": 0, "last_synced": 0}, schema="accounting_sync_status")


SYNC_STATUS = Shape(name="accounting_sync_status", properties=(
    ("synced", Bool()), ("error", Str()), ("accounting_system", Str()), ("accounting_id", Str()), ("source", Str()),
    ("first_synced", Int()), ("last_synced", Int())))

PDF = Action("pdf", "GET", pdf_file, returns="", params=())
VIEW = Action("view", "GET", web_view, returns="", params=())
CSV = Action("csv", "GET", invoice_csv, returns="", params=())
PAYMENT_PAGE = Action("payment", "GET", payment_page, returns="", params=())
ACCOUNTING_SYNC = Action("accounting_sync_status", "GET", accounting_sync_status, returns=SYNC_STATUS, params=())
