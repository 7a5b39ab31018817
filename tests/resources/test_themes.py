"""Themes: every document label defaulted, a style, and a PDF template per document type."""

from __future__ import annotations

import invoiced

from invoiced_mock.resources.themes import LABELS
from tests.conftest import Api


def test_defaults_style_and_templates(api: Api) -> None:
    theme = api.create("/themes", id="brand", to_title="Customer")
    assert theme["to_title"] == "Customer" and theme["receipt_footer"] == "Thank you!"
    assert all(theme[name] == text for name, text in LABELS.items() if name != "to_title")
    assert api.patch("/themes/brand", json={"style": "fancy"}).get_json()["param"] == "style"
    assert api.patch("/themes/brand", json={"invoice_template_id": 7}).get_json()["param"] == "invoice_template_id"
    template = api.create("/pdf_templates", name="Clean", document_type="invoice", html="<b/>", css="b{}")
    changed = api.patch("/themes/brand?expand=invoice_template_id",
                        json={"style": "modern", "invoice_template_id": template["id"]}).get_json()
    assert changed["style"] == "modern" and changed["invoice_template_id"]["name"] == "Clean"
    assert api.post("/themes", json={"id": "brand"}).get_json()["param"] == "id"


def test_themes_through_the_client(client: invoiced.Client) -> None:
    theme = client.Theme.create(id="dark", name="Dark", style="minimal")
    assert theme.header == "INVOICE"
    assert client.Theme.retrieve("dark").style == "minimal"
    assert theme.delete() is True
