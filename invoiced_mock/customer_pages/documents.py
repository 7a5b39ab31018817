"""Invoices, credit notes and estimates as their customer sees them: the page (opening it marks the document
viewed, as the API's own view route does), its PDF and CSV, and an estimate's approval.

Approving runs ``PATCH /estimates/:id`` with ``approved`` (the initials, as the backend stores who approved)
and ``approval`` (``{id, ip, timestamp, user_agent}``): the events are the API's, ``estimate.updated`` and
``estimate.approved``, and an estimate without a deposit closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from invoiced_mock.core.presenter import View, present
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.customer_pages import pages, paying
from invoiced_mock.customer_pages.visit import Visit
from invoiced_mock.formats import pdf as printed
from invoiced_mock.http.response import Response
from invoiced_mock.resources.document_views import invoice_csv, mark_viewed, pdf_file
from invoiced_mock.store.business import Record

if TYPE_CHECKING:
    from invoiced_mock.resources.document import Document

INITIALS = 255  # what ``approved`` holds at most


def view(visit: Visit) -> Response:
    record = visit.record
    if visit.kind != "credit_notes":
        with visit.business.transaction():
            record = mark_viewed(visit.business, record)
    return pages.page("document.html", **context(visit, record))


def context(visit: Visit, record: Record, **more: Any) -> dict[str, Any]:
    """What the document page shows of ``record``."""
    resource = REGISTRY[record["object"]]
    shown = present(visit.business, resource, record, View(expand=("customer",)))
    approval = shown.get("approval") or {}
    return {
        "title": printed.title(resource, shown), "document": shown, "kind": visit.kind,
        "customer": printed.customer_lines(shown), "facts": printed.facts(shown), "rows": printed.rows(shown),
        "amounts": printed.amounts(shown), "pdf": visit.path("pdf"),
        "csv": visit.path("csv") if visit.kind == "invoices" else None,
        "pay": visit.path("payment") if paying.owed(visit.business, record) > 0 else None,
        "payments": paying.history(visit, record),
        "approve": visit.path("approval") if approvable(visit, record) else None,
        "approved": {"by": shown.get("approved"), "at": approval.get("timestamp")} if shown.get("approved") else None,
        "initials": "", "error": None, **more,
    }


def approvable(visit: Visit, estimate: Record) -> bool:
    """An issued estimate still waiting for its customer's answer."""
    if estimate["object"] != "estimate":
        return False
    return cast("Document", REGISTRY["estimate"]).status(estimate, visit.now) in ("not_sent", "sent", "viewed")


def approve(visit: Visit) -> Response:
    """The customer's initials approve the estimate (``PATCH /estimates/:id``), then back to its page."""
    form = visit.form()
    estimate = visit.record
    initials = str(form.get("initials") or "").strip()
    if not approvable(visit, estimate):
        return pages.page("document.html", 409, **context(visit, estimate, error="This estimate can no longer be "
                                                                                 "approved."))
    if not initials or len(initials) > INITIALS:
        return pages.page("document.html", 400, **context(
            visit, estimate, initials=initials[:INITIALS], error="Enter your initials to approve this estimate."))
    with visit.business.transaction():
        approval = {"id": visit.business.next_in_sequence("approval"), "timestamp": visit.now, **visit.who}
        visit.api("PATCH", f"/estimates/{estimate['id']}", {"approved": initials, "approval": approval})
    return pages.redirect(visit.path())


def pdf(visit: Visit) -> Response:
    return pages.file(pdf_file(visit.business, visit.record, {}))


def csv(visit: Visit) -> Response:
    return pages.file(invoice_csv(visit.business, visit.record, {}))


ROUTES = {
    **{(kind, ""): {"GET": view} for kind in ("invoices", "credit_notes", "estimates")},
    **{(kind, "pdf"): {"GET": pdf} for kind in ("invoices", "credit_notes", "estimates")},
    ("invoices", "csv"): {"GET": csv},
    ("estimates", "approval"): {"POST": approve},
}
