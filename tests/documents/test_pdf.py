"""PDFs and the other URLs on documents: ``Accept: application/pdf``, ``pdf_url``, ``url``, ``csv_url`` (the
customer's pages, which need no key)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from invoiced_mock.store.business import public_id
from tests.conftest import API_KEY, Api
from tests.documents.helpers import invoice

LINES = [{"name": "Copy paper", "quantity": 3, "unit_cost": "12.50"}, {"name": "Delivery", "unit_cost": 10}]


def _text(pdf: bytes) -> str:
    assert pdf.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(("/", ""))


@pytest.mark.parametrize(("path", "number", "title"), [
    ("/invoices", "INV-00001", "Invoice"),
    ("/credit_notes", "CN-00001", "Credit Note"),
    ("/estimates", "EST-00001", "Estimate"),
])
def test_accept_pdf_returns_a_real_pdf_of_the_document(api: Api, customer: dict[str, Any], path: str,
                                                       number: str, title: str) -> None:
    api.create("/tax_rates", id="vat", name="VAT", value=20)
    api.create("/coupons", id="off", name="Off", value=1, is_percent=False)
    lines = [{**LINES[0], "discounts": ["off"]}, LINES[1]]  # a line-level discount counts in Discounts
    body = api.create(path, customer=customer["id"], items=lines, taxes=["vat"])
    response = api.get(f"{path}/{body['id']}", headers={"Accept": "application/pdf"})
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = _text(response.get_data())
    assert f"{title} {number}" in text
    assert "Acme Inc" in text
    assert "Copy paper" in text and "Delivery" in text
    assert "37.50 USD" in text  # 3 × 12.50
    assert "Subtotal" in text and "47.50 USD" in text
    assert "Discounts 1.00 USD" in text
    assert "Taxes 9.30 USD" in text  # 20% of (47.50 - 1.00)
    assert "Total" in text and "55.80 USD" in text  # 47.50 - 1.00 + 9.30
    assert "10.00 USD" in text  # unit costs print at the currency's precision


def test_json_is_still_the_default(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=LINES)
    for accept in ("*/*", "application/json", "application/json, application/pdf;q=0.5"):
        response = api.get(f"/invoices/{body['id']}", headers={"Accept": accept})
        assert response.mimetype == "application/json"


def test_urls_on_the_invoice_point_at_the_mock_and_work_without_a_key(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=LINES)
    for key in ("pdf_url", "url", "payment_url", "csv_url"):
        assert body[key].startswith(f"http://localhost/portal/{public_id(API_KEY)}/invoices/")
    api = Api(api.app, api_key="")  # the customer's browser has no API key
    pdf = api.http.get(_path(body["pdf_url"]))
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    assert "INV-00001" in _text(pdf.get_data())
    assert pdf.headers["Content-Disposition"] == 'inline; filename="INV-00001.pdf"'
    page = api.http.get(_path(body["url"]))
    assert page.mimetype == "text/html"
    assert "Invoice INV-00001" in page.get_data(as_text=True)
    pay = api.http.get(_path(body["payment_url"])).get_data(as_text=True)
    assert "Amount due: 47.50 USD" in pay
    csv = api.http.get(_path(body["csv_url"]))
    assert csv.mimetype == "text/csv"
    assert csv.get_data(as_text=True).splitlines() == [
        "number,item,description,quantity,unit_cost,amount",
        "INV-00001,Copy paper,,3,12.50,37.50",
        "INV-00001,Delivery,,1,10,10.00",
    ]


def test_pdf_of_another_business_or_a_missing_document_is_404(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=LINES)
    assert api.get("/invoices/999/pdf").status_code == 404
    stranger = api.get(f"/invoices/{body['id']}/pdf", auth=("sk_someone_else", ""))
    assert stranger.status_code == 404
    assert stranger.mimetype == "application/json"


def test_renderer_prints_a_payment_receipt_from_its_presented_dict() -> None:
    from types import SimpleNamespace

    from invoiced_mock.formats.pdf import render_pdf

    receipt = {"id": 7, "object": "payment", "currency": "usd", "amount": "125.00", "date": 1_700_000_000,
               "method": "check", "reference": "CHK-991", "customer": {"name": "Acme Inc"},
               "applied_to": [{"type": "invoice", "invoice": 3, "amount": "100.00"},
                              {"type": "credit", "amount": "25.00"}]}
    payments = SimpleNamespace(label="Payment")  # the renderer reads only the label of the declaration
    text = _text(render_pdf(payments, receipt))  # type: ignore[arg-type]
    assert "Payment 7" in text
    assert "Acme Inc" in text and "CHK-991" in text and "2023-11-14" in text
    assert "invoice 3" in text and "100.00 USD" in text and "125.00 USD" in text


def test_opening_the_customer_url_marks_the_document_viewed(api: Api, customer: dict[str, Any]) -> None:
    body = invoice(api, customer, items=LINES)
    api.get(_path(body["url"]))
    api.get(_path(body["url"]))
    shown = api.get(f"/invoices/{body['id']}", query_string={"include": "viewed"}).get_json()
    assert (shown["viewed"], shown["status"]) == (True, "viewed")
    assert len(api.get("/events", query_string={"type": "invoice.viewed"}).get_json()) == 1
    estimate = api.create("/estimates", customer=customer["id"], items=LINES)
    api.get(_path(estimate["url"]))
    assert api.get(f"/estimates/{estimate['id']}").get_json()["status"] == "viewed"
    draft = invoice(api, customer, items=LINES, draft=True)
    api.get(_path(draft["url"]))
    assert api.get(f"/invoices/{draft['id']}").get_json()["status"] == "draft"


def test_text_beyond_latin_1_still_prints(api: Api) -> None:
    customer = api.create("/customers", name="Müller & Søn 日本")
    body = invoice(api, customer, items=[{"name": "Café ✓ " + "x" * 200, "unit_cost": 1}])
    text = _text(api.get(f"/invoices/{body['id']}", headers={"Accept": "application/pdf"}).get_data())
    assert "Müller & Søn ??" in text  # Latin-1 kept, the rest shown as '?'
    assert "Café ?" in text
    page = api.get(_path(body["url"])).get_data(as_text=True)
    assert "Müller &amp; Søn 日本" in page
