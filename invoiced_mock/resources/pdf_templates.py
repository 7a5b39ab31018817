"""PDF templates: HTML and CSS that render one document type, with page margins."""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.rules.settings import Setting, template_engine

DOCUMENT_TYPES = ("invoice", "estimate", "receipt", "statement", "credit_note")


class PdfTemplates(Setting):
    object = "pdf_template"
    path = "pdf_templates"
    label = "PDF Template"
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("document_type", Str(choices=DOCUMENT_TYPES), required=True),
        Field("html", Str(), required=True),
        Field("css", Str(), required=True),
        *(Field(name, Str()) for name in ("header_html", "header_css", "footer_html", "footer_css")),
        *(Field(f"margin_{side}", Str(max_length=16), default="0.5cm") for side in ("top", "bottom", "left", "right")),
        Field("disable_smart_shrinking", Bool(), default=False),
        template_engine(),
        *TIMESTAMPS,
    )
