"""Printable documents: a real PDF (fpdf2) and an HTML page (``templates/document.html``) for any presented
document.

Generic over the presented dict, so invoices, credit notes, estimates and payment receipts print alike:
a title (label and number), the customer (expanded or an id), the dates, the lines (``items``, or a
payment's ``applied_to`` splits) and the amounts the document carries (subtotal, rates, total, balance).
fpdf2 (``invoiced-mock[pdf]``) is imported by the first PDF, never for HTML (:mod:`invoiced_mock.extras`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from invoiced_mock.extras import require
from invoiced_mock.formats.html import day, money, render

if TYPE_CHECKING:
    from invoiced_mock.core.resource import Resource

Document = dict[str, Any]
DATES = (("date", "Date"), ("due_date", "Due date"), ("expiration_date", "Expires"))
AMOUNTS = (("subtotal", "Subtotal"), ("discounts", "Discounts"), ("taxes", "Taxes"), ("shipping", "Shipping"),
           ("total", "Total"), ("amount", "Amount"), ("deposit", "Deposit"), ("balance", "Balance"))


def title(resource: Resource, document: Document) -> str:
    return f"{resource.label} {document.get('number') or document.get('id')}"


def customer_lines(document: Document) -> list[str]:
    customer = document.get("customer")
    if not isinstance(customer, dict):
        return [f"Customer {customer}"] if customer is not None else []
    keys = ("name", "attention_to", "address1", "address2", "city", "state", "postal_code", "country", "email")
    return [str(customer[k]) for k in keys if customer.get(k)]


def rows(document: Document) -> list[tuple[str, str, str, str]]:
    """(description, quantity, unit cost, amount) per line; a payment's splits when it has no items."""
    currency = document.get("currency")
    if document.get("items"):
        return [(str(line.get("name") or line.get("description") or ""), str(line.get("quantity", "")),
                 money(line.get("unit_cost"), currency), money(line.get("amount"), currency))
                for line in document["items"]]
    splits = document.get("applied_to") or []
    return [(" ".join(str(s[k]) for k in ("type", "invoice", "credit_note", "estimate") if s.get(k)), "", "",
             money(s.get("amount"), currency)) for s in splits if isinstance(s, dict)]


def amounts(document: Document) -> list[tuple[str, str]]:
    currency = document.get("currency")
    out = []
    for key, label in AMOUNTS:
        value = document.get(key)
        if isinstance(value, list):  # applied rates, the lines' own included: their sum, shown when any
            applied = value + [r for line in document.get("items") or [] for r in line.get(key) or []]
            if not applied:
                continue
            value = sum((Decimal(str(r.get("amount") or 0)) for r in applied), Decimal(0))
        if value is None:
            continue
        out.append((label, money(value, currency)))
    return out


def facts(document: Document) -> list[tuple[str, str]]:
    out = [(label, day(document[key])) for key, label in DATES if document.get(key)]
    for key in ("status", "method", "reference", "payment_terms"):
        if document.get(key):
            out.append((key.replace("_", " ").capitalize(), str(document[key])))
    return out


def _latin(text: str) -> str:
    """The PDF core fonts speak Latin-1; anything else prints as '?'."""
    return text.encode("latin-1", "replace").decode("latin-1")


def render_pdf(resource: Resource, document: Document) -> bytes:
    pdf = require("fpdf", "Rendering a PDF").FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, _latin(title(resource, document)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for line in customer_lines(document):
        pdf.cell(0, 5, _latin(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for label, value in facts(document):
        pdf.cell(0, 5, _latin(f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    widths = (90, 25, 35, 40)
    pdf.set_font("Helvetica", "B", 10)
    for width, head in zip(widths, ("Description", "Qty", "Unit cost", "Amount"), strict=True):
        pdf.cell(width, 7, head, border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 10)
    for row in rows(document):
        for width, cell in zip(widths, row, strict=True):
            pdf.cell(width, 6, _latin(cell[:60]))
        pdf.ln()
    pdf.ln(4)
    for label, value in amounts(document):
        pdf.set_font("Helvetica", "B" if label in ("Total", "Balance") else "", 10)
        pdf.cell(150, 6, _latin(label), align="R")
        pdf.cell(40, 6, _latin(value), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render_html(resource: Resource, document: Document) -> str:
    return render("document.html", title=title(resource, document), customer=customer_lines(document),
                  facts=facts(document), rows=rows(document), amounts=amounts(document))
